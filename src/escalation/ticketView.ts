// A stored ticket as its card shows it: the card's view model, with secrets redacted in every field
// that came from a paste or a person (in the reader's words for "[redacted]").
import { clip, type TicketCardVerb, type TicketView } from '../cards';
import type { Lang } from '../diagnosis/types';
import { t } from '../i18n';
import { redactSecrets, showRedactions } from '../security/redactSecrets';
import type { Person, Ticket, TicketVerb } from './types';

// The card's buttons and escalation's verbs are the same set (a compile-time check, both ways).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const verbsMatch: Same<TicketVerb, TicketCardVerb> = true;
void verbsMatch;

const MAX_FIELD_CHARS = 4000;

export function ticketView(ticket: Ticket, lang: Lang): TicketView {
  const word = t(lang, 'escalationSafety.redacted');
  // Clipped well beyond any field's budget first, so redaction works on bounded text.
  const safe = (text: string): string => showRedactions(redactSecrets(clip(text, MAX_FIELD_CHARS)), word);
  const who = (p: Person) => ({ id: p.id, name: p.name });
  return {
    number: ticket.number,
    status: ticket.status,
    createdAt: ticket.createdAt,
    requester: who(ticket.requester),
    originKind: ticket.origin.kind,
    ...(ticket.origin.link ? { originLink: ticket.origin.link } : {}),
    findings: ticket.findings.map((finding) => ({
      titles: { en: safe(finding.titles.en), ja: safe(finding.titles.ja) },
      confidence: finding.confidence,
      evidence: finding.evidence.map((item) => ({ source: item.source, text: safe(item.text) })),
      steps: finding.steps.map((step) => ({ title: safe(step.title), ...(step.command ? { command: safe(step.command) } : {}) })),
    })),
    ...(ticket.note ? { note: safe(ticket.note) } : {}),
    ...(ticket.assignee ? { assignee: who(ticket.assignee) } : {}),
    ...(ticket.resolution ? { resolution: { note: safe(ticket.resolution.note), by: who(ticket.resolution.by), at: ticket.resolution.at } } : {}),
    delivered: ticket.delivery.state === 'delivered',
    ...(ticket.delivery.possibleRepeat ? { possibleRepeat: true } : {}),
  };
}
