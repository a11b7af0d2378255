// The answer to "here is the output after my fix": is the cause gone, and what changed.
import type { Lang, VerifyResult } from '../diagnosis/types';
import { t } from '../i18n';
import { commandData } from './actionData';
import { escapeMarkdown, trimText } from './escape';
import { adaptiveCard, heading, submit, text, type AdaptiveCard, type CardElement, type TextColor } from './elements';

/** What the engine's verifyFix returns (src/diagnosis/verify.ts). */
export type VerifyOutcome = VerifyResult;

export interface VerifyResultCardOptions {
  lang: Lang;
  /** The case the card answers; its buttons carry it. */
  caseId?: string;
}

export type VerifyVerdict = 'resolved' | 'stillPresent' | 'newProblem' | 'unclear';

const VERDICT_COLOR: Record<VerifyVerdict, TextColor> = {
  resolved: 'good',
  stillPresent: 'attention',
  newProblem: 'attention',
  unclear: 'default',
};
const MAX_CHANGES = 15;
const MAX_CHANGE_CHARS = 300;

export function verifyVerdict(outcome: VerifyOutcome): VerifyVerdict {
  if (outcome.stillPresent) return 'stillPresent';
  if (outcome.resolved) return outcome.newFindings.length > 0 ? 'newProblem' : 'resolved';
  return 'unclear';
}

export function verifyResultCard(outcome: VerifyOutcome, options: VerifyResultCardOptions): AdaptiveCard {
  const { lang } = options;
  const verdict = verifyVerdict(outcome);
  const body: CardElement[] = [
    text(t(lang, `card.verify.${verdict}.title`), { id: `verify-${verdict}`, size: 'large', weight: 'bolder', style: 'heading', color: VERDICT_COLOR[verdict] }),
  ];
  // Rendered now, in the language of this turn (the user may have switched since the diagnosis).
  if (outcome.findingId !== 'unrecognized') body.push(text(escapeMarkdown(t(lang, `finding.${outcome.findingId}.title`)), { isSubtle: true, spacing: 'none' }));
  body.push(text(t(lang, `card.verify.${verdict}.body`)));
  body.push(...changesSection(outcome.changes, lang));
  if (outcome.newFindings.length > 0) {
    body.push(heading(t(lang, 'card.verify.newFindings')));
    const titles = outcome.newFindings.map((id) => escapeMarkdown(t(lang, `finding.${id}.title`)));
    body.push(text(titles.join('\n\n')));
  }
  return adaptiveCard(body, [submit(t(lang, 'card.action.startOver'), { ...commandData('startOver', options.caseId) })], lang);
}

function changesSection(changes: string[], lang: Lang): CardElement[] {
  if (changes.length === 0) return [text(t(lang, 'card.verify.noChanges'), { isSubtle: true })];
  const shown = changes.slice(0, MAX_CHANGES).map((c) => `• ${escapeMarkdown(trimText(c, MAX_CHANGE_CHARS).text)}`);
  const section: CardElement[] = [heading(t(lang, 'card.verify.changes')), text(shown.join('\n\n'))];
  if (changes.length > MAX_CHANGES) {
    section.push(text(t(lang, 'card.verify.changesTrimmed', { shown: MAX_CHANGES, total: changes.length }), { isSubtle: true, size: 'small' }));
  }
  return section;
}
