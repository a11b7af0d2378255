// Pasted text is untrusted. Anything from a paste that goes into a TextBlock or a FactSet (both
// render a markdown subset) passes through escapeMarkdown, so it cannot become a link, an image,
// emphasis, a list, HTML or a mention. Commands go into TextRuns instead (plainText): a TextRun is
// never parsed as markdown, so the command a user copies is exactly the command that was built.

// Controls (except tab and newline), and bidirectional overrides that could disguise text.
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
// Only what Teams' markdown acts on: emphasis, code, links and images (`[`/`]`; `(` and `!` are inert
// without them), strikethrough. `<` and `>` become full-width below, so they need no backslash
// (a backslash before a full-width bracket would show: "＜MessageID\＞").
const MARKDOWN_SPECIAL = /[\\`*_[\]~]/g;
const LINE_START_MARKER = /^([ \t]*)([-+=#]|\d+\.)/gm;
// An HTML entity (`&lt;`) is escaped; any other `&` is shown as it is.
const ENTITY = /&(?=#?[a-z0-9]{1,10};)/gi;
const URL_SCHEME = /\b([a-z][a-z0-9+.-]{1,20}):\/\//gi;
const PSEUDO_SCHEME = /\b(mailto|javascript|data|tel|vbscript|file):/gi;
const WWW = /\bwww\./gi;
const ZERO_WIDTH_SPACE = '\u200B';

/** The same characters, without invisible controls; CRLF → LF; at most one blank line in a row. */
export function plainText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(INVISIBLE, '')
    .replace(/\n{3,}/g, '\n\n');
}

/** Text that renders literally in a TextBlock or Fact value: no markdown, HTML, links or mentions. */
export function escapeMarkdown(text: string): string {
  return plainText(text)
    .replace(MARKDOWN_SPECIAL, (c) => `\\${c}`)
    .replace(ENTITY, '\\&')
    .replace(/</g, '\uFF1C')
    .replace(/>/g, '\uFF1E')
    .replace(LINE_START_MARKER, (_whole, indent: string, marker: string) =>
      /^\d/.test(marker) ? `${indent}${marker.slice(0, -1)}\\.` : `${indent}\\${marker}`,
    )
    .replace(URL_SCHEME, (_whole, scheme: string) => `${scheme}:/${ZERO_WIDTH_SPACE}/`)
    .replace(PSEUDO_SCHEME, (_whole, scheme: string) => `${scheme}${ZERO_WIDTH_SPACE}:`)
    .replace(WWW, (www: string) => `${www.slice(0, 3)}${ZERO_WIDTH_SPACE}.`);
}

export interface Trimmed {
  text: string;
  trimmed: boolean;
}

/** At most `maxChars` characters (by code point), cut at a line end when one is near. */
export function trimText(text: string, maxChars: number): Trimmed {
  const chars = Array.from(text);
  if (chars.length <= maxChars) return { text, trimmed: false };
  let cut = chars.slice(0, maxChars).join('');
  const lastBreak = cut.lastIndexOf('\n');
  if (lastBreak > maxChars * 0.6) cut = cut.slice(0, lastBreak);
  return { text: `${cut}…`, trimmed: true };
}
