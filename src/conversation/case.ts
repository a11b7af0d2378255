// The case a conversation holds: everything pasted since it began (the error, the configuration,
// the answers to "to be sure, paste …"), and what the bot last answered. Pastes are stored only as
// `{ paste: storePaste(text) }` items, so the retention rule (src/storage/retention.ts) removes
// them after RETENTION_DAYS like every other paste. Pure data: bot, dialogs and escalation import
// this module; it imports nothing of theirs.
import { randomUUID } from 'node:crypto';
import { storePaste, type StoredPaste } from '../storage/retention';

export type { StoredPaste } from '../storage/retention';

/** One paste of the case, in the shape the retention rule looks for. */
export interface CasePaste {
  paste: StoredPaste;
}

/** What the bot answered last for this case. */
export interface CaseAnswer {
  findingId: string;
  confidence: number;
  /** How many "to be sure, paste …" items the answer asked for (0: the answer is settled). */
  needs: number;
  /** The answer has a fix step, so a later paste is the output after the fix. */
  fixOffered: boolean;
  at: string;
}

export interface ConversationCase {
  /** Short id, carried by the case's card buttons (`data.caseId`). */
  id: string;
  startedAt: string;
  /** Everything pasted for the case, oldest first (error, configuration, follow-ups). */
  pastes: CasePaste[];
  /** Outputs pasted after the fix; compared with the case, not merged into it. */
  afterFix?: CasePaste[];
  /** What the user said they cannot paste ("skip" / "I don't have it"). */
  declined?: ('error' | 'config')[];
  answer?: CaseAnswer;
}

/** The last answer given to this user in this conversation (for escalation and follow-ups). */
export interface LastDiagnosis {
  /** The case text the answer was computed from, under the retention rule. */
  paste: StoredPaste;
  findingIds: string[];
  at: string;
  /** The case the answer belongs to. */
  caseId?: string;
}

export function newCaseId(): string {
  return randomUUID().replace(/-/g, '').slice(0, 12);
}

export function newCase(now: Date, id: string = newCaseId()): ConversationCase {
  return { id, startedAt: now.toISOString(), pastes: [] };
}

export function addPaste(current: ConversationCase, text: string, now: Date): void {
  if (text.trim() !== '') current.pastes.push({ paste: storePaste(text, now) });
}

export function addAfterFix(current: ConversationCase, text: string, now: Date): void {
  (current.afterFix ??= []).push({ paste: storePaste(text, now) });
}

/** Everything the case holds, as one text; a paste removed by the retention limit is simply absent. */
export function caseText(current: ConversationCase | undefined): string {
  return (current?.pastes ?? [])
    .map((item) => item?.paste?.text)
    .filter((text): text is string => typeof text === 'string' && text !== '')
    .join('\n\n');
}

export function decline(current: ConversationCase, part: 'error' | 'config'): void {
  const declined = (current.declined ??= []);
  if (!declined.includes(part)) declined.push(part);
}

export function hasDeclined(current: ConversationCase, part: 'error' | 'config'): boolean {
  return current.declined?.includes(part) ?? false;
}

/** A card button that names a case other than the current one (closed, or replaced by a newer one). */
export function fromEarlierCase(buttonCaseId: string | undefined, current: ConversationCase | undefined): boolean {
  return buttonCaseId !== undefined && current?.id !== buttonCaseId;
}
