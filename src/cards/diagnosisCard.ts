// The answer: the top finding, with its evidence, the ordered steps and how to verify them.
import type { Evidence, Finding, Lang, Severity, Step } from '../diagnosis/types';
import { t } from '../i18n';
import { commandData, escalateData, feedbackData } from './actionData';
import { escapeMarkdown, trimText } from './escape';
import { evidenceSourceLabel } from './labels';
import {
  adaptiveCard,
  cardBytes,
  commandBlock,
  container,
  facts,
  heading,
  MAX_CARD_BYTES,
  submit,
  text,
  untrustedText,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  type TextColor,
} from './elements';

export interface DiagnosisCardOptions {
  lang: Lang;
  /** Show "Escalate" (only when an escalation channel is configured). */
  escalation?: boolean;
  /** Findings ranked after the top one; listed by title only. */
  otherFindings?: Finding[];
  /** The case the card answers; its buttons carry it. */
  caseId?: string;
}

/** The id of the card's title. */
export const DIAGNOSIS_CARD_ID = 'diagnosis';

// No 'warning' colour: Teams' yellow on white fails WCAG AA (see test/cards.render.browser.test.ts).
const SEVERITY_COLOR: Record<Severity, TextColor> = { error: 'attention', warning: 'default', info: 'accent' };
const MAX_OTHER_FINDINGS = 4;
const MAX_SUMMARY_CHARS = 1500;
const SAFE_URL = /^https:\/\/[^\s()<>[\]"'`]+$/;

interface EvidenceBudget {
  items: number;
  charsPerItem: number;
}

const BUDGETS: EvidenceBudget[] = [
  { items: 12, charsPerItem: 600 },
  { items: 8, charsPerItem: 300 },
  { items: 4, charsPerItem: 160 },
  { items: 0, charsPerItem: 0 },
];

export function diagnosisCard(finding: Finding, options: DiagnosisCardOptions): AdaptiveCard {
  let card = build(finding, options, BUDGETS[0]);
  for (const budget of BUDGETS.slice(1)) {
    if (cardBytes(card) < MAX_CARD_BYTES) break;
    card = build(finding, options, budget);
  }
  return card;
}

function build(finding: Finding, options: DiagnosisCardOptions, budget: EvidenceBudget): AdaptiveCard {
  const { lang } = options;
  const body: CardElement[] = [
    ...titleSection(finding, lang),
    ...evidenceSection(finding.evidence, lang, budget),
    ...stepsSection(finding.steps.filter((s) => s.kind !== 'verify'), 'card.diagnosis.steps', lang),
    ...stepsSection(finding.steps.filter((s) => s.kind === 'verify'), 'card.diagnosis.verify', lang),
    ...needsSection(finding, lang),
    ...otherFindingsSection(options.otherFindings ?? [], lang),
    ...sourcesSection(finding.sources, lang),
  ];
  return adaptiveCard(body, actions(finding, options), lang);
}

function titleSection(finding: Finding, lang: Lang): CardElement[] {
  const summary = trimText(finding.summary, MAX_SUMMARY_CHARS).text;
  return [
    untrustedText(finding.title, { id: DIAGNOSIS_CARD_ID, size: 'large', weight: 'bolder', style: 'heading', color: SEVERITY_COLOR[finding.severity] }),
    text(
      t(lang, 'card.diagnosis.severityLine', {
        severity: t(lang, `card.severity.${finding.severity}`),
        percent: Math.round(finding.confidence * 100),
      }),
      { isSubtle: true, spacing: 'none', size: 'small' },
    ),
    untrustedText(summary),
  ];
}

function evidenceSection(evidence: Evidence[], lang: Lang, budget: EvidenceBudget): CardElement[] {
  if (evidence.length === 0) return [];
  let shortened = evidence.length > budget.items;
  const shown = evidence.slice(0, budget.items).map((item) => {
    const trimmed = trimText(item.text, budget.charsPerItem);
    shortened ||= trimmed.trimmed;
    return { title: evidenceSourceLabel(item.source, lang), value: escapeMarkdown(trimmed.text) };
  });
  const section: CardElement[] = [heading(t(lang, 'card.diagnosis.evidence'))];
  if (shown.length > 0) section.push(facts(shown));
  if (shortened) {
    section.push(
      text(t(lang, 'card.diagnosis.evidenceTrimmed', { shown: shown.length, total: evidence.length }), {
        isSubtle: true,
        size: 'small',
      }),
    );
  }
  return section;
}

function stepsSection(steps: Step[], headingKey: string, lang: Lang): CardElement[] {
  if (steps.length === 0) return [];
  const items: CardElement[] = [heading(t(lang, headingKey))];
  steps.forEach((step, index) => {
    items.push(text(`${index + 1}\\. ${escapeMarkdown(step.title)}`, { spacing: 'medium' }));
    if (step.command) items.push(commandBlock(step.command));
  });
  return items;
}

function needsSection(finding: Finding, lang: Lang): CardElement[] {
  if (finding.needs.length === 0) return [];
  const items: CardElement[] = [heading(t(lang, 'card.diagnosis.needs'))];
  for (const need of finding.needs) {
    items.push(untrustedText(need.what, { spacing: 'medium' }), commandBlock(need.command));
  }
  return items;
}

function otherFindingsSection(others: Finding[], lang: Lang): CardElement[] {
  if (others.length === 0) return [];
  const lines = others
    .slice(0, MAX_OTHER_FINDINGS)
    .map((f) => `${escapeMarkdown(f.title)} (${Math.round(f.confidence * 100)}%)`);
  return [container([heading(t(lang, 'card.diagnosis.alsoConsidered'), { size: 'default' }), text(lines.join('\n\n'), { isSubtle: true })], { separator: true, spacing: 'large' })];
}

function sourcesSection(sources: string[], lang: Lang): CardElement[] {
  const links = sources.filter((url) => SAFE_URL.test(url));
  if (links.length === 0) return [];
  const lines = links.map((url) => `[${escapeMarkdown(linkLabel(url))}](${url})`);
  return [heading(t(lang, 'card.diagnosis.sources'), { size: 'default' }), text(lines.join('\n\n'), { size: 'small' })];
}

function linkLabel(url: string): string {
  try {
    const { hostname, pathname } = new URL(url);
    const last = pathname.split('/').filter(Boolean).pop();
    return last ? `${hostname} › ${decodeURIComponent(last)}` : hostname;
  } catch {
    return url;
  }
}

function actions(finding: Finding, options: DiagnosisCardOptions): CardAction[] {
  const { lang } = options;
  const list: CardAction[] = [
    submit(t(lang, 'card.action.helpful'), { ...feedbackData(finding.id, true, options.caseId) }, 'positive'),
    submit(t(lang, 'card.action.notHelpful'), { ...feedbackData(finding.id, false, options.caseId) }),
    submit(t(lang, 'card.action.startOver'), { ...commandData('startOver', options.caseId) }),
  ];
  if (options.escalation) list.push(submit(t(lang, 'card.action.escalate'), { ...escalateData(finding.id, options.caseId) }));
  return list;
}
