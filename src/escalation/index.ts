// Escalation to the experts' channel, wired into the bot by the composition root:
//   const channels = new ExpertChannelSettings(storage, env);        // before composeBot
//   const escalation = createEscalation({ ... channels, gateway });   // after it
//   escalation.attach(router, bot); await escalation.start(); … await escalation.close();
//   The bot hands escalation what it needs as small interfaces (host.ts): its router and bot for
//   registering handlers, its language settings and last-diagnosis state. Nothing here imports
//   src/bot or dialogs/.
import type { Storage } from 'botbuilder';
import type { Logger } from '../logger';
import type { ConnectorGateway } from './connectorGateway';
import { DeliveryRetryLoop } from './deliveryRetryLoop';
import { EscalationService } from './escalationService';
import type { ExpertChannelSettings } from './expertChannelSettings';
import type { CommandHost, InvokeHost, LastPasteSource, TurnLanguage } from './host';
import { adminsFromEnv } from './ownerCheck';
import { DEFAULT_DELIVERY_POLICIES, TicketDelivery, type DeliveryPolicies } from './ticketDelivery';
import { TicketStore } from './ticketStore';

export { BotConnectorGateway, type ConnectorGateway } from './connectorGateway';
export { EscalationService } from './escalationService';
export { ExpertChannelSettings, expertChannelFromEnv } from './expertChannelSettings';
export { TicketStore } from './ticketStore';
export type { CommandHost, InvokeHost, LastPasteSource, TurnLanguage } from './host';
export type { ExpertChannel, Ticket, TicketStatus } from './types';

export const DEFAULT_RETRY_INTERVAL_MS = 60_000;

export interface EscalationOptions {
  storage: Storage;
  env: NodeJS.ProcessEnv;
  channels: ExpertChannelSettings;
  gateway: ConnectorGateway;
  language: TurnLanguage;
  lastDiagnosis: LastPasteSource;
  logger?: Logger;
}

export interface Escalation {
  service: EscalationService;
  store: TicketStore;
  /** Registers the escalation's commands, buttons and card actions. */
  attach(commands: CommandHost, invokes: InvokeHost): void;
  /** Creates the ticket registry and starts the retry loop for undelivered tickets. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** ESCALATION_RETRY_BASE_MS (in-turn backoff, default 1000), ESCALATION_RETRY_LATER_MS (first pause
 *  before a failed ticket is tried again, default 30000), ESCALATION_RETRY_INTERVAL_MS (loop, 60000),
 *  ESCALATION_CLAIM_MS (how long a "sending" mark holds, default 60000). */
export function deliveryPoliciesFromEnv(env: NodeJS.ProcessEnv): { policies: DeliveryPolicies; intervalMs: number } {
  const base = positive(env.ESCALATION_RETRY_BASE_MS, DEFAULT_DELIVERY_POLICIES.inTurn.baseDelayMs, 'ESCALATION_RETRY_BASE_MS');
  const later = positive(env.ESCALATION_RETRY_LATER_MS, DEFAULT_DELIVERY_POLICIES.later.baseDelayMs, 'ESCALATION_RETRY_LATER_MS');
  const intervalMs = positive(env.ESCALATION_RETRY_INTERVAL_MS, DEFAULT_RETRY_INTERVAL_MS, 'ESCALATION_RETRY_INTERVAL_MS');
  return {
    policies: {
      inTurn: { attempts: DEFAULT_DELIVERY_POLICIES.inTurn.attempts, baseDelayMs: base, maxDelayMs: base * 4 },
      later: { attempts: 1, baseDelayMs: later, maxDelayMs: Math.max(later, DEFAULT_DELIVERY_POLICIES.later.maxDelayMs) },
      claimMs: positive(env.ESCALATION_CLAIM_MS, DEFAULT_DELIVERY_POLICIES.claimMs, 'ESCALATION_CLAIM_MS'),
    },
    intervalMs,
  };
}

export function createEscalation(options: EscalationOptions): Escalation {
  const { storage, env, channels, gateway, language, lastDiagnosis, logger } = options;
  const { policies, intervalMs } = deliveryPoliciesFromEnv(env);
  const store = new TicketStore(storage);
  const delivery = new TicketDelivery({ store, channels, gateway, policies, ...(logger ? { logger } : {}) });
  const service = new EscalationService({
    store,
    channels,
    delivery,
    policies,
    language,
    lastDiagnosis,
    admins: adminsFromEnv(env),
    ...(logger ? { logger } : {}),
  });
  const loop = new DeliveryRetryLoop(() => service.retryUndelivered(), intervalMs, logger);

  return {
    service,
    store,
    attach(commands, invokes) {
      commands.onTextCommand(async (context, text) => {
        loop.kick();
        return service.handleText(context, text);
      });
      commands.onCardAction('escalate', (context) => service.handleEscalateButton(context));
      invokes.onAdaptiveCardAction((context, value) => service.handleInvoke(context, value));
    },
    async start() {
      await store.ensureRegistry();
      loop.start();
    },
    async close() {
      await loop.stop();
      await service.settle();
    },
  };
}

function positive(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}
