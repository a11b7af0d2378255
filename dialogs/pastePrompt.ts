// A prompt for pasted text. Unlike TextPrompt it reads what turnInput reads (the message text and
// its HTML attachments) and understands the card buttons "Skip" / "I don't have it".
import { InputHints, type TurnContext } from 'botbuilder';
import { DialogTurnStatus, Prompt, type DialogContext, type DialogTurnResult, type PromptOptions, type PromptRecognizerResult, type PromptValidator } from 'botbuilder-dialogs';
import { parseChatCommand } from '../src/bot/chatCommands';
import { turnInput } from '../src/bot/turnInput';

export interface PasteReply {
  text: string;
  /** The user chose not to paste this part. */
  declined?: 'skip' | 'noData';
}

export class PastePrompt extends Prompt<PasteReply> {
  constructor(dialogId: string, validator?: PromptValidator<PasteReply>) {
    super(dialogId, validator);
  }

  /** botbuilder re-prompts after an invalid answer only when nothing was sent this turn, and the
   *  router's typing indicator counts: without this, an unreadable paste got no answer at all. */
  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    let messageSent = false;
    dc.context.onSendActivities(async (_context, activities, next) => {
      if (activities.some((activity) => activity.type === 'message')) messageSent = true;
      return next();
    });
    const result = await super.continueDialog(dc);
    const stillWaiting = result.status === DialogTurnStatus.waiting && dc.activeDialog?.id === this.id;
    if (stillWaiting && !messageSent && dc.context.activity.type === 'message') {
      const state = dc.activeDialog!.state as { state: object; options: PromptOptions };
      await this.onPrompt(dc.context, state.state, state.options, true);
    }
    return result;
  }

  protected async onPrompt(context: TurnContext, _state: object, options: PromptOptions, isRetry: boolean): Promise<void> {
    const prompt = isRetry && options.retryPrompt ? options.retryPrompt : options.prompt;
    if (!prompt) return;
    if (typeof prompt === 'string') await context.sendActivity(prompt, undefined, InputHints.ExpectingInput);
    else await context.sendActivity({ inputHint: InputHints.ExpectingInput, ...prompt });
  }

  protected async onRecognize(context: TurnContext): Promise<PromptRecognizerResult<PasteReply>> {
    if (context.activity.type !== 'message') return { succeeded: false };
    const input = turnInput(context);
    const command = parseChatCommand(input);
    if (command?.kind === 'skip' || command?.kind === 'noData') {
      return { succeeded: true, value: { text: '', declined: command.kind } };
    }
    return { succeeded: true, value: { text: input.text } };
  }
}
