// Tickets that did not reach the expert channel are posted again: at start, every interval (an
// unref'd timer, so it never keeps the process alive), and when a turn arrives after a quiet spell.
// Connector calls time out (connectorRetry), and on top of that a pass that has not finished after
// passTimeoutMs is abandoned (the next one may start), and stop() waits for a running pass at most
// stopWaitMs: a connector that never answers holds neither the loop nor the shutdown.
import type { Logger } from '../logger';

export const DEFAULT_PASS_TIMEOUT_MS = 60_000;
export const DEFAULT_STOP_WAIT_MS = 2_000;

export interface DeliveryRetryLoopTimes {
  passTimeoutMs?: number;
  stopWaitMs?: number;
}

export class DeliveryRetryLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastRunAt = 0;

  constructor(
    private readonly retry: () => Promise<number>,
    private readonly intervalMs: number,
    private readonly logger?: Logger,
    private readonly now: () => number = Date.now,
    private readonly times: DeliveryRetryLoopTimes = {},
  ) {}

  start(): void {
    if (this.timer) return;
    this.runNow();
    this.timer = setInterval(() => this.runNow(), this.intervalMs);
    this.timer.unref();
  }

  /** From a turn: runs a pass unless one ran within the interval. */
  kick(): void {
    if (this.now() - this.lastRunAt >= this.intervalMs) this.runNow();
  }

  /** Stops the timer; waits for a running pass, but no longer than stopWaitMs. Resolves true if it finished. */
  async stop(): Promise<boolean> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (!this.running) return true;
    const finished = await within(this.running.then(() => true), this.times.stopWaitMs ?? DEFAULT_STOP_WAIT_MS, false);
    if (!finished) this.logger?.warn({ waitedMs: this.times.stopWaitMs ?? DEFAULT_STOP_WAIT_MS }, 'ticket retry pass abandoned at shutdown');
    return finished;
  }

  private runNow(): void {
    if (this.running) return;
    this.lastRunAt = this.now();
    const limit = this.times.passTimeoutMs ?? DEFAULT_PASS_TIMEOUT_MS;
    const pass = this.retry();
    this.running = within(pass, limit, 'timeout' as const)
      .then((delivered) => {
        if (delivered === 'timeout') {
          this.logger?.warn({ passTimeoutMs: limit }, 'ticket retry pass timed out; the next pass starts on schedule');
          return;
        }
        if (delivered > 0) this.logger?.info({ delivered }, 'undelivered tickets posted');
      })
      .catch((error: unknown) => this.logger?.warn({ error: error instanceof Error ? error.name : String(error) }, 'ticket retry pass failed'))
      .finally(() => {
        this.running = undefined;
      });
  }
}

/** `promise`, or `fallback` after `ms` (the promise goes on, unobserved). */
function within<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<F>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
    timer.unref();
  });
  promise.catch(() => undefined);
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
