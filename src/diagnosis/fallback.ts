// The engine's fallback finding: what it answers when no rule recognised the paste.
export const FALLBACK_FINDING_ID = 'unrecognized';

/** No finding, or only the fallback one: nothing the bot can act on. */
export function isFallback(findingId: string | undefined): boolean {
  return findingId === undefined || findingId === FALLBACK_FINDING_ID;
}
