// Turn throughput of the real server against a bare echo bot on the same botbuilder + restify,
// side by side in one run: autocannon POSTs Teams messages with deliveryMode expectReplies carrying
// the KB 2888788 paste (event 2004 + Get-ExchangeCertificate | fl), each with its own activity,
// conversation and user id (so every turn gets the full diagnosis, and neither dedupe nor the
// per-user rate limit drops anything). Servers run in child processes: compiled JS (what
// production runs) and, for the bot, TypeScript through tsx. Storage: SQLite, the default (and
// memory storage, to show what storage costs).
// Then the latency of 1,000 sequential turns against the compiled server.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { buildCompiled, startServerProcess, type RunMode, type ServerKind } from './serverProcess';
import { fmt, percentile } from './stats';

const FIXTURES = path.join(__dirname, '..', 'test', 'fixtures', 'kb2888788');
const PASTE = ['event-en.txt', 'certs-fl.txt'].map((f) => fs.readFileSync(path.join(FIXTURES, f), 'utf8')).join('\n');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const SEQUENTIAL_TURNS = 1000;

let sequence = 0;
function activity(): string {
  sequence += 1;
  return JSON.stringify({
    type: 'message',
    id: `load-${process.pid}-${sequence}`,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:1/',
    deliveryMode: 'expectReplies',
    from: { id: `29:load-user-${sequence}`, aadObjectId: `aad-load-${sequence}` },
    recipient: { id: '28:mailflow-doctor' },
    conversation: { id: `a:load-${process.pid}-${sequence}`, conversationType: 'personal', tenantId: 'tenant-load' },
    channelData: { tenant: { id: 'tenant-load' } },
    locale: 'en-US',
    text: PASTE,
  });
}

interface LoadResult {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(label: string, port: number, seconds: number): Promise<LoadResult> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/messages`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ setupRequest: (request) => ({ ...request, body: activity() }) }],
  });
  return { label, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function measure(kind: ServerKind, mode: RunMode, label: string, env: NodeJS.ProcessEnv): Promise<LoadResult> {
  const server = await startServerProcess(kind, mode, env);
  try {
    await load(`${label} warm-up`, server.port, 3);
    return await load(label, server.port, DURATION_S);
  } finally {
    await server.stop();
  }
}

async function sequentialLatency(env: NodeJS.ProcessEnv): Promise<number[]> {
  const server = await startServerProcess('bot', 'compiled', env);
  const url = `http://127.0.0.1:${server.port}/api/messages`;
  const turn = async (): Promise<void> => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: activity() });
    const body = (await response.json()) as { activities?: { attachments?: unknown[] }[] };
    if (!body.activities?.some((a) => a.attachments?.length)) throw new Error(`no diagnosis card (${response.status})`);
  };
  try {
    for (let i = 0; i < 100; i++) await turn();
    const durations: number[] = [];
    for (let i = 0; i < SEQUENTIAL_TURNS; i++) {
      const start = process.hrtime.bigint();
      await turn();
      durations.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return durations.sort((a, b) => a - b);
  } finally {
    await server.stop();
  }
}

export async function run(): Promise<void> {
  buildCompiled();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailflow-load-'));
  const botEnv = (name: string): NodeJS.ProcessEnv => ({ STORAGE: 'sqlite', SQLITE_PATH: path.join(dir, `${name}.sqlite`), LOG_LEVEL: 'silent' });
  try {
    process.stdout.write(`autocannon, ${CONNECTIONS} connections, ${DURATION_S} s each (after 3 s warm-up), KB 2888788 paste (${(Buffer.byteLength(PASTE) / 1024).toFixed(1)} KB), ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}\n`);
    const echo = await measure('echo', 'compiled', 'echo bot (compiled)', {});
    const bot = await measure('bot', 'compiled', 'Mailflow Doctor (compiled, SQLite)', botEnv('compiled'));
    const botTsx = await measure('bot', 'tsx', 'Mailflow Doctor (tsx, SQLite)', botEnv('tsx'));
    const botMemory = await measure('bot', 'compiled', 'Mailflow Doctor (compiled, memory)', { STORAGE: 'memory', LOG_LEVEL: 'silent' });
    for (const r of [echo, bot, botTsx, botMemory]) {
      process.stdout.write(
        `${r.label.padEnd(38)} ${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50} ms   p99 ${r.p99} ms${r.errors ? `   ${r.errors} errors/non-2xx` : ''}\n`,
      );
    }
    process.stdout.write(`ratio Mailflow Doctor / echo (compiled): ${(bot.rps / echo.rps).toFixed(2)} (target ≥ 0.7)\n`);

    const durations = await sequentialLatency(botEnv('sequential'));
    process.stdout.write(
      `${SEQUENTIAL_TURNS} sequential turns (compiled, SQLite, HTTP): p50 ${fmt(percentile(durations, 50))}  p99 ${fmt(percentile(durations, 99))}\n`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
