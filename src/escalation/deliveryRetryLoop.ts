// Tickets that did not reach the expert channel are posted again: at start, every interval (an
// unref'd timer, so it never keeps the process alive), and when a turn arrives after a quiet spell.
import type { Logger } from '../logger';

export class DeliveryRetryLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastRunAt = 0;

  constructor(
    private readonly retry: () => Promise<number>,
    private readonly intervalMs: number,
    private readonly logger?: Logger,
    private readonly now: () => number = Date.now,
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

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private runNow(): void {
    if (this.running) return;
    this.lastRunAt = this.now();
    this.running = this.retry()
      .then((delivered) => {
        if (delivered > 0) this.logger?.info({ delivered }, 'undelivered tickets posted');
      })
      .catch((error: unknown) => this.logger?.warn({ error: error instanceof Error ? error.name : String(error) }, 'ticket retry pass failed'))
      .finally(() => {
        this.running = undefined;
      });
  }
}
