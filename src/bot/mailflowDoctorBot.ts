// The Teams bot: messages go to the router, a welcome card when the bot joins a conversation, and
// state saved once after every turn.
import {
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type BotState,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
  type Storage,
  type TaskModuleRequest,
  type TaskModuleResponse,
  type TurnContext,
} from 'botbuilder';
import { cardAttachment, welcomeCard, type CardAction } from '../cards';
import type { TurnLanguage } from './language';
import type { MessageRouter } from './messageRouter';
import * as taskModules from './taskModules';

export interface MailflowDoctorBotDeps {
  router: MessageRouter;
  language: TurnLanguage;
  /** Dialogs and detected language, per user per conversation. */
  conversationUserState: BotState;
  /** The language preference, per user. */
  userState: BotState;
  /** Extra buttons on the welcome card. */
  welcomeActions?: CardAction[];
  /** Where "this install was welcomed" is kept, so the welcome is sent once per install. */
  storage: Storage;
}

/** Answers an Action.Execute (Universal Actions) invoke with the card that replaces the pressed one. */
export type AdaptiveCardActionHandler = (context: TurnContext, value: AdaptiveCardInvokeValue) => Promise<AdaptiveCardInvokeResponse>;

/** The storage key that marks a conversation's install as welcomed. */
export function welcomeKey(context: TurnContext): string {
  const { channelId, conversation } = context.activity;
  // A channel's conversation id may carry ";messageid=…" of the thread: the install is the channel's.
  return `welcome/${channelId ?? 'unknown'}/${(conversation?.id ?? 'unknown').split(';')[0]}`;
}

export class MailflowDoctorBot extends TeamsActivityHandler {
  /** Welcomes under way in this process, by key: the two install events of one install arrive together. */
  private readonly welcoming = new Map<string, Promise<void>>();
  private adaptiveCardAction: AdaptiveCardActionHandler | undefined;

  constructor(private readonly deps: MailflowDoctorBotDeps) {
    super();
    if (!deps?.router) throw new Error('[MailflowDoctorBot]: Missing parameter. router is required');
    if (!deps.conversationUserState) throw new Error('[MailflowDoctorBot]: Missing parameter. conversationUserState is required');
    if (!deps.userState) throw new Error('[MailflowDoctorBot]: Missing parameter. userState is required');
    if (!deps.language) throw new Error('[MailflowDoctorBot]: Missing parameter. language is required');
    if (!deps.storage) throw new Error('[MailflowDoctorBot]: Missing parameter. storage is required');

    this.onMessage(async (context, next) => {
      await deps.router.route(context);
      await next();
    });

    // onMembersAdded (not onTeamsMembersAdded): the Teams variant looks every member up through
    // the connector, which this handler does not need.
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if (context.activity.membersAdded?.some((member) => member.id === botId)) await this.welcome(context);
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      await this.welcome(context);
      await next();
    });

    // Uninstalled: a later install is a new install and is welcomed again.
    this.onInstallationUpdateRemove(async (context, next) => {
      await deps.storage.delete([welcomeKey(context)]);
      await next();
    });
  }

  /** Sets the handler of `adaptiveCard/action` invokes (the escalation's ticket cards). */
  onAdaptiveCardAction(handler: AdaptiveCardActionHandler): this {
    this.adaptiveCardAction = handler;
    return this;
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    if (this.adaptiveCardAction) return this.adaptiveCardAction(context, value);
    return super.onAdaptiveCardInvoke(context, value);
  }

  // The paste dialog and the message extension's actions (src/bot/taskModules.ts).
  protected override async handleTeamsTaskModuleFetch(context: TurnContext, request: TaskModuleRequest): Promise<TaskModuleResponse> {
    return taskModules.handleTaskModuleFetch(context, request);
  }

  protected override async handleTeamsTaskModuleSubmit(context: TurnContext, request: TaskModuleRequest): Promise<TaskModuleResponse> {
    return taskModules.handleTaskModuleSubmit(context, request);
  }

  protected override async handleTeamsMessagingExtensionFetchTask(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    return taskModules.handleMessagingExtensionFetchTask(context, action);
  }

  protected override async handleTeamsMessagingExtensionSubmitAction(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    return taskModules.handleMessagingExtensionSubmitAction(context, action);
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.deps.conversationUserState.saveChanges(context, false);
    await this.deps.userState.saveChanges(context, false);
  }

  /** Teams sends both conversationUpdate and installationUpdate on install: welcome once, as
   *  storage records it (one after the other within this process, so the second sees the first). */
  private async welcome(context: TurnContext): Promise<void> {
    const key = welcomeKey(context);
    const before = this.welcoming.get(key) ?? Promise.resolve();
    const run = before.then(() => this.welcomeOnce(context, key));
    const settled = run.catch(() => undefined);
    this.welcoming.set(key, settled);
    try {
      await run;
    } finally {
      if (this.welcoming.get(key) === settled) this.welcoming.delete(key);
    }
  }

  private async welcomeOnce(context: TurnContext, key: string): Promise<void> {
    const stored = await this.deps.storage.read([key]);
    if (stored[key]) return;
    await this.deps.storage.write({ [key]: { welcomedAt: new Date().toISOString() } });
    const lang = await this.deps.language.languageFor(context);
    const card = welcomeCard({ lang, actions: [taskModules.pasteDialogAction(lang), ...(this.deps.welcomeActions ?? [])] });
    await context.sendActivity({ attachments: [cardAttachment(card)] });
  }
}
