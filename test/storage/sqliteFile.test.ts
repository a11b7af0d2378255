// SQLite specifics beyond the shared contract: the file is the truth, shared by connections.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStorage } from '../../src/storage/sqliteStorage';

describe('SqliteStorage file', function () {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mfd-sqlite-file-'));
    path = join(dir, 'a', 'b', 'state.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates its directory and runs in WAL mode', function () {
    new SqliteStorage(path).close();
    const db = new Database(path, { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
  });

  it('enforces eTags across two connections to the same file (SQLITE_LOCKING=normal)', async function () {
    const first = new SqliteStorage(path, { locking: 'normal' });
    const second = new SqliteStorage(path, { locking: 'normal' });
    try {
      await first.write({ ticket: { status: 'open' } });
      const seenBySecond = (await second.read(['ticket'])).ticket;
      await first.write({ ticket: { status: 'assigned', eTag: seenBySecond.eTag } });
      await assert.rejects(second.write({ ticket: { status: 'closed', eTag: seenBySecond.eTag } }), /eTag conflict/);
      assert.equal((await second.read(['ticket'])).ticket.status, 'assigned');
    } finally {
      first.close();
      second.close();
    }
  });

  it('keeps everything after close and reopen, and a rejected call changes nothing', async function () {
    const storage = new SqliteStorage(path);
    await storage.write({ a: { n: 1 }, b: { n: 1 } });
    const { a } = await storage.read(['a']);
    await storage.write({ a: { n: 2, eTag: a.eTag } });
    // One call, two items: b is fine but a's eTag is stale, so neither is written.
    await assert.rejects(storage.write({ b: { n: 99 }, a: { n: 99, eTag: a.eTag } }), /eTag conflict/);
    storage.close();

    const reopened = new SqliteStorage(path);
    const items = await reopened.read(['a', 'b']);
    assert.equal(items.a.n, 2);
    assert.equal(items.b.n, 1);
    reopened.close();
  });
});
