// Retention of pasted content. The convention every area follows: pasted text is stored ONLY as an
// object property named `paste` holding `storePaste(text)` ({ text, storedAt }). Anything else
// (findings, ticket metadata, preferences) carries no `paste` property and outlives the limit.
// A `paste` property that is not a valid { text, storedAt } counts as already expired: retention
// is a privacy promise, so an unreadable date fails closed.
import type { Storage, StoreItems } from 'botbuilder';
import { redactSecrets } from '../security/redactSecrets';

export const PASTE_PROPERTY = 'paste';
export const DEFAULT_RETENTION_DAYS = 30;
export const DEFAULT_PURGE_INTERVAL_MINUTES = 60;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface StoredPaste {
  text: string;
  /** ISO 8601 time the paste was received. */
  storedAt: string;
}

export interface RetentionSettings {
  retentionMs: number;
  purgeIntervalMs: number;
}

/** Secrets in the paste (keys, passwords, tokens) are redacted before anything keeps it. */
export function storePaste(text: string, now: Date = new Date()): StoredPaste {
  return { text: redactSecrets(text), storedAt: now.toISOString() };
}

export function retentionFromEnv(env: NodeJS.ProcessEnv): RetentionSettings {
  const days = positiveNumber(env.RETENTION_DAYS, DEFAULT_RETENTION_DAYS, 'RETENTION_DAYS');
  const minutes = positiveNumber(
    env.RETENTION_PURGE_INTERVAL_MINUTES,
    DEFAULT_PURGE_INTERVAL_MINUTES,
    'RETENTION_PURGE_INTERVAL_MINUTES',
  );
  return { retentionMs: days * DAY_MS, purgeIntervalMs: minutes * 60 * 1000 };
}

function positiveNumber(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  }
  return value;
}

/** Time (ms since epoch) a paste was stored; -Infinity when the value is not a valid paste. */
function pasteTime(candidate: unknown): number {
  if (typeof candidate !== 'object' || candidate === null) return -Infinity;
  const { text, storedAt } = candidate as Partial<StoredPaste>;
  if (typeof text !== 'string' || typeof storedAt !== 'string') return -Infinity;
  const time = Date.parse(storedAt);
  return Number.isNaN(time) ? -Infinity : time;
}

function forEachObject(value: unknown, visit: (object: Record<string, unknown>) => void): void {
  const seen = new Set<object>();
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    const object = node as Record<string, unknown>;
    visit(object);
    Object.values(object).forEach(walk);
  };
  walk(value);
}

/** The earliest storage time (ms) of any paste inside `value`, or undefined when there is none. */
export function oldestPasteTime(value: unknown): number | undefined {
  let oldest: number | undefined;
  forEachObject(value, (object) => {
    if (!Object.prototype.hasOwnProperty.call(object, PASTE_PROPERTY)) return;
    const time = pasteTime(object[PASTE_PROPERTY]);
    if (oldest === undefined || time < oldest) oldest = time;
  });
  return oldest;
}

/** Removes, in place, every paste stored before `cutoffMs`. Returns how many were removed. */
export function removePastesStoredBefore(value: unknown, cutoffMs: number): number {
  let removed = 0;
  forEachObject(value, (object) => {
    if (!Object.prototype.hasOwnProperty.call(object, PASTE_PROPERTY)) return;
    if (pasteTime(object[PASTE_PROPERTY]) < cutoffMs) {
      delete object[PASTE_PROPERTY];
      removed += 1;
    }
  });
  return removed;
}

/**
 * Wraps any Storage so expired pastes are never handed to the bot and never written back, even
 * between two runs of the at-rest purge. eTags pass through untouched.
 */
export class RetentionStorage implements Storage {
  constructor(
    private readonly inner: Storage,
    private readonly retentionMs: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items = await this.inner.read(keys);
    const cutoff = this.cutoff();
    for (const item of Object.values(items)) removePastesStoredBefore(item, cutoff);
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const cutoff = this.cutoff();
    const cleaned: StoreItems = {};
    for (const [key, item] of Object.entries(changes)) {
      const oldest = oldestPasteTime(item);
      if (oldest !== undefined && oldest < cutoff) {
        const copy = structuredClone(item);
        removePastesStoredBefore(copy, cutoff);
        cleaned[key] = copy;
      } else {
        cleaned[key] = item;
      }
    }
    await this.inner.write(cleaned);
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }

  private cutoff(): number {
    return this.clock().getTime() - this.retentionMs;
  }
}
