// Runs every rule's fixture table (src/diagnosis/rules/<id>.fixtures.ts) through the whole
// engine: each input it must recognise, and each look-alike it must not claim.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { analyse } from '../src/diagnosis/engine';
import type { RuleFixtureTable } from '../src/diagnosis/rule';
import { rules } from '../src/diagnosis/rules';
import type { Message, RuleFinding } from '../src/diagnosis/types';
import { hasKey, LANGS } from '../src/i18n';

const DEFAULT_NOW = '2026-11-26T00:00:00Z';
const counts: string[] = [];

function loadTable(id: string): RuleFixtureTable {
  const file = path.join(__dirname, '..', 'src', 'diagnosis', 'rules', `${id}.fixtures`);
  return (require(file) as { fixtures: RuleFixtureTable }).fixtures;
}

function messagesOf(finding: RuleFinding): Message[] {
  return [
    ...(finding.summary ? [finding.summary] : []),
    ...finding.steps.map((s) => s.title),
    ...finding.needs.map((n) => n.what),
  ];
}

function assertLocalised(id: string, finding: RuleFinding): void {
  const keys = [`finding.${id}.title`, ...(finding.summary ? [] : [`finding.${id}.summary`]), ...messagesOf(finding).map((m) => m.key)];
  for (const lang of LANGS) for (const key of keys) assert.ok(hasKey(lang, key), `missing ${lang} locale key ${key}`);
}

describe('rule fixture tables', () => {
  after(() => {
    if (counts.length) process.stdout.write(`\n  fixtures per rule (recognise/reject):\n    ${counts.join('\n    ')}\n`);
  });

  for (const rule of rules) {
    describe(rule.id, () => {
      const table = loadTable(rule.id);
      const now = new Date(table.now ?? DEFAULT_NOW);
      counts.push(`${rule.id}: ${table.recognise.length}/${table.reject.length}`);

      it('has metadata and at least 3 inputs to recognise and 2 look-alikes', () => {
        assert.ok(rule.title && rule.sources.length > 0, 'title and sources');
        assert.ok(table.recognise.length >= 3, 'recognise >= 3');
        assert.ok(table.reject.length >= 2, 'reject >= 2');
      });

      for (const fixture of table.recognise) {
        it(`recognises: ${fixture.name}`, () => {
          const { results, ruleErrors } = analyse(fixture.input, { now });
          assert.deepEqual(ruleErrors, []);
          const hit = results.find((r) => r.rule.id === rule.id);
          assert.ok(hit, `no ${rule.id} finding; got ${results.map((r) => r.rule.id).join(', ') || 'none'}`);
          if (fixture.top !== false) assert.equal(results[0]!.rule.id, rule.id, 'ranked first');
          const stepCommands = hit.finding.steps.map((s) => s.command ?? '');
          for (const expected of fixture.commands ?? []) {
            assert.ok(stepCommands.some((c) => c.includes(expected)), `a step command contains ${expected}\n${stepCommands.join('\n')}`);
          }
          const needCommands = hit.finding.needs.map((n) => n.command);
          for (const expected of fixture.needs ?? []) {
            assert.ok(needCommands.some((c) => c.includes(expected)), `a needs command contains ${expected}\n${needCommands.join('\n')}`);
          }
          for (const pattern of fixture.forbiddenCommands ?? []) {
            assert.ok(!stepCommands.some((c) => pattern.test(c)), `no step command matches ${pattern}`);
          }
          for (const [key, value] of Object.entries(fixture.data ?? {})) {
            assert.deepEqual(hit.finding.data?.[key], value, `data.${key}`);
          }
          assertLocalised(rule.id, hit.finding);
        });
      }

      for (const fixture of table.reject) {
        it(`does not claim: ${fixture.name}`, () => {
          const { results } = analyse(fixture.input, { now });
          assert.ok(!results.some((r) => r.rule.id === rule.id), `${rule.id} claimed a look-alike`);
        });
      }
    });
  }
});
