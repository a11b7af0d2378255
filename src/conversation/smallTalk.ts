// Messages that are not pastes but words to the bot: a greeting, thanks, or a question in words
// ("why does mail to Office 365 stop?"). They get a short human answer, not the error note.
export type SmallTalk = 'greeting' | 'thanks' | 'question';

const GREETINGS = ['hi', 'hello', 'hey', 'hi there', 'hello there', 'good morning', 'good afternoon', 'good evening', 'yo', 'こんにちは', 'こんばんは', 'おはよう', 'おはようございます', 'はじめまして', 'もしもし', 'やあ'];
const THANKS = ['thanks', 'thank you', 'thx', 'ty', 'thanks a lot', 'thank you very much', 'many thanks', 'cheers', 'great', 'ok', 'okay', 'got it', 'perfect', 'ありがとう', 'ありがとうございます', 'ありがとうございました', 'どうもありがとう', '助かりました', 'どうも', '了解', '了解です', 'わかりました', '承知しました'];
const QUESTION_START = /^(?:why|how|what|when|where|which|who|can|could|does|do|is|are|should|will|would)\b/i;
const JAPANESE_QUESTION = /(?:なぜ|どうして|どうやって|どうすれば|なに|何|ですか|ますか|でしょうか|か？|か\?)/;
// Machine output: a status code, a cmdlet, a thumbprint, a log line; per line, "Key : value".
const MACHINE: readonly RegExp[] = [/\b[245]\d\d[ -][245]\.\d{1,3}\.\d{1,3}\b/, /\b[A-Z][a-z]+-[A-Z][A-Za-z]+\b/, /\b[0-9A-Fa-f]{40}\b/, /(?:,[^,\n]*){4,}/];
const LABEL_VALUE = /^[ \t]*[A-Za-z][\w.-]{0,40}[ \t]*:[ \t]/;
const TRAILING = '.!。！、,~〜♪';
const MAX_SMALL_TALK = 300;

function canonical(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[\s\u3000]+/g, ' ')
    .replace(/[\u{1F300}-\u{1FAFF}]/gu, '');
}

function withoutTrailingPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && (TRAILING.includes(text[end - 1] as string) || text[end - 1] === ' ')) end--;
  return text.slice(0, end);
}

function looksLikeMachineOutput(text: string): boolean {
  return MACHINE.some((pattern) => pattern.test(text)) || text.split('\n').some((line) => LABEL_VALUE.test(line));
}

export function smallTalk(text: string): SmallTalk | undefined {
  if (text.length > MAX_SMALL_TALK || text.trim() === '' || looksLikeMachineOutput(text)) return undefined;
  const words = withoutTrailingPunctuation(canonical(text));
  if (GREETINGS.includes(words) || GREETINGS.some((g) => words.startsWith(`${g} `) && words.length <= g.length + 20 && !words.includes('?'))) return 'greeting';
  if (THANKS.includes(words) || /^(?:thanks|thank you|ありがとう)/.test(words)) return 'thanks';
  if (words.endsWith('?') || words.endsWith('？') || QUESTION_START.test(words) || JAPANESE_QUESTION.test(words)) return 'question';
  return undefined;
}
