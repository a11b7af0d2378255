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
export const patterns: RegExp[] = [KEY_LINE, WORD_WRAP_SEPARATORS, LIST_SEPARATOR];

export function splitLines(text: string): string[] {
  return text.split('\n');
}

interface OpenField {
  field: ListField;
  valueColumn: number;
  lastRawLength: number;
}

/** Joins a continuation line to a wrapped value: a hard break mid-token joins directly. */
function joinWrapped(value: string, previousRawLength: number, widestLine: number, next: string): string {
  if (value.length === 0) return next;
  if (WORD_WRAP_SEPARATORS.test(value)) return `${value} ${next}`;
  const hardBreak = widestLine >= 60 && previousRawLength >= widestLine;
  return hardBreak ? value + next : `${value} ${next}`;
}

export function parseListRecords(lines: readonly string[]): ListRecord[] {
  const records: ListRecord[] = [];
  let widestLine = 0;
  for (const line of lines) if (line.length > widestLine) widestLine = line.length;

  let current: ListRecord | undefined;
  let open: OpenField | undefined;
  const close = (): void => {
    if (current && current.fields.length > 0) records.push(current);
    current = undefined;
    open = undefined;
  };

  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index];
    const trimmed = raw.trim();
    if (trimmed.length === 0) {
      close();
      continue;
    }
    const indent = raw.length - raw.trimStart().length;
    if (open && indent > 0 && indent >= open.valueColumn - 2) {
      appendContinuation(open, trimmed, raw.length, widestLine, index);
      continue;
    }
    const match = KEY_LINE.exec(raw);
    if (match && match[1].length <= 4) {
      const key = match[2];
      const lower = key.toLowerCase();
      if (!current || current.byKey.has(lower)) {
        close();
        current = { fields: [], byKey: new Map() };
      }
      const field: ListField = { key, value: match[3].trim(), line: index, endLine: index };
      current.fields.push(field);
      current.byKey.set(lower, field);
      open = { field, valueColumn: raw.length - match[3].length, lastRawLength: raw.length };
      continue;
    }
    if (open && indent > 0) {
      appendContinuation(open, trimmed, raw.length, widestLine, index);
      continue;
    }
    close();
  }
  close();
  return records;
}

function appendContinuation(open: OpenField, text: string, rawLength: number, widestLine: number, index: number): void {
  open.field.value = joinWrapped(open.field.value, open.lastRawLength, widestLine, text);
  open.field.endLine = index;
  open.lastRawLength = rawLength;
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
