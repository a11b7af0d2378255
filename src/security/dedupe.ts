// Teams redelivers a message it thinks was lost (no answer within ~15 s, a network error), with the
// same activity id, possibly to another instance. Each delivery of a message consults a marker in
// the bot's shared storage (keyed by channel, conversation and activity id), which is a lease:
//
//   { state: 'inProgress', owner, leaseUntil }  taken when a turn starts; a redelivery meanwhile
//                                               is dropped (the first delivery is still working);
//   { state: 'done' }                           written once the turn's first reply was sent (or
//                                               the turn ended); a redelivery is dropped for the
//                                               TTL (10 minutes by default).
//
// A lease whose holder crashed (kill -9, a power cut) lapses after leaseMs, a few seconds beyond
// Teams' 15 s turn limit, and the next delivery is processed. On storage that one process owns
// (SQLite with its exclusive lock, memory) a lease held by another process id is known dead at
// once, so the redelivery after a restart is answered right away. A turn that fails before any
// reply was sent removes its marker so a retry can succeed. Markers carry `expiresAt`, so the
// storage purge deletes the ones this process did not get to (after a crash).
//
// botbuilder's Storage has no "create if absent": taking over an existing marker is written with
// its eTag (two instances cannot both take it), a new one with "*" — two deliveries of one id
// arriving within the same few milliseconds at two instances could both pass; retries come
// seconds apart.
import { randomUUID } from 'node:crypto';
import { ActivityTypes, type Activity, type Middleware, type Storage, type TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import { isSingleProcessStorage, isStorageUnavailable } from '../storage/guardedStorage';

export const DEFAULT_DEDUPE_TTL_MS = 10 * 60 * 1000;
/** Teams' 15 s for a turn, and 5 s more. */
export const DEFAULT_LEASE_MS = 20 * 1000;

interface Marker {
  state?: 'inProgress' | 'done';
  owner?: string;
  leaseUntil?: number;
  seenAt: number;
  expiresAt?: number;
  eTag?: string;
}

export function dedupeKey(activity: Partial<Activity>): string | undefined {
  const { id, channelId, conversation } = activity;
  if (!id || !conversation?.id) return undefined;
  return `dedupe/${channelId ?? 'unknown'}/${conversation.id}/${id}`;
}

export interface DedupeOptions {
  ttlMs?: number;
  leaseMs?: number;
  logger?: Logger;
  now?: () => number;
  /** This process; default a random id per start. */
  owner?: string;
  /** Leases of other owners are dead (only this process uses the storage). Default: asks the storage. */
  singleProcess?: boolean;
}

const isConflict = (error: unknown) => /eTag conflict/i.test(error instanceof Error ? error.message : '') || (error as { statusCode?: number })?.statusCode === 412;

export class DedupeMiddleware implements Middleware {
  private readonly ttlMs: number;
  private readonly leaseMs: number;
  private readonly now: () => number;
  private readonly owner: string;
  private readonly singleProcess: boolean;
  /** Markers this instance wrote, oldest first, removed from storage once they expire. */
  private readonly written: { key: string; expiresAt: number }[] = [];
  private purging = false;
  private readonly logger: Logger | undefined;

  constructor(
    private readonly storage: Storage,
    options: DedupeOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_DEDUPE_TTL_MS;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.now = options.now ?? Date.now;
    this.logger = options.logger;
    this.owner = options.owner ?? randomUUID();
    this.singleProcess = options.singleProcess ?? isSingleProcessStorage(storage);
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const key = context.activity.type === ActivityTypes.Message ? dedupeKey(context.activity) : undefined;
    if (!key) return next();

    const now = this.now();
    const stored = (await this.storage.read([key]))[key] as Marker | undefined;
    const drop = this.reasonToDrop(stored, now);
    if (drop) {
      this.logger?.info({ activity: { id: context.activity.id, conversationId: context.activity.conversation?.id }, reason: drop }, 'duplicate activity dropped');
      return;
    }
    const expiresAt = now + Math.max(this.ttlMs, this.leaseMs);
    let leased = false;
    try {
      await this.storage.write({
        [key]: { state: 'inProgress', owner: this.owner, leaseUntil: now + this.leaseMs, seenAt: now, expiresAt, eTag: stored?.eTag ?? '*' },
      });
      leased = true;
      this.written.push({ key, expiresAt });
    } catch (error) {
      if (isConflict(error)) {
        this.logger?.info({ activity: { id: context.activity.id }, reason: 'taken' }, 'duplicate activity dropped');
        return;
      }
      // Storage is down: answer anyway (without a marker) rather than lose the message.
      if (!isStorageUnavailable(error)) throw error;
    }
    void this.purgeExpired(now);

    let answered = false;
    const markDone = async (): Promise<void> => {
      if (answered || !leased) return;
      answered = true;
      await this.storage.write({ [key]: { state: 'done', owner: this.owner, seenAt: now, expiresAt, eTag: '*' } }).catch(() => undefined);
    };
    // Done as soon as the first reply went out: a crash after it must not answer the redelivery twice.
    context.onSendActivities(async (_context, activities, nextSend) => {
      const responses = await nextSend();
      if (activities.some((activity) => activity.type === ActivityTypes.Message)) await markDone();
      return responses;
    });

    try {
      await next();
    } catch (error) {
      if (leased && !answered) await this.storage.delete([key]).catch(() => undefined);
      throw error;
    }
    await markDone();
  }

  private reasonToDrop(stored: Marker | undefined, now: number): string | undefined {
    if (!stored || typeof stored.seenAt !== 'number') return undefined;
    if (stored.state === 'inProgress') {
      const live = typeof stored.leaseUntil === 'number' && now < stored.leaseUntil;
      const deadOwner = this.singleProcess && stored.owner !== this.owner;
      return live && !deadOwner ? 'inProgress' : undefined;
    }
    // 'done', or a marker written before leases (seenAt only)
    const until = stored.seenAt + this.ttlMs;
    return now < until ? 'done' : undefined;
  }

  /** Deletes this instance's expired markers (in the background, one purge at a time). */
  private async purgeExpired(now: number): Promise<void> {
    if (this.purging || this.written.length === 0 || this.written[0]!.expiresAt > now) return;
    this.purging = true;
    try {
      let count = 0;
      while (count < this.written.length && this.written[count]!.expiresAt <= now) count++;
      const expired = this.written.splice(0, count).map((entry) => entry.key);
      for (let i = 0; i < expired.length; i += 500) await this.storage.delete(expired.slice(i, i + 500));
    } catch {
      // a failed purge leaves stale markers, which are ignored once expired and purged at rest
    } finally {
      this.purging = false;
    }
  }
}
