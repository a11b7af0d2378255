// One read and one write transaction per turn. A turn reads its dedupe marker, its conversation
// state (dialog, last diagnosis) and its user state one after the other, and writes them back one
// after the other: six storage transactions, each a SQLite transaction (or a blob request). This
// layer wraps the storage every component shares:
//   - when a turn starts, the keys it is known to use (from `keysOf`, set at the composition root)
//     are read together, in ONE read; each later read of such a key is served from that read once;
//   - a write of such keys whose eTag is absent or "*" (botbuilder's BotState writes and the
//     dedupe marker are all of that kind) is kept, and everything kept is written together, in ONE
//     write, when the turn ends (before the reply leaves with expectReplies, as saveChanges did);
//   - everything else (other keys, eTag-checked writes, deletes, work outside a turn) goes straight
//     through, after anything kept for the same keys has been written, so read-your-writes and eTag
//     checks behave exactly as on the storage below.
// Keys every turn reads and hardly any writes (`sharedKeys`: the expert channel setting) are read
// with the rest; such a read is served from any running turn's copy once, and a write of one goes
// straight through and drops every copy.
// A key belongs to one turn at a time: a second concurrent turn using the same key (the same user
// in the same conversation) reads and writes it straight through, as before.
// What changes: writes of a turn become visible to other instances at the end of the turn rather
// than during it (the dedupe marker, a few milliseconds later; see src/security/dedupe.ts).
import type { Middleware, Storage, StoreItems, TurnContext } from 'botbuilder';

/** The storage keys a turn is known to read and write (those that cannot be computed are left out). */
export type TurnKeys = (context: TurnContext) => (string | undefined)[];

interface TurnBatch {
  /** Read at the start of the turn, handed out once per key (then read through). */
  prefetched: StoreItems;
  /** Keys read at the start of the turn, present or not, not yet handed out. */
  unread: Set<string>;
  /** Writes kept for the end of the turn. */
  pending: StoreItems;
  keys: string[];
}

export class TurnStorage implements Storage {
  private readonly owners = new Map<string, TurnBatch>();

  private readonly shared: Set<string>;
  /** Running turns that read the shared keys, newest last. */
  private readonly running = new Set<TurnBatch>();

  constructor(
    private readonly inner: Storage,
    private readonly keysOf: TurnKeys,
    sharedKeys: readonly string[] = [],
  ) {
    this.shared = new Set(sharedKeys);
  }

  /** Register first: the turn's reads start after it, its writes are made when it returns. */
  middleware(): Middleware {
    return { onTurn: (context, next) => this.runTurn(context, next) };
  }

  async runTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const batch = await this.begin(context);
    let failed = true;
    try {
      await next();
      failed = false;
    } finally {
      this.release(batch);
      // A failing turn still writes what it kept (as direct writes would already have done);
      // an error writing then does not hide the turn's own error.
      if (failed) await this.flush(batch).catch(() => undefined);
      else await this.flush(batch);
    }
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    const rest: string[] = [];
    for (const key of keys) {
      if (this.shared.has(key)) {
        const batch = [...this.running].reverse().find((b) => b.unread.has(key));
        if (batch) {
          batch.unread.delete(key);
          if (key in batch.prefetched) items[key] = batch.prefetched[key];
          delete batch.prefetched[key];
        } else {
          rest.push(key);
        }
        continue;
      }
      const batch = this.owners.get(key);
      if (batch && batch.unread.has(key) && !(key in batch.pending)) {
        batch.unread.delete(key);
        if (key in batch.prefetched) items[key] = batch.prefetched[key];
        delete batch.prefetched[key];
      } else {
        rest.push(key);
      }
    }
    if (rest.length === 0) return items;
    await this.flushKeys(rest);
    return Object.assign(items, await this.inner.read(rest));
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const entries = Object.entries(changes);
    const kept = entries.every(([key, item]) => this.owners.has(key) && unconditional(item));
    if (kept) {
      for (const [key, item] of entries) {
        const batch = this.owners.get(key)!;
        batch.pending[key] = item;
        // A later read must see this write: it goes through, after the write.
        batch.unread.delete(key);
        delete batch.prefetched[key];
      }
      return;
    }
    this.dropShared(entries.map(([key]) => key));
    await this.flushKeys(entries.map(([key]) => key));
    await this.inner.write(changes);
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    this.dropShared(keys);
    for (const key of keys) {
      const batch = this.owners.get(key);
      if (!batch) continue;
      delete batch.pending[key];
      batch.unread.delete(key);
      delete batch.prefetched[key];
    }
    await this.inner.delete(keys);
  }

  private async begin(context: TurnContext): Promise<TurnBatch> {
    const keys = [...new Set(this.turnKeys(context))].filter((key) => !this.owners.has(key) && !this.shared.has(key));
    const batch: TurnBatch = { prefetched: {}, unread: new Set(), pending: {}, keys };
    if (keys.length === 0) return batch;
    const shared = [...this.shared];
    for (const key of keys) this.owners.set(key, batch);
    try {
      batch.prefetched = await this.inner.read([...keys, ...shared]);
    } catch (error) {
      this.release(batch);
      throw error;
    }
    for (const key of [...keys, ...shared]) batch.unread.add(key);
    if (shared.length > 0) this.running.add(batch);
    return batch;
  }

  private turnKeys(context: TurnContext): string[] {
    try {
      return this.keysOf(context).filter((key): key is string => typeof key === 'string' && key !== '');
    } catch {
      // An activity without the ids a key needs: its components fail or read through, as before.
      return [];
    }
  }

  private release(batch: TurnBatch): void {
    for (const key of batch.keys) if (this.owners.get(key) === batch) this.owners.delete(key);
    this.running.delete(batch);
    batch.unread.clear();
    batch.prefetched = {};
  }

  /** A shared key written or deleted: no turn may be served an older copy of it. */
  private dropShared(keys: string[]): void {
    for (const key of keys) {
      if (!this.shared.has(key)) continue;
      for (const batch of this.running) {
        batch.unread.delete(key);
        delete batch.prefetched[key];
      }
    }
  }

  /** Writes what turns kept for any of `keys`, so what follows sees it. */
  private async flushKeys(keys: string[]): Promise<void> {
    const batches = new Set<TurnBatch>();
    for (const key of keys) {
      const batch = this.owners.get(key);
      if (batch && key in batch.pending) batches.add(batch);
    }
    for (const batch of batches) await this.flush(batch);
  }

  private async flush(batch: TurnBatch): Promise<void> {
    const changes = batch.pending;
    if (Object.keys(changes).length === 0) return;
    batch.pending = {};
    await this.inner.write(changes);
  }
}

function unconditional(item: unknown): boolean {
  const eTag = (item as { eTag?: unknown } | null | undefined)?.eTag;
  return eTag === undefined || eTag === '*' || eTag === '';
}
