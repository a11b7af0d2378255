// Memory: RSS before and after 20,000 turns over 500 conversations, through the real adapter and
// bot in-process (CloudAdapter.process with expectReplies, wired as src/index.ts wires it: the
// per-turn storage, the server's middleware and composeBot; no HTTP), on the storage production uses by default (SQLite, a temp file) and on
// memory storage (where every conversation's state stays in the process). Each conversation goes
// round: error → ask for certificates → certificates → diagnosis → the fixed connector → verify
// result (the dialog ends) → help → the whole KB paste → diagnosis, …
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { CloudAdapter, type Activity } from 'botbuilder';
import { RemoveMentionMiddleware } from '../src/bot/removeMentionMiddleware';
import { BotConnectorGateway, createEscalation, ExpertChannelSettings } from '../src/escalation';
import { composeBot, SHARED_TURN_KEYS, turnStorageKeys } from '../src/index';
import { createLogger } from '../src/logger';
import { ReuseDialogStateConfiguration } from '../src/performance/dialogStateConfiguration';
import { securityMiddleware } from '../src/security';
import { BotFrameworkTokenAuthentication } from '../src/security/authentication';
import { createStorage } from '../src/storage';
import { TurnStorage } from '../src/storage/turnStorage';
import { KB, pinnedConnector } from '../test/bot/harness';

const TURNS = Number(process.env.BENCH_MEMORY_TURNS ?? 20_000);
const CONVERSATIONS = 500;
const WARMUP_TURNS = 1_000;
const CHECKPOINT_TURNS = 2_500;
const ROUND = [KB.eventEn(), KB.certs(), pinnedConnector(), 'help', `${KB.eventEn()}\n${KB.certs()}`, 'cancel'];

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

interface Usage {
  rss: number;
  heap: number;
}

/** RSS and V8 heap in use, in MB, after full garbage collections. */
function usage(): Usage {
  gc();
  gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss: rss / 1024 / 1024, heap: heapUsed / 1024 / 1024 };
}

const show = (u: Usage): string => `RSS ${u.rss.toFixed(1)} MB (heap ${u.heap.toFixed(1)} MB)`;

/** The bot as src/index.ts wires it (per-turn storage included), driven through CloudAdapter.process. */
function serverBot(env: NodeJS.ProcessEnv, inner: import('botbuilder').Storage) {
  const logger = createLogger({ level: 'silent' });
  const authentication = new BotFrameworkTokenAuthentication({});
  const adapter = new CloudAdapter(authentication);
  const storage: TurnStorage = new TurnStorage(inner, turnStorageKeys(() => composition.userState), SHARED_TURN_KEYS);
  const expertChannels = new ExpertChannelSettings(storage, env);
  const composition = composeBot(storage, { logger, escalationAvailable: () => expertChannels.isConfigured().catch(() => false) });
  const escalation = { storage, env, channels: expertChannels, gateway: new BotConnectorGateway(authentication, ''), language: composition.language, lastDiagnosis: composition.lastDiagnosis, logger };
  createEscalation(escalation).attach(composition.router, composition.bot);
  const turnErrors: Error[] = [];
  adapter.onTurnError = async (_context, error) => void turnErrors.push(error);
  adapter.use(storage.middleware(), ...securityMiddleware(env, { storage, logger }), new RemoveMentionMiddleware(), new ReuseDialogStateConfiguration());
  const turn = async (activity: Record<string, unknown>): Promise<{ replies: Partial<Activity>[] }> => {
    let body: unknown;
    const res = { socket: undefined, status: () => undefined, header: () => undefined, send: (payload: unknown) => void (body = payload), end: () => undefined };
    await adapter.process({ method: 'POST', headers: {}, body: activity }, res, (context) => composition.bot.run(context));
    return { replies: ((body as { activities?: Partial<Activity>[] } | undefined)?.activities ?? []).filter((a) => a.type === 'message') };
  };
  return { turn, turnErrors };
}

async function measure(label: string, env: NodeJS.ProcessEnv): Promise<void> {
  const handle = await createStorage(env);
  const bot = serverBot({ ...env, RATE_LIMIT_PER_MINUTE: '0' }, handle.storage);
  const step = new Map<number, number>();
  let id = 0;
  const turn = async (i: number): Promise<void> => {
    const conversation = i % CONVERSATIONS;
    const position = step.get(conversation) ?? 0;
    step.set(conversation, position + 1);
    id += 1;
    const result = await bot.turn({
      type: 'message',
      id: `memory-${id}`,
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:1/',
      deliveryMode: 'expectReplies',
      from: { id: `29:memory-user-${conversation}`, aadObjectId: `aad-memory-${conversation}` },
      recipient: { id: '28:mailflow-doctor' },
      conversation: { id: `a:memory-${label}-${conversation}`, conversationType: 'personal', tenantId: 'tenant-memory' },
      channelData: { tenant: { id: 'tenant-memory' } },
      locale: conversation % 2 ? 'ja-JP' : 'en-US',
      text: ROUND[position % ROUND.length],
    });
    if (result.replies.length === 0) throw new Error(`turn ${i} got no answer`);
  };
  try {
    const start = usage();
    for (let i = 0; i < WARMUP_TURNS; i++) await turn(i);
    const warm = usage();
    // Checkpoints (each after a full GC) show whether memory keeps growing or levels off.
    const checkpoints: Usage[] = [];
    for (let i = WARMUP_TURNS; i < WARMUP_TURNS + TURNS; i++) {
      await turn(i);
      if ((i - WARMUP_TURNS + 1) % CHECKPOINT_TURNS === 0) checkpoints.push(usage());
    }
    const end = checkpoints.at(-1) ?? usage();
    if (bot.turnErrors.length) throw new Error(`${bot.turnErrors.length} turns failed`);
    process.stdout.write(
      `${label} storage: ${show(start)} at start, ${show(warm)} after ${WARMUP_TURNS} warm-up turns, then every ${CHECKPOINT_TURNS} turns: ` +
        `${checkpoints.map((c) => `${c.rss.toFixed(0)}/${c.heap.toFixed(1)}`).join(', ')} MB (RSS/heap)\n` +
        `  growth over the ${TURNS} turns over ${CONVERSATIONS} conversations: RSS ${(end.rss - warm.rss).toFixed(1)} MB, heap ${(end.heap - warm.heap).toFixed(1)} MB (target < 20 MB)\n`,
    );
  } finally {
    await handle.close();
  }
}

export async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailflow-memory-'));
  try {
    await measure('SQLite', { STORAGE: 'sqlite', SQLITE_PATH: path.join(dir, 'memory.sqlite') });
    await measure('memory', { STORAGE: 'memory' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
