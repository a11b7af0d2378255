import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { run } from '../../src/cli/main';

const ROOT = path.join(__dirname, '..', '..');
const EVENT = path.join(ROOT, 'test/fixtures/kb2888788/event-en.txt');
const CERTS = path.join(ROOT, 'test/fixtures/kb2888788/certs-fl.txt');

function capture(argv: string[]): { status: number; out: string; err: string } {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: '', err: '' };
  out.on('data', (c: Buffer) => (chunks.out += c.toString()));
  err.on('data', (c: Buffer) => (chunks.err += c.toString()));
  const status = run(argv, out, err, false);
  return { status, ...chunks };
}

describe('CLI', () => {
  let combined: string;
  let empty: string;
  before(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfd-cli-'));
    combined = path.join(dir, 'combined.txt');
    empty = path.join(dir, 'empty.txt');
    fs.writeFileSync(combined, `${fs.readFileSync(EVENT, 'utf8')}\n${fs.readFileSync(CERTS, 'utf8')}`);
    fs.writeFileSync(empty, '  \n');
  });

  it('prints one JSON object per file, in file order, with the contract keys', () => {
    const { status, out } = capture(['--json', EVENT, combined]);
    assert.equal(status, 0);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(lines.map((l) => l.file), [EVENT, combined]);
    for (const line of lines) {
      assert.deepEqual(Object.keys(line).sort(), ['extracted', 'file', 'findings']);
      const finding = (line.findings as Record<string, unknown>[])[0]!;
      assert.deepEqual(Object.keys(finding).sort(), ['confidence', 'evidence', 'id', 'needs', 'severity', 'sources', 'steps', 'summary', 'title']);
      assert.equal(finding.id, 'untrusted-cert-on-smtp');
    }
    const second = lines[1]!.findings as { steps: { command?: string }[] }[];
    assert.ok(second[0]!.steps.some((s) => s.command?.includes('-TlsCertificateName')));
  });

  it('keeps going after an unreadable or empty file and exits non-zero', () => {
    const { status, out, err } = capture(['--json', path.join(ROOT, 'no-such-file.txt'), empty, EVENT]);
    assert.equal(status, 1);
    assert.equal(out.trim().split('\n').length, 1);
    assert.match(err, /no-such-file\.txt/);
    assert.match(err, /empty\.txt/);
  });

  it('renders Japanese with --lang ja and rejects an unknown language', () => {
    const ja = capture(['--lang', 'ja', EVENT]);
    assert.equal(ja.status, 0);
    assert.match(ja.out, /[\u3040-\u30ff]/);
    assert.equal(capture(['--lang', 'fr', EVENT]).status, 2);
    assert.equal(capture([]).status, 2);
  });

  it('reads standard input with -', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), '--json', '-'], {
      input: fs.readFileSync(EVENT, 'utf8'),
      encoding: 'utf8',
      cwd: ROOT,
    });
    assert.equal(result.status, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as { file: string }).file, '-');
  });
});
