// Getting a stored ticket to the expert channel, keeping the posted cards current, and telling the
// requester. A ticket is posted by whoever claims it first (an eTag-checked "sending" mark with an
// expiry), so the escalating turn and the retry loop, on one instance or several, post it once. A
// post that still fails after the retries leaves the ticket "failed" with a time for the next try.
//
// A crash (or a broken connection) between Teams accepting the post and us storing its answer
// leaves no trace we could look up: the Bot Connector has no "find my earlier post" call. So the
// answer is stored as the very first thing after it arrives, and an attempt whose outcome is
// unknown (the claim of a dead process expired while "sending", or the request went out and no
// HTTP answer came back) makes the next post a possible repeat, which its card says.
import type { Activity } from 'botbuilder';
import { cardAttachment, ticketCard, type TicketAudience } from '../cards';
import type { Lang } from '../diagnosis/types';
import { t } from '../i18n';
import type { Logger } from '../logger';
import type { ConnectorGateway } from './connectorGateway';
import { backoffMs, shortError, type RetryPolicy } from './connectorRetry';
import type { ExpertChannelSettings } from './expertChannelSettings';
import { chatWithLink } from './ticketLinks';
import type { TicketStore } from './ticketStore';
import { ticketView } from './ticketView';
import { errorName } from './turnFacts';
import type { ExpertChannel, Ticket } from './types';

const LISTED_RANGE = 500;

export interface DeliveryPolicies {
  /** Inside a turn: a few quick tries, so the requester gets an answer within Teams' patience. */
  inTurn: RetryPolicy;
  /** Between retry-loop passes for one ticket: base and cap of the growing pause. */
  later: RetryPolicy;
  /** How long a "sending" mark holds before another instance may take the ticket over. */
  claimMs: number;
}

export const DEFAULT_DELIVERY_POLICIES: DeliveryPolicies = {
  inTurn: { attempts: 3, baseDelayMs: 1000, maxDelayMs: 4000 },
  later: { attempts: 1, baseDelayMs: 30_000, maxDelayMs: 60 * 60_000 },
  claimMs: 60_000,
};

export type DeliveryOutcome = 'delivered' | 'alreadyDelivered' | 'failed' | 'busy' | 'missing';

export interface TicketDeliveryDeps {
  store: TicketStore;
  channels: ExpertChannelSettings;
  gateway: ConnectorGateway;
  policies: DeliveryPolicies;
  logger?: Logger;
  clock?: () => Date;
}

export class TicketDelivery {
  private readonly clock: () => Date;

  constructor(private readonly deps: TicketDeliveryDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  get policies(): DeliveryPolicies {
    return this.deps.policies;
  }

  /** Posts the ticket card as a new thread in the expert channel, unless it is there already. */
  async deliver(number: number, policy: RetryPolicy, options: { onlyIfDue?: boolean } = {}): Promise<{ outcome: DeliveryOutcome; ticket?: Ticket }> {
    const channel = await this.deps.channels.get();
    if (!channel) return { outcome: 'failed' };
    const now = this.clock();
    const claimed = await this.deps.store.update<DeliveryOutcome | 'claimed'>(number, (ticket) => {
      const { delivery } = ticket;
      if (delivery.state === 'delivered') return { refused: 'alreadyDelivered' };
      if (delivery.state === 'sending' && delivery.claimedUntil && Date.parse(delivery.claimedUntil) > now.getTime()) return { refused: 'busy' };
      if (options.onlyIfDue && delivery.nextAttemptAt && Date.parse(delivery.nextAttemptAt) > now.getTime()) return { refused: 'busy' };
      // "sending" with an expired claim: whoever held it died before it heard back from Teams.
      const repeat = delivery.possibleRepeat === true || delivery.uncertain === true || delivery.state === 'sending';
      ticket.delivery = {
        ...delivery,
        state: 'sending',
        attempts: delivery.attempts + 1,
        claimedUntil: new Date(now.getTime() + this.deps.policies.claimMs).toISOString(),
        ...(repeat ? { possibleRepeat: true } : {}),
      };
      delete ticket.delivery.uncertain;
      return { ticket, result: 'claimed' };
    });
    if (!claimed) return { outcome: 'missing' };
    if (claimed.result !== 'claimed') return { outcome: claimed.result, ticket: claimed.ticket };

    try {
      const posted = await this.deps.gateway.createThread(channel, this.cardActivity(claimed.ticket, channel, 'experts'), policy);
      // The connector's answer is stored before anything else happens.
      const done = await this.deps.store.update(number, (ticket) => {
        ticket.delivery = {
          state: 'delivered',
          attempts: ticket.delivery.attempts,
          conversationId: posted.conversationId,
          activityId: posted.activityId,
          deliveredAt: this.clock().toISOString(),
          ...(ticket.delivery.possibleRepeat ? { possibleRepeat: true } : {}),
        };
        return { ticket, result: 'delivered' as const };
      });
      this.deps.logger?.info({ ticket: number, attempts: claimed.ticket.delivery.attempts }, 'ticket delivered');
      return { outcome: 'delivered', ...(done ? { ticket: done.ticket } : {}) };
    } catch (error) {
      const wait = backoffMs(claimed.ticket.delivery.attempts - 1, this.deps.policies.later, error);
      const failed = await this.deps.store.update(number, (ticket) => {
        ticket.delivery = {
          ...ticket.delivery,
          state: 'failed',
          lastError: shortError(error),
          // No HTTP answer (connection broken, timed out): Teams may have posted it anyway.
          ...(httpStatus(error) === undefined ? { uncertain: true } : {}),
          nextAttemptAt: new Date(this.clock().getTime() + wait).toISOString(),
        };
        delete ticket.delivery.claimedUntil;
        return { ticket, result: 'failed' as const };
      });
      this.deps.logger?.warn({ ticket: number, error: shortError(error), retryInMs: wait }, 'ticket not delivered');
      return { outcome: 'failed', ...(failed ? { ticket: failed.ticket } : {}) };
    }
  }

  /** Posts every stored ticket that has not reached the expert channel yet and is due. */
  async retryUndelivered(): Promise<number> {
    if (!(await this.deps.channels.isConfigured())) return 0;
    const now = this.clock().getTime();
    let delivered = 0;
    for (const ticket of await this.deps.store.recent(LISTED_RANGE)) {
      const { state } = ticket.delivery;
      if (state === 'delivered') continue;
      // A fresh "pending" ticket belongs to the turn that is creating it.
      if (state === 'pending' && now - Date.parse(ticket.createdAt) < this.deps.policies.claimMs) continue;
      const result = await this.deliver(ticket.number, this.deps.policies.inTurn, { onlyIfDue: true });
      if (result.outcome !== 'delivered' || !result.ticket) continue;
      delivered += 1;
      await this.tellRequester(result.ticket, 'escalation.deliveredLate', {}, this.deps.policies.inTurn).catch((error: unknown) =>
        this.deps.logger?.warn({ ticket: ticket.number, error: errorName(error) }, 'requester not told'),
      );
    }
    return delivered;
  }

  /** A plain message as a new post in an expert channel (e.g. "the escalation channel moved"). */
  async announceInChannel(channel: ExpertChannel, text: string): Promise<void> {
    await this.deps.gateway.send({ ...channel.reference, conversationId: channel.teamsChannelId, conversationType: 'channel' }, { type: 'message', text }, this.deps.policies.inTurn);
  }

  /** Replaces the card in the expert channel, so everyone there sees the change. */
  async refreshExpertCard(ticket: Ticket, policy: RetryPolicy): Promise<void> {
    const channel = await this.deps.channels.get();
    const { conversationId, activityId } = ticket.delivery;
    if (!channel || !conversationId || !activityId) return;
    await this.deps.gateway.update(channel.reference, { conversationId, activityId }, this.cardActivity(ticket, channel, 'experts'), policy);
  }

  /** A message to the requester where they asked (1:1 chat or the thread), and their card updated. */
  async tellRequester(ticket: Ticket, key: string, params: Record<string, string | number>, policy: RetryPolicy): Promise<void> {
    const { reference } = ticket.origin;
    const lang = ticket.requester.lang;
    await this.deps.gateway.send(reference, { type: 'message', text: t(lang, key, { number: ticket.number, ...params }) }, policy);
    if (ticket.requesterCard) {
      await this.deps.gateway.update(reference, ticket.requesterCard, this.cardActivity(ticket, undefined, 'requester'), policy);
    }
  }

  cardActivity(ticket: Ticket, channel: ExpertChannel | undefined, audience: TicketAudience, notice?: string): Partial<Activity> {
    const lang: Lang = audience === 'experts' ? (channel?.lang ?? 'en') : ticket.requester.lang;
    return { type: 'message', attachments: [cardAttachment(this.card(ticket, channel, audience, notice), lang)] };
  }

  card(ticket: Ticket, channel: ExpertChannel | undefined, audience: TicketAudience, notice?: string) {
    const lang: Lang = audience === 'experts' ? (channel?.lang ?? 'en') : ticket.requester.lang;
    const chatTarget = ticket.requester.userPrincipalName ?? ticket.requester.aadObjectId;
    return ticketCard(ticketView(ticket, lang), {
      lang,
      audience,
      ...(notice ? { notice } : {}),
      ...(chatTarget ? { chatLink: chatWithLink(chatTarget) } : {}),
    });
  }
}

function httpStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}
