// Reads PowerShell `Format-List` output (`Key   : value`) into records, for the parsers of
// Get-ExchangeCertificate, Get-SendConnector, Get-Queue and Get-WinEvent.
//
// Format-List pads every key to the longest one, so a record reads
//   Thumbprint         : BBA9…
//   CertificateDomains : {MOS-MAIL, MOS-MAIL.avalonelectrotech.local, …
//                        autodiscover.contoso.com}
// A value longer than the console wraps onto lines indented to the value column. Records are
// separated by blank lines; a key seen twice also starts a new record (a paste that lost its
// blank lines).

export interface ListField {
  key: string;
  value: string;
  /** 0-based line numbers in the text the field was read from. */
  line: number;
  endLine: number;
}

export interface ListRecord {
  fields: ListField[];
  /** Lower-cased key → field (the first one, if a key somehow repeats). */
  byKey: Map<string, ListField>;
}

// A key is one identifier (no spaces), optionally padded, then a colon.
const KEY_LINE = /^( *)([A-Za-z][\w.-]{0,80}) *: ?(.*)$/;
const WORD_WRAP_SEPARATORS = /[,;]$/;
const LIST_SEPARATOR = /,\s*/;
// A cmdlet (`Get-SendConnector | fl`) starts the next output.
const COMMAND_LINE = /^\s*[A-Z][a-z]{1,12}-[A-Z][A-Za-z]{1,60}\b/;
export const patterns: RegExp[] = [KEY_LINE, WORD_WRAP_SEPARATORS, LIST_SEPARATOR, COMMAND_LINE];

// Every parser reads the same normalised paste; the lines and the records are worked out once
// per paste and shared. Callers must treat both as read-only.
let linesOf: { text: string; lines: readonly string[] } | undefined;
let recordsOf: { lines: readonly string[]; records: readonly ListRecord[] } | undefined;

export function splitLines(text: string): readonly string[] {
  if (linesOf?.text !== text) linesOf = { text, lines: text.split('\n') };
  return linesOf.lines;
}

interface OpenField {
  field: ListField;
  valueColumn: number;
  /** The raw lines of the value after the key line, joined once the wrap mode is known. */
  continuations: string[];
  firstLineLength: number;
  /** The value so far opened a `{…}` list it has not closed. */
  openBrace: boolean;
}

function braceStillOpen(wasOpen: boolean, text: string): boolean {
  const opened = text.lastIndexOf('{');
  const closed = text.lastIndexOf('}');
  if (opened < 0 && closed < 0) return wasOpen;
  return opened > closed;
}

/** A value cut mid-list (`{a, b,`) continues on the next line even without indentation. */
function expectsMore(open: OpenField): boolean {
  const last = (open.continuations.length > 0 ? open.continuations[open.continuations.length - 1] : open.field.value).trimEnd();
  return open.openBrace || WORD_WRAP_SEPARATORS.test(last);
}

/**
 * How Format-List wrapped long values in this paste. English-culture PowerShell wraps at a space
 * (dropped), so wrapped lines have uneven lengths; other cultures cut at the console width, so
 * every line that continues has exactly that width. Hard cuts join without a space.
 */
function hardWrapped(fields: readonly OpenField[]): boolean {
  let width = -1;
  let cutLines = 0;
  for (const open of fields) {
    const lengths = [open.firstLineLength, ...open.continuations.map((line) => line.length)];
    for (let i = 0; i < lengths.length - 1; i++) {
      if (width === -1) width = lengths[i];
      if (lengths[i] !== width) return false;
      cutLines++;
    }
  }
  return cutLines >= 2 && width >= 60;
}

function joinValue(open: OpenField, hard: boolean): string {
  let value = open.field.value;
  for (const raw of open.continuations) {
    const next = raw.trim();
    if (value.length === 0) value = next;
    else if (!hard || WORD_WRAP_SEPARATORS.test(value)) value = `${value} ${next}`;
    else {
      // A cut that fell on a space leaves the space at the start of the next line, after the indent.
      const indent = raw.length - raw.trimStart().length;
      value += indent > open.valueColumn ? raw.slice(open.valueColumn).trimEnd() : next;
    }
  }
  return value;
}

export function parseListRecords(lines: readonly string[]): readonly ListRecord[] {
  if (recordsOf?.lines !== lines) recordsOf = { lines, records: readRecords(lines) };
  return recordsOf.records;
}

function readRecords(lines: readonly string[]): ListRecord[] {
  const records: ListRecord[] = [];
  const wrapped: OpenField[] = [];
  let current: ListRecord | undefined;
  let open: OpenField | undefined;
  const closeField = (): void => {
    if (open && open.continuations.length > 0) wrapped.push(open);
    open = undefined;
  };
  const close = (): void => {
    closeField();
    if (current && current.fields.length > 0) records.push(current);
    current = undefined;
  };
  const continueField = (raw: string, index: number): void => {
    if (!open) return;
    open.continuations.push(raw);
    open.field.endLine = index;
    open.openBrace = braceStillOpen(open.openBrace, raw);
  };

  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index];
    if (raw.trim().length === 0) {
      close();
      continue;
    }
    const indent = raw.length - raw.trimStart().length;
    if (open && indent > 0 && indent >= open.valueColumn - 2) {
      continueField(raw, index);
      continue;
    }
    const match = KEY_LINE.exec(raw);
    // Up to 12 spaces: a paste quoted as an indented code block (forums, Markdown lists).
    if (match && match[1].length <= 12) {
      const key = match[2];
      const lower = key.toLowerCase();
      closeField();
      if (!current || current.byKey.has(lower)) {
        close();
        current = { fields: [], byKey: new Map() };
      }
      const field: ListField = { key, value: match[3].trim(), line: index, endLine: index };
      current.fields.push(field);
      current.byKey.set(lower, field);
      open = {
        field,
        valueColumn: raw.length - match[3].length,
        continuations: [],
        firstLineLength: raw.length,
        openBrace: braceStillOpen(false, match[3]),
      };
      continue;
    }
    if (open && (indent > 0 || expectsMore(open))) {
      continueField(raw, index);
      continue;
    }
    // A stray line (Teams dropped the indentation, or a remark in between): it ends the field,
    // not the record; a repeated key or a blank line still starts the next record.
    if (open && !COMMAND_LINE.test(raw)) {
      closeField();
      continue;
    }
    close();
  }
  close();

  const hard = hardWrapped(wrapped);
  for (const field of wrapped) field.field.value = joinValue(field, hard);
  return records;
}

/** Case-insensitive field value; undefined when absent. */
export function fieldValue(record: ListRecord, key: string): string | undefined {
  return record.byKey.get(key.toLowerCase())?.value;
}

/** `{a, b, c}` or `a, b` → ['a','b','c']; empty or `{}` → []. Semicolons stay (`smtp:x;1`). */
export function listValue(value: string | undefined): string[] {
  if (value === undefined) return [];
  let inner = value.trim();
  if (inner.startsWith('{')) inner = inner.slice(1);
  if (inner.endsWith('}')) inner = inner.slice(0, -1);
  return inner
    .split(LIST_SEPARATOR)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** PowerShell booleans; undefined for anything else. */
export function booleanValue(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const lower = value.trim().toLowerCase();
  if (lower === 'true' || lower === '$true') return true;
  if (lower === 'false' || lower === '$false') return false;
  return undefined;
}

/** A value that is present and not an empty PowerShell placeholder. */
export function presentValue(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' || trimmed === '{}' || trimmed === '$null' ? undefined : trimmed;
}
