// Refused requests are logged through pino at a bounded rate: at most `perWindow` lines per window
// (default 10 a minute), then silence until the next window, whose first line says how many were
// left out. A flood of bad requests cannot flood the log, and nothing goes to stderr.
import type { Logger } from '../logger';

export interface RefusalLogOptions {
  perWindow?: number;
  windowMs?: number;
  now?: () => number;
}

/** Longest text kept from an error message (messages can quote long keys or claim values). */
export const DETAIL_LIMIT = 160;

export class RefusalLog {
  private readonly perWindow: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private windowStart = -Infinity;
  private written = 0;
  private suppressed = 0;

  constructor(
    private readonly logger: Logger | undefined,
    options: RefusalLogOptions = {},
  ) {
    this.perWindow = options.perWindow ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** One warn line (or none, when this window's budget is spent). */
  warn(fields: Record<string, unknown>, message: string): void {
    const now = this.now();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.written = 0;
    }
    if (this.written >= this.perWindow) {
      this.suppressed++;
      return;
    }
    this.written++;
    const suppressed = this.suppressed;
    this.suppressed = 0;
    this.logger?.warn(suppressed > 0 ? { ...fields, suppressedBefore: suppressed } : fields, message);
  }
}

/** The first line of an error's message, cut to DETAIL_LIMIT characters; never a stack. */
export function errorDetail(error: unknown): string {
  const raw = error instanceof Error ? `${error.name}: ${error.message}` : typeof error === 'string' ? error : String(error);
  const firstLine = raw.split('\n', 1)[0] ?? '';
  return firstLine.length > DETAIL_LIMIT ? `${firstLine.slice(0, DETAIL_LIMIT)}…` : firstLine;
}
