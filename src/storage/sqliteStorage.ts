// botbuilder Storage on one SQLite file (better-sqlite3, WAL), with botbuilder's eTag contract:
// a write whose eTag is missing or "*" overwrites; any other eTag must match the stored one or the
// call is rejected; every write gets a new eTag, returned on read. Like BlobsStorage and Cosmos
// (and unlike MemoryStorage), an eTag for an item that no longer exists is a conflict too.
// Each call is one transaction, so a rejected write changes nothing.
//
// Faults (README "Storage faults"):
// - locking_mode=EXCLUSIVE is set before WAL (SQLITE_LOCKING=normal turns it off): the WAL index
//   lives in this process's heap instead of a memory-mapped `-shm` file, so a full disk or a
//   read-only remount gives SQLite errors instead of SIGBUS, and no other process can hold a lock
//   on the file while the bot runs (one process per file; it is refused with SQLITE_BUSY at once).
// - better-sqlite3 is synchronous: a lock never waits more than BUSY_TIMEOUT_MS on the event loop;
//   SQLITE_BUSY is retried asynchronously (with the loop free) for up to the busy budget.
// - A file that is not a database, truncated or with a damaged page is refused at start
//   (SqliteFileError, with what to do) before anything is written to it.
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Storage, StoreItems } from 'botbuilder';
import { oldestPasteTime, removePastesStoredBefore } from './retention';

export const DEFAULT_SQLITE_PATH = 'data/mailflow-doctor.sqlite';
/** The longest a lock may block the event loop, per attempt. */
export const BUSY_TIMEOUT_MS = 20;
/** How long SQLITE_BUSY is retried asynchronously before the call fails. */
export const DEFAULT_BUSY_BUDGET_MS = 2_000;
/** The top-level property (ms since epoch) after which an item may be deleted at rest. */
export const EXPIRES_PROPERTY = 'expiresAt';

export type SqliteLocking = 'exclusive' | 'normal';

export interface SqliteOptions {
  locking?: SqliteLocking;
  busyBudgetMs?: number;
}

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
// Added after the first release: files made before it get the column on open.
const EXPIRY_SCHEMA = `
  CREATE INDEX IF NOT EXISTS items_expires_at ON items (expires_at) WHERE expires_at IS NOT NULL;
`;

export class StorageConflictError extends Error {
  constructor(readonly key: string) {
    // The same message as botbuilder's own storages, so log searches match across backends.
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'StorageConflictError';
  }
}

/** The file at `path` cannot be used as it is; nothing was written to it. */
export class SqliteFileError extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
    detail: string,
    advice: string,
  ) {
    super(`SQLite file ${path} cannot be used (${code}: ${detail}). ${advice}`);
    this.name = 'SqliteFileError';
  }
}

export function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  return error instanceof Database.SqliteError && typeof code === 'string' ? code : undefined;
}

const isBusy = (error: unknown): boolean => {
  const code = sqliteCode(error);
  return code !== undefined && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  private readonly selectOne: Database.Statement<[string], ItemRow>;
  private readonly selectEtag: Database.Statement<[string], { etag: string }>;
  private readonly upsert: Database.Statement<[string, string, string, number, number | null, number | null]>;
  private readonly deleteOne: Database.Statement<[string]>;
  private readonly selectPastesBefore: Database.Statement<[number], ItemRow>;
  private readonly deleteExpiredBefore: Database.Statement<[number]>;
  readonly locking: SqliteLocking;
  private readonly busyBudgetMs: number;
  /** 'missing': there was no file; 'empty': a zero-length file was there. Both start empty. */
  readonly created: 'missing' | 'empty' | undefined;

  constructor(
    readonly path: string = DEFAULT_SQLITE_PATH,
    options: SqliteOptions = {},
  ) {
    this.locking = options.locking ?? 'exclusive';
    this.busyBudgetMs = options.busyBudgetMs ?? DEFAULT_BUSY_BUDGET_MS;
    this.created = path === ':memory:' ? undefined : prepareFile(path);
    this.db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    try {
      // Before the first access in WAL mode, so SQLite never maps a shared-memory WAL index.
      if (this.locking === 'exclusive') this.db.pragma('locking_mode = EXCLUSIVE');
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      // Reads every page: a damaged file fails here, before the WAL switch could write to it.
      const check = this.db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Database.SqliteError(String(check), 'SQLITE_CORRUPT');
      this.db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode survives a killed process; a power cut may lose the last commits.
      this.db.pragma('synchronous = NORMAL');
      // Deleted content is overwritten, so purged pastes do not linger in free pages.
      this.db.pragma('secure_delete = ON');
      // The WAL is cut back to 4 MB after a checkpoint instead of keeping its largest size.
      this.db.pragma('journal_size_limit = 4194304');
      this.db.exec(SCHEMA);
      const columns = this.db.prepare<[], { name: string }>('PRAGMA table_info(items)').all();
      if (!columns.some((column) => column.name === 'expires_at')) this.db.exec('ALTER TABLE items ADD COLUMN expires_at INTEGER');
      this.db.exec(EXPIRY_SCHEMA);
    } catch (error) {
      this.db.close();
      throw fileError(path, error);
    }
    this.selectOne = this.db.prepare('SELECT key, value, etag FROM items WHERE key = ?');
    this.selectEtag = this.db.prepare('SELECT etag FROM items WHERE key = ?');
    this.upsert = this.db.prepare(
      `INSERT INTO items (key, value, etag, updated_at, oldest_paste_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag,
         updated_at = excluded.updated_at, oldest_paste_at = excluded.oldest_paste_at, expires_at = excluded.expires_at`,
    );
    this.deleteOne = this.db.prepare('DELETE FROM items WHERE key = ?');
    this.selectPastesBefore = this.db.prepare(
      'SELECT key, value, etag FROM items WHERE oldest_paste_at IS NOT NULL AND oldest_paste_at < ?',
    );
    this.deleteExpiredBefore = this.db.prepare('DELETE FROM items WHERE expires_at IS NOT NULL AND expires_at < ?');
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
    return this.patiently(() => readAll(keys));
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
    // IMMEDIATE takes the write lock before the eTag check, so another connection on the same file
    // waits instead of failing on a stale read snapshot.
    const entries = Object.entries(changes);
    await this.patiently(() => writeAll.immediate(entries));
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    const deleteAll = this.db.transaction((doomed: string[]) => {
      for (const key of doomed) this.deleteOne.run(key);
    });
    await this.patiently(() => deleteAll.immediate(keys));
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

  /** Deletes items whose `expiresAt` is before `nowMs` (dedupe markers…). Returns how many. */
  purgeExpired(nowMs: number = Date.now()): number {
    return this.deleteExpiredBefore.run(nowMs).changes;
  }

  /**
   * An online copy to `target` (a new file) through SQLite's backup API, a few pages per step
   * with the event loop free in between, so turns go on while it runs. Returns the pages copied.
   */
  async backup(target: string): Promise<number> {
    // Private like the database (it holds the same pastes); an existing file is replaced.
    try {
      closeSync(openSync(target, 'wx', 0o600));
    } catch {
      // exists already
    }
    const result = await this.db.backup(target, { progress: () => 64 });
    return result.totalPages;
  }

  /** Bytes of the database file and its WAL. */
  fileBytes(): { database: number; wal: number } {
    const size = (file: string) => {
      try {
        return statSync(file).size;
      } catch {
        return 0;
      }
    };
    return { database: size(this.path), wal: size(`${this.path}-wal`) };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Runs `operation`; SQLITE_BUSY is tried again with the event loop free, up to the budget. */
  private async patiently<T>(operation: () => T): Promise<T> {
    const giveUpAt = Date.now() + this.busyBudgetMs;
    for (let wait = 10; ; wait = Math.min(wait * 2, 200)) {
      try {
        return operation();
      } catch (error) {
        if (!isBusy(error) || Date.now() + wait > giveUpAt) throw error;
        await sleep(wait);
      }
    }
  }

  private store(key: string, value: Record<string, unknown>): void {
    const oldest = oldestPasteTime(value);
    // -Infinity (an invalid paste) is stored as 0 so the next purge removes it.
    const oldestColumn = oldest === undefined ? null : Math.max(oldest, 0);
    const expires = value[EXPIRES_PROPERTY];
    const expiresColumn = typeof expires === 'number' && Number.isFinite(expires) ? expires : null;
    this.upsert.run(key, JSON.stringify(value), randomUUID(), Date.now(), oldestColumn, expiresColumn);
  }
}

/** Creates the directory (0700) and the file (0600) when missing; says what was there. */
function prepareFile(path: string): 'missing' | 'empty' | undefined {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let size: number | undefined;
  try {
    size = statSync(path).size;
  } catch {
    size = undefined;
  }
  if (size === undefined) {
    // SQLite gives its WAL the database file's mode, so both stay private.
    closeSync(openSync(path, 'wx', 0o600));
    return 'missing';
  }
  return size === 0 ? 'empty' : undefined;
}

const DAMAGED = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

function fileError(path: string, error: unknown): Error {
  const code = sqliteCode(error);
  if (!code) return error instanceof Error ? error : new Error(String(error));
  const detail = error instanceof Error ? error.message : String(error);
  const full = resolve(path);
  if (DAMAGED.has(code) || code.startsWith('SQLITE_CORRUPT')) {
    return new SqliteFileError(
      full,
      code,
      detail,
      `It was not changed. Move it aside (mv "${full}" "${full}.damaged") and restart: the bot starts with an empty ` +
        `database. To keep copies you can restore, back up with the bot stopped: sqlite3 "${full}" ".backup copy.sqlite" ` +
        '(or while it runs: kill -USR2 <pid>, see README "Backup").',
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new SqliteFileError(
      full,
      code,
      detail,
      'Another process holds it (a second bot, an sqlite3 shell, a backup): one process per file. Stop it and restart.',
    );
  }
  return new SqliteFileError(full, code, detail, 'Check that the file and its directory are writable and the disk is not full.');
}
