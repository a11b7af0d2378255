// Teams redelivers a message it thinks was lost (no answer within ~15 s, a network error), with the
// same activity id, possibly to another instance. The first delivery leaves a marker in the bot's
// shared storage (keyed by channel, conversation and activity id); a delivery that finds a fresh
// marker is dropped without an answer. A turn that fails removes its marker so a retry can succeed.
//
// botbuilder's Storage has no "create if absent", so two deliveries of one id arriving within the
// same few milliseconds at two instances could both pass; retries come seconds apart, after the
// first delivery has written its marker.
import { ActivityTypes, type Activity, type Middleware, type Storage, type TurnContext } from 'botbuilder';
import type { Logger } from '../logger';

export const DEFAULT_DEDUPE_TTL_MS = 10 * 60 * 1000;

interface Marker {
  seenAt: number;
}

export function dedupeKey(activity: Partial<Activity>): string | undefined {
  const { id, channelId, conversation } = activity;
  if (!id || !conversation?.id) return undefined;
  return `dedupe/${channelId ?? 'unknown'}/${conversation.id}/${id}`;
}

export interface DedupeOptions {
  ttlMs?: number;
  logger?: Logger;
  now?: () => number;
}

export class DedupeMiddleware implements Middleware {
  private readonly ttlMs: number;
  private readonly now: () => number;
  /** Markers this instance wrote, oldest first, removed from storage once they expire. */
  private readonly written: { key: string; expiresAt: number }[] = [];
  private purging = false;
  private readonly logger: Logger | undefined;

  constructor(
    private readonly storage: Storage,
    options: DedupeOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_DEDUPE_TTL_MS;
    this.now = options.now ?? Date.now;
    this.logger = options.logger;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const key = context.activity.type === ActivityTypes.Message ? dedupeKey(context.activity) : undefined;
    if (!key) return next();

    const now = this.now();
    const stored = (await this.storage.read([key]))[key] as Partial<Marker> | undefined;
    if (typeof stored?.seenAt === 'number' && now - stored.seenAt < this.ttlMs) {
      this.logger?.info({ activity: { id: context.activity.id, conversationId: context.activity.conversation?.id } }, 'duplicate activity dropped');
      return;
    }
    await this.storage.write({ [key]: { seenAt: now, eTag: '*' } });
    this.written.push({ key, expiresAt: now + this.ttlMs });
    void this.purgeExpired(now);

    try {
      await next();
    } catch (error) {
      await this.storage.delete([key]).catch(() => undefined);
      throw error;
    }
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
      // a failed purge leaves stale markers, which are ignored once expired
    } finally {
      this.purging = false;
    }
  }
}
