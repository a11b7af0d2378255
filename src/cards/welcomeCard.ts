// Sent once when the bot is installed or added to a conversation.
import type { Lang } from '../diagnosis/types';
import { t } from '../i18n';
import { adaptiveCard, text, type AdaptiveCard, type CardAction } from './elements';
import { moreGuide, shortPasteGuide } from './pasteGuide';

export const WELCOME_CARD_ID = 'welcome';

export interface WelcomeCardOptions {
  lang: Lang;
  /** Extra buttons (for example one that opens the paste dialog). */
  actions?: CardAction[];
}

export function welcomeCard(options: WelcomeCardOptions): AdaptiveCard {
  const { lang } = options;
  return adaptiveCard(
    [
      text(t(lang, 'card.welcome.title'), { id: WELCOME_CARD_ID, size: 'large', weight: 'bolder', style: 'heading' }),
      ...shortPasteGuide(lang),
    ],
    [...(options.actions ?? []), moreGuide(lang)],
    lang,
  );
}
