// The typed escalation commands and the "Escalate" / "Send to the experts" buttons:
//
//   "set escalation channel"  → the channel is chosen (who may, and where, below)
//   "escalate [note]"         → the note card, or a ticket at once
//   "my tickets" / "open tickets" → lists
//
// Choosing the channel: the first time, an owner of the team (or someone in ESCALATION_ADMINS) in
// a channel of it. Once one is set, moving it needs ESCALATION_ADMINS (an owner of some other team
// cannot take the tickets), never crosses into another tenant, and is announced in the old channel
// as well as the new one, so nobody loses the tickets without being told. A channel fixed by the
// environment (ESCALATION_CHANNEL_ID) cannot be changed from a chat at all.
import type { TurnContext } from 'botbuilder';
import { cardAttachment, escalateNoteCard, ESCALATE_NOTE_INPUT, ticketListCard, type TicketListKind } from '../cards';
import { t } from '../i18n';
import type { Logger } from '../logger';
import { redactSecrets, showRedactions } from '../security/redactSecrets';
import { parseEscalationCommand } from './escalationCommands';
import type { ExpertChannelSettings } from './expertChannelSettings';
import type { LastPasteSource, TurnLanguage } from './host';
import { checkTeamOwner, isEscalationAdmin } from './ownerCheck';
import type { TicketDelivery } from './ticketDelivery';
import type { TicketFactory } from './ticketFactory';
import { findingsOf } from './ticketFindings';
import type { TicketStore } from './ticketStore';
import { ticketView } from './ticketView';
import { errorName, person, reference, sameChannel, tenantOf } from './turnFacts';
import type { ExpertChannel } from './types';

const LISTED_RANGE = 500;
const MAX_KEY_CHARS = 300;

export interface TextCommandsDeps {
  store: TicketStore;
  channels: ExpertChannelSettings;
  delivery: TicketDelivery;
  factory: TicketFactory;
  language: TurnLanguage;
  lastDiagnosis: LastPasteSource;
  admins: Set<string>;
  logger?: Logger;
  clock: () => Date;
}

export class EscalationTextCommands {
  constructor(private readonly deps: TextCommandsDeps) {}

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
    if (value.send === true && typeof value.escalationKey === 'string' && value.escalationKey.length <= MAX_KEY_CHARS) {
      const note = typeof value[ESCALATE_NOTE_INPUT] === 'string' ? (value[ESCALATE_NOTE_INPUT] as string) : undefined;
      await this.escalate(context, value.escalationKey, note);
      return;
    }
    // Both clicks of a double click carry the card's id: one key, so one ticket.
    await this.offerEscalation(context, `card:${context.activity.replyToId ?? context.activity.id ?? ''}`);
  }

  private async setChannel(context: TurnContext): Promise<void> {
    const { channels, logger } = this.deps;
    const lang = await this.deps.language.languageFor(context);
    const refuse = async (reason: string, key: string): Promise<void> => {
      logger?.info({ reason }, 'escalation channel refused');
      await context.sendActivity(t(lang, key));
    };
    if (channels.fixedByEnvironment) return refuse('fixedByEnvironment', 'escalation.setChannel.fixedByEnvironment');
    const check = await checkTeamOwner(context, this.deps.admins);
    if (!check.allowed) return refuse(check.reason, `escalation.setChannel.${check.reason}`);

    const { activity } = context;
    const channelData = (activity.channelData ?? {}) as { channel?: { id?: string }; team?: { id?: string } };
    const teamsChannelId = channelData.channel?.id ?? (activity.conversation.id ?? '').split(';')[0];
    const tenantId = tenantOf(context);
    const { channel: current, eTag } = await channels.stored();
    if (current) {
      if (current.teamsChannelId === teamsChannelId) return void (await context.sendActivity(t(lang, 'escalationSafety.setChannel.alreadyHere')));
      // The channel stays in the tenant that chose it; within it, only ESCALATION_ADMINS move it.
      const home = current.tenantId ?? current.reference.tenantId;
      if (home !== undefined && home !== tenantId) return refuse('otherTenant', 'escalationSafety.setChannel.otherTenant');
      if (!isEscalationAdmin(context, this.deps.admins)) return refuse('notAdmin', 'escalationSafety.setChannel.notAdmin');
    }
    const next: ExpertChannel = {
      reference: { ...reference(context), conversationId: teamsChannelId, conversationType: 'channel' },
      teamsChannelId,
      ...(channelData.team?.id ? { teamId: channelData.team.id } : {}),
      ...(tenantId ? { tenantId } : {}),
      lang,
      setBy: person(context),
      setAt: this.deps.clock().toISOString(),
      source: 'command',
    };
    try {
      await channels.set(next, current ? (eTag ?? '*') : '*');
    } catch (error) {
      logger?.warn({ error: errorName(error) }, 'escalation channel not stored');
      return refuse('lookupFailed', 'escalation.setChannel.lookupFailed');
    }
    logger?.info({ teamsChannelId, moved: Boolean(current) }, 'escalation channel set');
    if (!current) return void (await context.sendActivity(t(lang, 'escalation.setChannel.done')));
    const by = next.setBy?.name || next.setBy?.id || '';
    const at = `${(next.setAt ?? '').slice(0, 16).replace('T', ' ')} UTC`;
    await this.deps.delivery
      .announceInChannel(current, t(current.lang, 'escalationSafety.setChannel.movedAway', { name: by, at }))
      .catch((error: unknown) => logger?.warn({ error: errorName(error) }, 'old escalation channel not told'));
    await context.sendActivity(t(lang, 'escalationSafety.setChannel.movedHere'));
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
    const card = ticketListCard(
      tickets.map((ticket) => ticketView(ticket, lang)),
      { lang, kind },
    );
    await context.sendActivity({ attachments: [cardAttachment(card, lang)] });
  }

  private async offerEscalation(context: TurnContext, key: string): Promise<void> {
    const lang = await this.deps.language.languageFor(context);
    if (!(await this.deps.channels.isConfigured())) return void (await context.sendActivity(t(lang, 'escalation.notConfigured')));
    const last = await this.deps.lastDiagnosis.get(context);
    const top = last?.paste?.text ? findingsOf(last.paste.text, lang, this.deps.clock())[0] : undefined;
    const findingTitle = top ? showRedactions(redactSecrets(top.title), t(lang, 'escalationSafety.redacted')) : undefined;
    const card = escalateNoteCard({ lang, key, ...(findingTitle ? { findingTitle } : {}) });
    await context.sendActivity({ attachments: [cardAttachment(card, lang)] });
  }

  private async escalate(context: TurnContext, key: string, rawNote: string | undefined): Promise<void> {
    const lang = await this.deps.language.languageFor(context);
    if (!(await this.deps.channels.isConfigured())) return void (await context.sendActivity(t(lang, 'escalation.notConfigured')));
    await this.deps.factory.escalate(context, key, rawNote, lang);
  }
}
