// Before a ticket is sent: what goes to the experts, and a box for an optional note. "Send to the
// experts" carries the escalation's idempotency key, so pressing it twice still makes one ticket.
import type { Lang } from '../diagnosis/types';
import { t } from '../i18n';
import { clip, FIELD_CHARS, fitCard } from './budget';
import { escapeMarkdown } from './escape';
import { adaptiveCard, submit, text, type AdaptiveCard } from './elements';

export const ESCALATE_NOTE_CARD_ID = 'escalateNote';
export const ESCALATE_NOTE_INPUT = 'note';

export interface EscalateNoteCardOptions {
  lang: Lang;
  /** The idempotency key of this escalation. */
  key: string;
  /** The top finding's title, when there is a diagnosis to send. */
  findingTitle?: string;
}

export function escalateNoteCard(options: EscalateNoteCardOptions): AdaptiveCard {
  const { lang } = options;
  const card = adaptiveCard(
    [
      text(t(lang, 'escalation.noteCard.title'), { id: ESCALATE_NOTE_CARD_ID, size: 'medium', weight: 'bolder', style: 'heading' }),
      text(
        options.findingTitle
          ? t(lang, 'escalation.noteCard.withFinding', { title: escapeMarkdown(clip(options.findingTitle, FIELD_CHARS.title)) })
          : t(lang, 'escalation.noteCard.withoutFinding'),
        { isSubtle: true },
      ),
      {
        type: 'Input.Text',
        id: ESCALATE_NOTE_INPUT,
        label: t(lang, 'escalation.noteCard.label'),
        placeholder: t(lang, 'escalation.noteCard.placeholder'),
        isMultiline: true,
        maxLength: FIELD_CHARS.note,
      },
    ],
    [submit(t(lang, 'escalation.noteCard.send'), { action: 'escalate', send: true, escalationKey: options.key }, 'positive')],
    lang,
  );
  return fitCard(card, lang);
}
