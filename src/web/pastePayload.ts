// What the paste dialog submits (dialog.url.submit) and the bot receives as task/submit or
// composeExtension/submitAction data. Shared by the page (bundled) and the bot.

export interface PastePayload {
  errorText: string;
  configText: string;
}

/** The largest paste the bot diagnoses, both boxes together, in UTF-8 bytes. */
export const MAX_PASTE_BYTES = 256 * 1024;

export function isPastePayload(value: unknown): value is PastePayload {
  if (value === null || typeof value !== 'object') return false;
  const { errorText, configText } = value as Record<string, unknown>;
  return typeof errorText === 'string' && typeof configText === 'string';
}

/** Both boxes as one paste, the error first, as if pasted one after the other. */
export function pasteText(payload: PastePayload): string {
  return [payload.errorText, payload.configText].map((part) => part.trim()).filter(Boolean).join('\n\n');
}

export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}
