// Writes the generated index of docs/catalogue.md: per public identifier (event id, SMTP code,
// error word), the rules that claim it in `meta.identifiers`. `npm run catalogue` rewrites the
// file; `npm run catalogue -- --check` exits 1 when it is not current (test/catalogue.test.ts
// runs the same check).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Rule } from '../src/diagnosis/defineRule';
import { rules } from '../src/diagnosis/rules';

export const CATALOGUE = path.join(__dirname, '..', 'docs', 'catalogue.md');
const START = '<!-- catalogue-index:start -->';
const END = '<!-- catalogue-index:end -->';

type Kind = 'events' | 'smtpCodes' | 'words';
const HEADINGS: Record<Kind, string> = { events: 'Event id', smtpCodes: 'SMTP code', words: 'Error word' };

function sortKey(kind: Kind, value: string): string {
  if (kind === 'events') return value.padStart(8, '0');
  if (kind === 'smtpCodes') return value.split('.').map((p) => p.padStart(4, '0')).join('.');
  return value.toLowerCase();
}

/** The markdown between the markers, from the registry. */
export function catalogueIndex(list: readonly Rule[] = rules): string {
  const out: string[] = [];
  for (const kind of Object.keys(HEADINGS) as Kind[]) {
    const claims = new Map<string, string[]>();
    for (const rule of list) {
      for (const value of rule.meta.identifiers[kind] ?? []) {
        const id = String(value);
        claims.set(id, [...(claims.get(id) ?? []), rule.id]);
      }
    }
    const rows = [...claims].sort(([a], [b]) => sortKey(kind, a).localeCompare(sortKey(kind, b)));
    out.push(`| ${HEADINGS[kind]} | rules |`, '|---|---|');
    for (const [value, ids] of rows) out.push(`| \`${value.replace(/\|/g, '\\|')}\` | ${ids.map((id) => `[\`${id}\`](../src/diagnosis/rules/${id}.ts)`).join(', ')} |`);
    out.push('');
  }
  return out.join('\n');
}

/** The catalogue text with a current index. */
export function withIndex(text: string, list: readonly Rule[] = rules): string {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/catalogue.md lacks the ${START} / ${END} markers`);
  return `${text.slice(0, start + START.length)}\n${catalogueIndex(list)}${text.slice(end)}`;
}

if (require.main === module) {
  const current = fs.readFileSync(CATALOGUE, 'utf8');
  const next = withIndex(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      process.stderr.write('docs/catalogue.md is not current: run npm run catalogue\n');
      process.exit(1);
    }
  } else if (next !== current) {
    fs.writeFileSync(CATALOGUE, next);
    process.stdout.write('docs/catalogue.md index updated\n');
  }
}
