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

/** The longest one connector call (with its retries) may take: a turn must answer within Teams' 15 s. */
export const DEFAULT_CALL_TIMEOUT_MS = 5_000;
/** A turn's connector calls all end by this long after the turn began. */
export const TURN_CONNECTOR_BUDGET_MS = 12_000;
const TIMEOUT_POLICY = 'mailflowDoctorCallTimeout';

/** A connector call that did not answer in time (retryable, like a network timeout). */
export class ConnectorTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(readonly timeoutMs: number) {
    super(`Bot Connector call did not answer within ${timeoutMs} ms`);
    this.name = 'ConnectorTimeoutError';
  }
}

interface PipelineLike {
  addPolicy(policy: { name: string; sendRequest(request: RequestLike, next: (request: RequestLike) => Promise<unknown>): Promise<unknown> }): void;
  getOrderedPolicies(): { name: string }[];
}

interface RequestLike {
  abortSignal?: AbortSignal;
}

export function callTimeoutFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = (env.CONNECTOR_TIMEOUT_MS ?? '').trim();
  if (raw === '') return DEFAULT_CALL_TIMEOUT_MS;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`CONNECTOR_TIMEOUT_MS must be a positive number, got "${raw}"`);
  return value;
}

/**
 * Every call through `client` is aborted after `timeoutMs` (and no later than `deadline`, ms since
 * epoch, when given). The policy sits before the pipeline's retry phase, so the limit covers the
 * whole call with any built-in retries. Adding it twice is a no-op.
 */
export function withCallTimeout(client: ConnectorClient, timeoutMs: number, deadline?: number): ConnectorClient {
  const pipeline = (client as unknown as { client?: { pipeline?: PipelineLike } }).client?.pipeline;
  if (!pipeline || pipeline.getOrderedPolicies().some((policy) => policy.name === TIMEOUT_POLICY)) return client;
  pipeline.addPolicy({
    name: TIMEOUT_POLICY,
    sendRequest: async (request, next) => {
      const limit = Math.max(1, Math.min(timeoutMs, deadline === undefined ? Infinity : deadline - Date.now()));
      const controller = new AbortController();
      const outer = request.abortSignal;
      const forward = () => controller.abort(outer?.reason);
      outer?.addEventListener('abort', forward, { once: true });
      const timer = setTimeout(() => controller.abort(new ConnectorTimeoutError(limit)), limit);
      request.abortSignal = controller.signal;
      try {
        return await next(request);
      } catch (error) {
        if (controller.signal.reason instanceof ConnectorTimeoutError) throw controller.signal.reason;
        throw error;
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener('abort', forward);
      }
    },
  });
  return client;
}

/**
 * Turn middleware: the turn's own connector client (replies, member lookups) gets the per-call
 * timeout, and all its calls end within TURN_CONNECTOR_BUDGET_MS of the turn's start.
 */
export function connectorTimeoutMiddleware(timeoutMs: number = DEFAULT_CALL_TIMEOUT_MS) {
  return {
    onTurn: async (context: { adapter: { ConnectorClientKey: symbol }; turnState: Map<unknown, unknown> }, next: () => Promise<void>): Promise<void> => {
      const client = context.turnState.get(context.adapter.ConnectorClientKey) as ConnectorClient | undefined;
      if (client) withCallTimeout(client, timeoutMs, Date.now() + TURN_CONNECTOR_BUDGET_MS);
      await next();
    },
  };
}
