// The Teams bot: messages go to the router, a welcome card when the bot joins a conversation, and
// state saved once after every turn.
import {
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type BotState,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
  type StatePropertyAccessor,
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
}

/** Answers an Action.Execute (Universal Actions) invoke with the card that replaces the pressed one. */
export type AdaptiveCardActionHandler = (context: TurnContext, value: AdaptiveCardInvokeValue) => Promise<AdaptiveCardInvokeResponse>;

/** Teams sends both conversationUpdate and installationUpdate on install: welcome once. */
const WELCOME_REPEAT_MS = 10 * 60 * 1000;

export class MailflowDoctorBot extends TeamsActivityHandler {
  private readonly welcomedAt: StatePropertyAccessor<string | undefined>;
  private adaptiveCardAction: AdaptiveCardActionHandler | undefined;

  constructor(private readonly deps: MailflowDoctorBotDeps) {
    super();
    if (!deps?.router) throw new Error('[MailflowDoctorBot]: Missing parameter. router is required');
    if (!deps.conversationUserState) throw new Error('[MailflowDoctorBot]: Missing parameter. conversationUserState is required');
    if (!deps.userState) throw new Error('[MailflowDoctorBot]: Missing parameter. userState is required');
    if (!deps.language) throw new Error('[MailflowDoctorBot]: Missing parameter. language is required');
    this.welcomedAt = deps.conversationUserState.createProperty<string | undefined>('welcomedAt');

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

  private async welcome(context: TurnContext): Promise<void> {
    const last = await this.welcomedAt.get(context);
    const now = Date.now();
    if (last && now - Date.parse(last) < WELCOME_REPEAT_MS) return;
    await this.welcomedAt.set(context, new Date(now).toISOString());
    const lang = await this.deps.language.languageFor(context);
    const card = welcomeCard({ lang, actions: [taskModules.pasteDialogAction(lang), ...(this.deps.welcomeActions ?? [])] });
    await context.sendActivity({ attachments: [cardAttachment(card)] });
  }
}
