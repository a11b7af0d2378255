// botbuilder Storage on one SQLite file (better-sqlite3, WAL), with botbuilder's eTag contract:
// a write whose eTag is missing or "*" overwrites; any other eTag must match the stored one or the
// call is rejected; every write gets a new eTag, returned on read. Like BlobsStorage and Cosmos
// (and unlike MemoryStorage), an eTag for an item that no longer exists is a conflict too.
// Each call is one transaction, so a rejected write changes nothing.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Storage, StoreItems } from 'botbuilder';
import { oldestPasteTime, removePastesStoredBefore } from './retention';

export const DEFAULT_SQLITE_PATH = 'data/mailflow-doctor.sqlite';

interface ItemRow {
  key: string;
  value: string;
  etag: string;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS items (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    etag TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    oldest_paste_at INTEGER
  );
  CREATE INDEX IF NOT EXISTS items_oldest_paste_at ON items (oldest_paste_at)
    WHERE oldest_paste_at IS NOT NULL;
`;

export class StorageConflictError extends Error {
  constructor(readonly key: string) {
    // The same message as botbuilder's own storages, so log searches match across backends.
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'StorageConflictError';
  }
}

export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  private readonly selectOne: Database.Statement<[string], ItemRow>;
  private readonly selectEtag: Database.Statement<[string], { etag: string }>;
  private readonly upsert: Database.Statement<[string, string, string, number, number | null]>;
  private readonly deleteOne: Database.Statement<[string]>;
  private readonly selectPastesBefore: Database.Statement<[number], ItemRow>;

  constructor(readonly path: string = DEFAULT_SQLITE_PATH) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode survives a killed process; a power cut may lose the last commits.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    // Deleted content is overwritten, so purged pastes do not linger in free pages.
    this.db.pragma('secure_delete = ON');
    this.db.exec(SCHEMA);
    this.selectOne = this.db.prepare('SELECT key, value, etag FROM items WHERE key = ?');
    this.selectEtag = this.db.prepare('SELECT etag FROM items WHERE key = ?');
    this.upsert = this.db.prepare(
      `INSERT INTO items (key, value, etag, updated_at, oldest_paste_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag,
         updated_at = excluded.updated_at, oldest_paste_at = excluded.oldest_paste_at`,
    );
    this.deleteOne = this.db.prepare('DELETE FROM items WHERE key = ?');
    this.selectPastesBefore = this.db.prepare(
      'SELECT key, value, etag FROM items WHERE oldest_paste_at IS NOT NULL AND oldest_paste_at < ?',
    );
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const readAll = this.db.transaction((wanted: string[]) => {
      const items: StoreItems = {};
      for (const key of wanted) {
        const row = this.selectOne.get(key);
        if (row) items[key] = { ...JSON.parse(row.value), eTag: row.etag };
      }
      return items;
    });
    return readAll(keys);
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const writeAll = this.db.transaction((entries: [string, Record<string, unknown>][]) => {
      for (const [key, item] of entries) {
        const { eTag, ...value } = item ?? {};
        if (typeof eTag === 'string' && eTag !== '' && eTag !== '*') {
          const current = this.selectEtag.get(key);
          if (current?.etag !== eTag) throw new StorageConflictError(key);
        }
        this.store(key, value);
      }
    });
    // IMMEDIATE takes the write lock before the eTag check, so another process on the same file
    // waits (busy_timeout) instead of failing on a stale read snapshot.
    writeAll.immediate(Object.entries(changes));
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    const deleteAll = this.db.transaction((doomed: string[]) => {
      for (const key of doomed) this.deleteOne.run(key);
    });
    deleteAll.immediate(keys);
  }

  /** Removes pastes stored before `cutoffMs` from every item at rest. Returns how many items changed. */
  purgePastesStoredBefore(cutoffMs: number): number {
    const purge = this.db.transaction((cutoff: number) => {
      const rows = this.selectPastesBefore.all(cutoff);
      for (const row of rows) {
        const value = JSON.parse(row.value) as Record<string, unknown>;
        removePastesStoredBefore(value, cutoff);
        this.store(row.key, value);
      }
      return rows.length;
    });
    const changed = purge.immediate(cutoffMs);
    // Old page images of purged rows live on in the WAL until a checkpoint rewrites them.
    if (changed > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return changed;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private store(key: string, value: Record<string, unknown>): void {
    const oldest = oldestPasteTime(value);
    // -Infinity (an invalid paste) is stored as 0 so the next purge removes it.
    const oldestColumn = oldest === undefined ? null : Math.max(oldest, 0);
    this.upsert.run(key, JSON.stringify(value), randomUUID(), Date.now(), oldestColumn);
  }
}
