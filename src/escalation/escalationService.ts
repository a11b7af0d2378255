// Escalation from a helpdesk conversation to the experts, FAQ Plus style plus the diagnosis. Three
// parts, each in its own file, put together here:
//
//   textCommands.ts   "set escalation channel", "escalate [note]", "my tickets", "open tickets",
//                     the Escalate / Send to the experts buttons
//   ticketFactory.ts  a new ticket: number, contents (redacted), stored, posted, requester answered
//   invokeActions.ts  Assign to me / Unassign / Resolve / Reopen / refresh (Action.Execute)
//
// and ticketDelivery.ts posts tickets, keeps posted cards current and tells the requester.
import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import type { ExpertChannelSettings } from './expertChannelSettings';
import type { LastPasteSource, TurnLanguage } from './host';
import { TicketInvokeActions } from './invokeActions';
import { EscalationTextCommands } from './textCommands';
import type { DeliveryPolicies, TicketDelivery } from './ticketDelivery';
import { TicketFactory } from './ticketFactory';
import type { TicketStore } from './ticketStore';

export interface EscalationServiceDeps {
  store: TicketStore;
  channels: ExpertChannelSettings;
  delivery: TicketDelivery;
  policies: DeliveryPolicies;
  language: TurnLanguage;
  lastDiagnosis: LastPasteSource;
  admins: Set<string>;
  logger?: Logger;
  clock?: () => Date;
}

export class EscalationService {
  private readonly commands: EscalationTextCommands;
  private readonly actions: TicketInvokeActions;

  constructor(private readonly deps: EscalationServiceDeps) {
    const clock = deps.clock ?? (() => new Date());
    const logger = deps.logger ? { logger: deps.logger } : {};
    const { store, channels, delivery, policies, language, lastDiagnosis, admins } = deps;
    const factory = new TicketFactory({ store, channels, delivery, policies, lastDiagnosis, clock, ...logger });
    this.commands = new EscalationTextCommands({ store, channels, delivery, factory, language, lastDiagnosis, admins, clock, ...logger });
    this.actions = new TicketInvokeActions({ store, channels, delivery, language, clock, ...logger });
  }

  /** Typed commands; true when the message was one (and was answered). */
  handleText(context: TurnContext, text: string): Promise<boolean> {
    return this.commands.handleText(context, text);
  }

  /** The "Escalate" button of a diagnosis card, and "Send to the experts" of the note card. */
  handleEscalateButton(context: TurnContext): Promise<void> {
    return this.commands.handleEscalateButton(context);
  }

  handleInvoke(context: TurnContext, invoke: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    return this.actions.handleInvoke(context, invoke);
  }

  /** Posts every stored ticket that has not reached the expert channel yet and is due. */
  retryUndelivered(): Promise<number> {
    return this.deps.delivery.retryUndelivered();
  }

  /** Waits for notifications still being sent (tests, shutdown). */
  settle(): Promise<void> {
    return this.actions.settle();
  }
}
