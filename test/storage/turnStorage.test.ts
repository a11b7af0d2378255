// The per-turn storage layer as the server wires it: a KB 2888788 turn reads once and writes once
// (dedupe marker, conversation state, user state together) on SQLite, later turns see what earlier
// ones wrote, a redelivered activity is still dropped, and work outside a turn goes straight through.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudAdapter, type Activity, type Storage, type StoreItems } from 'botbuilder';
import { RemoveMentionMiddleware } from '../../src/bot/removeMentionMiddleware';
import { composeBot, SHARED_TURN_KEYS, turnStorageKeys } from '../../src/index';
import { createLogger } from '../../src/logger';
import { securityMiddleware } from '../../src/security';
import { BotFrameworkTokenAuthentication } from '../../src/security/authentication';
import { SqliteStorage } from '../../src/storage/sqliteStorage';
import { TurnStorage } from '../../src/storage/turnStorage';
import { KB, cardOf } from '../bot/harness';

/** Counts the calls that reach the SQLite file (each one transaction). */
class Counted implements Storage {
  reads = 0;
  writes = 0;
  deletes = 0;
  constructor(readonly inner: Storage) {}
  read(keys: string[]): Promise<StoreItems> {
    this.reads += 1;
    return this.inner.read(keys);
  }
  write(changes: StoreItems): Promise<void> {
    this.writes += 1;
    return this.inner.write(changes);
  }
  delete(keys: string[]): Promise<void> {
    this.deletes += 1;
    return this.inner.delete(keys);
  }
}

describe('TurnStorage: one read and one write transaction per turn', function () {
  let dir: string;
  let sqlite: SqliteStorage;
  let counted: Counted;
  let storage: TurnStorage;
  let turn: (activity: Record<string, unknown>) => Promise<Partial<Activity>[]>;

  beforeEach(function () {
    dir = mkdtempSync(join(tmpdir(), 'mfd-turn-storage-'));
    sqlite = new SqliteStorage(join(dir, 'state.sqlite'));
    counted = new Counted(sqlite);
    const logger = createLogger({ level: 'silent' });
    const adapter = new CloudAdapter(new BotFrameworkTokenAuthentication({}));
    const composition = composeBot((storage = new TurnStorage(counted, turnStorageKeys(() => composition.userState), SHARED_TURN_KEYS)), { logger });
    adapter.use(storage.middleware(), ...securityMiddleware({}, { storage, logger }), new RemoveMentionMiddleware());
    adapter.onTurnError = async (_context, error) => {
      throw error;
    };
    turn = async (activity) => {
      let body: unknown;
      const res = { socket: undefined, status: () => undefined, header: () => undefined, send: (payload: unknown) => void (body = payload), end: () => undefined };
      await adapter.process({ method: 'POST', headers: {}, body: activity }, res, (context) => composition.bot.run(context));
      return ((body as { activities?: Partial<Activity>[] } | undefined)?.activities ?? []).filter((a) => a.type === 'message');
    };
  });

  afterEach(function () {
    sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const message = (id: string, text: string, conversation = 'a:turn-storage', user = '29:turn-storage-user') => ({
    type: 'message',
    id,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:1/',
    deliveryMode: 'expectReplies',
    from: { id: user },
    recipient: { id: '28:mailflow-doctor' },
    conversation: { id: conversation, conversationType: 'personal' },
    locale: 'en-US',
    text,
  });

  it('a KB 2888788 paste: the diagnosis card, one read, one write, state and dedupe marker stored', async function () {
    const replies = await turn(message('m-1', `${KB.eventEn()}\n${KB.certs()}`));
    assert.ok(replies.some((r) => cardOf(r)), 'a diagnosis card');
    assert.equal(counted.reads, 1);
    assert.equal(counted.writes, 1);
    const stored = await sqlite.read([
      'dedupe/msteams/a:turn-storage/m-1',
      'msteams/conversations/a:turn-storage/users/29:turn-storage-user',
    ]);
    assert.equal(typeof (stored['dedupe/msteams/a:turn-storage/m-1'] as { seenAt?: unknown })?.seenAt, 'number');
    const state = stored['msteams/conversations/a:turn-storage/users/29:turn-storage-user'] as Record<string, unknown> | undefined;
    assert.ok(state?.dialogState, 'the dialog waits for the fix');
    assert.deepEqual(Object.keys(state?.lastDiagnosis as object).sort(), ['at', 'findingIds', 'paste']);
  });

  it('the next turn continues the stored dialog, again with one read and one write', async function () {
    await turn(message('m-1', KB.eventEn()));
    const asked = counted.reads;
    const replies = await turn(message('m-2', KB.certs()));
    assert.equal(counted.reads - asked, 1);
    assert.equal(counted.writes, 2);
    assert.ok(replies.some((r) => cardOf(r)), 'the second paste completes the diagnosis');
  });

  it('a redelivered activity is dropped: no reply, nothing written', async function () {
    await turn(message('m-1', `${KB.eventEn()}\n${KB.certs()}`));
    const writes = counted.writes;
    assert.deepEqual(await turn(message('m-1', `${KB.eventEn()}\n${KB.certs()}`)), []);
    assert.equal(counted.writes, writes);
  });

  it('two users in one conversation at once keep their own state', async function () {
    const [a, b] = await Promise.all([
      turn(message('m-a', `${KB.eventEn()}\n${KB.certs()}`, 'a:shared', '29:user-a')),
      turn(message('m-b', 'hello', 'a:shared', '29:user-b')),
    ]);
    assert.ok(a.some((r) => cardOf(r)));
    assert.ok(b.length > 0);
    const stored = await sqlite.read(['msteams/conversations/a:shared/users/29:user-a', 'msteams/conversations/a:shared/users/29:user-b']);
    assert.ok((stored['msteams/conversations/a:shared/users/29:user-a'] as { lastDiagnosis?: unknown })?.lastDiagnosis);
    assert.equal((stored['msteams/conversations/a:shared/users/29:user-b'] as { lastDiagnosis?: unknown } | undefined)?.lastDiagnosis, undefined);
  });

  it('outside a turn, reads, eTag-checked writes and deletes go straight through', async function () {
    await storage.write({ k: { v: 1 } });
    const { k } = (await storage.read(['k'])) as { k: { v: number; eTag: string } };
    assert.equal(k.v, 1);
    await storage.write({ k: { v: 2, eTag: k.eTag } });
    await assert.rejects(storage.write({ k: { v: 3, eTag: k.eTag } }));
    await storage.delete(['k']);
    assert.deepEqual(await storage.read(['k']), {});
  });
});
