// The real server (src/index.ts main(), as `npm start` runs it) in ONE child process (node with
// tsx's require hook, no wrapper process), so SIGKILL and SIGTERM reach the bot itself. Messages
// use Teams' normal delivery: the bot answers through the Bot Connector at `serviceUrl` (a local
// stand-in), and the HTTP response carries no replies.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../storage/processes';

const ROOT = join(__dirname, '..', '..');
const STARTUP_LIMIT_MS = 60_000;

export interface BotServer {
  port: number;
  child: ChildProcess;
  output(): string;
  /** Resolves with how the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

export async function startBotServer(env: Record<string, string>): Promise<BotServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--require', 'tsx/cjs', join('src', 'index.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      MicrosoftAppType: '',
      MicrosoftAppTenantId: '',
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'info',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const server: BotServer = {
    port,
    child,
    output: () => output,
    exited,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
  const deadline = Date.now() + STARTUP_LIMIT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`bot exited before /healthz answered:\n${output}`);
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status > 0, () => false)) return server;
    if (Date.now() > deadline) {
      server.kill('SIGKILL');
      throw new Error(`bot did not answer /healthz:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Stops it if it still runs (SIGKILL) and waits for the exit. */
export async function stopBotServer(server: BotServer | undefined): Promise<void> {
  if (!server) return;
  server.kill('SIGKILL');
  await server.exited;
}

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/** A Teams personal-chat message for normal delivery (replies go to serviceUrl). */
export function teamsMessage(serviceUrl: string, conversation: number, id: string, text: string): Record<string, unknown> {
  return {
    type: 'message',
    id,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:crash-user-${conversation}`, name: 'Avery Admin', aadObjectId: `6f1c2d3e-4b5a-4c6d-8e7f-${String(conversation).padStart(12, '0')}` },
    conversation: { id: `a:crash-conversation-${conversation}`, conversationType: 'personal', tenantId: TENANT },
    recipient: { id: '28:mailflow-doctor', name: 'Mailflow Doctor' },
    text,
    textFormat: 'plain',
    locale: 'en-US',
    channelData: { tenant: { id: TENANT } },
  };
}

/** POSTs an activity; resolves to the HTTP status, or 0 when the connection failed (a killed bot). */
export async function deliver(port: number, activity: Record<string, unknown>, timeoutMs = 30_000): Promise<number> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}
