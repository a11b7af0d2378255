// Length budgets for what users and pastes put into cards, and the last check before a card is
// sent. Teams refuses a message over 100 KB (card, envelope and all), and a JSON-escaped Japanese
// or heavily escaped string can grow a lot on the way; so every user-supplied field has its own
// budget (FIELD_CHARS, applied by the builders with `clip`), builders aim for MAX_CARD_BYTES
// (25 KB), and `fitCard` makes sure nothing over HARD_CARD_BYTES (28 KB, well under the limit)
// ever leaves: it shortens the longest texts, then drops trailing elements, then falls back to a
// one-line card. A card is shortened, never sent oversized.
import type { Lang } from '../diagnosis/types';
import { t } from '../i18n';
import type { AdaptiveCard, CardElement } from './elements';

/** No card the bot sends is larger than this (UTF-8 bytes of its JSON). */
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
  const chars = Array.from(text);
  if (chars.length <= maxChars) return text;
  return `${chars.slice(0, Math.max(0, maxChars - 1)).join('')}${ELLIPSIS}`;
}

export function cardSize(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/** The card itself when it is small enough; otherwise a shortened copy under HARD_CARD_BYTES. */
export function fitCard<C extends AdaptiveCard>(card: C, lang: Lang = 'en', limit: number = HARD_CARD_BYTES): C {
  if (cardSize(card) <= limit) return card;
  let copy = structuredClone(card);
  for (const max of TEXT_LIMITS) {
    copy = clipTexts(copy, max);
    if (cardSize(copy) <= limit) return copy;
  }
  const notice: CardElement = { type: 'TextBlock', text: t(lang, 'escalationSafety.cardTooLarge'), wrap: true, isSubtle: true };
  const body = [...(copy.body ?? [])];
  while (body.length > KEPT_ELEMENTS) {
    body.pop();
    const shorter = { ...copy, body: [...body, notice] };
    if (cardSize(shorter) <= limit) return shorter;
  }
  const minimal = { type: 'AdaptiveCard', $schema: copy.$schema, version: copy.version, body: [notice] } as unknown as C;
  return minimal;
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
