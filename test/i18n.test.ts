import { strict as assert } from 'node:assert';
import { keys, t, toLang } from '../src/i18n';

describe('locales', () => {
  it('English and Japanese have exactly the same keys', () => {
    const en = new Set(keys('en'));
    const ja = new Set(keys('ja'));
    assert.deepEqual([...en].filter((k) => !ja.has(k)), [], 'keys missing in ja');
    assert.deepEqual([...ja].filter((k) => !en.has(k)), [], 'keys missing in en');
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (s: string): string[] => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of keys('en')) assert.deepEqual(placeholders(t('ja', key)), placeholders(t('en', key)), key);
  });

  it('interpolates parameters and leaves unknown ones visible', () => {
    assert.equal(t('en', 'no.such.key'), 'no.such.key');
    assert.equal(toLang('ja-JP'), 'ja');
    assert.equal(toLang('en-US'), 'en');
    assert.equal(toLang('fr-FR'), undefined);
  });
});
