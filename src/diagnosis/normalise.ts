// Turns whatever arrived (Teams HTML, CRLF, text typed with a Japanese IME, text copied from a
// PowerShell window) into plain LF-separated text the parsers can read. Never throws.
import { decodeHTML } from 'entities';

// Only real HTML elements; a plain paste may hold `<I>issuer<S>subject` or `<MessageID>`,
// which must survive. In HTML, such text arrives entity-encoded, so stripping tags first and
// decoding entities afterwards keeps it intact.
const HTML_TAG_NAMES =
  'p|div|br|span|pre|code|at|a|b|i|u|s|em|strong|ul|ol|li|table|thead|tbody|tfoot|tr|td|th|caption|colgroup|col|blockquote|h[1-6]|hr|img|font|sup|sub|del|ins|strike|small|big|mark|q|cite|kbd|samp|tt|dl|dt|dd|nobr|wbr|section|article|emoji|attachment|systemeventmessage';
const HTML_HINT = new RegExp(`<(?:${HTML_TAG_NAMES})(?:\\s[^<>]*)?/?>`, 'i');
// Entities without any HTML element: an Event Viewer XML view or an encoded paste. Decoded, and
// the line structure is kept.
const ENTITY_HINT = /&(?:lt|gt|amp|nbsp|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/i;
const BLOCK_BREAK = /<(?:br\s*\/?|\/(?:p|div|li|tr|pre|h[1-6]|blockquote|table)|hr\s*\/?)>/gi;
const CELL_BREAK = /<\/t[dh]>/gi;
// A mention and the space after it ("<at>Mailflow Doctor</at> please check").
const MENTION = /<at(?:\s[^<>]*)?>[^<]*<\/at>(?: |&nbsp;)?/gi;
// Newlines in the HTML source are not line breaks (outside <pre>): drop them next to a tag,
// otherwise they are a space.
const NEWLINE_AFTER_TAG = />\n[ \t]*/g;
const NEWLINE_BEFORE_TAG = /\n[ \t]*(?=<)/g;
const SOURCE_NEWLINE = /\n/g;
const ANY_TAG = new RegExp(`</?(?:${HTML_TAG_NAMES})(?:\\s[^<>]*)?/?>`, 'gi');

// Anything beyond printable ASCII (control characters included: they only cost the slow path).
const NON_ASCII = /[^\t\n\r -~]/;
const CR = /\r\n?/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const TAB = /\t/g;
const ZERO_WIDTH = /[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD\u180E]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\uFF07]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\uFF02]/g;
// "PS C:\Users\admin> ", "[PS] C:\Windows\system32>", "PS>" at the start of a line.
// (Line terminators other than \n are excluded so the `m` flag cannot restart inside a path.)
const PROMPT = /^[ \t]*(?:\[PS\][ \t]*|PS[ \t]+)(?:[A-Za-z]:\\[^>\n\r\u2028\u2029]{0,260})?>[ \t]?/gm;
const BARE_PS_PROMPT = /^[ \t]*PS>[ \t]?/gm;

// `<I>issuer<S>subject` (TlsCertificateName, either case) is Exchange text, not an HTML tag; so is
// the form posts write with placeholders, `<I><Cert Issuer Details><S><Cert Subject Details>`
// (a capital after `<`: HTML tag names in pastes are lower-case).
const TLS_CERTIFICATE_NAME_TAG = /<[IiSs]>(?= ?(?:CN|OU|O|C|DC|E|L|S|ST|SERIALNUMBER)=|<[A-Z])/g;

export function looksLikeHtml(text: string): boolean {
  return HTML_HINT.test(text.replace(TLS_CERTIFICATE_NAME_TAG, ''));
}

// `<I>`/`<S>` of a TlsCertificateName written unencoded in HTML: kept aside while tags are removed.
const PLACEHOLDERS: Record<string, string> = { '<I>': '\uE000', '<i>': '\uE001', '<S>': '\uE002', '<s>': '\uE003' };
const PLACEHOLDER = /[\uE000-\uE003]/g;
const TAG_OF_PLACEHOLDER = Object.fromEntries(Object.entries(PLACEHOLDERS).map(([tag, mark]) => [mark, tag]));

/** Source newlines outside <pre> blocks are whitespace in HTML. */
function collapseSourceNewlines(html: string): string {
  let out = '';
  let from = 0;
  const lower = html.toLowerCase();
  for (;;) {
    const open = lower.indexOf('<pre', from);
    const close = open < 0 ? -1 : lower.indexOf('</pre>', open);
    const end = open < 0 || close < 0 ? html.length : open;
    out += html.slice(from, end).replace(NEWLINE_AFTER_TAG, '>').replace(NEWLINE_BEFORE_TAG, '').replace(SOURCE_NEWLINE, ' ');
    if (end === html.length) return out;
    out += html.slice(open, close + 6);
    from = close + 6;
  }
}

function htmlToText(html: string): string {
  const kept = html.replace(TLS_CERTIFICATE_NAME_TAG, (tag) => PLACEHOLDERS[tag] ?? tag);
  const text = decodeHTML(
    collapseSourceNewlines(kept).replace(MENTION, '').replace(BLOCK_BREAK, '\n').replace(CELL_BREAK, '  ').replace(ANY_TAG, ''),
  );
  return text.replace(PLACEHOLDER, (mark) => TAG_OF_PLACEHOLDER[mark] ?? mark);
}

function toWellFormed(text: string): string {
  // Lone surrogates (invalid UTF-16) become U+FFFD so normalize() and regexes behave.
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/** Trailing whitespace of every line, without a regex (`/ +$/gm` is quadratic on long runs). */
function trimLineEnds(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

export function normalise(input: unknown): string {
  if (typeof input !== 'string' || input.length === 0) return '';
  try {
    let text = toWellFormed(input).replace(CR, '\n');
    if (looksLikeHtml(text)) text = htmlToText(text);
    else if (ENTITY_HINT.test(text)) text = decodeHTML(text);
    // NFKC, zero-width characters and smart quotes only concern non-ASCII text.
    if (NON_ASCII.test(text)) {
      text = text.normalize('NFKC').replace(ZERO_WIDTH, '').replace(SINGLE_QUOTES, "'").replace(DOUBLE_QUOTES, '"');
    }
    text = text
      .replace(TAB, '    ')
      .replace(PROMPT, '')
      .replace(BARE_PS_PROMPT, '');
    return trimLineEnds(text);
  } catch {
    return String(input).replace(CR, '\n');
  }
}

/** Every regular expression above, for the catastrophic-backtracking check in the tests. */
export const patterns: RegExp[] = [
  HTML_HINT, ENTITY_HINT, BLOCK_BREAK, CELL_BREAK, MENTION, NEWLINE_AFTER_TAG, NEWLINE_BEFORE_TAG, SOURCE_NEWLINE, ANY_TAG,
  NON_ASCII, CR, LONE_SURROGATE, TAB, ZERO_WIDTH, SINGLE_QUOTES, DOUBLE_QUOTES, PROMPT, BARE_PS_PROMPT, TLS_CERTIFICATE_NAME_TAG, PLACEHOLDER,
];
