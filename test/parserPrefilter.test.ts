// The parser prefilter (src/diagnosis/parserPrefilter.ts) only ever skips a parser that would have
// found nothing: on every fixture file and every rule fixture input, extracting with it gives
// exactly what running every parser gives.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emptyExtracted, mergeExtracted } from '../src/diagnosis/extracted';
import { extract, normalise, rules } from '../src/diagnosis';
import { parserPrefilter } from '../src/diagnosis/parserPrefilter';
import { parsers } from '../src/diagnosis/parsers';
import type { RuleFixtureTable } from '../src/diagnosis/rule';

function everyParser(text: string) {
  const extracted = emptyExtracted();
  for (const parser of parsers) {
    try {
      mergeExtracted(extracted, parser.parse(text));
    } catch {
      // as the engine: a failing parser contributes nothing
    }
  }
  return extracted;
}

function fixtureFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return fixtureFiles(file);
    return /\.(txt|log|csv|md|html|json|pem|cer|crt|out)$/i.test(entry.name) ? [file] : [];
  });
}

function ruleInputs(): { name: string; input: string }[] {
  return rules.flatMap((rule) => {
    const file = path.join(__dirname, '..', 'src', 'diagnosis', 'rules', `${rule.id}.fixtures.ts`);
    if (!fs.existsSync(file)) return [];
    const { fixtures } = require(file) as { fixtures: RuleFixtureTable };
    return [...fixtures.recognise, ...fixtures.reject].map((f) => ({ name: `${rule.id}: ${f.name}`, input: f.input }));
  });
}

describe('parser prefilter', function () {
  const inputs = [
    ...fixtureFiles(path.join(__dirname, 'fixtures')).map((file) => ({ name: path.relative(__dirname, file), input: fs.readFileSync(file, 'utf8') })),
    ...ruleInputs(),
  ];

  it(`skips only parsers that find nothing (${inputs.length} fixture files and rule fixtures)`, function () {
    assert.ok(inputs.length > 100, `${inputs.length} inputs`);
    let skipped = 0;
    for (const { name, input } of inputs) {
      const text = normalise(input);
      const mayRun = parserPrefilter(text);
      skipped += parsers.filter((p) => !mayRun(p.name)).length;
      assert.deepEqual(extract(text), everyParser(text), name);
    }
    assert.ok(skipped > 0, 'the prefilter skips something');
  });

  it('a parser the table does not name always runs', function () {
    assert.equal(parserPrefilter('')('a-parser-added-later'), true);
  });
});
