// What OCR read from a screenshot: says the text came from an image, warns that a thumbprint may
// be misread before any changing command, lists the thumbprints whose look-alike characters were
// corrected, and shows the text read (literally, in monospace) so the user can check it.
import type { Lang } from '../diagnosis/types';
import { t } from '../i18n';
import { trimText } from './escape';
import { adaptiveCard, commandBlock, text, untrustedText, type AdaptiveCard } from './elements';

export const OCR_CARD_ID = 'ocrText';
const MAX_TEXT_CHARS = 4000;

export interface OcrCardOptions {
  lang: Lang;
  text: string;
  repairedThumbprints: string[];
}

export function ocrCard(options: OcrCardOptions): AdaptiveCard {
  const { lang } = options;
  const body = [
    text(t(lang, 'ocr.card.title'), { id: OCR_CARD_ID, size: 'medium', weight: 'bolder', style: 'heading' }),
    text(t(lang, 'ocr.card.warning'), { color: 'warning' }),
    ...(options.repairedThumbprints.length > 0 ? [untrustedText(t(lang, 'ocr.card.repaired', { thumbprints: options.repairedThumbprints.join(', ') }), { isSubtle: true })] : []),
    text(t(lang, 'ocr.card.read'), { weight: 'bolder', spacing: 'medium' }),
    commandBlock(trimText(options.text, MAX_TEXT_CHARS).text),
  ];
  return adaptiveCard(body);
}
