// Small labels shared by several cards.
import type { EvidenceSource, Lang } from '../diagnosis/types';
import { hasKey, t } from '../i18n';
import { escapeMarkdown } from './escape';
import type { TextColor } from './elements';

export const TICKET_STATUS_COLOR: Record<'open' | 'assigned' | 'resolved', TextColor> = { open: 'attention', assigned: 'accent', resolved: 'good' };

/** "Event log", "SMTP response", …; a source without a label shows its own (escaped) name. */
export function evidenceSourceLabel(source: EvidenceSource | string, lang: Lang): string {
  const key = `card.evidence.${source}`;
  return hasKey(lang, key) ? t(lang, key) : escapeMarkdown(source);
}
