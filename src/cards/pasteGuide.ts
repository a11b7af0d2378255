// The "what to paste, and which commands produce it" section shared by the welcome and help cards.
import { commands } from '../diagnosis/commands';
import type { Lang } from '../diagnosis/types';
import { t } from '../i18n';
import { commandBlock, heading, text, type CardElement, type ShowCardAction } from './elements';

export const COLLECTOR_SCRIPT = 'docs/collect.ps1';

export function pasteGuide(lang: Lang): CardElement[] {
  return [
    heading(t(lang, 'card.guide.whatToPaste')),
    text(t(lang, 'card.guide.pasteError')),
    text(t(lang, 'card.guide.pasteConfig')),
    heading(t(lang, 'card.guide.commands')),
    text(t(lang, 'card.guide.commandEvents'), { spacing: 'medium' }),
    commandBlock(commands.transportEvents()),
    text(t(lang, 'card.guide.commandQueues'), { spacing: 'medium' }),
    commandBlock(commands.retryQueuesList()),
    text(t(lang, 'card.guide.commandCertificates'), { spacing: 'medium' }),
    commandBlock(commands.listCertificates()),
    text(t(lang, 'card.guide.commandConnectors'), { spacing: 'medium' }),
    commandBlock(commands.hybridSendConnectors()),
    text(t(lang, 'card.guide.collector', { script: COLLECTOR_SCRIPT }), { isSubtle: true, spacing: 'medium' }),
  ];
}

export function chatCommandsGuide(lang: Lang): CardElement[] {
  return [heading(t(lang, 'card.guide.chatCommands')), text(t(lang, 'card.guide.chatCommandsList'))];
}

/** What fits on one screen: one line and the three things to paste. */
export function shortPasteGuide(lang: Lang): CardElement[] {
  return [
    text(t(lang, 'card.short.intro')),
    text(t(lang, 'card.short.error'), { spacing: 'small' }),
    text(t(lang, 'card.short.certificates'), { spacing: 'none' }),
    text(t(lang, 'card.short.connector'), { spacing: 'none' }),
  ];
}

/** The commands and chat commands, behind a button. */
export function moreGuide(lang: Lang): ShowCardAction {
  return { type: 'Action.ShowCard', title: t(lang, 'card.short.more'), card: { type: 'AdaptiveCard', body: [...pasteGuide(lang), ...chatCommandsGuide(lang)] } };
}
