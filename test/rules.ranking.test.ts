// Ranking is data (src/diagnosis/ranking.ts): status, then declared precedence (meta.yieldsTo),
// then strength. These tests state each precedence directly and check the registry's load checks.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defineRule, type Rule } from '../src/diagnosis/defineRule';
import { analyse } from '../src/diagnosis/engine';
import { checkRegistry, CONFIDENCE, rank, STATUS_ORDER } from '../src/diagnosis/ranking';
import type { RuleFixtureTable } from '../src/diagnosis/rule';
import { rules } from '../src/diagnosis/rules';

/** "When A and B both apply with the same status, A leads": [A, B] for every yieldsTo edge. */
const PRECEDENCE: [leader: string, follower: string][] = [
  ['connector-fqdn-no-matching-cert', 'no-trusted-cert-for-hybrid'],
  ['root-ca-not-trusted', 'incomplete-chain'],
];

function fixtureInputs(): { input: string; now: Date }[] {
  return rules.flatMap((rule) => {
    const table = (require(path.join(__dirname, '..', 'src', 'diagnosis', 'rules', `${rule.id}.fixtures`)) as { fixtures: RuleFixtureTable }).fixtures;
    const now = new Date(table.now ?? '2026-11-26T00:00:00Z');
    return [...table.recognise, ...table.reject].map((f) => ({ input: f.input, now }));
  });
}

function toy(id: string, status: 'named' | 'latent' | 'corroborated', strength: 1 | 2 | 3, yieldsTo?: string[]): Rule {
  return defineRule({
    meta: { id, title: id, severity: 'error', sources: ['x'], identifiers: {}, keys: [], ...(yieldsTo ? { yieldsTo } : {}) },
    detect: () => ({ status, strength, data: null }),
    advise: () => ({ evidence: [], steps: [], needs: [] }),
  });
}

describe('rule ranking', () => {
  it('the stated precedences are exactly the registry yieldsTo edges', () => {
    const edges = rules.flatMap((r) => (r.meta.yieldsTo ?? []).map((to) => `${to} > ${r.id}`)).sort();
    assert.deepEqual(edges, PRECEDENCE.map(([a, b]) => `${a} > ${b}`).sort());
  });

  const inputs = fixtureInputs();
  for (const [leader, follower] of PRECEDENCE) {
    it(`when ${leader} and ${follower} both apply, ${leader} leads`, () => {
      let seen = 0;
      for (const { input, now } of inputs) {
        const { results } = analyse(input, { now });
        const a = results.findIndex((r) => r.rule.id === leader);
        const b = results.findIndex((r) => r.rule.id === follower);
        if (a < 0 || b < 0 || results[a]!.status !== results[b]!.status) continue;
        seen += 1;
        assert.ok(a < b, `${follower} ranked above ${leader}`);
      }
      assert.ok(seen > 0, 'some fixture has both rules applying with the same status');
    });
  }

  it('no rule writes a confidence: rule files hold grades, ranking.ts derives the number', () => {
    const dir = path.join(__dirname, '..', 'src', 'diagnosis', 'rules');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.fixtures.ts'))) {
      const source = fs.readFileSync(path.join(dir, file), 'utf8');
      assert.ok(!/\bconfidence\b/.test(source), `${file} mentions confidence`);
      assert.ok(!/(?<![\w.])0\.\d+/.test(source.replace(/\/\/.*$/gm, '')), `${file} holds a decimal literal`);
    }
  });

  it('orders by status first, then precedence, then strength', () => {
    const a = toy('a', 'named', 3, ['b']);
    const b = toy('b', 'named', 1);
    const c = toy('c', 'corroborated', 1);
    const d = toy('d', 'latent', 3);
    const list = [a, b, c, d];
    const ranked = rank(list.map((rule) => ({ rule, status: rule.detect({} as never)!.status as 'named', strength: rule.detect({} as never)!.strength })), list);
    assert.deepEqual(ranked.map((r) => r.rule.id), ['c', 'b', 'a', 'd']);
  });

  it('derives the shown confidence from status and strength, higher status always higher', () => {
    for (let i = 1; i < STATUS_ORDER.length; i++) {
      assert.ok(CONFIDENCE[STATUS_ORDER[i - 1]!][1] > CONFIDENCE[STATUS_ORDER[i]!][3]);
    }
  });

  it('the registry refuses duplicate ids, unknown or cyclic precedence and missing locale keys', () => {
    const none = (): string[] => [];
    assert.throws(() => checkRegistry([toy('a', 'named', 1), toy('a', 'named', 1)], none), /duplicate rule id a/);
    assert.throws(() => checkRegistry([toy('a', 'named', 1, ['b']), toy('b', 'named', 1, ['a'])], none), /cycle/);
    assert.throws(() => checkRegistry([toy('a', 'named', 1, ['zz'])], none), /unknown rule zz/);
    assert.throws(() => checkRegistry([toy('a', 'named', 1)], (key) => (key === 'finding.a.title' ? ['ja'] : [])), /finding\.a\.title missing in ja/);
    assert.doesNotThrow(() => checkRegistry(rules, none));
  });

  it('refuses a finding that emits an undeclared locale key', () => {
    const sneaky = defineRule({
      meta: { id: 'sneaky', title: 'x', severity: 'error', sources: ['x'], identifiers: {}, keys: [] },
      detect: () => ({ status: 'named', strength: 1, data: null }),
      advise: () => ({ evidence: [], steps: [{ kind: 'fix', title: { key: 'finding.other.step' } }], needs: [] }),
    });
    const { results, ruleErrors } = analyse('anything', { rules: [sneaky] });
    assert.equal(results.length, 0);
    assert.match(ruleErrors[0]!.message, /undeclared locale keys: finding\.other\.step/);
  });
});
