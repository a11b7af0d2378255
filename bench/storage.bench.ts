// SQLite storage latency: p50/p99 of single-key write and read calls, small and 10 KB values, on a
// temp file through createStorage's handle, i.e. the path the bot takes (retention wrapper included;
// WAL, synchronous=NORMAL, one transaction per call).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorage } from '../src/storage';

const OPERATIONS = 10_000;
const KEYS = 1_000;

function percentile(sortedMs: number[], fraction: number): number {
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor(sortedMs.length * fraction))];
}

async function time(operation: (index: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < OPERATIONS; index += 1) {
    const start = process.hrtime.bigint();
    await operation(index);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples.sort((a, b) => a - b);
}

function report(label: string, samples: number[]): void {
  const p50 = percentile(samples, 0.5).toFixed(3);
  const p99 = percentile(samples, 0.99).toFixed(3);
  console.log(`storage sqlite ${label.padEnd(22)} p50 ${p50} ms  p99 ${p99} ms  (${samples.length} ops)`);
}

function conversationLike(bytes: number) {
  const filler = 'Thumbprint : 0123456789ABCDEF0123456789ABCDEF01234567\n';
  return {
    dialogState: { dialogStack: [{ id: 'diagnose', state: { stepIndex: 1, values: { lang: 'en' } } }] },
    notes: filler.repeat(Math.max(1, Math.ceil(bytes / filler.length))).slice(0, bytes),
  };
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mfd-bench-'));
  const handle = await createStorage({ STORAGE: 'sqlite', SQLITE_PATH: join(dir, 'bench.sqlite') });
  const { storage } = handle;
  try {
    for (const [label, bytes] of [['small (~200 B)', 100], ['10 KB', 10_240]] as const) {
      const value = conversationLike(bytes);
      const key = (index: number) => `msteams/conversations/19:bench-${index % KEYS}@thread.tacv2/${label}`;
      report(`write ${label}`, await time((index) => storage.write({ [key(index)]: { ...value, turn: index, eTag: '*' } })));
      report(`read ${label}`, await time((index) => storage.read([key(index)])));
    }
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
