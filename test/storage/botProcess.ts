// Runs the real bot server (src/index.ts) as a child process and talks to it the way Teams does,
// with deliveryMode "expectReplies" so the replies come back in the HTTP response body.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { spawnTracked } from '../support/childProcesses';
import { freePort, stopChild } from './processes';

const TSX = join('node_modules', '.bin', 'tsx');
const STARTUP_LIMIT_MS = 45_000;

export interface BotProcess {
  port: number;
  child: ChildProcess;
  /** What the process printed on stderr so far (for failure messages). */
  stderr(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startBot(env: Record<string, string>): Promise<BotProcess> {
  const port = await freePort();
  // tsx runs the server in a second node process: detached, so stopping the group stops both.
  const child = spawnTracked('bot server (tsx src/index.ts)', TSX, [join('src', 'index.ts')], {
    env: {
      ...process.env,
      // Unauthenticated local mode, whatever a developer's .env says (dotenv does not override).
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      MicrosoftAppType: '',
      MicrosoftAppTenantId: '',
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const bot: BotProcess = { port, child, stderr: () => stderr, stop: (signal) => stopChild(child, signal) };
  try {
    await waitForHealth(bot);
  } catch (error) {
    await bot.stop('SIGKILL');
    throw error;
  }
  return bot;
}

async function waitForHealth(bot: BotProcess): Promise<void> {
  const deadline = Date.now() + STARTUP_LIMIT_MS;
  while (Date.now() < deadline) {
    if (bot.child.exitCode !== null || bot.child.signalCode !== null) {
      throw new Error(`bot exited before /healthz answered:\n${bot.stderr()}`);
    }
    const healthy = await fetch(`http://127.0.0.1:${bot.port}/healthz`).then((r) => r.ok, () => false);
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`bot did not answer /healthz within ${STARTUP_LIMIT_MS} ms:\n${bot.stderr()}`);
}

export interface TeamsChat {
  conversationId: string;
  userId: string;
}

export function newPersonalChat(): TeamsChat {
  return {
    conversationId: `a:1${randomUUID().replace(/-/g, '')}-Xq_3-kZ8`,
    userId: `29:1${randomUUID().replace(/-/g, '')}`,
  };
}

export interface ReplyActivity {
  type: string;
  text?: string;
  attachments?: { contentType: string; content: unknown }[];
}

/** Sends one Teams personal-chat message; returns the bot's replies for that turn. */
export async function say(bot: BotProcess, chat: TeamsChat, text: string): Promise<ReplyActivity[]> {
  const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const activity = {
    type: 'message',
    id: `1${Date.now()}${Math.floor(Math.random() * 1000)}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/amer/',
    from: { id: chat.userId, name: 'Avery Admin', aadObjectId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f' },
    conversation: { id: chat.conversationId, conversationType: 'personal', tenantId },
    recipient: { id: '28:7e3c4b5a-6d7e-4f80-9a1b-2c3d4e5f6a7b', name: 'Mailflow Doctor' },
    text,
    textFormat: 'plain',
    locale: 'en-US',
    channelData: { tenant: { id: tenantId } },
    deliveryMode: 'expectReplies',
  };
  const response = await fetch(`http://127.0.0.1:${bot.port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  if (!response.ok) throw new Error(`POST /api/messages → ${response.status}:\n${bot.stderr()}`);
  const body = (await response.json()) as { activities?: ReplyActivity[] };
  return body.activities ?? [];
}

/** The Adaptive Cards among the replies, as JSON text (for checking ids and values, not wording). */
export function cardsJson(replies: ReplyActivity[]): string {
  return JSON.stringify(
    replies.flatMap((reply) => reply.attachments ?? []).filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive'),
  );
}

export function everythingJson(replies: ReplyActivity[]): string {
  return JSON.stringify(replies);
}
