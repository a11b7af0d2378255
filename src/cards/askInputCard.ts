// Asks for what is missing: what to paste, the exact command that produces it, and a way out.
import type { Lang } from '../diagnosis/types';
import { t } from '../i18n';
import { commandData } from './actionData';
import { adaptiveCard, commandBlock, submit, text, untrustedText, type AdaptiveCard, type CardAction, type CardElement } from './elements';

export type AskKind = 'error' | 'config' | 'verify';

/** The id of the card's title: `ask-error`, `ask-config`, `ask-verify`. */
export const askCardId = (kind: AskKind): string => `ask-${kind}`;
export const ASK_NOT_RECOGNISED_ID = 'ask-not-recognised';

export interface AskItem {
  /** What the command shows, in the user's language. */
  what: string;
  command: string;
}

export interface AskInputCardOptions {
  lang: Lang;
  kind: AskKind;
  items: AskItem[];
  /** The previous message held nothing the bot could read. */
  notRecognised?: boolean;
  /** The case the card asks for; its buttons carry it. */
  caseId?: string;
}

export function askInputCard(options: AskInputCardOptions): AdaptiveCard {
  const { lang, kind } = options;
  const body: CardElement[] = [];
  if (options.notRecognised) {
    body.push(text(t(lang, 'card.ask.notRecognised'), { id: ASK_NOT_RECOGNISED_ID, color: 'attention', weight: 'bolder' }));
  }
  body.push(
    text(t(lang, `card.ask.${kind}.title`), { id: askCardId(kind), size: 'medium', weight: 'bolder', style: 'heading' }),
    text(t(lang, `card.ask.${kind}.body`)),
  );
  for (const item of options.items) {
    body.push(untrustedText(item.what, { spacing: 'medium', weight: 'bolder' }), commandBlock(item.command));
  }
  body.push(text(t(lang, `card.ask.${kind}.hint`), { isSubtle: true, size: 'small', spacing: 'medium' }));
  return adaptiveCard(body, askActions(kind, lang, options.caseId), lang);
}

function askActions(kind: AskKind, lang: Lang, caseId: string | undefined): CardAction[] {
  if (kind === 'verify') return [submit(t(lang, 'card.action.noThanks'), { ...commandData('skip', caseId) })];
  return [
    submit(t(lang, 'card.action.skip'), { ...commandData('skip', caseId) }),
    submit(t(lang, 'card.action.noData'), { ...commandData('noData', caseId) }),
  ];
}
