// Every process a test starts goes through here: it runs in its own process group (detached), so
// stopping it stops whatever it started in turn (tsx runs the bot in a second node process under
// it), and it is recorded, so the root hook (test/support/rootHooks.ts) can fail the run when a
// group is still alive at the end and kill it.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';

export interface TrackedGroup {
  /** The process group id: the pid of the process the test started. */
  pgid: number;
  label: string;
}

const REGISTRY_KEY = Symbol.for('mailflow-doctor.test.processGroups');
type Registry = Map<number, TrackedGroup>;

/** One registry per test process, whichever copy of this module loaded it. */
function registry(): Registry {
  const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
  let groups = holder[REGISTRY_KEY];
  if (!groups) {
    groups = new Map();
    holder[REGISTRY_KEY] = groups;
    // Last resort if the test process exits without the root hook (Ctrl+C, a crash): kill them all.
    process.once('exit', () => {
      for (const { pgid } of groups!.values()) signalGroup(pgid, 'SIGKILL');
    });
  }
  return groups;
}

/** spawn(), but detached into its own process group and recorded. */
export function spawnTracked(label: string, command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, [...args], { ...options, detached: true });
  track(child, label);
  return child;
}

/** Records a child that was spawned detached elsewhere (its pid is its process group id). */
export function track(child: ChildProcess | undefined, label: string): void {
  if (child?.pid) registry().set(child.pid, { pgid: child.pid, label });
}

export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is gone already
  }
}

/** Live (not zombie) members of a process group; from /proc, or kill(0) where there is no /proc. */
export function groupMembers(pgid: number): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    try {
      process.kill(-pgid, 0);
      return [pgid];
    } catch {
      return [];
    }
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses, so split after the last ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z' && Number(fields[2]) === pgid) members.push(Number(entry));
  }
  return members;
}

export const groupAlive = (pgid: number): boolean => groupMembers(pgid).length > 0;

/**
 * Sends `signal` to the child's whole group and waits until no member is left; SIGKILL after
 * `graceMs`. Resolves once the group is empty and the direct child has been reaped.
 */
export async function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000): Promise<void> {
  const pgid = child.pid;
  if (!pgid) return;
  const reaped = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(pgid, signal);
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) signalGroup(pgid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await reaped;
  registry().delete(pgid);
}

/** Groups started through this module that still have a live member; forgets the finished ones. */
export function liveGroups(): TrackedGroup[] {
  const groups = registry();
  const live: TrackedGroup[] = [];
  for (const group of [...groups.values()]) {
    if (groupAlive(group.pgid)) live.push(group);
    else groups.delete(group.pgid);
  }
  return live;
}
