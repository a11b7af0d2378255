// A new ticket from an escalation: one number per idempotency key (a retried activity or a double
// click gets the same ticket), the ticket built from the turn and the last diagnosis (secrets
// redacted before it is stored), stored, posted to the expert channel, and the requester answered.
import type { TurnContext } from 'botbuilder';
import { cardAttachment } from '../cards';
import type { Lang } from '../diagnosis/types';
import { t } from '../i18n';
import type { Logger } from '../logger';
import { redactSecrets } from '../security/redactSecrets';
import { MAX_NOTE_CHARS } from './escalationCommands';
import type { ExpertChannelSettings } from './expertChannelSettings';
import type { LastPasteSource } from './host';
import type { DeliveryPolicies, TicketDelivery } from './ticketDelivery';
import { ticketFindings } from './ticketFindings';
import { originLink } from './ticketLinks';
import type { TicketStore } from './ticketStore';
import { originKind, person, reference, userPrincipalName } from './turnFacts';
import type { Ticket } from './types';

/** A claimed number whose ticket never appeared (a crash in between) may be taken over after this. */
const TAKEOVER_AFTER_MS = 30_000;
const DUPLICATE_WAIT_STEPS = 20;
const DUPLICATE_WAIT_MS = 50;

export interface TicketFactoryDeps {
  store: TicketStore;
  channels: ExpertChannelSettings;
  delivery: TicketDelivery;
  policies: DeliveryPolicies;
  lastDiagnosis: LastPasteSource;
  logger?: Logger;
  clock: () => Date;
}

export class TicketFactory {
  constructor(private readonly deps: TicketFactoryDeps) {}

  /** Creates (or finds again) the ticket for `key` and answers the requester with its card. */
  async escalate(context: TurnContext, key: string, rawNote: string | undefined, lang: Lang): Promise<void> {
    // The key always includes who asks: nobody can land on another person's ticket.
    const idempotencyKey = `${context.activity.from?.id ?? ''}|${key}`;
    const claim = await this.deps.store.claim(idempotencyKey);
    if (!claim.created) {
      const existing = await this.ticketOnceWritten(claim.number);
      const abandoned = !existing && this.deps.clock().getTime() - Date.parse(claim.claimedAt) > TAKEOVER_AFTER_MS;
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
    const attachments = ticket ? [cardAttachment(this.deps.delivery.card({ ...ticket, requester: { ...ticket.requester, lang } }, undefined, 'requester'), lang)] : [];
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
    const now = this.deps.clock().toISOString();
    const last = await this.deps.lastDiagnosis.get(context);
    const stored = last?.paste && typeof last.paste.text === 'string' ? last.paste : undefined;
    // Pastes are redacted when stored (storePaste); again here for one kept before that rule.
    const paste = stored ? { ...stored, text: redactSecrets(stored.text) } : undefined;
    const requester = { ...person(context), lang, ...(await userPrincipalName(context)) };
    const trimmed = rawNote?.trim() ? Array.from(rawNote.trim()).slice(0, MAX_NOTE_CHARS).join('') : undefined;
    const note = trimmed ? redactSecrets(trimmed) : undefined;
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
      findings: paste ? ticketFindings(paste.text, expertLang, this.deps.clock()) : [],
      ...(note ? { note } : {}),
      history: [{ at: now, by: person(context), action: 'created' }],
      delivery: { state: 'pending', attempts: 0 },
    };
  }
}
