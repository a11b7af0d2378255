// The answer to "help" at any point of the conversation.
import type { Lang } from '../diagnosis/types';
import { t } from '../i18n';
import { commandData } from './actionData';
import { adaptiveCard, submit, text, type AdaptiveCard, type CardAction } from './elements';
import { moreGuide, shortPasteGuide } from './pasteGuide';

export const HELP_CARD_ID = 'help';

export interface HelpCardOptions {
  lang: Lang;
  actions?: CardAction[];
}

export function helpCard(options: HelpCardOptions): AdaptiveCard {
  const { lang } = options;
  return adaptiveCard(
    [
      text(t(lang, 'card.help.title'), { id: HELP_CARD_ID, size: 'large', weight: 'bolder', style: 'heading' }),
      ...shortPasteGuide(lang),
    ],
    [...(options.actions ?? []), moreGuide(lang), submit(t(lang, 'card.action.startOver'), { ...commandData('startOver') })],
    lang,
  );
}
