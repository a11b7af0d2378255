// Escalation: the ticket registry's claim (one eTag-checked write of the registry per new ticket)
// on SQLite, empty and with the registry full of remembered keys; and whole "escalate <note>" turns
// through the real server against the fake Bot Connector on 127.0.0.1 (ticket stored, posted as a
// new thread, requester answered), sequential and 20 at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TicketStore } from '../src/escalation/ticketStore';
import { createStorage } from '../src/storage';
import { FakeConnector } from '../test/escalation/fakeConnector';
import { expertThread, message, newActivityId, OWNER, personalChat, post, startBot, type User } from '../test/escalation/teams';
import { fmt, percentile } from './stats';

async function timed(operation: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await operation();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function report(label: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(`escalation ${label.padEnd(44)} p50 ${fmt(percentile(sorted, 50)).padStart(9)}  p99 ${fmt(percentile(sorted, 99)).padStart(9)}  (${samples.length})`);
}

async function registryClaims(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-tickets-'));
  const handle = await createStorage({ STORAGE: 'sqlite', SQLITE_PATH: join(dir, 'bot.sqlite') });
  try {
    const store = new TicketStore(handle.storage);
    await store.ensureRegistry();
    const first: number[] = [];
    for (let i = 0; i < 500; i++) first.push(await timed(() => store.claim(`29:user|message:${i}`)));
    report('claim, registry with < 500 keys', first);
    for (let i = 500; i < 5000; i++) await store.claim(`29:user|message:${i}`);
    const full: number[] = [];
    for (let i = 5000; i < 5500; i++) full.push(await timed(() => store.claim(`29:user|message:${i}`)));
    report('claim, after 5,000 tickets (500 kept)', full);
    const wall = await timed(() => Promise.all(Array.from({ length: 50 }, (_, i) => store.claim(`29:race|${i}`))));
    console.log(`escalation ${'50 concurrent claims after 5,000 tickets, wall'.padEnd(44)} ${fmt(wall)}`);
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function escalateTurns(): Promise<void> {
  const connector = await new FakeConnector().start();
  const server = await startBot(connector);
  try {
    connector.members.set(OWNER.id, { ...OWNER, userRole: 'owner' });
    const root = newActivityId();
    await post(server, message(connector, expertThread(root), OWNER, 'set escalation channel', { id: root }));
    const user = (i: number): User => ({ id: `29:bench-${i}`, name: `Bench ${i}`, aadObjectId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` });
    const sequential: number[] = [];
    for (let i = 0; i < 60; i++) {
      sequential.push(await timed(() => post(server, message(connector, personalChat(user(i)), user(i), `escalate bench ticket ${i}`))));
    }
    report('"escalate <note>" turn, sequential', sequential.slice(10));
    const concurrent = await Promise.all(
      Array.from({ length: 20 }, (_, i) => timed(() => post(server, message(connector, personalChat(user(100 + i)), user(100 + i), `escalate burst ${i}`)))),
    );
    report('"escalate <note>" turn, 20 at once', concurrent);
    const threads = connector.succeeded('POST', /^\/v3\/conversations$/).length;
    console.log(`escalation ${'tickets posted to the expert channel'.padEnd(44)} ${threads} of 80`);
  } finally {
    await server.close();
    await connector.stop();
  }
}

export async function run(): Promise<void> {
  await registryClaims();
  await escalateTurns();
}
