// Storage seam for the bot: the composition root calls createStorage(process.env) and closes what
// it returns on shutdown. STORAGE=sqlite (default) | blob | memory. See README "Storage".
import { MemoryStorage, type Storage } from 'botbuilder';
import { openBlobStorage } from './blobStorage';
import { RetentionStorage, retentionFromEnv, removePastesStoredBefore } from './retention';
import { DEFAULT_SQLITE_PATH, SqliteStorage } from './sqliteStorage';

export { PASTE_PROPERTY, storePaste, type StoredPaste } from './retention';

export const DEFAULT_BLOB_CONTAINER = 'mailflow-doctor';

export interface StorageHandle {
  /** Use this one: expired pastes are never read from it nor written back through it. */
  storage: Storage;
  /** A short name for logs: "memory", "sqlite", "blob". */
  kind: string;
  /** Removes pastes older than RETENTION_DAYS from stored state now. Returns how many items changed. */
  purgeExpired(now?: Date): Promise<number>;
  close(): Promise<void>;
}

export interface StorageOptions {
  /** Told when a scheduled purge fails (pino-compatible). The bot keeps running. */
  log?: { warn(fields: object, message: string): void };
}

interface Backend {
  storage: Storage;
  kind: string;
  purgeStoredBefore(cutoffMs: number): Promise<number>;
  close(): Promise<void>;
}

export async function createStorage(env: NodeJS.ProcessEnv, options: StorageOptions = {}): Promise<StorageHandle> {
  const retention = retentionFromEnv(env);
  const backend = await openBackend(env);
  const purgeExpired = (now: Date = new Date()) => backend.purgeStoredBefore(now.getTime() - retention.retentionMs);

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
    storage: new RetentionStorage(backend.storage, retention.retentionMs),
    kind: backend.kind,
    purgeExpired,
    close: async () => {
      clearInterval(timer);
      await backend.close();
    },
  };
}

async function openBackend(env: NodeJS.ProcessEnv): Promise<Backend> {
  const kind = (env.STORAGE ?? '').trim().toLowerCase() || 'sqlite';
  switch (kind) {
    case 'sqlite':
      return openSqlite(env.SQLITE_PATH?.trim() || DEFAULT_SQLITE_PATH);
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

function openSqlite(path: string): Backend {
  const sqlite = new SqliteStorage(path);
  return {
    storage: sqlite,
    kind: 'sqlite',
    purgeStoredBefore: async (cutoffMs) => sqlite.purgePastesStoredBefore(cutoffMs),
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
    purgeStoredBefore: blob.purgePastesStoredBefore,
    close: async () => undefined,
  };
}

function openMemory(): Backend {
  const memory: Record<string, string> = {};
  const storage = new MemoryStorage(memory);
  return {
    storage,
    kind: 'memory',
    purgeStoredBefore: async (cutoffMs) => purgeMemory(storage, Object.keys(memory), cutoffMs),
    close: async () => undefined,
  };
}

// Read-modify-write with the eTag read, so a concurrent turn wins and the next purge looks again.
async function purgeMemory(storage: Storage, keys: string[], cutoffMs: number): Promise<number> {
  let changed = 0;
  for (const [key, item] of Object.entries(await storage.read(keys))) {
    if (removePastesStoredBefore(item, cutoffMs) === 0) continue;
    await storage.write({ [key]: item }).then(
      () => (changed += 1),
      () => undefined,
    );
  }
  return changed;
}
