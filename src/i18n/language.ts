// Which language to answer in, in this order:
//   1. the user's own choice ("language ja", "日本語", …), remembered per user (UserState);
//   2. the script of the user's own words this turn: Japanese kana in lines that are not
//      machine output (see userWrittenLines);
//   3. the same signal remembered from an earlier turn of this conversation;
//   4. the activity's locale (ja-JP → Japanese);
//   5. English.
// Only Japanese is detected from the words: English prose cannot be told apart reliably from
// English event text and cmdlet output, which every paste contains. Pure: the bot reads the
// signals from state (src/bot/language.ts).
import type { Lang } from '../diagnosis/types';
import { toLang } from './index';

export interface LanguageSignals {
  preference?: Lang;
  ownWords?: Lang;
  earlierWords?: Lang;
  locale?: string;
}

export function chooseLanguage(signals: LanguageSignals): Lang {
  return signals.preference ?? signals.ownWords ?? signals.earlierWords ?? toLang(signals.locale) ?? 'en';
}

// ---------------------------------------------------------------- the user's own words

const KANA = /[\u3040-\u30FF\uFF66-\uFF9F]/gu;
const JAPANESE = /[\u3040-\u30FF\uFF66-\uFF9F\u4E00-\u9FFF]/gu;
// "Label: value" / "ラベル: 値", as in event viewer copies and `| fl` output.
const LABEL_VALUE = /^[ \t]*[^\s:：][^:：\n]{0,40}[:：](?:[ \t]|$)/;
const LABEL_ONLY = /^[ \t]*[^\s:：][^:：\n]{0,40}[:：][ \t]*$/;
const MACHINE_MARKERS: readonly RegExp[] = [
  /\b[245]\d\d[ -][245]\.\d{1,3}\.\d{1,3}\b/, // SMTP status codes
  /\b[A-Z][a-z]+-[A-Z][A-Za-z]+\b/, // cmdlets: Get-ExchangeCertificate
  /\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[ T]\d{1,2}:\d{2}/, // timestamps
  /\b[0-9A-Fa-f]{40}\b/, // thumbprints
  /^-----(?:BEGIN|END) /, // PEM
  /^[A-Za-z0-9+/=]{40,}$/, // base64 lines
  /^[ \t]*[-=]{3,}(?:[ \t]+[-=]{3,})*[ \t]*$/, // table rules
  /(?:,[^,\n]*){4,}/, // CSV log lines
  /<[IiSs]>|\bCN=|\bDC=/, // certificate names
];

/** Lines the user probably typed: not "Label: value", not log or cmdlet output, not a block after "Description:". */
export function userWrittenLines(text: string): string[] {
  const lines: string[] = [];
  let insideLabelledBlock = false;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      insideLabelledBlock = false;
      continue;
    }
    if (LABEL_ONLY.test(line)) {
      insideLabelledBlock = true;
      continue;
    }
    if (insideLabelledBlock || LABEL_VALUE.test(line) || MACHINE_MARKERS.some((m) => m.test(line))) continue;
    lines.push(line);
  }
  return lines;
}

export function languageOfOwnWords(text: string): Lang | undefined {
  const own = userWrittenLines(text).join('\n');
  const kana = own.match(KANA)?.length ?? 0;
  const japanese = own.match(JAPANESE)?.length ?? 0;
  return kana >= 1 && japanese >= 2 ? 'ja' : undefined;
}
