// Runs the real server or the echo bot in a child process (compiled JS, as production runs it, or
// TypeScript through tsx), so a load generator in this process does not share its event loop and
// its memory can be read on its own (/proc/PID/status).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export type ServerKind = 'bot' | 'echo' | 'peer';
export type RunMode = 'compiled' | 'tsx';

const ROOT = path.join(__dirname, '..');
/** USER_HZ: 100 on Linux. */
const CLOCK_TICKS = 100;

export interface ServerProcess {
  port: number;
  pid: number;
  /** Resident set size of the server process, in MB. */
  rssMb(): number;
  /** CPU time (user + system) the server process has used so far, in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** npm run build (dist/ for the bot) and the echo bot and the core-bot peer compiled beside it. */
export function buildCompiled(): void {
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const esbuild = require('esbuild') as typeof import('esbuild');
  for (const name of ['echoBot', 'coreBotPeer']) {
    esbuild.buildSync({ entryPoints: [path.join(ROOT, 'bench', `${name}.ts`)], outfile: path.join(ROOT, 'dist', 'bench', `${name}.js`), platform: 'node', format: 'cjs', target: 'node20' });
  }
}

function entryScript(kind: ServerKind, mode: RunMode): string {
  const ext = mode === 'compiled' ? '.js' : '.ts';
  const base = mode === 'compiled' ? path.join(ROOT, 'dist') : ROOT;
  if (kind === 'echo') {
    const file = path.join(base, 'bench', `echoBot${ext}`);
    return `require(${JSON.stringify(file)}).startEchoServer(0).then((s) => process.send({ port: s.port }))`;
  }
  if (kind === 'peer') {
    const file = path.join(base, 'bench', `coreBotPeer${ext}`);
    return `require(${JSON.stringify(file)}).startCoreBotPeer({ port: 0, sqlitePath: process.env.PEER_SQLITE_PATH, cardBytes: Number(process.env.PEER_CARD_BYTES) || undefined })
  .then((s) => { process.send({ port: s.port }); process.on('SIGTERM', () => s.close().then(() => process.exit(0))); });`;
  }
  const index = path.join(base, 'src', `index${ext}`);
  const logger = path.join(base, 'src', `logger${ext}`);
  return `const { createLogger } = require(${JSON.stringify(logger)});
require(${JSON.stringify(index)}).startServer({ port: 0, host: '127.0.0.1', env: process.env, logger: createLogger({ level: 'silent' }) })
  .then((s) => { process.send({ port: s.port }); process.on('SIGTERM', () => s.close().then(() => process.exit(0))); });`;
}

export async function startServerProcess(kind: ServerKind, mode: RunMode, env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=tmp/prof", goes to the server's node.
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const execArgv = ['--disable-warning=DEP0111', ...extra, ...(mode === 'tsx' ? ['--require', 'tsx/cjs'] : [])];
  const child: ChildProcess = spawn(process.execPath, [...execArgv, '-e', entryScript(kind, mode)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`${kind} server exited (${code}) before listening`)));
  });
  return {
    port,
    pid: child.pid!,
    rssMb: () => {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
    },
    cpuMs: () => {
      // Fields 14 and 15 of /proc/PID/stat (after the parenthesised name): utime, stime in ticks.
      const stat = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
