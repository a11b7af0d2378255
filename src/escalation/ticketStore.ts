// Tickets in the bot's Storage (SQLite, Blob, memory), every change an eTag-checked
// read-modify-write, so two instances or two experts racing on one ticket cannot both win.
//
//   escalation/registry     { next, claims: { idempotencyKey → { number, at } } } (the last hour)
//   escalation/key/<sha256> { number, at, expiresAt } (each key for KEY_LIFETIME_MS, for a repeat after the hour)
//   escalation/ticket/<n>   one Ticket
//
// The registry is the one item every new ticket passes through: claiming a number and recording
// the idempotency key is a single conditional write, so a retried activity or a double click
// finds the key and gets the same ticket. It keeps only recent claims (races and redeliveries
// happen within seconds), so it stays small; older keys are found in their own items.
// botbuilder's Storage has no "create if absent", so the registry is created once at start
// (ensureRegistry), before any turn can race on it.
import { createHash } from 'node:crypto';
import type { Storage, StoreItem } from 'botbuilder';
import type { Ticket } from './types';

const REGISTRY_KEY = 'escalation/registry';
const CLAIM_WINDOW_MS = 60 * 60 * 1000;
const MAX_CLAIMS = 500;
// A key item outlives the registry's hour so a late retry still finds its ticket; the storage purge
// removes it after this (a click on a month-old card makes a new ticket, which is what a reader expects).
export const KEY_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
const MAX_WRITE_ATTEMPTS = 40;

interface Claim {
  number: number;
  at: string;
}

interface Registry {
  next: number;
  claims: Record<string, Claim>;
}

export interface ClaimResult {
  number: number;
  /** False when the key was claimed before (the same escalation again). */
  created: boolean;
  claimedAt: string;
}

/** What a mutation decided: the changed ticket, or why it was refused (nothing is written). */
export type Mutation<R> = { ticket: Ticket; result: R } | { refused: R };

export interface UpdateOutcome<R> {
  ticket: Ticket;
  result: R;
  changed: boolean;
}

export function ticketKey(number: number): string {
  return `escalation/ticket/${number}`;
}

export function isETagConflict(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { statusCode?: number }).statusCode;
  return /etag conflict/i.test(error.message) || status === 412 || (error as { code?: string }).code === 'ConditionNotMet';
}

export class TicketStore {
  constructor(
    private readonly storage: Storage,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async ensureRegistry(): Promise<void> {
    const items = await this.storage.read([REGISTRY_KEY]);
    if (items[REGISTRY_KEY]) return;
    const empty: Registry = { next: 1, claims: {} };
    await this.storage.write({ [REGISTRY_KEY]: empty });
  }

  /** The number for this idempotency key: a new one, or the one it got before. */
  async claim(idempotencyKey: string): Promise<ClaimResult> {
    const keyItem = claimKey(idempotencyKey);
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const registry = await this.readRegistry();
      const existing = registry.value.claims[idempotencyKey];
      if (existing) return { number: existing.number, created: false, claimedAt: existing.at };
      const older = (await this.storage.read([keyItem]))[keyItem] as Partial<Claim> | undefined;
      if (typeof older?.number === 'number') return { number: older.number, created: false, claimedAt: older.at ?? new Date(0).toISOString() };
      const now = this.clock();
      const at = now.toISOString();
      const number = registry.value.next;
      const claims = pruned({ ...registry.value.claims, [idempotencyKey]: { number, at } }, now.getTime());
      try {
        await this.storage.write({ [REGISTRY_KEY]: { next: number + 1, claims, eTag: registry.eTag } });
        await this.storage.write({ [keyItem]: { number, at, expiresAt: now.getTime() + KEY_LIFETIME_MS, eTag: '*' } });
        return { number, created: true, claimedAt: at };
      } catch (error) {
        if (!isETagConflict(error)) throw error;
        await jitter(attempt);
      }
    }
    throw new Error('ticket registry: too many concurrent writers');
  }

  /** The first write of a ticket whose number this caller claimed. */
  async create(ticket: Ticket): Promise<void> {
    await this.storage.write({ [ticketKey(ticket.number)]: { ...ticket, eTag: '*' } });
  }

  async get(number: number): Promise<Ticket | undefined> {
    const items = await this.storage.read([ticketKey(number)]);
    return withoutETag(items[ticketKey(number)]);
  }

  /**
   * Re-reads and re-applies `mutate` until its write lands on the version it read. A refusal
   * (for example "already assigned to someone else") writes nothing.
   */
  async update<R>(number: number, mutate: (ticket: Ticket) => Mutation<R>): Promise<UpdateOutcome<R> | undefined> {
    const key = ticketKey(number);
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const stored = (await this.storage.read([key]))[key] as StoreItem | undefined;
      const current = withoutETag(stored);
      if (!stored || !current) return undefined;
      const decided = mutate(structuredClone(current));
      if ('refused' in decided) return { ticket: current, result: decided.refused, changed: false };
      const ticket = { ...decided.ticket, updatedAt: this.clock().toISOString() };
      try {
        await this.storage.write({ [key]: { ...ticket, eTag: stored.eTag } });
        return { ticket, result: decided.result, changed: true };
      } catch (error) {
        if (!isETagConflict(error)) throw error;
        await jitter(attempt);
      }
    }
    throw new Error(`ticket ${number}: too many concurrent writers`);
  }

  /** The newest tickets first, at most `limit` numbers back from the last one issued. */
  async recent(limit: number): Promise<Ticket[]> {
    const { value } = await this.readRegistry();
    const numbers: number[] = [];
    for (let n = value.next - 1; n >= 1 && numbers.length < limit; n--) numbers.push(n);
    const tickets: Ticket[] = [];
    for (let i = 0; i < numbers.length; i += 100) {
      const keys = numbers.slice(i, i + 100).map(ticketKey);
      const items = await this.storage.read(keys);
      for (const key of keys) {
        const ticket = withoutETag(items[key]);
        if (ticket) tickets.push(ticket);
      }
    }
    return tickets;
  }

  private async readRegistry(): Promise<{ value: Registry; eTag?: string }> {
    let stored = (await this.storage.read([REGISTRY_KEY]))[REGISTRY_KEY] as (Registry & { eTag?: string }) | undefined;
    if (!stored) {
      await this.ensureRegistry();
      stored = (await this.storage.read([REGISTRY_KEY]))[REGISTRY_KEY] as (Registry & { eTag?: string }) | undefined;
    }
    if (!stored || typeof stored.next !== 'number') throw new Error('ticket registry is unreadable');
    const { eTag, ...value } = stored;
    return { value: { next: value.next, claims: value.claims ?? {} }, ...(eTag ? { eTag } : {}) };
  }
}

/** After a lost race, a short random pause so the losers do not collide again in lockstep. */
function jitter(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(50, 5 * (attempt + 1));
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withoutETag(item: StoreItem | undefined): Ticket | undefined {
  if (!item || typeof (item as Partial<Ticket>).number !== 'number') return undefined;
  const { eTag: _eTag, ...ticket } = item;
  return ticket as Ticket;
}

export function claimKey(idempotencyKey: string): string {
  return `escalation/key/${createHash('sha256').update(idempotencyKey).digest('hex')}`;
}

/** Claims of the last hour, at most MAX_CLAIMS: enough for redeliveries and double clicks. */
function pruned(claims: Record<string, Claim>, nowMs: number): Record<string, Claim> {
  const entries = Object.entries(claims).filter(([, claim]) => nowMs - Date.parse(claim.at) < CLAIM_WINDOW_MS);
  entries.sort((a, b) => b[1].at.localeCompare(a[1].at));
  return Object.fromEntries(entries.slice(0, MAX_CLAIMS));
}
