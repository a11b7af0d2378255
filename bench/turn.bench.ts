// Turn latency of the real server for the KB 2888788 paste (event + certificate list), posted as
// a Teams message with deliveryMode expectReplies: p50 / p99 over 1,000 sequential turns, each in
// its own conversation (so every turn gives the full answer), with memory and SQLite storage.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startServer } from '../src/index';
import { createLogger } from '../src/logger';
import { fmt, percentile } from './stats';

const FIXTURES = path.join(__dirname, '..', 'test', 'fixtures', 'kb2888788');
const PASTE = ['event-en.txt', 'certs-fl.txt'].map((f) => fs.readFileSync(path.join(FIXTURES, f), 'utf8')).join('\n');
const TURNS = 1000;
const WARMUP = 50;

function activity(i: number): string {
  return JSON.stringify({
    type: 'message',
    id: `bench-${i}`,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:1/',
    deliveryMode: 'expectReplies',
    from: { id: `29:bench-user-${i}` },
    recipient: { id: '28:mailflow-doctor' },
    conversation: { id: `a:bench-${i}`, conversationType: 'personal' },
    locale: 'en-US',
    text: PASTE,
  });
}

async function measure(label: string, env: NodeJS.ProcessEnv): Promise<void> {
  const server = await startServer({ port: 0, host: '127.0.0.1', env, logger: createLogger({ level: 'silent' }) });
  const url = `http://127.0.0.1:${server.port}/api/messages`;
  const turn = async (i: number): Promise<void> => {
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: activity(i) });
    const body = (await response.json()) as { activities?: { attachments?: unknown[] }[] };
    if (response.status !== 200 || !body.activities?.some((a) => a.attachments?.length)) throw new Error(`turn ${i}: no card (${response.status})`);
  };
  try {
    for (let i = 0; i < WARMUP; i++) await turn(-1 - i);
    const durations: number[] = [];
    for (let i = 0; i < TURNS; i++) {
      const start = process.hrtime.bigint();
      await turn(i);
      durations.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    durations.sort((a, b) => a - b);
    process.stdout.write(
      `turn (KB paste → diagnosis card, HTTP expectReplies, ${label}) p50 ${fmt(percentile(durations, 50))}  p99 ${fmt(percentile(durations, 99))}  (${TURNS} turns)\n`,
    );
  } finally {
    await server.close();
  }
}

export async function run(): Promise<void> {
  await measure('memory storage', { STORAGE: 'memory' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailflow-bench-'));
  try {
    await measure('SQLite storage', { STORAGE: 'sqlite', SQLITE_PATH: path.join(dir, 'bench.sqlite') });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
