// "my tickets" and "open tickets": one line per ticket, newest first.
import type { Lang } from '../diagnosis/types';
import { t } from '../i18n';
import { clip, FIELD_CHARS, fitCard } from './budget';
import { escapeMarkdown, trimText } from './escape';
import { TICKET_STATUS_COLOR } from './labels';
import { adaptiveCard, container, text, type AdaptiveCard, type CardElement } from './elements';
import { displayName, type TicketView } from './ticketCard';

export type TicketListKind = 'mine' | 'open';

export const TICKET_LIST_CARD_ID = 'ticketList';
export const MAX_LISTED_TICKETS = 15;

export interface TicketListCardOptions {
  lang: Lang;
  kind: TicketListKind;
}

export function ticketListCard(tickets: TicketView[], options: TicketListCardOptions): AdaptiveCard {
  const { lang, kind } = options;
  const shown = tickets.slice(0, MAX_LISTED_TICKETS);
  const body: CardElement[] = [
    text(t(lang, `escalation.list.${kind}.title`), { id: TICKET_LIST_CARD_ID, size: 'large', weight: 'bolder', style: 'heading' }),
  ];
  if (shown.length === 0) body.push(text(t(lang, `escalation.list.${kind}.empty`), { isSubtle: true }));
  for (const ticket of shown) body.push(row(ticket, lang));
  if (tickets.length > shown.length) {
    body.push(text(t(lang, 'escalation.list.more', { shown: shown.length, total: tickets.length }), { isSubtle: true, size: 'small' }));
  }
  return fitCard(adaptiveCard(body, [], lang), lang);
}

function row(ticket: TicketView, lang: Lang): CardElement {
  const title = ticket.findings[0]?.titles[lang] ?? t(lang, 'escalation.card.noFinding');
  const who = ticket.assignee
    ? t(lang, 'escalation.list.assignedTo', { name: escapeMarkdown(displayName(ticket.assignee)) })
    : t(lang, 'escalation.list.unassigned');
  return container(
    [
      text(`**#${ticket.number}** · ${t(lang, `escalation.status.${ticket.status}`)}`, { color: TICKET_STATUS_COLOR[ticket.status] }),
      text(escapeMarkdown(trimText(clip(title, FIELD_CHARS.title), 160).text), { spacing: 'none' }),
      text(`${t(lang, 'escalation.list.requester', { name: escapeMarkdown(displayName(ticket.requester)) })} · ${who}`, {
        isSubtle: true,
        size: 'small',
        spacing: 'none',
      }),
    ],
    { separator: true, spacing: 'medium' },
  );
}
