// What the user sent this turn, read once: the message text and any `text/html` attachment
// (Teams sends formatted pastes and "Diagnose this post" content as HTML), plus the data of a
// card button. Cached on the turn so the router, the language choice and the dialog agree.
import type { Activity, TurnContext } from 'botbuilder';
import type { CardActionData, CardCommand } from '../cards/actionData';
import { normalise } from '../diagnosis';

/** The largest paste the bot reads (UTF-8 bytes of the text and HTML it received). */
export const MAX_PASTE_BYTES = 256 * 1024;

export interface TurnInput {
  /** Plain text: the message and its HTML attachments, normalised, duplicates dropped. */
  text: string;
  /** UTF-8 size of what arrived, before normalising. */
  bytes: number;
  /** The `data` of an Action.Submit, when the turn is a card button. */
  cardAction?: CardActionData;
}

const TURN_INPUT = Symbol('mailflowDoctor.turnInput');

export function turnInput(context: TurnContext): TurnInput {
  const cached = context.turnState.get(TURN_INPUT) as TurnInput | undefined;
  if (cached) return cached;
  const input = readTurnInput(context.activity);
  context.turnState.set(TURN_INPUT, input);
  return input;
}

export function readTurnInput(activity: Partial<Activity>): TurnInput {
  const raw = rawTexts(activity);
  const bytes = raw.reduce((sum, part) => sum + Buffer.byteLength(part, 'utf8'), 0);
  const cardAction = readCardAction(activity.value);
  if (bytes > MAX_PASTE_BYTES) return { text: '', bytes, ...(cardAction ? { cardAction } : {}) };
  const text = withoutDuplicates(raw.map((part) => normalise(part).trim()).filter(Boolean)).join('\n\n');
  return { text, bytes, ...(cardAction ? { cardAction } : {}) };
}

// Teams' activity.text is plain text with `<at>Name</at>` for each mention. Left in, that tag would
// make the engine read the whole paste as HTML (where line breaks are only spaces).
const MENTION_MARKUP = /<at(?:\s[^<>]*)?>([^<]*)<\/at>/gi;

function rawTexts(activity: Partial<Activity>): string[] {
  const parts: string[] = [];
  if (typeof activity.text === 'string') parts.push(activity.text.replace(MENTION_MARKUP, '@$1'));
  for (const attachment of activity.attachments ?? []) {
    if (attachment?.contentType === 'text/html' && typeof attachment.content === 'string') parts.push(attachment.content);
  }
  return parts;
}

/** Teams often sends the same paste as text and as HTML: keep one copy of each. */
function withoutDuplicates(parts: string[]): string[] {
  const squash = (s: string): string => s.replace(/\s+/g, '');
  const squashed = parts.map(squash);
  return parts.filter((_part, i) => {
    const contained = squashed.findIndex((other, j) => j !== i && other.includes(squashed[i]) && (other.length > squashed[i].length || j < i));
    return contained === -1;
  });
}

const CARD_COMMANDS: readonly CardCommand[] = ['skip', 'noData', 'startOver', 'help', 'cancel'];

const CASE_ID = /^[A-Za-z0-9-]{1,40}$/;

function readCardAction(value: unknown): CardActionData | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const data = value as Record<string, unknown>;
  const caseId = typeof data.caseId === 'string' && CASE_ID.test(data.caseId) ? { caseId: data.caseId } : {};
  switch (data.action) {
    case 'command':
      return CARD_COMMANDS.includes(data.command as CardCommand) ? { action: 'command', command: data.command as CardCommand, ...caseId } : undefined;
    case 'feedback':
      return typeof data.findingId === 'string' && typeof data.helpful === 'boolean'
        ? { action: 'feedback', findingId: data.findingId.slice(0, 100), helpful: data.helpful, ...caseId }
        : undefined;
    case 'escalate':
      return { action: 'escalate', ...(typeof data.findingId === 'string' ? { findingId: data.findingId.slice(0, 100) } : {}), ...caseId };
    default:
      return undefined;
  }
}

/** Binary data pasted as text: NULs, or many control or replacement characters. */
export function looksBinary(text: string): boolean {
  if (text.length === 0) return false;
  if (text.includes('\u0000')) return true;
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  const odd = text.match(/[\u0001-\u0008\u000E-\u001F\u007F\uFFFD]/g)?.length ?? 0;
  return odd / text.length > 0.05;
}
