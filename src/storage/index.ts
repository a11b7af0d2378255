// Storage seam for the bot: the composition root calls createStorage(process.env) and closes what
// it returns on shutdown. STORAGE=sqlite (default) | blob | memory. See README "Storage".
import { MemoryStorage, type Storage } from 'botbuilder';
import { openBlobStorage } from './blobStorage';
import { GuardedStorage, type StorageHealth } from './guardedStorage';
import { RetentionStorage, retentionFromEnv, removePastesStoredBefore } from './retention';
import { DEFAULT_SQLITE_PATH, EXPIRES_PROPERTY, SqliteFileError, SqliteStorage, type SqliteLocking } from './sqliteStorage';

export { PASTE_PROPERTY, storePaste, type StoredPaste } from './retention';
export { isStorageUnavailable, storageTurnScope, StorageUnavailableError, type StorageHealth } from './guardedStorage';
export { EXPIRES_PROPERTY, SqliteFileError } from './sqliteStorage';

export const DEFAULT_BLOB_CONTAINER = 'mailflow-doctor';

export interface StorageHandle {
  /** Use this one: expired pastes are never read from it nor written back through it. */
  storage: Storage;
  /** A short name for logs: "memory", "sqlite", "blob". */
  kind: string;
  /**
   * Removes pastes older than RETENTION_DAYS and items past their `expiresAt` (dedupe markers)
   * from stored state now. Returns how many items changed.
   */
  purgeExpired(now?: Date): Promise<number>;
  /** ok, or the last storage error while storage fails (for /healthz). */
  health(): StorageHealth;
  /** SQLite only: an online copy to `target`, without stopping turns. Resolves to the pages copied. */
  backup?(target: string): Promise<number>;
  close(): Promise<void>;
}

export interface StorageOptions {
  /** Told when a scheduled purge fails, when storage fails and recovers (pino-compatible). The bot keeps running. */
  log?: { warn(fields: object, message: string): void; error?(fields: object, message: string): void; info?(fields: object, message: string): void };
}

interface Backend {
  storage: Storage;
  kind: string;
  purgeStoredBefore(cutoffMs: number, nowMs: number): Promise<number>;
  backup?(target: string): Promise<number>;
  /** Only this process can use it (SQLite locked exclusively, memory). */
  singleProcess?: boolean;
  close(): Promise<void>;
}

export async function createStorage(env: NodeJS.ProcessEnv, options: StorageOptions = {}): Promise<StorageHandle> {
  const retention = retentionFromEnv(env);
  const backend = await openBackend(env, options);
  const purgeExpired = (now: Date = new Date()) => backend.purgeStoredBefore(now.getTime() - retention.retentionMs, now.getTime());
  const { log } = options;
  const guarded = new GuardedStorage(
    new RetentionStorage(backend.storage, retention.retentionMs),
    backend.kind,
    log?.error && log.info ? { error: log.error.bind(log), info: log.info.bind(log) } : undefined,
    backend.singleProcess === true,
  );

  const purgeInBackground = () => {
    purgeExpired().catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (options.log) options.log.warn({ err: message, storage: backend.kind }, 'retention purge failed');
      else process.emitWarning(`retention purge failed: ${message}`);
    });
  };
  purgeInBackground();
  const timer = setInterval(purgeInBackground, retention.purgeIntervalMs);
  timer.unref();

  return {
    storage: guarded,
    kind: backend.kind,
    purgeExpired,
    health: () => guarded.health(),
    ...(backend.backup ? { backup: backend.backup } : {}),
    close: async () => {
      clearInterval(timer);
      await backend.close();
    },
  };
}

async function openBackend(env: NodeJS.ProcessEnv, options: StorageOptions): Promise<Backend> {
  const kind = (env.STORAGE ?? '').trim().toLowerCase() || 'sqlite';
  switch (kind) {
    case 'sqlite':
      return openSqlite(env.SQLITE_PATH?.trim() || DEFAULT_SQLITE_PATH, sqliteLocking(env), options);
    case 'blob':
      return openBlob(env);
    case 'memory':
      return openMemory();
    case 'cosmos':
      throw new Error('STORAGE=cosmos is documented but not built in; see README "Storage"');
    default:
      throw new Error(`Unknown STORAGE "${env.STORAGE}": use sqlite, blob or memory`);
  }
}

function sqliteLocking(env: NodeJS.ProcessEnv): SqliteLocking {
  const raw = (env.SQLITE_LOCKING ?? '').trim().toLowerCase() || 'exclusive';
  if (raw !== 'exclusive' && raw !== 'normal') throw new Error(`SQLITE_LOCKING must be exclusive or normal, got "${env.SQLITE_LOCKING}"`);
  return raw;
}

/** How long start waits for another process to let go of the file (a backup finishing). */
const SQLITE_OPEN_WAIT_MS = 5_000;

async function openSqlite(path: string, locking: SqliteLocking, options: StorageOptions): Promise<Backend> {
  const giveUpAt = Date.now() + SQLITE_OPEN_WAIT_MS;
  let sqlite: SqliteStorage;
  for (;;) {
    try {
      sqlite = new SqliteStorage(path, { locking });
      break;
    } catch (error) {
      const busy = error instanceof SqliteFileError && /^SQLITE_(BUSY|LOCKED)/.test(error.code);
      if (!busy || Date.now() > giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  if (sqlite.created) {
    const said = sqlite.created === 'empty' ? 'the file was empty (0 bytes): a new database was created in it' : 'a new database was created';
    options.log?.warn({ path: sqlite.path, locking }, said);
  }
  return {
    storage: sqlite,
    kind: 'sqlite',
    purgeStoredBefore: async (cutoffMs, nowMs) => sqlite.purgeExpired(nowMs) + sqlite.purgePastesStoredBefore(cutoffMs),
    backup: (target) => sqlite.backup(target),
    singleProcess: locking === 'exclusive',
    close: async () => sqlite.close(),
  };
}

async function openBlob(env: NodeJS.ProcessEnv): Promise<Backend> {
  const connectionString = env.BLOB_CONNECTION_STRING?.trim();
  if (!connectionString) throw new Error('STORAGE=blob needs BLOB_CONNECTION_STRING');
  const container = env.BLOB_CONTAINER?.trim() || DEFAULT_BLOB_CONTAINER;
  const blob = await openBlobStorage(connectionString, container);
  return {
    storage: blob.storage,
    kind: 'blob',
    purgeStoredBefore: (cutoffMs, nowMs) => blob.purgePastesStoredBefore(cutoffMs, nowMs),
    close: async () => undefined,
  };
}

function openMemory(): Backend {
  const memory: Record<string, string> = {};
  const storage = new MemoryStorage(memory);
  return {
    storage,
    kind: 'memory',
    singleProcess: true,
    purgeStoredBefore: async (cutoffMs, nowMs) => purgeMemory(storage, Object.keys(memory), cutoffMs, nowMs),
    close: async () => undefined,
  };
}

// Read-modify-write with the eTag read, so a concurrent turn wins and the next purge looks again.
async function purgeMemory(storage: Storage, keys: string[], cutoffMs: number, nowMs: number): Promise<number> {
  let changed = 0;
  for (const [key, item] of Object.entries(await storage.read(keys))) {
    const expires = (item as Record<string, unknown>)[EXPIRES_PROPERTY];
    if (typeof expires === 'number' && expires < nowMs) {
      await storage.delete([key]);
      changed += 1;
      continue;
    }
    if (removePastesStoredBefore(item, cutoffMs) === 0) continue;
    await storage.write({ [key]: item }).then(
      () => (changed += 1),
      () => undefined,
    );
  }
  return changed;
}
