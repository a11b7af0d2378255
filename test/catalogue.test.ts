// docs/catalogue.md is the public list of finding ids; its index (identifier → rules) is
// generated from the rules' meta.identifiers and must be current (npm run catalogue).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CATALOGUE, withIndex } from '../scripts/catalogue';
import type { RuleFixtureTable } from '../src/diagnosis/rule';
import { rules } from '../src/diagnosis/rules';

const RULES_DIR = path.join(__dirname, '..', 'src', 'diagnosis', 'rules');

describe('docs/catalogue.md', () => {
  const text = fs.readFileSync(CATALOGUE, 'utf8');

  it('has a current identifier index (run npm run catalogue)', () => {
    assert.ok(withIndex(text) === text, 'docs/catalogue.md is not current: run npm run catalogue');
  });

  it('lists every rule id, and every listed id is a rule', () => {
    const ids = text.slice(0, text.indexOf('<!-- catalogue-index:start -->'));
    const listed = [...ids.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]!);
    assert.deepEqual([...new Set(listed)].sort(), rules.map((r) => r.id).sort());
  });

  for (const rule of rules) {
    it(`${rule.id}: every identifier it claims is in its recognised fixtures or its code`, () => {
      const table = (require(path.join(RULES_DIR, `${rule.id}.fixtures`)) as { fixtures: RuleFixtureTable }).fixtures;
      const haystack = [fs.readFileSync(path.join(RULES_DIR, `${rule.id}.ts`), 'utf8').replace(/identifiers: \{[^}]*\}/, ''), ...table.recognise.map((f) => f.input)]
        .join('\n')
        .toLowerCase();
      const { events = [], smtpCodes = [], words = [] } = rule.meta.identifiers;
      for (const id of [...events.map(String), ...smtpCodes, ...words]) {
        assert.ok(haystack.includes(id.toLowerCase()), `${id} claimed but neither read nor tested`);
      }
    });
  }
});
