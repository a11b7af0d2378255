// Send-side pastes (queue + send protocol log + connectors + certificates + EXO inbound connector
// + Postfix + openssl): whole-engine time by size, and the share of helper A's parsers and rules.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diagnose, extract } from '../src/diagnosis';
import { normalise } from '../src/diagnosis/normalise';
import { parsers } from '../src/diagnosis/parsers';
import type { Facts } from '../src/diagnosis/rule';
import { rules } from '../src/diagnosis/rules';
import { fmt, percentile, timeSync } from './stats';

const SEND = path.join(__dirname, '..', 'test', 'fixtures', 'send');
const HELPER_A_PARSERS = new Set(['ehlo', 'exoConnectors', 'protocolLog', 'openssl', 'mtaLog']);
const HELPER_A_RULES = new Set([
  'send-connector-tlscertname-not-found', 'no-private-key', 'cert-not-enabled-for-smtp', 'tenant-attribution-cert-mismatch',
  'tenant-inbound-attribution', 'attr36-cert-domain-not-accepted', 'cert-tagged-by-connector', 'hcw-requiretls-tlscertname',
  'client-not-using-starttls', 'legacy-tls-rejected', 'tls12-disabled',
]);

function unit(): string {
  // Logs first, so a 5 KB cut holds the formats helper A parses.
  const order = (f: string): number => (/log|queue|ndr/.test(f) ? 0 : 1);
  const files = fs.readdirSync(SEND).sort((a, b) => order(a) - order(b) || a.localeCompare(b)).map((f) => fs.readFileSync(path.join(SEND, f), 'utf8'));
  return [
    ...files,
    'Nov 26 10:12:01 relay01 postfix/smtp[2211]: 4F2A71C0B2: to=<j.tanaka@contoso.com>, relay=contoso-com.mail.protection.outlook.com[52.101.68.4]:25, dsn=4.7.3, status=deferred (host contoso-com.mail.protection.outlook.com[52.101.68.4] said: 451 5.7.3 STARTTLS is required to send mail (in reply to MAIL FROM command))',
    'CONNECTED(00000003)\n    Verify return code: 21 (unable to verify the first certificate)',
  ].join('\n');
}

function pasteOfSize(bytes: number): string {
  const base = unit();
  let text = base;
  while (Buffer.byteLength(text) < bytes) text += `\n${base}`;
  return text.slice(0, bytes);
}

export async function run(): Promise<void> {
  const now = new Date('2026-11-26T00:00:00Z');
  const medians: Record<string, number> = {};
  for (const [label, bytes, iterations] of [['5 KB', 5 * 1024, 1000], ['1 MB', 1024 * 1024, 10]] as const) {
    const text = pasteOfSize(bytes);
    const durations = timeSync(() => diagnose(text, { now }), iterations, Math.min(20, iterations));
    medians[label] = percentile(durations, 50);
    process.stdout.write(`diagnose send-side ${label.padEnd(5)} median ${fmt(percentile(durations, 50)).padStart(9)}  p99 ${fmt(percentile(durations, 99)).padStart(9)}\n`);
  }
  process.stdout.write(`1 MB / 5 KB median ratio: ${(medians['1 MB']! / medians['5 KB']!).toFixed(0)} (linear would be ${(1024 / 5).toFixed(0)})\n`);

  const text = normalise(pasteOfSize(5 * 1024));
  let parserShare = 0;
  for (const parser of parsers.filter((p) => HELPER_A_PARSERS.has(p.name))) parserShare += percentile(timeSync(() => parser.parse(text), 500), 50);
  const facts: Facts = { text, extracted: extract(text), now };
  let ruleShare = 0;
  for (const rule of rules.filter((r) => HELPER_A_RULES.has(r.id))) ruleShare += percentile(timeSync(() => rule.detect(facts), 500), 50);
  process.stdout.write(`helper A share of a 5 KB send-side paste: parsers ${fmt(parserShare)}, rules ${fmt(ruleShare)}\n`);
}
