// Storage faults, in-process: the degraded turn (GuardedStorage over a storage that throws
// SQLite's own errors), files created private, a zero-length file, damaged files refused
// unchanged, the exclusive lock, and a lock held by another connection for 8 s (SQLITE_LOCKING=normal).
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MemoryStorage, type Storage, type StoreItems } from 'botbuilder';
import { startServer, type RunningServer } from '../../src/index';
import { createLogger } from '../../src/logger';
import { GuardedStorage, isStorageUnavailable, storageTurnScope } from '../../src/storage/guardedStorage';
import { SqliteFileError, SqliteStorage } from '../../src/storage/sqliteStorage';
import { t } from '../../src/i18n';
import { createStorage } from '../../src/storage';
import { cardsJson, everythingJson, newPersonalChat, say, type BotProcess } from './botProcess';
import { CERTIFICATE_LIST, EVENT_TEXT, FINDING_ID } from './kb2888788';

/** A storage that fails like SQLite does on a full disk, until told otherwise. */
class FailingStorage implements Storage {
  failing = true;
  private readonly inner = new MemoryStorage();
  private fail(): void {
    if (this.failing) throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
  }
  async read(keys: string[]): Promise<StoreItems> {
    this.fail();
    return this.inner.read(keys);
  }
  async write(changes: StoreItems): Promise<void> {
    this.fail();
    return this.inner.write(changes);
  }
  async delete(keys: string[]): Promise<void> {
    this.fail();
    return this.inner.delete(keys);
  }
}

function captureLog() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { logger, lines, messages: () => lines.map((line) => String(line.msg)) };
}

const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
  let result!: Promise<T>;
  return storageTurnScope()
    .onTurn({} as never, async () => {
      result = work();
      await result.catch(() => undefined);
    })
    .then(() => result);
};

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('Storage faults: GuardedStorage', function () {
  it('in a turn, a failed read gives empty state and every write of that turn fails fast with StorageUnavailableError', async function () {
    const failing = new FailingStorage();
    const { logger, messages } = captureLog();
    const guarded = new GuardedStorage(failing, 'sqlite', logger);
    await inTurn(async () => {
      assert.deepEqual(await guarded.read(['a']), {});
      failing.failing = false; // even if storage comes back mid-turn, state read as empty is not written
      await assert.rejects(guarded.write({ a: { n: 1 } }), (error: unknown) => isStorageUnavailable(error));
    });
    assert.deepEqual(await failing.read(['a']), {}, 'nothing was written');
    assert.equal(guarded.health().ok, false);
    assert.equal(guarded.health().error?.code, 'SQLITE_FULL');
    assert.equal(messages().filter((m) => m.startsWith('storage unavailable')).length, 1);
  });

  it('logs one error however many calls fail, and recovers (health ok, one info line) on the next good write', async function () {
    const failing = new FailingStorage();
    const { logger, lines, messages } = captureLog();
    const guarded = new GuardedStorage(failing, 'sqlite', logger);
    for (let i = 0; i < 5; i++) await assert.rejects(guarded.write({ a: { n: i } }), (error: unknown) => isStorageUnavailable(error));
    await assert.rejects(guarded.read(['a']), (error: unknown) => isStorageUnavailable(error), 'outside a turn a read fails');
    assert.equal(lines.filter((line) => line.level === 50).length, 1);
    failing.failing = false;
    await guarded.write({ a: { n: 9 } });
    assert.equal(guarded.health().ok, true);
    assert.ok(messages().includes('storage recovered'));
    assert.equal((await guarded.read(['a'])).a.n, 9);
  });

  it('passes eTag conflicts through as they are (not a storage failure)', async function () {
    const dir = mkdtempSync(join(tmpdir(), 'mfd-guard-'));
    const sqlite = new SqliteStorage(join(dir, 's.sqlite'));
    try {
      const guarded = new GuardedStorage(sqlite, 'sqlite');
      await guarded.write({ a: { n: 1 } });
      await assert.rejects(guarded.write({ a: { n: 2, eTag: 'stale' } }), /eTag conflict/);
      assert.equal(guarded.health().ok, true);
    } finally {
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Storage faults: the SQLite file', function () {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'mfd-faults-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates its directory 0700 and the database and WAL 0600', async function () {
    const path = join(dir, 'new', 'state.sqlite');
    const storage = new SqliteStorage(path);
    await storage.write({ a: { n: 1 } });
    assert.equal(statSync(join(dir, 'new')).mode & 0o777, 0o700);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(`${path}-wal`).mode & 0o777, 0o600);
    storage.close();
  });

  it('in exclusive mode has no -shm file, and another connection is refused at once instead of locking the bot out', async function () {
    const path = join(dir, 'state.sqlite');
    const storage = new SqliteStorage(path);
    await storage.write({ a: { n: 1 } });
    assert.equal(existsSync(`${path}-shm`), false, 'no memory-mapped WAL index');
    const other = new Database(path, { timeout: 0 });
    assert.throws(() => other.exec('BEGIN IMMEDIATE'), (error: { code?: string }) => error.code === 'SQLITE_BUSY');
    other.close();
    await storage.write({ a: { n: 2 } });
    assert.equal((await storage.read(['a'])).a.n, 2);
    storage.close();
    assert.doesNotThrow(() => new SqliteStorage(path, { locking: 'normal' }).close(), 'reopens after close');
  });

  it('says so when a zero-length file starts as a new database', async function () {
    const path = join(dir, 'state.sqlite');
    writeFileSync(path, '');
    const { logger, messages } = captureLog();
    const handle = await createStorage({ STORAGE: 'sqlite', SQLITE_PATH: path }, { log: logger });
    await handle.storage.write({ a: { n: 1 } });
    await handle.close();
    assert.ok(messages().some((m) => /empty \(0 bytes\).*new database/.test(m)), messages().join('\n'));
  });

  const damage: [string, (path: string) => void][] = [
    ['random bytes', (path) => writeFileSync(path, randomBytes(16_384))],
    ['a truncated file', (path) => truncateSync(path, Math.floor(statSync(path).size / 2))],
    [
      'a garbled page',
      (path) => {
        const fd = openSync(path, 'r+');
        writeSync(fd, randomBytes(4096), 0, 4096, 4096 * 4);
        closeSync(fd);
      },
    ],
  ];
  for (const [what, spoil] of damage) {
    it(`refuses ${what} with the path and what to do, and leaves the file unchanged`, async function () {
      const path = join(dir, 'state.sqlite');
      const good = new SqliteStorage(path);
      const items: StoreItems = {};
      for (let i = 0; i < 400; i++) items[`k${i}`] = { text: 'x'.repeat(200) };
      await good.write(items);
      good.close();
      spoil(path);
      const before = sha(path);
      assert.throws(
        () => new SqliteStorage(path),
        (error: unknown) => error instanceof SqliteFileError && error.message.includes(path) && /Move it aside/.test(error.message) && /\.backup/.test(error.message),
      );
      assert.equal(sha(path), before, 'not a byte written');
    });
  }
});

describe('Storage faults: a lock held 8 s by another connection (SQLITE_LOCKING=normal)', function () {
  this.timeout(60_000);
  let dir: string;
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps /healthz and turns answering (diagnosis plus "not saved", /healthz 503), then recovers', async function () {
    dir = mkdtempSync(join(tmpdir(), 'mfd-lock-'));
    const path = join(dir, 'state.sqlite');
    const { logger, messages } = captureLog();
    server = await startServer({ port: 0, host: '127.0.0.1', env: { STORAGE: 'sqlite', SQLITE_PATH: path, SQLITE_LOCKING: 'normal', RATE_LIMIT_PER_MINUTE: '0' }, logger });
    const bot = { port: server.port, stderr: () => '' } as BotProcess;
    await say(bot, newPersonalChat(), 'help'); // warm up

    const other = new Database(path, { timeout: 0 });
    other.exec('BEGIN IMMEDIATE');
    other.prepare("UPDATE items SET updated_at = updated_at WHERE key = 'x'").run();
    const released = new Promise<void>((resolve) => setTimeout(() => (other.exec('COMMIT'), other.close(), resolve()), 8_000));
    const lockedAt = Date.now();

    const healthLatencies: number[] = [];
    const polling = (async () => {
      while (Date.now() - lockedAt < 7_000) {
        const started = Date.now();
        const response = await fetch(`http://127.0.0.1:${server!.port}/healthz`);
        healthLatencies.push(Date.now() - started);
        await response.arrayBuffer();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const paste = `${EVENT_TEXT}\n${CERTIFICATE_LIST}`;
    const turnStarted = Date.now();
    const turns = await Promise.all([0, 1, 2, 3].map(async () => {
      const replies = await say(bot, newPersonalChat(), paste);
      return { replies, ms: Date.now() - turnStarted };
    }));
    const during = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    const duringBody = (await during.json()) as { storageError?: { code?: string } };
    await polling;
    await released;

    for (const { replies } of turns) {
      assert.match(cardsJson(replies), new RegExp(FINDING_ID), 'diagnosed without state');
      assert.ok(replies.some((reply) => reply.text === t('en', 'storage.notSaved')), everythingJson(replies));
    }
    assert.equal(during.status, 503);
    assert.match(String(duringBody.storageError?.code), /^SQLITE_BUSY/);
    assert.ok(Math.max(...healthLatencies) < 1_000, `/healthz never froze: ${healthLatencies.join(', ')} ms`);
    assert.equal(messages().filter((m) => m.startsWith('storage unavailable')).length, 1, 'one clear error');

    const chat = newPersonalChat();
    await say(bot, chat, EVENT_TEXT);
    const healthy = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    assert.equal(healthy.status, 200, 'recovered by itself');
    const diagnosis = cardsJson(await say(bot, chat, CERTIFICATE_LIST));
    assert.match(diagnosis, new RegExp(FINDING_ID), 'state is saved again after the lock');
    process.stdout.write(
      `      locked 8 s: /healthz max ${Math.max(...healthLatencies)} ms over ${healthLatencies.length} polls; 4 concurrent turns answered in ${turns.map((x) => x.ms).join(', ')} ms\n`,
    );
  });
});
