// Where every message goes: card buttons with their own handlers (feedback, escalate), inputs the
// bot cannot read (too large, binary), and everything else to the diagnose dialog.
import { ActivityTypes, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type Dialog, type DialogState } from 'botbuilder-dialogs';
import type { CardActionData } from '../cards/actionData';
import { fromEarlierCase, type ConversationCase } from '../conversation';
import { t } from '../i18n';
import type { Logger } from '../logger';
import { parseChatCommand } from './chatCommands';
import type { FeedbackStore } from './feedbackStore';
import type { TurnLanguage } from './language';
import { looksBinary, MAX_PASTE_BYTES, turnInput } from './turnInput';

/** Handles one kind of card button (`data.action`). */
export type CardActionHandler = (context: TurnContext, data: CardActionData) => Promise<void>;

/** Looks at a typed message first; returns true when it answered it (e.g. "my tickets"). */
export type TextCommandHandler = (context: TurnContext, text: string) => Promise<boolean>;

export interface MessageRouterDeps {
  dialog: Dialog;
  dialogState: StatePropertyAccessor<DialogState>;
  language: TurnLanguage;
  feedback: FeedbackStore;
  /** The conversation's case: buttons of an earlier case's cards are answered, not acted on. */
  conversationCase?: StatePropertyAccessor<ConversationCase | undefined>;
  logger?: Logger;
}

export class MessageRouter {
  private readonly cardActions = new Map<string, CardActionHandler>();
  private readonly textCommands: TextCommandHandler[] = [];
  private readonly dialogs: DialogSet;

  constructor(private readonly deps: MessageRouterDeps) {
    if (!deps?.dialog || !deps.dialogState || !deps.language || !deps.feedback) {
      throw new Error('[MessageRouter]: Missing parameter. dialog, dialogState, language and feedback are required');
    }
    this.dialogs = new DialogSet(deps.dialogState).add(deps.dialog);
    this.onCardAction('feedback', (context, data) => this.recordFeedback(context, data));
    this.onCardAction('escalate', (context) => this.reply(context, 'bot.escalationUnavailable'));
  }

  /** Registers (or replaces) the handler for card buttons whose data has this `action`. */
  onCardAction(action: CardActionData['action'], handler: CardActionHandler): this {
    this.cardActions.set(action, handler);
    return this;
  }

  /** Adds a handler for typed commands of another area, tried in order before the built-in ones. */
  onTextCommand(handler: TextCommandHandler): this {
    this.textCommands.push(handler);
    return this;
  }

  async route(context: TurnContext): Promise<void> {
    const input = turnInput(context);
    if (await this.fromEarlierCase(context, input.cardAction)) return this.reply(context, 'conversation.staleCard');
    const cardHandler = input.cardAction && this.cardActions.get(input.cardAction.action);
    if (input.cardAction && cardHandler) return cardHandler(context, input.cardAction);

    if (input.bytes > MAX_PASTE_BYTES) {
      this.deps.logger?.info({ bytes: input.bytes }, 'paste over the size limit');
      return this.reply(context, 'bot.tooLarge', {
        size: Math.ceil(input.bytes / 1024),
        limit: MAX_PASTE_BYTES / 1024,
      });
    }
    if (looksBinary(input.text)) return this.reply(context, 'bot.binary');
    for (const handler of this.textCommands) if (await handler(context, input.text)) return;

    const command = parseChatCommand(input);
    if (command?.kind === 'escalate') {
      const escalate = this.cardActions.get('escalate');
      if (escalate) return escalate(context, { action: 'escalate' });
    }
    // Typing only in chats: a channel post shows no typing indicator, and the Agents Playground
    // (0.2.x) throws on one in a channel thread and then drops the replies that follow it.
    const inChannel = context.activity.conversation?.conversationType === 'channel';
    if (!command && input.text !== '' && !inChannel) await context.sendActivity({ type: ActivityTypes.Typing });
    await this.runDialog(context);
  }

  /** Continues the user's dialog, or begins one. (botbuilder's runDialog would also send a
   *  state-snapshot trace holding the paste back to the caller.) */
  private async runDialog(context: TurnContext): Promise<void> {
    const dialogContext = await this.dialogs.createContext(context);
    const result = await dialogContext.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dialogContext.beginDialog(this.deps.dialog.id);
  }

  /** A button that names a case other than the current one (closed, or replaced by a newer one).
   *  Feedback is about its own finding and is always recorded. */
  private async fromEarlierCase(context: TurnContext, data: CardActionData | undefined): Promise<boolean> {
    if (!data?.caseId || data.action === 'feedback' || !this.deps.conversationCase) return false;
    return fromEarlierCase(data.caseId, await this.deps.conversationCase.get(context));
  }

  private async recordFeedback(context: TurnContext, data: CardActionData): Promise<void> {
    if (data.action !== 'feedback') return;
    await this.deps.feedback.record(context, data.findingId, data.helpful);
    this.deps.logger?.info({ findingId: data.findingId, helpful: data.helpful }, 'feedback');
    await this.reply(context, data.helpful ? 'bot.feedbackHelpful' : 'bot.feedbackNotHelpful');
  }

  private async reply(context: TurnContext, key: string, params?: Record<string, string | number>): Promise<void> {
    const lang = await this.deps.language.languageFor(context);
    await context.sendActivity(t(lang, key, params));
  }
}
