// The words that steer the conversation, in English and Japanese. A message is a command only
// when the whole message is one of these (a paste that happens to contain "help" is a paste).
import type { CardCommand } from '../cards/actionData';
import type { Lang } from '../diagnosis/types';
import type { TurnInput } from './turnInput';

export type ChatCommand =
  | { kind: CardCommand }
  | { kind: 'language'; lang: Lang }
  | { kind: 'escalate' };

const WORDS: Record<CardCommand | 'escalate', readonly string[]> = {
  help: ['help', '?', 'ヘルプ', 'へるぷ', '使い方', 'help me'],
  cancel: ['cancel', 'stop', 'quit', 'キャンセル', '中止', 'やめる'],
  startOver: ['start over', 'restart', 'reset', 'start again', '最初から', 'やり直し', 'やりなおし', '最初からやり直す', 'リセット'],
  skip: ['skip', 'no thanks', 'スキップ', '不要', '今回は不要です', 'いらない'],
  noData: ["i don't have it", 'i dont have it', "don't have it", 'dont have it', 'i do not have it', 'not available', '手元にありません', 'ありません', '持っていません', 'ない'],
  escalate: ['escalate', 'エスカレーション', 'エスカレート'],
};

const LANGUAGE_WORDS: Record<Lang, readonly string[]> = {
  ja: ['ja', 'jp', 'japanese', '日本語', 'にほんご'],
  en: ['en', 'english', '英語', 'えいご'],
};
const LANGUAGE_PREFIX = /^(?:language|lang|言語)\s*[:=：]?\s*/;
const MAX_COMMAND_LENGTH = 40;

const TRAILING_PUNCTUATION = '.!。！';

function canonical(text: string): string {
  const word = text.trim().toLowerCase().replace(/[’‘]/g, "'").replace(/[\s\u3000]+/g, ' ');
  let end = word.length;
  while (end > 0 && TRAILING_PUNCTUATION.includes(word[end - 1] as string)) end--;
  return word.slice(0, end);
}

export function parseChatCommand(input: TurnInput): ChatCommand | undefined {
  if (input.cardAction?.action === 'command') return { kind: input.cardAction.command };
  if (input.cardAction || input.text.length > MAX_COMMAND_LENGTH) return undefined;
  const word = canonical(input.text);
  if (word === '') return undefined;
  for (const [kind, words] of Object.entries(WORDS) as [CardCommand | 'escalate', readonly string[]][]) {
    if (words.includes(word)) return { kind };
  }
  return languageCommand(word);
}

function languageCommand(word: string): ChatCommand | undefined {
  const prefixed = LANGUAGE_PREFIX.test(word);
  const rest = word.replace(LANGUAGE_PREFIX, '');
  for (const lang of ['ja', 'en'] as const) {
    const names = LANGUAGE_WORDS[lang];
    // "language ja"; alone, only the full names (a bare "en" or "ja" is too easy to send by accident).
    if (names.includes(rest) && (prefixed || rest.length > 2)) return { kind: 'language', lang };
  }
  return undefined;
}
