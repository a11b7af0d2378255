// help / cancel / start over / language, at every step of every dialog that extends this one
// (BotBuilder's CancelAndHelpDialog pattern). They also work as the first message of a dialog.
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { ComponentDialog, DialogTurnStatus, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { cardAttachment, helpCard } from '../src/cards';
import { parseChatCommand } from '../src/bot/chatCommands';
import type { TurnLanguage } from '../src/bot/language';
import { turnInput } from '../src/bot/turnInput';
import { fromEarlierCase, type ConversationCase } from '../src/conversation';
import type { Lang } from '../src/diagnosis/types';
import { t } from '../src/i18n';

export interface CancelAndHelpDeps {
  language: TurnLanguage;
  /** The conversation's case (per user per conversation); "cancel" closes it. */
  conversationCase: StatePropertyAccessor<ConversationCase | undefined>;
}

/** What a subclass is begun with after "start over". */
export const START_OVER_OPTIONS = { restart: true } as const;

export abstract class CancelAndHelpDialog extends ComponentDialog {
  protected constructor(
    dialogId: string,
    protected readonly deps: CancelAndHelpDeps,
  ) {
    super(dialogId);
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: object): Promise<DialogTurnResult> {
    return (await this.interrupt(innerDc, false)) ?? super.onBeginDialog(innerDc, options);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return (await this.interrupt(innerDc, true)) ?? super.onContinueDialog(innerDc);
  }

  protected lang(context: TurnContext): Promise<Lang> {
    return this.deps.language.languageFor(context);
  }

  private async interrupt(innerDc: DialogContext, active: boolean): Promise<DialogTurnResult | undefined> {
    const { context } = innerDc;
    if (context.activity.type !== 'message') return undefined;
    const input = turnInput(context);
    // A button of an earlier case's card (the router answers these too; a dialog may run without it).
    if (input.cardAction?.action === 'command' && fromEarlierCase(input.cardAction.caseId, await this.deps.conversationCase.get(context))) {
      await context.sendActivity(t(await this.lang(context), 'conversation.staleCard'));
      return active ? { status: DialogTurnStatus.waiting } : { status: DialogTurnStatus.complete };
    }
    const command = parseChatCommand(input);
    switch (command?.kind) {
      case 'help':
        await context.sendActivity({ attachments: [cardAttachment(helpCard({ lang: await this.lang(context) }))] });
        return active ? { status: DialogTurnStatus.waiting } : { status: DialogTurnStatus.complete };
      case 'cancel': {
        const open = active || Boolean(await this.deps.conversationCase.get(context));
        await this.deps.conversationCase.delete(context);
        await context.sendActivity(t(await this.lang(context), open ? 'bot.cancelled' : 'bot.nothingToCancel'));
        return innerDc.cancelAllDialogs();
      }
      case 'startOver':
        await context.sendActivity(t(await this.lang(context), 'bot.startingOver'));
        await innerDc.cancelAllDialogs();
        return super.onBeginDialog(innerDc, START_OVER_OPTIONS);
      case 'language':
        await this.deps.language.setPreference(context, command.lang);
        await context.sendActivity(t(command.lang, 'bot.languageSet'));
        return active ? { status: DialogTurnStatus.waiting } : { status: DialogTurnStatus.complete };
      default:
        return undefined;
    }
  }
}
