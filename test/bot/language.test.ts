import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseChatCommand } from '../../src/bot/chatCommands';
import { chooseLanguage, languageOfOwnWords } from '../../src/bot/language';
import { readTurnInput } from '../../src/bot/turnInput';
import { normalise } from '../../src/diagnosis';
import { KB } from './harness';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
/** A copy of the KB article itself (prose), not machine output. */
const ARTICLES = new Set(['events/kb2888788-ja.txt']);
/** Forum posts keep the poster's own (paraphrased) words beside the machine output. */
const isForumPost = (file: string): boolean => file.startsWith(`forum${path.sep}`);

function fixtureFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) return fixtureFiles(path.join(dir, entry.name), relative);
    return entry.name.endsWith('.txt') ? [relative] : [];
  });
}

describe('language of the user\'s own words', () => {
  for (const file of fixtureFiles(FIXTURES).filter((f) => !ARTICLES.has(f) && !isForumPost(f))) {
    it(`pasted machine output is no signal: ${file}`, () => {
      assert.equal(languageOfOwnWords(normalise(fs.readFileSync(path.join(FIXTURES, file), 'utf8'))), undefined);
    });
  }

  const table: { name: string; text: string; lang: 'ja' | undefined }[] = [
    { name: 'a Japanese question', text: 'メールが Exchange Online に届きません。原因を調べてください。', lang: 'ja' },
    { name: 'a Japanese question above an English event', text: `このエラーが出ています。\n${KB.eventEn()}`, lang: 'ja' },
    { name: 'a Japanese note below a certificate list', text: `${KB.certs()}\n\n証明書の一覧です`, lang: 'ja' },
    { name: 'English words', text: 'Mail to Exchange Online is stuck, please help', lang: undefined },
    { name: 'kanji only (could be a name)', text: '東京 本社', lang: undefined },
    { name: 'a Japanese event description after 説明:', text: KB.eventJa(), lang: undefined },
  ];
  for (const { name, text, lang } of table) {
    it(name, () => assert.equal(languageOfOwnWords(normalise(text)), lang));
  }
});

describe('chooseLanguage', () => {
  const table: { signals: Parameters<typeof chooseLanguage>[0]; lang: 'en' | 'ja' }[] = [
    { signals: { preference: 'en', ownWords: 'ja', earlierWords: 'ja', locale: 'ja-JP' }, lang: 'en' },
    { signals: { ownWords: 'ja', locale: 'en-US' }, lang: 'ja' },
    { signals: { earlierWords: 'ja', locale: 'en-US' }, lang: 'ja' },
    { signals: { locale: 'ja-JP' }, lang: 'ja' },
    { signals: { locale: 'fr-FR' }, lang: 'en' },
    { signals: {}, lang: 'en' },
  ];
  for (const { signals, lang } of table) {
    it(`${JSON.stringify(signals)} → ${lang}`, () => assert.equal(chooseLanguage(signals), lang));
  }
});

describe('chat commands', () => {
  const table: [string, unknown][] = [
    ['help', { kind: 'help' }],
    ['  Help. ', { kind: 'help' }],
    ['ヘルプ', { kind: 'help' }],
    ['cancel', { kind: 'cancel' }],
    ['キャンセル', { kind: 'cancel' }],
    ['start over', { kind: 'startOver' }],
    ['Start  Over!', { kind: 'startOver' }],
    ['最初から', { kind: 'startOver' }],
    ['skip', { kind: 'skip' }],
    ["I don't have it", { kind: 'noData' }],
    ['I don’t have it', { kind: 'noData' }],
    ['手元にありません', { kind: 'noData' }],
    ['language ja', { kind: 'language', lang: 'ja' }],
    ['Language: EN', { kind: 'language', lang: 'en' }],
    ['日本語', { kind: 'language', lang: 'ja' }],
    ['English', { kind: 'language', lang: 'en' }],
    ['言語 日本語', { kind: 'language', lang: 'ja' }],
    ['escalate', { kind: 'escalate' }],
    ['ja', undefined],
    ['helpful', undefined],
    ['please help with this 454 4.7.0 error', undefined],
    [KB.eventEn(), undefined],
  ];
  for (const [text, expected] of table) {
    it(`${JSON.stringify(text.slice(0, 40))} → ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(parseChatCommand(readTurnInput({ text })), expected);
    });
  }

  it('a card button is the command its data names', () => {
    assert.deepEqual(parseChatCommand(readTurnInput({ value: { action: 'command', command: 'startOver' } })), { kind: 'startOver' });
    assert.equal(parseChatCommand(readTurnInput({ value: { action: 'command', command: 'format-disk' } })), undefined);
  });
});
