// An escalation ticket. The experts' version (posted as a new thread in the expert channel) carries
// the finding, its evidence, the commands already suggested and the Universal Actions (Assign to
// me, Unassign, Resolve with a note, Reopen); the requester's version says where the ticket stands.
// Both refresh themselves (Action.Execute "refresh") when a listed user opens them.
// The card takes a view model (TicketView), not the stored ticket: escalation maps one to the other.
// Every user-supplied field is clipped to its budget (budget.ts); escalation's view mapping has
// already redacted secrets in them (src/security/redactSecrets.ts).
import type { Lang } from '../diagnosis/types';
import { t } from '../i18n';
import { clip, FIELD_CHARS, fitCard } from './budget';
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
export const POSSIBLE_REPEAT_ID = 'ticketPossibleRepeat';
export const RESOLUTION_NOTE_INPUT = 'resolutionNote';
/** The Action.Execute verbs this card sends (escalation's TICKET_VERBS handles each). */
export type TicketCardVerb = 'assign' | 'unassign' | 'resolve' | 'reopen' | 'refresh';

export interface TicketPersonView {
  id: string;
  name: string;
}

export interface TicketFindingView {
  titles: Record<Lang, string>;
  confidence: number;
  evidence: { source: string; text: string }[];
  steps: { title: string; command?: string }[];
}

/** What a ticket card shows. */
export interface TicketView {
  number: number;
  status: 'open' | 'assigned' | 'resolved';
  createdAt: string;
  requester: TicketPersonView;
  originKind: 'personal' | 'groupChat' | 'channel';
  originLink?: string;
  findings: TicketFindingView[];
  note?: string;
  assignee?: TicketPersonView;
  resolution?: { note: string; by: TicketPersonView; at: string };
  /** Reached the expert channel. */
  delivered: boolean;
  /** Posted again after a crash: Teams may show an earlier copy too. */
  possibleRepeat?: boolean;
}

export interface TicketCardOptions {
  lang: Lang;
  audience: TicketAudience;
  /** A line shown first, to the person who pressed a button (e.g. "already assigned to X"). */
  notice?: string;
  /** The requester's 1:1 chat link. */
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

export function ticketCard(ticket: TicketView, options: TicketCardOptions): AdaptiveCard {
  let card = build(ticket, options, BUDGETS[0]);
  for (const budget of BUDGETS.slice(1)) {
    if (cardBytes(card) < MAX_CARD_BYTES) break;
    card = build(ticket, options, budget);
  }
  return fitCard(card, options.lang);
}


/** A display name within its budget. */
export function displayName(person: TicketPersonView): string {
  return clip(person.name || person.id, FIELD_CHARS.name);
}

export function ticketVerbData(ticket: TicketView): Record<string, unknown> {
  return { ticket: ticket.number };
}

function build(ticket: TicketView, options: TicketCardOptions, budget: Budget): AdaptiveCard {
  const { lang } = options;
  const body: CardElement[] = [];
  if (options.notice) body.push(container([text(escapeMarkdown(clip(options.notice, FIELD_CHARS.notice)), { weight: 'bolder' })], { style: 'warning' }));
  if (ticket.possibleRepeat && options.audience === 'experts') {
    body.push(container([text(t(lang, 'escalationSafety.possibleRepeat', { number: ticket.number }), { id: POSSIBLE_REPEAT_ID })], { style: 'warning' }));
  }
  body.push(...header(ticket, lang), facts(ticketFacts(ticket, lang)));
  if (ticket.note) body.push(heading(t(lang, 'escalation.card.note'), { size: 'default' }), untrustedText(clip(ticket.note, FIELD_CHARS.note)));
  if (ticket.resolution) {
    body.push(heading(t(lang, 'escalation.card.resolution'), { size: 'default' }), untrustedText(clip(ticket.resolution.note, FIELD_CHARS.resolution)));
  }
  if (options.audience === 'experts') body.push(...findingSection(ticket.findings, lang, budget));
  else body.push(...requesterSection(ticket, lang));
  const card = adaptiveCard(body, actions(ticket, options), lang);
  return { ...card, refresh: refresh(ticket) };
}

function header(ticket: TicketView, lang: Lang): CardElement[] {
  const top = ticket.findings[0];
  return [
    text(t(lang, 'escalation.card.title', { number: ticket.number }), { id: TICKET_CARD_ID, size: 'large', weight: 'bolder', style: 'heading' }),
    text(t(lang, `escalation.status.${ticket.status}`), { color: TICKET_STATUS_COLOR[ticket.status], weight: 'bolder', spacing: 'none' }),
    top ? untrustedText(clip(top.titles[lang], FIELD_CHARS.title), { size: 'medium' }) : text(t(lang, 'escalation.card.noFinding'), { size: 'medium' }),
  ];
}

function ticketFacts(ticket: TicketView, lang: Lang): { title: string; value: string }[] {
  const rows = [
    { title: t(lang, 'escalation.card.requester'), value: escapeMarkdown(displayName(ticket.requester)) },
    { title: t(lang, 'escalation.card.origin'), value: t(lang, `escalation.origin.${ticket.originKind}`) },
    { title: t(lang, 'escalation.card.created'), value: dateText(ticket.createdAt) },
    {
      title: t(lang, 'escalation.card.assignee'),
      value: ticket.assignee ? escapeMarkdown(displayName(ticket.assignee)) : t(lang, 'escalation.card.nobody'),
    },
  ];
  if (ticket.resolution) {
    rows.push({
      title: t(lang, 'escalation.card.resolvedBy'),
      value: `${escapeMarkdown(displayName(ticket.resolution.by))}, ${dateText(ticket.resolution.at)}`,
    });
  }
  return rows;
}

function findingSection(findings: TicketFindingView[], lang: Lang, budget: Budget): CardElement[] {
  const [top, ...others] = findings;
  if (!top) return [];
  const section: CardElement[] = [];
  const evidence = top.evidence.slice(0, budget.evidence);
  if (evidence.length > 0) {
    section.push(
      heading(t(lang, 'escalation.card.evidence'), { size: 'default' }),
      facts(evidence.map((item) => ({ title: evidenceSourceLabel(clip(item.source, FIELD_CHARS.connectorName), lang), value: escapeMarkdown(trimText(item.text, Math.min(budget.evidenceChars, FIELD_CHARS.evidence)).text) }))),
    );
  }
  const commands = top.steps.filter((step) => step.command).slice(0, budget.commands);
  if (commands.length > 0) {
    section.push(heading(t(lang, 'escalation.card.commands'), { size: 'default' }));
    commands.forEach((step, index) => {
      section.push(text(`${index + 1}\\. ${escapeMarkdown(clip(step.title, FIELD_CHARS.title))}`, { spacing: 'small' }), commandBlock(clip(step.command as string, FIELD_CHARS.command)));
    });
  }
  if (others.length > 0) {
    const lines = others.slice(0, 4).map((f) => `${escapeMarkdown(clip(f.titles[lang], FIELD_CHARS.title))} (${Math.round(f.confidence * 100)}%)`);
    section.push(heading(t(lang, 'escalation.card.alsoConsidered'), { size: 'default' }), text(lines.join('\n\n'), { isSubtle: true }));
  }
  return section;
}

function requesterSection(ticket: TicketView, lang: Lang): CardElement[] {
  const key = ticket.delivered ? 'escalation.card.delivered' : 'escalation.card.notDelivered';
  return [text(t(lang, key), { isSubtle: true, spacing: 'medium' })];
}

function actions(ticket: TicketView, options: TicketCardOptions): CardAction[] {
  if (options.audience !== 'experts') return [];
  const { lang } = options;
  const list: CardAction[] = [];
  if (options.chatLink) {
    list.push({ type: 'Action.OpenUrl', title: t(lang, 'escalation.action.chatWith', { name: displayName(ticket.requester) }), url: options.chatLink });
  }
  if (ticket.originLink) list.push({ type: 'Action.OpenUrl', title: t(lang, 'escalation.action.openOrigin'), url: ticket.originLink });
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
          maxLength: FIELD_CHARS.resolution,
          isRequired: true,
          errorMessage: t(lang, 'escalation.input.resolutionRequired'),
        },
      ],
      actions: [execute(t(lang, 'escalation.action.resolveConfirm'), 'resolve', ticket, 'positive')],
    },
  });
  return list;
}

function execute(title: string, verb: TicketCardVerb, ticket: TicketView, style?: ExecuteAction['style']): ExecuteAction {
  return { type: 'Action.Execute', title, verb, data: ticketVerbData(ticket), ...(style ? { style } : {}) };
}

function refresh(ticket: TicketView): AdaptiveCard['refresh'] {
  const userIds = [ticket.requester.id, ticket.assignee?.id].filter((id): id is string => Boolean(id));
  return {
    action: { type: 'Action.Execute', title: 'refresh', verb: 'refresh', data: ticketVerbData(ticket) },
    userIds: [...new Set(userIds)].slice(0, MAX_REFRESH_USERS),
  };
}

/** "2026-11-26 18:40 UTC": one unambiguous form for both languages. */
function dateText(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
