// The findings a ticket carries: the engine's answer for the paste, evidence and steps in the
// experts' language, titles in both (the requester may read the other one). Evidence is an excerpt
// of the paste outside the retention rule, so it is kept short, and has its secrets redacted.
import { diagnose } from '../diagnosis';
import type { Finding, Lang } from '../diagnosis/types';
import { redactSecrets } from '../security/redactSecrets';
import type { TicketFinding } from './types';

/** The engine's "nothing recognised" answer (the same id the bot treats as a fallback). */
const FALLBACK_FINDING = 'unrecognized';

const MAX_FINDINGS = 3;
const MAX_EVIDENCE = 8;
const MAX_EVIDENCE_CHARS = 600;

/** `text` is a stored paste, which the bot normalised when it arrived. */
export function findingsOf(text: string, lang: Lang, now: Date = new Date()): Finding[] {
  return diagnose(text, { lang, now, normalised: true }).findings.filter((finding) => finding.id !== FALLBACK_FINDING);
}

export function ticketFindings(text: string, expertLang: Lang, now: Date = new Date()): TicketFinding[] {
  const rendered = { en: findingsOf(text, 'en', now), ja: findingsOf(text, 'ja', now) };
  const titles = (lang: Lang) => new Map(rendered[lang].map((finding) => [finding.id, finding.title]));
  const en = titles('en');
  const ja = titles('ja');
  return rendered[expertLang].slice(0, MAX_FINDINGS).map((finding) => ({
    id: finding.id,
    titles: { en: en.get(finding.id) ?? finding.title, ja: ja.get(finding.id) ?? finding.title },
    confidence: finding.confidence,
    evidence: finding.evidence.slice(0, MAX_EVIDENCE).map((item) => ({ source: item.source, text: redactSecrets(Array.from(item.text).slice(0, MAX_EVIDENCE_CHARS).join('')) })),
    steps: finding.steps.map((step) => ({ kind: step.kind, title: redactSecrets(step.title), ...(step.command ? { command: redactSecrets(step.command) } : {}) })),
  }));
}
