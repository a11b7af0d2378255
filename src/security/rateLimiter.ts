// Per-user rate limit (RATE_LIMIT_PER_MINUTE): a token bucket per user that holds a minute's worth
// of turns and refills continuously. Messages and invokes spend a token; a user with an empty
// bucket gets one polite note per minute (not one per dropped message), an invoke gets a 429.
// Buckets live in this process's memory: with several instances each enforces its own share.
import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import { chooseLanguage, languageOfOwnWords } from '../bot/language';
import { t } from '../i18n';
import type { Logger } from '../logger';

const MINUTE_MS = 60_000;
/** Above this many tracked users, buckets that have refilled completely are forgotten. */
const SWEEP_ABOVE = 10_000;

interface Bucket {
  tokens: number;
  updatedAt: number;
  /** When the last "slow down" note went out; one per minute at most. */
  notifiedAt?: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = perMinute / MINUTE_MS;
  }

  /** Spends a token for `key`; false when its bucket is empty. */
  take(key: string): boolean {
    const bucket = this.refilled(key);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** True at most once per minute per key, to send the "slow down" note. */
  shouldNotify(key: string): boolean {
    const bucket = this.refilled(key);
    const now = this.now();
    if (bucket.notifiedAt !== undefined && now - bucket.notifiedAt < MINUTE_MS) return false;
    bucket.notifiedAt = now;
    return true;
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string): Bucket {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= SWEEP_ABOVE) this.sweep(now);
      bucket = { tokens: this.perMinute, updatedAt: now };
      this.buckets.set(key, bucket);
      return bucket;
    }
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.updatedAt) * this.perMs);
    bucket.updatedAt = now;
    return bucket;
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      const full = bucket.tokens + (now - bucket.updatedAt) * this.perMs >= this.perMinute;
      const noteExpired = bucket.notifiedAt === undefined || now - bucket.notifiedAt >= MINUTE_MS;
      if (full && noteExpired) this.buckets.delete(key);
    }
  }
}

/** The user behind a turn: the Entra object id when Teams gives it, else the channel account id. */
export function rateLimitKey(context: TurnContext): string | undefined {
  const from = context.activity.from;
  return from?.aadObjectId || from?.id || undefined;
}

export interface RateLimitOptions {
  perMinute: number;
  logger?: Logger;
  now?: () => number;
}

export class RateLimitMiddleware implements Middleware {
  private readonly buckets: TokenBuckets;

  constructor(private readonly options: RateLimitOptions) {
    this.buckets = new TokenBuckets(options.perMinute, options.now);
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { type } = context.activity;
    const key = rateLimitKey(context);
    if ((type !== ActivityTypes.Message && type !== ActivityTypes.Invoke) || !key || this.buckets.take(key)) return next();

    if (type === ActivityTypes.Invoke) {
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 429, body: { error: 'TooManyRequests' } } });
      return;
    }
    if (!this.buckets.shouldNotify(key)) return;
    this.options.logger?.info({ activity: { id: context.activity.id, conversationId: context.activity.conversation?.id } }, 'rate limited');
    const { text, locale } = context.activity;
    const lang = chooseLanguage({ ownWords: typeof text === 'string' ? languageOfOwnWords(text.slice(0, 4096)) : undefined, locale });
    await context.sendActivity(t(lang, 'security.rateLimited', { limit: this.options.perMinute }));
  }
}
