// Escalation from a helpdesk conversation to the experts, FAQ Plus style plus the diagnosis:
//
//   "set escalation channel" (team owner, in a channel)  → the channel's reference is stored
//   Escalate / "escalate"                                → a card with an optional note
//   "Send to the experts" / "escalate <note>"            → ticket stored → posted in the expert
//                                                          channel → the requester gets its card
//   Assign to me / Unassign / Resolve / Reopen (Action.Execute) → the card changes in place for
//                                                          everyone, the requester is told
//   "my tickets" / "open tickets"                        → lists
import {
  CardFactory,
  TeamsInfo,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import type { LastDiagnosis } from '../../dialogs/diagnoseDialog';
import type { TurnLanguage } from '../bot/language';
import { escalateNoteCard, ESCALATE_NOTE_INPUT } from '../cards/escalateNoteCard';
import { escapeMarkdown } from '../cards/escape';
import { RESOLUTION_NOTE_INPUT, TICKET_VERBS, type TicketVerb } from '../cards/ticketCard';
import { ticketListCard, type TicketListKind } from '../cards/ticketListCard';
import type { Lang } from '../diagnosis/types';
import { t } from '../i18n';
import type { Logger } from '../logger';
import { MAX_NOTE_CHARS, parseEscalationCommand } from './escalationCommands';
import type { ExpertChannelSettings } from './expertChannelSettings';
import { checkTeamOwner } from './ownerCheck';
import { applyTicketAction, type ActionResult, type TicketChange } from './ticketActions';
import type { DeliveryPolicies, TicketDelivery } from './ticketDelivery';
import { originLink } from './ticketLinks';
import type { TicketStore } from './ticketStore';
import { findingsOf, ticketFindings } from './ticketFindings';
import type { OriginKind, Person, StoredReference, Ticket } from './types';

const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** A claimed number whose ticket never appeared (a crash in between) may be taken over after this. */
const TAKEOVER_AFTER_MS = 30_000;
const LISTED_RANGE = 500;
const DUPLICATE_WAIT_STEPS = 20;
const DUPLICATE_WAIT_MS = 50;

export interface EscalationServiceDeps {
  store: TicketStore;
  channels: ExpertChannelSettings;
  delivery: TicketDelivery;
  policies: DeliveryPolicies;
  language: TurnLanguage;
  lastDiagnosis: StatePropertyAccessor<LastDiagnosis | undefined>;
  admins: Set<string>;
  logger?: Logger;
  clock?: () => Date;
}

export class EscalationService {
  private readonly clock: () => Date;
  private readonly background = new Set<Promise<unknown>>();

  constructor(private readonly deps: EscalationServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** Whether diagnosis cards offer "Escalate". */
  available(): Promise<boolean> {
    return this.deps.channels.isConfigured().catch(() => false);
  }

  /** Typed commands; true when the message was one (and was answered). */
  async handleText(context: TurnContext, text: string): Promise<boolean> {
    const command = parseEscalationCommand(text);
    if (!command) return false;
    switch (command.kind) {
      case 'setChannel':
        await this.setChannel(context);
        return true;
      case 'myTickets':
        await this.listTickets(context, 'mine');
        return true;
      case 'openTickets':
        await this.listTickets(context, 'open');
        return true;
      case 'escalate':
        if (command.note) await this.escalate(context, `message:${context.activity.id ?? ''}`, command.note);
        else await this.offerEscalation(context, `message:${context.activity.id ?? ''}`);
        return true;
    }
  }

  /** The "Escalate" button of a diagnosis card, and "Send to the experts" of the note card. */
  async handleEscalateButton(context: TurnContext): Promise<void> {
    const value = (context.activity.value ?? {}) as Record<string, unknown>;
    if (value.send === true && typeof value.escalationKey === 'string' && value.escalationKey.length <= 300) {
      const note = typeof value[ESCALATE_NOTE_INPUT] === 'string' ? (value[ESCALATE_NOTE_INPUT] as string) : undefined;
      await this.escalate(context, value.escalationKey, note);
      return;
    }
    // Both clicks of a double click carry the card's id: one key, so one ticket.
    await this.offerEscalation(context, `card:${context.activity.replyToId ?? context.activity.id ?? ''}`);
  }

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
    // Outside the expert channel a card only refreshes, and only for the person who asked.
    const visible = (ticket: Ticket | undefined) => (ticket && (inExpertChannel || ticket.requester.id === actor.id) ? ticket : undefined);
    const outcome = refreshOnly
      ? await this.deps.store.get(number).then((found) => (visible(found) ? { ticket: found as Ticket, result: {} as ActionResult, changed: false } : undefined))
      : await this.deps.store.update(number, (ticket) => applyTicketAction(ticket, verb, actor, stringValue(data[RESOLUTION_NOTE_INPUT]), this.clock()));
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
    const card = this.deps.delivery.card(ticket, channel, audience, notice);
    return { statusCode: 200, type: CARD_CONTENT_TYPE, value: card as unknown as Record<string, unknown> };
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
      const result = await this.deps.delivery.deliver(ticket.number, this.deps.policies.inTurn, { onlyIfDue: true });
      if (result.outcome !== 'delivered' || !result.ticket) continue;
      delivered += 1;
      await this.deps.delivery
        .tellRequester(result.ticket, 'escalation.deliveredLate', {}, this.deps.policies.inTurn)
        .catch((error: unknown) => this.deps.logger?.warn({ ticket: ticket.number, error: errorName(error) }, 'requester not told'));
    }
    return delivered;
  }

  /** Waits for notifications still being sent (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  // ---------------------------------------------------------------- commands

  private async setChannel(context: TurnContext): Promise<void> {
    const lang = await this.deps.language.languageFor(context);
    if (this.deps.channels.fixedByEnvironment) return void (await context.sendActivity(t(lang, 'escalation.setChannel.fixedByEnvironment')));
    const check = await checkTeamOwner(context, this.deps.admins);
    if (!check.allowed) {
      this.deps.logger?.info({ reason: check.reason }, 'escalation channel refused');
      await context.sendActivity(t(lang, `escalation.setChannel.${check.reason}`));
      return;
    }
    const { activity } = context;
    const channelData = (activity.channelData ?? {}) as { channel?: { id?: string }; team?: { id?: string }; tenant?: { id?: string } };
    const teamsChannelId = channelData.channel?.id ?? (activity.conversation.id ?? '').split(';')[0];
    const tenantId = channelData.tenant?.id ?? activity.conversation.tenantId;
    await this.deps.channels.set({
      reference: { ...reference(context), conversationId: teamsChannelId, conversationType: 'channel' },
      teamsChannelId,
      ...(channelData.team?.id ? { teamId: channelData.team.id } : {}),
      ...(tenantId ? { tenantId } : {}),
      lang,
      setBy: person(context),
      setAt: this.clock().toISOString(),
      source: 'command',
    });
    this.deps.logger?.info({ teamsChannelId }, 'escalation channel set');
    await context.sendActivity(t(lang, 'escalation.setChannel.done'));
  }

  private async listTickets(context: TurnContext, kind: TicketListKind): Promise<void> {
    const lang = await this.deps.language.languageFor(context);
    const channel = await this.deps.channels.get();
    if (kind === 'open' && !(channel && sameChannel(context.activity.conversation?.id, channel.teamsChannelId))) {
      await context.sendActivity(t(lang, 'escalation.openTickets.wrongPlace'));
      return;
    }
    const me = person(context);
    const tickets = (await this.deps.store.recent(LISTED_RANGE)).filter((ticket) =>
      kind === 'open' ? ticket.status !== 'resolved' : ticket.requester.id === me.id || (me.aadObjectId !== undefined && ticket.requester.aadObjectId === me.aadObjectId),
    );
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(ticketListCard(tickets, { lang, kind }))] });
  }

  private async offerEscalation(context: TurnContext, key: string): Promise<void> {
    const lang = await this.deps.language.languageFor(context);
    if (!(await this.deps.channels.isConfigured())) return void (await context.sendActivity(t(lang, 'escalation.notConfigured')));
    const last = await this.deps.lastDiagnosis.get(context);
    const top = last?.paste?.text ? findingsOf(last.paste.text, lang, this.clock())[0] : undefined;
    const card = escalateNoteCard({ lang, key, ...(top ? { findingTitle: top.title } : {}) });
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
  }

  // ---------------------------------------------------------------- a new ticket

  private async escalate(context: TurnContext, key: string, rawNote: string | undefined): Promise<void> {
    const lang = await this.deps.language.languageFor(context);
    if (!(await this.deps.channels.isConfigured())) return void (await context.sendActivity(t(lang, 'escalation.notConfigured')));
    // The key always includes who asks: nobody can land on another person's ticket.
    const idempotencyKey = `${context.activity.from?.id ?? ''}|${key}`;
    const claim = await this.deps.store.claim(idempotencyKey);
    if (!claim.created) {
      const existing = await this.ticketOnceWritten(claim.number);
      const abandoned = !existing && this.clock().getTime() - Date.parse(claim.claimedAt) > TAKEOVER_AFTER_MS;
      if (!abandoned) {
        this.deps.logger?.info({ ticket: claim.number }, 'escalation repeated');
        await this.replyWithTicket(context, existing, 'escalation.duplicate', claim.number, lang, false);
        return;
      }
    }
    const ticket = await this.newTicket(context, claim.number, idempotencyKey, rawNote, lang);
    await this.deps.store.create(ticket);
    this.deps.logger?.info({ ticket: ticket.number, origin: ticket.origin.kind, findings: ticket.findings.map((f) => f.id) }, 'ticket created');

    const { outcome, ticket: afterDelivery } = await this.deps.delivery.deliver(ticket.number, this.deps.policies.inTurn);
    const delivered = outcome === 'delivered' || outcome === 'alreadyDelivered';
    await this.replyWithTicket(context, afterDelivery ?? ticket, delivered ? 'escalation.created' : 'escalation.createdNotDelivered', ticket.number, lang, true);
  }

  /** A concurrent first click may still be writing the ticket it claimed: give it a moment. */
  private async ticketOnceWritten(number: number): Promise<Ticket | undefined> {
    for (let attempt = 0; attempt < DUPLICATE_WAIT_STEPS; attempt++) {
      const ticket = await this.deps.store.get(number);
      if (ticket) return ticket;
      await new Promise((resolve) => setTimeout(resolve, DUPLICATE_WAIT_MS));
    }
    return undefined;
  }

  private async replyWithTicket(context: TurnContext, ticket: Ticket | undefined, key: string, number: number, lang: Lang, remember: boolean): Promise<void> {
    const attachments = ticket ? [CardFactory.adaptiveCard(this.deps.delivery.card({ ...ticket, requester: { ...ticket.requester, lang } }, undefined, 'requester'))] : [];
    const sent = await context.sendActivity({ text: t(lang, key, { number }), attachments });
    if (!remember || !ticket || !sent?.id) return;
    const conversationId = context.activity.conversation.id;
    await this.deps.store.update(number, (current) => {
      current.requesterCard = { conversationId, activityId: sent.id };
      return { ticket: current, result: undefined };
    });
  }

  private async newTicket(context: TurnContext, number: number, idempotencyKey: string, rawNote: string | undefined, lang: Lang): Promise<Ticket> {
    const { activity } = context;
    const now = this.clock().toISOString();
    const last = await this.deps.lastDiagnosis.get(context);
    const paste = last?.paste && typeof last.paste.text === 'string' ? last.paste : undefined;
    const requester = { ...person(context), lang, ...(await userPrincipalName(context)) };
    const note = rawNote?.trim() ? Array.from(rawNote.trim()).slice(0, MAX_NOTE_CHARS).join('') : undefined;
    const link = originLink(activity);
    const expertLang = (await this.deps.channels.get())?.lang ?? 'en';
    return {
      number,
      idempotencyKey,
      status: 'open',
      createdAt: now,
      updatedAt: now,
      requester,
      origin: { kind: originKind(activity.conversation?.conversationType), reference: reference(context), ...(link ? { link } : {}) },
      // The paste object keeps its first storedAt: it expires RETENTION_DAYS after it was pasted.
      ...(paste ? { input: { paste } } : {}),
      findings: paste ? ticketFindings(paste.text, expertLang, this.clock()) : [],
      ...(note ? { note } : {}),
      history: [{ at: now, by: person(context), action: 'created' }],
      delivery: { state: 'pending', attempts: 0 },
    };
  }

  // ---------------------------------------------------------------- after a change

  private async announce(ticket: Ticket, change: TicketChange, actor: Person): Promise<void> {
    const { delivery, policies, logger } = this.deps;
    await delivery.refreshExpertCard(ticket, policies.inTurn).catch((error: unknown) => logger?.warn({ ticket: ticket.number, error: errorName(error) }, 'expert card not updated'));
    const params: Record<string, string> = { name: escapeMarkdown(actor.name || actor.id) };
    if (change === 'resolved') params.note = escapeMarkdown(ticket.resolution?.note ?? '');
    await delivery
      .tellRequester(ticket, `escalation.notify.${change}`, params, policies.inTurn)
      .catch((error: unknown) => logger?.warn({ ticket: ticket.number, error: errorName(error) }, 'requester not told'));
  }

  private inBackground(work: Promise<unknown>): void {
    const tracked = work.catch(() => undefined).finally(() => this.background.delete(tracked));
    this.background.add(tracked);
  }
}

function person(context: TurnContext): Person {
  const from = context.activity.from ?? { id: '', name: '' };
  return { id: from.id, name: from.name ?? '', ...(from.aadObjectId ? { aadObjectId: from.aadObjectId } : {}) };
}

function reference(context: TurnContext): StoredReference {
  const { activity } = context;
  const tenantId = (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? activity.conversation?.tenantId;
  return {
    serviceUrl: activity.serviceUrl,
    channelId: activity.channelId,
    conversationId: activity.conversation.id,
    ...(activity.conversation.conversationType ? { conversationType: activity.conversation.conversationType } : {}),
    ...(tenantId ? { tenantId } : {}),
    botId: activity.recipient?.id ?? '',
    ...(activity.recipient?.name ? { botName: activity.recipient.name } : {}),
  };
}

function originKind(conversationType: string | undefined): OriginKind {
  if (conversationType === 'channel') return 'channel';
  if (conversationType === 'groupChat') return 'groupChat';
  return 'personal';
}

/** A conversation of the expert channel (its threads are "19:…;messageid=…"). */
function sameChannel(conversationId: string | undefined, teamsChannelId: string): boolean {
  return conversationId !== undefined && conversationId.split(';')[0] === teamsChannelId;
}

async function userPrincipalName(context: TurnContext): Promise<{ userPrincipalName?: string }> {
  try {
    const member = await TeamsInfo.getMember(context, context.activity.from.id);
    return member?.userPrincipalName ? { userPrincipalName: member.userPrincipalName } : {};
  } catch {
    return {};
  }
}

function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : String(error);
}
