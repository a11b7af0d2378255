// Turn throughput of the real server beside two references on the same botbuilder + restify, in
// one run, all three running at once and loaded in turn, 2 s at a time (each gets DURATION_S per
// round; three rounds), so a busy machine slows all three alike and the ratios hold:
//   - the core-bot peer (bench/coreBotPeer.ts): ComponentDialog + WaterfallDialog + TextPrompt,
//     ConversationState + UserState on our SQLite storage, an Adaptive Card of our card's size;
//   - a bare echo bot (bench/echoBot.ts).
// autocannon POSTs Teams messages with deliveryMode expectReplies carrying the KB 2888788 paste
// (event 2004 + Get-ExchangeCertificate | fl), each with its own activity, conversation and user id
// (so every turn gets the full diagnosis, and neither dedupe nor the per-user rate limit drops
// anything). Servers run in child processes on compiled JS (what production runs).
// BENCH_EXTRA=1 adds the bot through tsx and on memory storage. Then the latency of 1,000
// sequential turns against the compiled server.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { diagnosisCard } from '../src/cards';
import { diagnose } from '../src/diagnosis';
import { buildCompiled, startServerProcess, type RunMode, type ServerKind } from './serverProcess';
import { fmt, percentile } from './stats';

const FIXTURES = path.join(__dirname, '..', 'test', 'fixtures', 'kb2888788');
const PASTE = ['event-en.txt', 'certs-fl.txt'].map((f) => fs.readFileSync(path.join(FIXTURES, f), 'utf8')).join('\n');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const SEQUENTIAL_TURNS = 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SEGMENT_S = 2;

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
  /** Turns answered (2xx) in the run. */
  turns: number;
  /** The server's CPU time per turn, ms (robust on a busy machine: it does not count waiting). */
  cpuPerTurn?: number;
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
  return { label, rps: result.requests.average, turns: result.requests.total - result.non2xx, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
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

interface Contender {
  label: string;
  port: number;
  cpuMs(): number;
  segments: LoadResult[];
}

/** Loads each server in turn for SEGMENT_S at a time, round-robin, until each had `seconds`. */
async function interleaved(contenders: Contender[], seconds: number): Promise<LoadResult[]> {
  for (const c of contenders) c.segments = [];
  const cycles = Math.max(1, Math.round(seconds / SEGMENT_S));
  for (let cycle = 0; cycle < cycles; cycle++) {
    // Rotate the order, so no server always follows the same one.
    for (let i = 0; i < contenders.length; i++) {
      const c = contenders[(i + cycle) % contenders.length]!;
      const cpuBefore = c.cpuMs();
      const segment = await load(c.label, c.port, SEGMENT_S);
      segment.cpuPerTurn = (c.cpuMs() - cpuBefore) / Math.max(1, segment.turns);
      c.segments.push(segment);
    }
  }
  return contenders.map((c) => ({
    label: c.label,
    rps: c.segments.reduce((sum, r) => sum + r.rps, 0) / c.segments.length,
    turns: c.segments.reduce((sum, r) => sum + r.turns, 0),
    cpuPerTurn: median(c.segments.map((r) => r.cpuPerTurn ?? NaN)),
    p50: median(c.segments.map((r) => r.p50)),
    p99: median(c.segments.map((r) => r.p99)),
    errors: c.segments.reduce((sum, r) => sum + r.errors, 0),
  }));
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

/** Bytes of the diagnosis card the bot sends for the paste (the peer sends one of the same size). */
function ourCardBytes(): number {
  const [top, ...others] = diagnose(PASTE, { lang: 'en' }).findings;
  return Buffer.byteLength(JSON.stringify(diagnosisCard(top!, { lang: 'en', escalation: false, otherFindings: others })));
}

function line(r: LoadResult): string {
  const cpu = r.cpuPerTurn === undefined ? '' : `   CPU ${r.cpuPerTurn.toFixed(2)} ms/turn`;
  return `${r.label.padEnd(38)} ${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50} ms   p99 ${r.p99} ms${cpu}${r.errors ? `   ${r.errors} errors/non-2xx` : ''}\n`;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function run(): Promise<void> {
  buildCompiled();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailflow-load-'));
  const botEnv = (name: string): NodeJS.ProcessEnv => ({ STORAGE: 'sqlite', SQLITE_PATH: path.join(dir, `${name}.sqlite`), LOG_LEVEL: 'silent' });
  const cardBytes = ourCardBytes();
  const peerEnv = (name: string): NodeJS.ProcessEnv => ({ PEER_SQLITE_PATH: path.join(dir, `${name}.sqlite`), PEER_CARD_BYTES: String(cardBytes) });
  try {
    process.stdout.write(
      `autocannon, ${CONNECTIONS} connections, ${DURATION_S} s each (after 3 s warm-up), KB 2888788 paste (${(Buffer.byteLength(PASTE) / 1024).toFixed(1)} KB), card ${(cardBytes / 1024).toFixed(1)} KB, ${os.cpus().length} CPUs, ${ROUNDS} rounds\n`,
    );
    const ratios: { peer: number; echo: number; p99: number; cpu: number }[] = [];
    const servers = [
      { label: 'echo bot', process: await startServerProcess('echo', 'compiled', {}) },
      { label: 'core-bot peer (SQLite)', process: await startServerProcess('peer', 'compiled', peerEnv('peer')) },
      { label: 'Mailflow Doctor (SQLite)', process: await startServerProcess('bot', 'compiled', botEnv('bot')) },
    ];
    try {
      const contenders: Contender[] = servers.map((s) => ({ label: s.label, port: s.process.port, cpuMs: () => s.process.cpuMs(), segments: [] }));
      for (const c of contenders) await load('warm-up', c.port, 3);
      for (let round = 1; round <= ROUNDS; round++) {
        const load1 = os.loadavg()[0]!.toFixed(2);
        const [echo, peer, bot] = (await interleaved(contenders, DURATION_S)) as [LoadResult, LoadResult, LoadResult];
        const ratio = { peer: bot.rps / peer.rps, echo: bot.rps / echo.rps, p99: bot.p99 / peer.p99, cpu: peer.cpuPerTurn! / bot.cpuPerTurn! };
        ratios.push(ratio);
        process.stdout.write(`round ${round} (load average ${load1} → ${os.loadavg()[0]!.toFixed(2)})\n${line(echo)}${line(peer)}${line(bot)}`);
        process.stdout.write(
          `  Mailflow Doctor / peer ${ratio.peer.toFixed(2)} (target ≥ 0.6)   / echo ${ratio.echo.toFixed(2)}   p99 / peer p99 ${ratio.p99.toFixed(2)} (target ≤ 2)   peer CPU/turn ÷ ours ${ratio.cpu.toFixed(2)}\n`,
        );
      }
      process.stdout.write(`RSS after the rounds: ${servers.map((s) => `${s.label} ${s.process.rssMb().toFixed(0)} MB`).join(', ')}\n`);
    } finally {
      for (const s of servers) await s.process.stop();
    }
    const m = { peer: median(ratios.map((r) => r.peer)), echo: median(ratios.map((r) => r.echo)), p99: median(ratios.map((r) => r.p99)), cpu: median(ratios.map((r) => r.cpu)) };
    process.stdout.write(
      `median of ${ROUNDS}: Mailflow Doctor / peer ${m.peer.toFixed(2)} → ${m.peer >= 0.6 ? 'met' : 'MISSED'}   / echo ${m.echo.toFixed(2)}   p99 / peer p99 ${m.p99.toFixed(2)} → ${m.p99 <= 2 ? 'met' : 'MISSED'}   peer CPU/turn ÷ ours ${m.cpu.toFixed(2)}\n`,
    );
    if (process.env.BENCH_EXTRA) {
      process.stdout.write(line(await measure('bot', 'tsx', 'Mailflow Doctor (tsx, SQLite)', botEnv('tsx'))));
      process.stdout.write(line(await measure('bot', 'compiled', 'Mailflow Doctor (memory)', { STORAGE: 'memory', LOG_LEVEL: 'silent' })));
    }

    if (process.env.BENCH_SEQUENTIAL === '0') return;
    const durations = await sequentialLatency(botEnv('sequential'));
    process.stdout.write(
      `${SEQUENTIAL_TURNS} sequential turns (compiled, SQLite, HTTP): p50 ${fmt(percentile(durations, 50))}  p99 ${fmt(percentile(durations, 99))}\n`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
