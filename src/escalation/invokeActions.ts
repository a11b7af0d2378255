// The ticket cards' Universal Actions (Action.Execute): Assign to me, Unassign, Resolve with a note,
// Reopen, and the automatic refresh. In the expert channel the card changes in place for everyone
// and the requester is told; anywhere else a card only refreshes, and only for the person who asked.
import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import { clip, escapeMarkdown, FIELD_CHARS, fitCard, RESOLUTION_NOTE_INPUT } from '../cards';
import { t } from '../i18n';
import type { Logger } from '../logger';
import type { ExpertChannelSettings } from './expertChannelSettings';
import type { TurnLanguage } from './host';
import { applyTicketAction, type ActionResult } from './ticketActions';
import type { TicketDelivery } from './ticketDelivery';
import type { TicketStore } from './ticketStore';
import { errorName, person, sameChannel } from './turnFacts';
import { TICKET_VERBS, type Person, type Ticket, type TicketChange, type TicketVerb } from './types';

const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export interface InvokeActionsDeps {
  store: TicketStore;
  channels: ExpertChannelSettings;
  delivery: TicketDelivery;
  language: TurnLanguage;
  logger?: Logger;
  clock: () => Date;
}

export class TicketInvokeActions {
  private readonly background = new Set<Promise<unknown>>();

  constructor(private readonly deps: InvokeActionsDeps) {}

  async handleInvoke(context: TurnContext, invoke: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const verb = invoke.action?.verb as TicketVerb;
    const data = (invoke.action?.data ?? {}) as Record<string, unknown>;
    const number = Number(data.ticket);
    if (!TICKET_VERBS.includes(verb) || !Number.isInteger(number) || number < 1) {
      return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'unknown ticket action' } };
    }
    const channel = await this.deps.channels.get();
    const inExpertChannel = channel !== undefined && sameChannel(context.activity.conversation?.id, channel.teamsChannelId);
    const actor = person(context);
    const refreshOnly = verb === 'refresh' || !inExpertChannel;
    const visible = (ticket: Ticket | undefined) => (ticket && (inExpertChannel || ticket.requester.id === actor.id) ? ticket : undefined);
    const outcome = refreshOnly
      ? await this.deps.store.get(number).then((found) => (visible(found) ? { ticket: found as Ticket, result: {} as ActionResult, changed: false } : undefined))
      : await this.deps.store.update(number, (ticket) => applyTicketAction(ticket, verb, actor, stringValue(data[RESOLUTION_NOTE_INPUT]), this.deps.clock()));
    const audience = inExpertChannel ? 'experts' : 'requester';
    const lang = inExpertChannel ? channel.lang : await this.deps.language.languageFor(context);
    if (!outcome) {
      return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: t(lang, 'escalation.notice.notFound', { number }) } as unknown as AdaptiveCardInvokeResponse;
    }
    const { ticket, result, changed } = outcome;
    if (changed && result.change) {
      this.deps.logger?.info({ ticket: number, change: result.change }, 'ticket changed');
      this.inBackground(this.announce(ticket, result.change, actor));
    }
    const notice = result.notice ? t(lang, result.notice.key, result.notice.params) : undefined;
    const card = fitCard(this.deps.delivery.card(ticket, channel, audience, notice), lang);
    return { statusCode: 200, type: CARD_CONTENT_TYPE, value: card as unknown as Record<string, unknown> };
  }

  /** Waits for notifications still being sent (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  private async announce(ticket: Ticket, change: TicketChange, actor: Person): Promise<void> {
    const { delivery, logger } = this.deps;
    const policy = delivery.policies.inTurn;
    await delivery.refreshExpertCard(ticket, policy).catch((error: unknown) => logger?.warn({ ticket: ticket.number, error: errorName(error) }, 'expert card not updated'));
    const params: Record<string, string> = { name: escapeMarkdown(clip(actor.name || actor.id, FIELD_CHARS.name)) };
    if (change === 'resolved') params.note = escapeMarkdown(clip(ticket.resolution?.note ?? '', FIELD_CHARS.resolution));
    await delivery
      .tellRequester(ticket, `escalation.notify.${change}`, params, policy)
      .catch((error: unknown) => logger?.warn({ ticket: ticket.number, error: errorName(error) }, 'requester not told'));
  }

  private inBackground(work: Promise<unknown>): void {
    const tracked = work.catch(() => undefined).finally(() => this.background.delete(tracked));
    this.background.add(tracked);
  }
}

function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
