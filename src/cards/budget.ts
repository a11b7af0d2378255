// Length budgets for what users and pastes put into cards, and the last check before a card is
// sent. Teams refuses a message over 100 KB (card, envelope and all), and a JSON-escaped Japanese
// or heavily escaped string can grow a lot on the way; so every user-supplied field has its own
// budget (FIELD_CHARS, applied by the builders with `clip`), builders aim for CARD_TARGET_BYTES
// (25 KB), and `fitCard`, called by the builders and again where a card is sent (cardAttachment),
// brings any card over it back under: it shortens the longest texts, then drops trailing
// elements, then falls back to a one-line card. A card is shortened, never sent oversized.
// HARD_CARD_BYTES (28 KB) is the documented ceiling for a whole message the bot sends (card, text
// and envelope), far below Teams' 100 KB; the tests assert it.
import type { Lang } from '../diagnosis/types';
import { t } from '../i18n';
import type { AdaptiveCard, CardElement } from './elements';

/** Every card is built to stay below this (UTF-8 bytes of its JSON). */
export const CARD_TARGET_BYTES = 25 * 1024;
/** No message the bot sends is larger than this: the card plus its text and envelope. */
export const HARD_CARD_BYTES = 28 * 1024;

/** Characters (code points) each user-supplied field may take in a card, before escaping. */
export const FIELD_CHARS = {
  /** Display names (requester, assignee, resolver). */
  name: 80,
  /** Finding titles and other one-line headings that came from a paste. */
  title: 200,
  /** Connector, server and certificate names. */
  connectorName: 120,
  /** The requester's note. */
  note: 500,
  /** The resolution note. */
  resolution: 1000,
  /** One evidence excerpt. */
  evidence: 400,
  /** A notice shown to the person who pressed a button. */
  notice: 300,
  /** One suggested command. */
  command: 1500,
} as const;

const ELLIPSIS = '…';
/** Card properties that hold text people read (never ids, urls, verbs or data). */
const TEXT_PROPERTIES = new Set(['text', 'value', 'title', 'placeholder', 'label', 'errorMessage', 'altText', 'fallbackText']);
const TEXT_LIMITS = [4000, 2000, 1000, 500, 250, 120, 60];
const KEPT_ELEMENTS = 3;

/** At most `maxChars` code points; a shortened text ends with "…". */
export function clip(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  // A code point is at most two UTF-16 units: look no further than that.
  const chars = Array.from(text.length > maxChars * 2 ? text.slice(0, maxChars * 2) : text);
  if (chars.length <= maxChars && text.length <= maxChars * 2) return text;
  return `${chars.slice(0, Math.max(0, maxChars - 1)).join('')}${ELLIPSIS}`;
}

export function cardSize(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/** The card itself when it is small enough; otherwise a shortened copy under `limit`. */
export function fitCard<C extends AdaptiveCard>(card: C, lang: Lang = 'en', limit: number = CARD_TARGET_BYTES): C {
  if (cardSize(card) <= limit) return card;
  let copy = card;
  for (const max of TEXT_LIMITS) {
    copy = clipTexts(copy, max);
    if (cardSize(copy) <= limit) return copy;
  }
  const notice: CardElement = { type: 'TextBlock', text: t(lang, 'escalationSafety.cardTooLarge'), wrap: true, isSubtle: true };
  // Keep the longest run of leading elements that fits (sizes measured once, then checked).
  const body = copy.body ?? [];
  let room = limit - cardSize({ ...copy, body: [notice] }) - 1;
  let kept = 0;
  while (kept < body.length && room - cardSize(body[kept]) - 1 >= 0) room -= cardSize(body[kept++]) + 1;
  for (; kept >= Math.min(KEPT_ELEMENTS, body.length); kept--) {
    const shorter = { ...copy, body: [...body.slice(0, kept), notice] };
    if (cardSize(shorter) <= limit) return shorter;
  }
  return { type: 'AdaptiveCard', $schema: copy.$schema, version: copy.version, body: [notice] } as unknown as C;
}

function clipTexts<T>(node: T, max: number): T {
  if (Array.isArray(node)) return node.map((item) => clipTexts(item, max)) as T;
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (typeof value === 'string' && TEXT_PROPERTIES.has(key)) out[key] = clip(value, max);
    else if (key === 'data' || key === 'url') out[key] = value;
    else out[key] = clipTexts(value, max);
  }
  return out as T;
}
