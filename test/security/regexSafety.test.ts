// Every regular expression of the bot is safe from catastrophic backtracking: not only the lists
// the parser tests name, but every `patterns` export found under src/ and every regex literal
// written anywhere in src/ and dialogs/ (escape, normaliser, bot, security, cards, …), found with
// the TypeScript parser so a new file cannot be forgotten. Checked statically with recheck (its
// native agent); results are cached by source, flags and recheck version, shared with the parser
// tests. Then every registered parser gets 200 KB of repeated near-matches and must return.
import { strict as assert } from 'node:assert';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { check } from 'recheck';
import * as ts from 'typescript';
import { normalise } from '../../src/diagnosis/normalise';
import { parsers } from '../../src/diagnosis/parsers';

const ROOT = path.join(__dirname, '..', '..');
const RECHECK_VERSION = (require('recheck/package.json') as { version: string }).version;
const CACHE_FILE = path.join(ROOT, 'node_modules', '.cache', 'mailflow-doctor', 'recheck-safe.json');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    const runtime = entry.name.endsWith('.ts') && !/\.(?:test|fixtures|d)\.ts$/.test(entry.name);
    return runtime ? [full] : [];
  });
}

/** Polynomial by recheck, but harmless where they are used; each with the reason. */
const ACCEPTED: Record<string, string> = {
  'src/bot/taskModules.ts /\\/+$/': 'trims BOT_DOMAIN, a setting, never user input',
  'src/diagnosis/hybridCertificates.ts /Send connector (.{1,200}?): Message delivery was not successful/i':
    'the lazy group is bounded to 200 characters: at most 200 steps per start position',
};

const FILES = [...sourceFiles(path.join(ROOT, 'src')), ...sourceFiles(path.join(ROOT, 'dialogs'))];

interface Found {
  source: string;
  flags: string;
  where: string;
}

/** Regex literals, read from the syntax tree (not from strings or comments). */
function regexLiterals(file: string): Found[] {
  const sourceFile = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: Found[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const literal = node.getText(sourceFile);
      const end = literal.lastIndexOf('/');
      const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
      found.push({ source: literal.slice(1, end), flags: literal.slice(end + 1), where: `${path.relative(ROOT, file)}:${line}` });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** `patterns` exports (they include expressions built at run time with new RegExp). */
function exportedPatterns(file: string): Found[] {
  if (!/export const patterns\b/.test(readFileSync(file, 'utf8'))) return [];
  const patterns = (require(file) as { patterns?: unknown }).patterns;
  assert.ok(Array.isArray(patterns), `${file} exports patterns that are not an array`);
  return (patterns as RegExp[]).map((pattern) => ({ source: pattern.source, flags: pattern.flags, where: `${path.relative(ROOT, file)} (patterns)` }));
}

/**
 * recheck answers 'unknown' when its 10 s budget runs out, which a busy machine (the whole suite in
 * parallel) can cause for a pattern it proves safe in a second when alone: ask once more, with time.
 */
async function checkPatiently(source: string, flags: string): ReturnType<typeof check> {
  const first = await check(source, flags);
  if (first.status !== 'unknown') return first;
  return check(source, flags, { timeout: 120_000 });
}

function loadCache(): Set<string> {
  try {
    return new Set(JSON.parse(readFileSync(CACHE_FILE, 'utf8')) as string[]);
  } catch {
    return new Set();
  }
}

function saveCache(safe: Set<string>): void {
  try {
    mkdirSync(path.dirname(CACHE_FILE), { recursive: true });
    // merge with what other test files saved meanwhile
    writeFileSync(CACHE_FILE, JSON.stringify([...new Set([...loadCache(), ...safe])]));
  } catch {
    // no cache: the next run checks again
  }
}

describe('security: every regular expression is safe from catastrophic backtracking', function () {
  this.timeout(600_000);

  it('finds the regexes of every module (literals and patterns exports)', () => {
    const literals = FILES.flatMap(regexLiterals);
    const exported = FILES.flatMap(exportedPatterns);
    assert.ok(literals.length > 100, `${literals.length} literals`);
    assert.ok(exported.length > 50, `${exported.length} exported patterns`);
    assert.ok(literals.some((r) => r.where.startsWith('src/cards/escape.ts')), 'escape.ts is covered');
    assert.ok(literals.some((r) => r.where.startsWith('src/diagnosis/normalise.ts')), 'normalise.ts is covered');
  });

  it('recheck finds every one of them safe', async () => {
    const all = [...FILES.flatMap(regexLiterals), ...FILES.flatMap(exportedPatterns)];
    const unique = new Map<string, Found>();
    for (const found of all) unique.set(`${RECHECK_VERSION}\u0000${found.flags}\u0000${found.source}`, found);

    const safe = loadCache();
    const unsafe: string[] = [];
    const pending = [...unique].filter(([key]) => !safe.has(key));
    try {
      // a few at a time: the agent runs them in parallel
      for (let i = 0; i < pending.length; i += 8) {
        await Promise.all(
          pending.slice(i, i + 8).map(async ([key, found]) => {
            const result = await checkPatiently(found.source, found.flags);
            if (result.status === 'safe') safe.add(key);
            else if (ACCEPTED[`${found.where.replace(/:\d+$| \(patterns\)$/, '')} /${found.source}/${found.flags}`]) return;
            else unsafe.push(`${found.where} /${found.source}/${found.flags}: ${result.status}${result.status === 'vulnerable' ? ` (${result.complexity.type})` : ''}`);
          }),
        );
      }
    } finally {
      saveCache(safe);
    }
    assert.deepEqual(unsafe, []);
  });

  describe('every registered parser returns on 200 KB of repeated near-matches', () => {
    const SIZE = 200 * 1024;
    const NEAR_MATCHES = [
      ' ', 'a', '\t:', '454 4.7.0 ', '4.7.0 4.4.317 ', 'responded with: "', '{LED=451 4.4.395 ', 'Thumbprint : ', 'Thumbprint : 7D3E1A90C4B5F6A7B8C9D0E1F2A3B4C5D6E7F8',
      'Services : IMAP, POP, ', 'Subject : CN=', 'CN=a, CN=', 'NotAfter : 9/14/2027 ', 'TlsCertificateName : <I>CN=x<S>', '<I>', '<S>CN=',
      'Identity : ', 'AddressSpaces : {smtp:*;', 'SmartHosts : {', 'Event ID: ', 'Description:\n', 'Event 2004, MSExchangeTransport', 'イベント ID: ',
      '-----BEGIN CERTIFICATE-----\nMIIB', 'MIIBAAAA', '250-', '250-STARTTLS\n250-', 'EHLO mail.contoso.com\n', 'depth=0 CN = ', 'verify error:num=',
      'Verify return code: ', 'Certificate chain\n 0 s:', '2026-11-20T09:14:03.123Z,Outbound to Office 365,08DC,', ',*,TLS protocol SP_PROT_TLS1_2_CLIENT',
      'postfix/smtp[123]: ', 'status=deferred (', 'TLS is required, but was not offered by host ', 'TlsSenderCertificateName : ', 'TlsDomain : *.',
      'Status : Failed\nEvent : ', 'Recipient : a@', 'X509Certificate', 'Chain : ', 'Issuer: CN=', '\\\\', '"""', '((((', '[[[[', '<<<<', '&amp;&amp;',
    ];
    for (const parser of parsers) {
      it(parser.name, () => {
        for (const piece of NEAR_MATCHES) {
          const input = piece.repeat(Math.ceil(SIZE / piece.length)).slice(0, SIZE);
          for (const text of [input, normalise(input)]) {
            // it returns (no exception, no hang) with plain, serialisable facts
            assert.equal(typeof JSON.stringify(parser.parse(text) ?? null), 'string');
          }
        }
      });
    }
  });
});
