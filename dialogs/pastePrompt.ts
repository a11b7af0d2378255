// A prompt for pasted text. Unlike TextPrompt it reads what turnInput reads (the message text and
// its HTML attachments) and understands the card buttons "Skip" / "I don't have it".
import { InputHints, type TurnContext } from 'botbuilder';
import { Prompt, type PromptOptions, type PromptRecognizerResult, type PromptValidator } from 'botbuilder-dialogs';
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
