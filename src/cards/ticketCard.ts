// An escalation ticket. The experts' version (posted as a new thread in the expert channel) carries
// the finding, its evidence, the commands already suggested and the Universal Actions (Assign to
// me, Unassign, Resolve with a note, Reopen); the requester's version says where the ticket stands.
// Both refresh themselves (Action.Execute "refresh") when a listed user opens them.
import type { Lang } from '../diagnosis/types';
import type { Person, Ticket, TicketFinding } from '../escalation/types';
import { t } from '../i18n';
import { escapeMarkdown, trimText } from './escape';
import { evidenceSourceLabel, TICKET_STATUS_COLOR } from './labels';
import {
  adaptiveCard,
  cardBytes,
  commandBlock,
  container,
  facts,
  heading,
  MAX_CARD_BYTES,
  text,
  untrustedText,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  type ExecuteAction,
} from './elements';

export type TicketAudience = 'experts' | 'requester';

export const TICKET_CARD_ID = 'ticket';
export const RESOLUTION_NOTE_INPUT = 'resolutionNote';
export const TICKET_VERBS = ['assign', 'unassign', 'resolve', 'reopen', 'refresh'] as const;
export type TicketVerb = (typeof TICKET_VERBS)[number];

export interface TicketCardOptions {
  lang: Lang;
  audience: TicketAudience;
  /** A line shown first, to the person who pressed a button (e.g. "already assigned to X"). */
  notice?: string;
  /** The requester's chat link target (UPN or Entra object id). */
  chatWith?: string;
  chatLink?: string;
}

const MAX_REFRESH_USERS = 60;

interface Budget {
  evidence: number;
  evidenceChars: number;
  commands: number;
}

const BUDGETS: Budget[] = [
  { evidence: 6, evidenceChars: 400, commands: 6 },
  { evidence: 3, evidenceChars: 200, commands: 3 },
  { evidence: 0, evidenceChars: 0, commands: 1 },
];

export function ticketCard(ticket: Ticket, options: TicketCardOptions): AdaptiveCard {
  let card = build(ticket, options, BUDGETS[0]);
  for (const budget of BUDGETS.slice(1)) {
    if (cardBytes(card) < MAX_CARD_BYTES) break;
    card = build(ticket, options, budget);
  }
  return card;
}

export function ticketVerbData(ticket: Ticket): Record<string, unknown> {
  return { ticket: ticket.number };
}

function build(ticket: Ticket, options: TicketCardOptions, budget: Budget): AdaptiveCard {
  const { lang } = options;
  const body: CardElement[] = [];
  if (options.notice) body.push(container([text(escapeMarkdown(options.notice), { weight: 'bolder' })], { style: 'warning' }));
  body.push(...header(ticket, lang), facts(ticketFacts(ticket, lang)));
  if (ticket.note) body.push(heading(t(lang, 'escalation.card.note'), { size: 'default' }), untrustedText(ticket.note));
  if (ticket.resolution) {
    body.push(heading(t(lang, 'escalation.card.resolution'), { size: 'default' }), untrustedText(ticket.resolution.note));
  }
  if (options.audience === 'experts') body.push(...findingSection(ticket.findings, lang, budget));
  else body.push(...requesterSection(ticket, lang));
  const card = adaptiveCard(body, actions(ticket, options), lang);
  return { ...card, refresh: refresh(ticket) };
}

function header(ticket: Ticket, lang: Lang): CardElement[] {
  const top = ticket.findings[0];
  return [
    text(t(lang, 'escalation.card.title', { number: ticket.number }), { id: TICKET_CARD_ID, size: 'large', weight: 'bolder', style: 'heading' }),
    text(t(lang, `escalation.status.${ticket.status}`), { color: TICKET_STATUS_COLOR[ticket.status], weight: 'bolder', spacing: 'none' }),
    untrustedText(top ? top.titles[lang] : t(lang, 'escalation.card.noFinding'), { size: 'medium' }),
  ];
}

function ticketFacts(ticket: Ticket, lang: Lang): { title: string; value: string }[] {
  const rows = [
    { title: t(lang, 'escalation.card.requester'), value: escapeMarkdown(ticket.requester.name || ticket.requester.id) },
    { title: t(lang, 'escalation.card.origin'), value: t(lang, `escalation.origin.${ticket.origin.kind}`) },
    { title: t(lang, 'escalation.card.created'), value: dateText(ticket.createdAt) },
    {
      title: t(lang, 'escalation.card.assignee'),
      value: ticket.assignee ? escapeMarkdown(personName(ticket.assignee)) : t(lang, 'escalation.card.nobody'),
    },
  ];
  if (ticket.resolution) {
    rows.push({
      title: t(lang, 'escalation.card.resolvedBy'),
      value: `${escapeMarkdown(personName(ticket.resolution.by))}, ${dateText(ticket.resolution.at)}`,
    });
  }
  return rows;
}

function findingSection(findings: TicketFinding[], lang: Lang, budget: Budget): CardElement[] {
  const [top, ...others] = findings;
  if (!top) return [];
  const section: CardElement[] = [];
  const evidence = top.evidence.slice(0, budget.evidence);
  if (evidence.length > 0) {
    section.push(
      heading(t(lang, 'escalation.card.evidence'), { size: 'default' }),
      facts(evidence.map((item) => ({ title: evidenceSourceLabel(item.source, lang), value: escapeMarkdown(trimText(item.text, budget.evidenceChars).text) }))),
    );
  }
  const commands = top.steps.filter((step) => step.command).slice(0, budget.commands);
  if (commands.length > 0) {
    section.push(heading(t(lang, 'escalation.card.commands'), { size: 'default' }));
    commands.forEach((step, index) => {
      section.push(text(`${index + 1}\\. ${escapeMarkdown(step.title)}`, { spacing: 'small' }), commandBlock(step.command as string));
    });
  }
  if (others.length > 0) {
    const lines = others.slice(0, 4).map((f) => `${escapeMarkdown(f.titles[lang])} (${Math.round(f.confidence * 100)}%)`);
    section.push(heading(t(lang, 'escalation.card.alsoConsidered'), { size: 'default' }), text(lines.join('\n\n'), { isSubtle: true }));
  }
  return section;
}

function requesterSection(ticket: Ticket, lang: Lang): CardElement[] {
  const key = ticket.delivery.state === 'delivered' ? 'escalation.card.delivered' : 'escalation.card.notDelivered';
  return [text(t(lang, key), { isSubtle: true, spacing: 'medium' })];
}

function actions(ticket: Ticket, options: TicketCardOptions): CardAction[] {
  if (options.audience !== 'experts') return [];
  const { lang } = options;
  const list: CardAction[] = [];
  if (options.chatLink) {
    list.push({ type: 'Action.OpenUrl', title: t(lang, 'escalation.action.chatWith', { name: ticket.requester.name || ticket.requester.id }), url: options.chatLink });
  }
  if (ticket.origin.link) list.push({ type: 'Action.OpenUrl', title: t(lang, 'escalation.action.openOrigin'), url: ticket.origin.link });
  if (ticket.status === 'resolved') {
    list.push(execute(t(lang, 'escalation.action.reopen'), 'reopen', ticket));
    return list;
  }
  list.push(ticket.assignee ? execute(t(lang, 'escalation.action.unassign'), 'unassign', ticket) : execute(t(lang, 'escalation.action.assign'), 'assign', ticket, 'positive'));
  list.push({
    type: 'Action.ShowCard',
    title: t(lang, 'escalation.action.resolve'),
    card: {
      type: 'AdaptiveCard',
      body: [
        {
          type: 'Input.Text',
          id: RESOLUTION_NOTE_INPUT,
          label: t(lang, 'escalation.input.resolutionNote'),
          placeholder: t(lang, 'escalation.input.resolutionPlaceholder'),
          isMultiline: true,
          maxLength: 1000,
          isRequired: true,
          errorMessage: t(lang, 'escalation.input.resolutionRequired'),
        },
      ],
      actions: [execute(t(lang, 'escalation.action.resolveConfirm'), 'resolve', ticket, 'positive')],
    },
  });
  return list;
}

function execute(title: string, verb: TicketVerb, ticket: Ticket, style?: ExecuteAction['style']): ExecuteAction {
  return { type: 'Action.Execute', title, verb, data: ticketVerbData(ticket), ...(style ? { style } : {}) };
}

function refresh(ticket: Ticket): AdaptiveCard['refresh'] {
  const userIds = [ticket.requester.id, ticket.assignee?.id].filter((id): id is string => Boolean(id));
  return {
    action: { type: 'Action.Execute', title: 'refresh', verb: 'refresh', data: ticketVerbData(ticket) },
    userIds: [...new Set(userIds)].slice(0, MAX_REFRESH_USERS),
  };
}

function personName(person: Person): string {
  return person.name || person.id;
}

/** "2026-11-26 18:40 UTC": one unambiguous form for both languages. */
function dateText(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
