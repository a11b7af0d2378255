// Retrying calls to the Bot Connector: throttling (429) and server errors (5xx, except 501) and
// network failures are tried again after an exponential backoff with jitter, or after the
// Retry-After the service asked for; anything else (400, 403, 404…) fails at once.
import type { ConnectorClient } from 'botframework-connector';

export interface RetryPolicy {
  /** Calls in all, the first one included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 3, baseDelayMs: 1000, maxDelayMs: 8000 };

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'REQUEST_SEND_ERROR']);

export function connectorStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

export function isRetryable(error: unknown): boolean {
  const status = connectorStatus(error);
  if (status !== undefined) return status === 429 || (status >= 500 && status !== 501 && status !== 505);
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && NETWORK_CODES.has(code);
}

/** Retry-After of a failed call, in ms (seconds or an HTTP date), if the service sent one. */
export function retryAfterMs(error: unknown, now: number = Date.now()): number | undefined {
  const headers = (error as { response?: { headers?: unknown } })?.response?.headers as
    | { get?: (name: string) => string | undefined; [name: string]: unknown }
    | undefined;
  const raw = typeof headers?.get === 'function' ? headers.get('retry-after') : (headers?.['retry-after'] as string | undefined);
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The wait before attempt `attempt + 1` (attempt counts from 0). */
export function backoffMs(attempt: number, policy: RetryPolicy, error?: unknown, random: () => number = Math.random): number {
  const asked = error === undefined ? undefined : retryAfterMs(error);
  if (asked !== undefined) return Math.min(asked, policy.maxDelayMs);
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

export function shortError(error: unknown): string {
  const status = connectorStatus(error);
  const code = (error as { code?: unknown })?.code;
  const name = error instanceof Error ? error.name : 'Error';
  return [name, status, typeof code === 'string' ? code : undefined].filter((part) => part !== undefined).join(' ');
}

export async function withRetry<T>(
  call: () => Promise<T>,
  policy: RetryPolicy,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt + 1 >= policy.attempts || !isRetryable(error)) throw error;
      await sleep(backoffMs(attempt, policy, error));
    }
  }
}

/**
 * The connector client's pipeline has its own retry policy (up to 3 retries, 1 s doubling). Ours
 * replaces it for the escalation's calls: two layers would multiply the waits past Teams' patience.
 */
export function withoutBuiltInRetry(client: ConnectorClient): ConnectorClient {
  const pipeline = (client as unknown as { client?: { pipeline?: { removePolicy?(options: { name: string }): unknown } } }).client?.pipeline;
  pipeline?.removePolicy?.({ name: 'defaultRetryPolicy' });
  return client;
}
