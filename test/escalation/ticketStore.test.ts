// The ticket store on the real storages (SQLite file, memory): numbering, idempotency keys,
// eTag-checked updates under concurrency, and the pasted input expiring while the ticket stays.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MemoryStorage, type Storage } from 'botbuilder';
import { applyTicketAction } from '../../src/escalation/ticketActions';
import { KEY_LIFETIME_MS, TicketStore, claimKey } from '../../src/escalation/ticketStore';
import type { Person, Ticket } from '../../src/escalation/types';
import { storePaste } from '../../src/storage';
import { RetentionStorage } from '../../src/storage/retention';
import { SqliteStorage } from '../../src/storage/sqliteStorage';

const REQUESTER: Person = { id: '29:riku', name: 'Riku' };
const A: Person = { id: '29:akira', name: 'Akira' };
const B: Person = { id: '29:bea', name: 'Bea' };
const DAY = 24 * 60 * 60 * 1000;

function ticket(number: number, key: string, pastedAt = new Date()): Ticket {
  const now = new Date().toISOString();
  return {
    number,
    idempotencyKey: key,
    status: 'open',
    createdAt: now,
    updatedAt: now,
    requester: { ...REQUESTER, lang: 'en' },
    origin: { kind: 'personal', reference: { serviceUrl: 'http://127.0.0.1:9/', channelId: 'msteams', conversationId: 'a:1', botId: '28:bot' } },
    input: { paste: storePaste('454 4.7.0 Failed to establish appropriate TLS channel: UntrustedRoot', pastedAt) },
    findings: [{ id: 'untrusted-cert-on-smtp', titles: { en: 'Untrusted certificate', ja: '信頼されていない証明書' }, confidence: 0.9, evidence: [], steps: [] }],
    history: [],
    delivery: { state: 'pending', attempts: 0 },
  };
}

const backends: [string, () => { storage: Storage; close(): void }][] = [
  ['memory', () => ({ storage: new MemoryStorage(), close: () => undefined })],
  [
    'sqlite',
    () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tickets-'));
      const sqlite = new SqliteStorage(path.join(dir, 'bot.sqlite'));
      return {
        storage: sqlite,
        close: () => {
          sqlite.close();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
];

for (const [name, open] of backends) {
  describe(`ticket store on ${name}`, () => {
    let backend: ReturnType<typeof open>;
    let store: TicketStore;

    beforeEach(async () => {
      backend = open();
      store = new TicketStore(backend.storage);
      await store.ensureRegistry();
    });
    afterEach(() => backend.close());

    it('numbers tickets 1, 2, 3… and gives a repeated key its first number', async () => {
      const first = await store.claim('29:riku|card:1');
      const second = await store.claim('29:riku|card:2');
      const again = await store.claim('29:riku|card:1');
      assert.deepEqual([first.number, first.created], [1, true]);
      assert.deepEqual([second.number, second.created], [2, true]);
      assert.deepEqual([again.number, again.created], [1, false]);
    });

    it('a key repeated a day later still gets its number; the registry keeps only the last hour', async () => {
      let now = Date.parse('2026-11-26T09:00:00Z');
      const clocked = new TicketStore(backend.storage, () => new Date(now));
      const first = await clocked.claim('29:riku|card:old');
      now += DAY;
      for (let i = 0; i < 3; i++) await clocked.claim(`29:riku|card:new-${i}`);
      const again = await clocked.claim('29:riku|card:old');
      assert.deepEqual([again.number, again.created], [first.number, false]);
      const registry = (await backend.storage.read(['escalation/registry']))['escalation/registry'] as { claims: Record<string, unknown> };
      assert.deepEqual(Object.keys(registry.claims).sort(), ['29:riku|card:new-0', '29:riku|card:new-1', '29:riku|card:new-2']);
    });

    it('twenty concurrent claims: distinct consecutive numbers; ten racing on one key: one number', async () => {
      const distinct = await Promise.all(Array.from({ length: 20 }, (_, i) => store.claim(`k${i}`)));
      assert.deepEqual(distinct.map((c) => c.number).sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 1));
      const same = await Promise.all(Array.from({ length: 10 }, () => store.claim('one-key')));
      assert.equal(new Set(same.map((c) => c.number)).size, 1);
      assert.equal(same.filter((c) => c.created).length, 1);
    });

    it('two concurrent Assign updates: one wins, the other is refused naming the winner', async () => {
      await store.create(ticket(1, 'k'));
      const now = new Date();
      const [a, b] = await Promise.all([
        store.update(1, (t) => applyTicketAction(t, 'assign', A, undefined, now)),
        store.update(1, (t) => applyTicketAction(t, 'assign', B, undefined, now)),
      ]);
      const outcomes = [a!, b!];
      assert.equal(outcomes.filter((o) => o.changed).length, 1);
      const winner = outcomes.find((o) => o.changed)!.ticket.assignee!;
      const loser = outcomes.find((o) => !o.changed)!;
      assert.equal(loser.result.notice?.key, 'escalation.notice.alreadyAssigned');
      assert.equal(loser.result.notice?.params?.name, winner.name);
      assert.equal((await store.get(1))!.assignee!.id, winner.id);
      assert.equal((await store.get(1))!.history.filter((h) => h.action === 'assigned').length, 1);
    });

    it('resolve needs a note; reopen brings back the assignee', async () => {
      await store.create(ticket(1, 'k'));
      const now = new Date();
      const empty = await store.update(1, (t) => applyTicketAction(t, 'resolve', A, '  ', now));
      assert.equal(empty!.changed, false);
      assert.equal(empty!.result.notice?.key, 'escalation.notice.noteRequired');
      const resolved = await store.update(1, (t) => applyTicketAction(t, 'resolve', A, 'Imported the intermediate', now));
      assert.equal(resolved!.ticket.status, 'resolved');
      assert.equal(resolved!.ticket.resolution!.note, 'Imported the intermediate');
      const reopened = await store.update(1, (t) => applyTicketAction(t, 'reopen', B, undefined, now));
      assert.deepEqual([reopened!.ticket.status, reopened!.ticket.assignee!.id, reopened!.ticket.resolution], ['assigned', A.id, undefined]);
    });

    it('the pasted input expires under the retention rule; the ticket and its findings stay', async () => {
      const retained = new TicketStore(new RetentionStorage(backend.storage, 30 * DAY));
      await retained.create(ticket(1, 'k', new Date(Date.now() - 31 * DAY)));
      const read = await retained.get(1);
      assert.equal(read!.input?.paste, undefined);
      assert.equal(read!.findings[0].id, 'untrusted-cert-on-smtp');
      assert.equal(read!.number, 1);
    });

    it('recent() lists the newest first', async () => {
      for (const n of [1, 2, 3]) {
        await store.claim(`k${n}`);
        await store.create(ticket(n, `k${n}`));
      }
      assert.deepEqual((await store.recent(2)).map((t) => t.number), [3, 2]);
    });
  });
}

describe('ticket idempotency keys expire from SQLite', () => {
  it('the purge removes a key item after KEY_LIFETIME_MS and keeps the ticket and the registry', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tickets-keys-'));
    const sqlite = new SqliteStorage(path.join(dir, 'bot.sqlite'));
    try {
      const start = Date.parse('2026-11-26T09:00:00Z');
      const store = new TicketStore(sqlite, () => new Date(start));
      await store.ensureRegistry();
      const claim = await store.claim('29:riku|card:1');
      await store.create(ticket(claim.number, '29:riku|card:1'));
      const keyItem = claimKey('29:riku|card:1');
      assert.equal(sqlite.purgeExpired(start + KEY_LIFETIME_MS - 1), 0, 'kept within its lifetime');
      assert.ok((await sqlite.read([keyItem]))[keyItem]);
      assert.equal(sqlite.purgeExpired(start + KEY_LIFETIME_MS + 1), 1);
      const left = await sqlite.read([keyItem, 'escalation/registry', 'escalation/ticket/1']);
      assert.deepEqual(Object.keys(left).sort(), ['escalation/registry', 'escalation/ticket/1']);
    } finally {
      sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
