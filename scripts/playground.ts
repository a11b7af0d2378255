// npm run playground: the bot and the Microsoft 365 Agents Playground (a Teams-like web client that
// runs offline) together; prints the address to open and stops both on Ctrl+C.
// The helpers below are shared with the end-to-end tests (test/e2e/).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
export const DEFAULT_PLAYGROUND_PORT = 56150;
/** The Entra object id of the Playground's user (Alex Wilber). Teams gives no `userRole` for them,
 *  so listing them in ESCALATION_ADMINS lets them choose the escalation channel locally. */
export const PLAYGROUND_USER_OBJECT_ID = '00000000-0000-0000-0000-0000000000020';
const POLL_MS = 200;

/** Starts a command in its own process group, so that stopping it also stops its children. */
export function spawnGroup(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; stdio?: 'inherit' | 'ignore' }): ChildProcess {
  return spawn(command, args, {
    cwd: ROOT,
    env: options.env ?? process.env,
    stdio: options.stdio ?? 'ignore',
    detached: true,
  });
}

/** SIGTERM to the whole group, SIGKILL if it is still there after `graceMs`. */
export async function stopGroup(child: ChildProcess | undefined, graceMs = 5000): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child.pid as number, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  signalGroup(child.pid, 'SIGKILL'); // grandchildren that ignored SIGTERM
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it is true; fails after `timeoutMs` or as soon as `child` exits. */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`${what}: the process exited (${child.exitCode ?? child.signalCode}) before it answered`);
    }
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: no answer within ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export async function answers(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return response.ok;
}

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://localhost:3978/api/messages */
  endpoint: string;
  port: number;
  /** Where the Playground logs (it logs nowhere else when stdout is not a terminal). */
  logFile: string;
  stdio?: 'inherit' | 'ignore';
}

export interface RunningPlayground {
  url: string;
  process: ChildProcess;
}

/** Starts the Playground for a Teams bot and waits until its page answers. */
export async function startPlayground(options: PlaygroundOptions, timeoutMs = 60_000): Promise<RunningPlayground> {
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  fs.writeFileSync(options.logFile, '');
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js', { paths: [ROOT] });
  const child = spawnGroup(
    process.execPath,
    [cli, '-e', options.endpoint, '-c', 'msteams', '-p', String(options.port), '--disable-telemetry'],
    {
      // Without TEAMSAPPTESTER_BROWSER=none it tries to open a browser and exits silently.
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', M365_AGENTS_PLAYGROUND_LOGFILE: options.logFile },
      stdio: options.stdio ?? 'ignore',
    },
  );
  try {
    // It takes another port when the one asked for is busy: read the one it listens on.
    let port: number | undefined;
    await waitUntil('Agents Playground', async () => (port = listeningPort(options.logFile)) !== undefined && answers(`http://localhost:${port}/`), timeoutMs, child);
    return { url: `http://localhost:${port}/`, process: child };
  } catch (error) {
    await stopGroup(child);
    throw error;
  }
}

function listeningPort(logFile: string): number | undefined {
  const match = /Listening on (\d+)/.exec(fs.readFileSync(logFile, 'utf8'));
  return match ? Number(match[1]) : undefined;
}

async function main(): Promise<void> {
  const botPort = Number(process.env.PORT || 3978);
  const playgroundPort = Number(process.env.PLAYGROUND_PORT || DEFAULT_PLAYGROUND_PORT);
  const logFile = path.join(ROOT, 'tmp', 'playground.log');
  if (await answers(`http://127.0.0.1:${botPort}/healthz`).catch(() => false)) {
    throw new Error(`port ${botPort} is already in use (another bot?): stop it or set PORT=…`);
  }

  const children: ChildProcess[] = [];
  let stopping = false;
  const stopAll = async (code: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      await Promise.all(children.map((child) => stopGroup(child)));
    }
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stopAll(0));

  try {
    console.log('Starting the bot (npm start; the first start compiles, which takes a minute)…');
    const bot = spawnGroup(process.execPath, [path.join(ROOT, 'scripts', 'start.js')], {
      env: {
        ...process.env,
        PORT: String(botPort),
        STORAGE: process.env.STORAGE || 'memory',
        LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
        ESCALATION_ADMINS: process.env.ESCALATION_ADMINS || PLAYGROUND_USER_OBJECT_ID,
      },
      stdio: 'inherit',
    });
    children.push(bot);
    bot.once('exit', (code) => {
      if (!stopping) console.error(`The bot stopped (exit code ${code}).`);
      void stopAll(code || 1);
    });
    await waitUntil('the bot', () => answers(`http://127.0.0.1:${botPort}/healthz`), 5 * 60_000, bot);

    console.log('Starting the Microsoft 365 Agents Playground…');
    const playground = await startPlayground({ endpoint: `http://127.0.0.1:${botPort}/api/messages`, port: playgroundPort, logFile });
    children.push(playground.process);
    playground.process.once('exit', (code) => {
      if (!stopping) console.error(`The Playground stopped (exit code ${code}); its log: ${path.relative(process.cwd(), logFile)}`);
      void stopAll(code || 1);
    });

    console.log(`
Mailflow Doctor is running in the Microsoft 365 Agents Playground:

    ${playground.url}

Open it in a browser, pick "Personal Chat" and paste an error (or type "help").
In "General" (a channel of "My Team"), @mention the bot first.
Bot: http://localhost:${botPort}/api/messages · Playground log: ${path.relative(process.cwd(), logFile)}
Press Ctrl+C to stop both.`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    await stopAll(1);
  }
}

if (require.main === module) void main();
