// What the bot does when its storage fails (a full disk, read-only files, a lock that outlasts the
// retry budget, Blob unreachable): it keeps answering. GuardedStorage wraps the backend:
// - inside a turn (storageTurnScope), a failed read hands the bot empty state, so the paste is
//   diagnosed without state; every write of that turn then fails fast with StorageUnavailableError
//   (so state read as empty never overwrites the real one), which the turn error handler answers
//   with "I can't save right now, your paste was not stored";
// - outside a turn (background work) a failure is a StorageUnavailableError;
// - eTag conflicts are not failures: they pass through unchanged;
// - one error line when storage starts failing, one info line when a write succeeds again, and
//   health() for /healthz in between.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Middleware, Storage, StoreItems, TurnContext } from 'botbuilder';

export class StorageUnavailableError extends Error {
  constructor(readonly causeCode: string) {
    super(`storage unavailable (${causeCode})`);
    this.name = 'StorageUnavailableError';
  }
}

export function isStorageUnavailable(error: unknown): error is StorageUnavailableError {
  return error instanceof StorageUnavailableError || (error as { name?: unknown })?.name === 'StorageUnavailableError';
}

export interface StorageHealth {
  ok: boolean;
  /** The last failure while failing: SQLite's or the service's code and message, and when. */
  error?: { code: string; message: string; since: string; at: string };
}

interface TurnScope {
  failed?: string;
}

const turnScope = new AsyncLocalStorage<TurnScope>();

/** Turn middleware: marks the turn so GuardedStorage can degrade it. Put it first. */
export function storageTurnScope(): Middleware {
  return {
    onTurn: (_context: TurnContext, next: () => Promise<void>) => turnScope.run({}, next),
  };
}

export interface GuardLog {
  error(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

/** True for storage only this process uses (SQLite with its exclusive lock, memory). */
export function isSingleProcessStorage(storage: Storage): boolean {
  return storage instanceof GuardedStorage && storage.singleProcess;
}

export class GuardedStorage implements Storage {
  private failure: StorageHealth['error'] | undefined;

  constructor(
    private readonly inner: Storage,
    private readonly kind: string,
    private readonly log?: GuardLog,
    /** No other process can use this storage (see isSingleProcessStorage). */
    readonly singleProcess: boolean = false,
  ) {}

  health(): StorageHealth {
    return this.failure ? { ok: false, error: { ...this.failure } } : { ok: true };
  }

  async read(keys: string[]): Promise<StoreItems> {
    try {
      return await this.inner.read(keys);
    } catch (error) {
      if (!isFailure(error)) throw error;
      const code = this.failed(error);
      const scope = turnScope.getStore();
      if (!scope) throw new StorageUnavailableError(code);
      scope.failed ??= code;
      return {};
    }
  }

  async write(changes: StoreItems): Promise<void> {
    await this.change(() => this.inner.write(changes));
  }

  async delete(keys: string[]): Promise<void> {
    await this.change(() => this.inner.delete(keys));
  }

  private async change(operation: () => Promise<void>): Promise<void> {
    const scope = turnScope.getStore();
    if (scope?.failed) throw new StorageUnavailableError(scope.failed);
    try {
      await operation();
    } catch (error) {
      if (!isFailure(error)) throw error;
      const code = this.failed(error);
      if (scope) scope.failed = code;
      throw new StorageUnavailableError(code);
    }
    this.recovered();
  }

  private failed(error: unknown): string {
    const code = failureCode(error);
    const message = error instanceof Error ? error.message : String(error);
    const at = new Date().toISOString();
    if (!this.failure) {
      this.log?.error(
        { storage: this.kind, code, error: message },
        'storage unavailable: answering without saving state until it recovers',
      );
    }
    this.failure = { code, message, since: this.failure?.since ?? at, at };
    return code;
  }

  private recovered(): void {
    if (!this.failure) return;
    this.log?.info({ storage: this.kind, since: this.failure.since }, 'storage recovered');
    this.failure = undefined;
  }
}

/** eTag conflicts and argument errors belong to the caller; anything else is the storage failing. */
function isFailure(error: unknown): boolean {
  if (error instanceof ReferenceError) return false;
  if (isStorageUnavailable(error)) return true;
  const name = (error as { name?: unknown })?.name;
  if (name === 'StorageConflictError') return false;
  const message = error instanceof Error ? error.message : '';
  if (/eTag conflict/i.test(message)) return false;
  const status = (error as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status < 500 && status !== 408 && status !== 429) return false;
  return true;
}

function failureCode(error: unknown): string {
  if (isStorageUnavailable(error)) return error.causeCode;
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && code) return code;
  const status = (error as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number') return `HTTP ${status}`;
  return error instanceof Error ? error.name : 'Error';
}
