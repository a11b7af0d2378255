// SMTP responses anywhere in a paste (event descriptions, NDRs, protocol logs, queue errors),
// and queue LastError values (`[{LED=…};{MSG=…};{FQDN=…};{IP=…};{LRT=…}]` or plain text).
//
// A response is a basic code 2xx–5xx followed by an enhanced code X.Y.Z, or a basic code alone
// right after a phrase that introduces a response ("responded with", "LED=", "SMTP response").
// Dates, versions, thumbprints, IP addresses and ports never have that shape.
import type { Parser } from '../rule';
import type { QueueError, SmtpResponse } from '../types';
import { fieldValue, parseListRecords, splitLines, type ListRecord } from './listFormat';

// Every response shape holds a basic code; lines without one are skipped cheaply.
const HAS_CODE = /[2-5]\d\d/;
const RESPONSE = /(?<![\w.])([2-5]\d\d)[ -]{1,3}([245]\.\d{1,3}\.\d{1,3})(?!\d|\.\d)/g;
// Japanese KB: "SMTP 応答454で確認されました。4.7.0 は、…" (the codes split by the sentence).
const JA_SPLIT_RESPONSE = /応答 ?([2-5]\d\d) ?で確認されました。? ?([245]\.\d{1,3}\.\d{1,3})(?!\d|\.\d)/g;
const BASIC_ONLY =
  /(?:responded with:? ?|LED=|returned |SMTP response |応答 ?)["']?([2-5]\d\d)(?= [A-Za-z])/g;
// Case-insensitive: people retype the error ("untrustedroot"); the token is returned as .NET spells it.
const CHAIN_STATUS_NAMES = 'UntrustedRoot|PartialChain|NotTimeValid|NotTimeNested|Revoked|RevocationStatusUnknown|OfflineRevocation|SubjectMismatch|NotSignatureValid|NotValidForUsage|Cyclic|ExplicitDistrust|HasWeakSignature|InvalidBasicConstraints|InvalidExtension|InvalidNameConstraints|InvalidPolicyConstraints|NoIssuanceChainPolicy|CtlNotTimeValid|CtlNotSignatureValid|CtlNotValidForUsage'.split('|');
const CHAIN_STATUS = new RegExp(`\\b(${CHAIN_STATUS_NAMES.join('|')})\\b`, 'i');
const JA_UNTRUSTED_ROOT = /権限のないルート|信頼されていないルート/;
const TLS_CHANNEL = /appropriate TLS channel|適切な TLS ?チャネル/i;
const JAPANESE_TLS_CHANNEL = /適切な TLS ?チャネル/;
const NDR_HEADER = /Diagnostic information for administrators|Remote Server returned|管理者向けの診断情報|リモート サーバーから/i;
const GENERATING_SERVER = /^\s*(?:Generating server|生成サーバー|生成元サーバー) ?: ?(\S{1,255})/i;
const NDR_LINE = /Remote Server returned|^\s*#[2-5]\d\d /i;
// `LastError : …` outside a Format-List record, or Queue Viewer's `Last Error: …`.
const LAST_ERROR_INLINE = /^\s*Last ?Error\s*:\s?(.+)$/i;

export const patterns: RegExp[] = [
  HAS_CODE,
  RESPONSE,
  JA_SPLIT_RESPONSE,
  BASIC_ONLY,
  CHAIN_STATUS,
  JA_UNTRUSTED_ROOT,
  TLS_CHANNEL,
  JAPANESE_TLS_CHANNEL,
  NDR_HEADER,
  GENERATING_SERVER,
  NDR_LINE,
  LAST_ERROR_INLINE,
];

// Long single-line pastes must not make every response carry the whole line.
const MAX_TEXT = 500;
const MAX_LINE = 400;
const NDR_WINDOW_LINES = 12;
const MAX_LED_BLOCK = 4000;
/** Distinct responses and queue errors kept per paste: far more than any real paste holds. */
export const MAX_RESPONSES = 500;

const CLOSERS: Record<string, string> = { "'": "'", '"': '"', '[': ']', '=': '}]', '#': '#', ',': ',' };

interface Found {
  start: number;
  end: number;
  code: number;
  enhanced?: string;
}

interface LineContext {
  context?: 'queue' | 'ndr';
  generatingServer?: string;
}

/** Candidates from the three shapes; where they overlap, the earlier shape in this list wins. */
function findAll(line: string): Found[] {
  const candidates: (Found & { rank: number })[] = [];
  for (const match of line.matchAll(JA_SPLIT_RESPONSE)) {
    candidates.push({ start: match.index, end: match.index + match[0].length, code: Number(match[1]), enhanced: match[2], rank: 0 });
  }
  for (const match of line.matchAll(RESPONSE)) {
    if (!classesAgree(match[1], match[2])) continue;
    candidates.push({ start: match.index, end: match.index + match[0].length, code: Number(match[1]), enhanced: match[2], rank: 1 });
  }
  for (const match of line.matchAll(BASIC_ONLY)) {
    const start = match.index + match[0].length - 3;
    candidates.push({ start, end: start + 3, code: Number(match[1]), rank: 2 });
  }
  if (candidates.length < 2) return candidates;
  // Sweep in order of position; a candidate inside a kept one is dropped.
  candidates.sort((a, b) => a.start - b.start || a.rank - b.rank);
  const found: Found[] = [];
  let keptEnd = -1;
  for (const candidate of candidates) {
    if (candidate.start < keptEnd) continue;
    found.push(candidate);
    keptEnd = candidate.end;
  }
  return found;
}

/** 2xx goes with 2.x.x; Exchange mixes 4xx and 5.x.x (`451 5.7.3 STARTTLS is required`). */
function classesAgree(code: string, enhanced: string): boolean {
  if (code[0] === '2') return enhanced[0] === '2';
  if (code[0] === '3') return false;
  return enhanced[0] === '4' || enhanced[0] === '5';
}

/** The response's text and where it ends: at the quote or bracket that opened it, else the line end. */
function responseText(line: string, found: Found, limit: number): { text: string; end: number } {
  const opener = found.start > 0 ? line[found.start - 1] : '';
  const closers = CLOSERS[opener];
  let end = Math.min(limit, found.end + MAX_TEXT);
  if (closers) {
    const window = line.slice(found.end, end);
    for (const closer of closers) {
      const at = window.indexOf(closer);
      if (at >= 0 && found.end + at < end) end = found.end + at;
    }
  }
  return { text: trimTrailingPunctuation(line.slice(found.end, end).trim()), end };
}

/** Drops the sentence's closing full stop (either script) and spaces around it. */
function trimTrailingPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === '.' || text[end - 1] === '。' || text[end - 1] === ' ')) end--;
  return text.slice(0, end);
}

function chainStatusOf(text: string): string | undefined {
  const token = CHAIN_STATUS.exec(text);
  if (token) return CHAIN_STATUS_NAMES.find((name) => name.toLowerCase() === token[1]!.toLowerCase());
  return JA_UNTRUSTED_ROOT.test(text) ? 'UntrustedRoot' : undefined;
}

function evidenceLine(line: string, at: number): string {
  if (line.length <= MAX_LINE) return line.trim();
  const from = Math.max(0, at - MAX_LINE / 4);
  return line.slice(from, from + MAX_LINE).trim();
}

function toResponse(line: string, found: Found, text: string, nested: boolean, where: LineContext): SmtpResponse {
  const chainStatus = chainStatusOf(text);
  const response: SmtpResponse = { code: found.code, text, line: evidenceLine(line, found.start) };
  if (found.enhanced) response.enhanced = found.enhanced;
  if (chainStatus) response.chainStatus = chainStatus;
  if (TLS_CHANNEL.test(text)) {
    response.kind = 'tls-channel';
    if (JAPANESE_TLS_CHANNEL.test(text)) {
      response.text = `Failed to establish appropriate TLS channel${chainStatus ? `: ${chainStatus}` : ''}: Access Denied`;
    }
  }
  if (nested) response.nested = true;
  if (where.context) response.context = where.context;
  if (where.context === 'ndr' && where.generatingServer) response.generatingServer = where.generatingServer;
  return response;
}

/** Every response on a line; one inside another's text ends where the enclosing one ends. */
function responsesOnLine(line: string, where: LineContext): SmtpResponse[] {
  if (!HAS_CODE.test(line)) return [];
  const spans: { end: number }[] = [];
  return findAll(line).map((found) => {
    let limit = line.length;
    let nested = false;
    for (const span of spans) {
      if (span.end > found.start) {
        limit = Math.min(limit, span.end);
        nested = true;
      }
    }
    const { text, end } = responseText(line, found, limit);
    spans.push({ end });
    if (spans.length > 8) spans.shift();
    return toResponse(line, found, text, nested, where);
  });
}

/** `[{LED=…};{MSG=…};{FQDN=…};{IP=…};{LRT=…}]` starting at `from` (the `{LED=` brace). */
function parseLedBlock(text: string, from: number): QueueError | undefined {
  const fields: Record<string, string> = {};
  // Bounded: a block is a few hundred characters, however long the line it sits on.
  const block = text.slice(from, from + MAX_LED_BLOCK);
  let at = 0;
  for (let field = 0; field < 16 && block[at] === '{'; field++) {
    const equals = block.indexOf('=', at);
    const close = block.indexOf('}', at);
    if (equals < 0 || close < 0 || equals > close) break;
    fields[block.slice(at + 1, equals).trim().toUpperCase()] = block.slice(equals + 1, close).trim();
    at = close + 1;
    if (block[at] === ';') at++;
  }
  if (fields.LED === undefined) return undefined;
  const error: QueueError = { led: fields.LED };
  if (fields.MSG) error.msg = fields.MSG;
  if (fields.FQDN) error.fqdn = fields.FQDN;
  if (fields.IP) error.ip = fields.IP;
  if (fields.LRT) error.lrt = fields.LRT;
  return error;
}

function queueErrorFromValue(value: string): QueueError | undefined {
  const led = value.indexOf('{LED=');
  if (led >= 0) return parseLedBlock(value, led);
  const trimmed = value.trim();
  return trimmed ? { led: trimmed } : undefined;
}

function queueErrorsFromRecords(records: readonly ListRecord[]): { errors: QueueError[]; fields: { value: string; line: number; endLine: number }[] } {
  const errors: QueueError[] = [];
  const fields: { value: string; line: number; endLine: number }[] = [];
  for (const record of records) {
    const field = record.byKey.get('lasterror');
    if (!field) continue;
    fields.push(field);
    const error = queueErrorFromValue(field.value);
    if (!error) continue;
    const identity = fieldValue(record, 'Identity');
    const nextHopDomain = fieldValue(record, 'NextHopDomain');
    if (identity) error.identity = identity;
    if (nextHopDomain) error.nextHopDomain = nextHopDomain;
    errors.push(error);
  }
  return { errors, fields };
}

export const smtpResponseParser: Parser = {
  name: 'smtp-response',
  parse(text) {
    const lines = splitLines(text);
    const records = text.includes('LastError') ? parseListRecords(lines) : [];
    const queue = queueErrorsFromRecords(records);
    const queueLines = new Set<number>();
    for (const field of queue.fields) for (let l = field.line; l <= field.endLine; l++) queueLines.add(l);

    const responses: SmtpResponse[] = [];
    const seen = new Set<string>();
    const add = (list: SmtpResponse[]): void => {
      for (const response of list) {
        if (responses.length >= MAX_RESPONSES) return;
        const key = `${response.code}|${response.enhanced ?? ''}|${response.text}`;
        if (seen.has(key)) continue;
        seen.add(key);
        responses.push(response);
      }
    };

    for (const field of queue.fields) add(responsesOnLine(field.value, { context: 'queue' }));

    const queueErrors = [...queue.errors];
    let ndrLinesLeft = 0;
    let generatingServer: string | undefined;
    for (let index = 0; index < lines.length; index++) {
      if (queueLines.has(index)) continue;
      const line = lines[index];
      if (NDR_HEADER.test(line)) ndrLinesLeft = NDR_WINDOW_LINES;
      const server = GENERATING_SERVER.exec(line);
      if (server) {
        generatingServer = server[1];
        ndrLinesLeft = NDR_WINDOW_LINES;
      }
      const led = line.indexOf('{LED=');
      if (led >= 0) {
        const error = parseLedBlock(line, led);
        if (error) queueErrors.push(error);
      } else {
        const inline = LAST_ERROR_INLINE.exec(line);
        if (inline) queueErrors.push({ led: inline[1].trim() });
      }
      const inNdr = ndrLinesLeft > 0 || NDR_LINE.test(line);
      const where: LineContext =
        led >= 0 ? { context: 'queue' } : inNdr ? { context: 'ndr', generatingServer } : {};
      add(responsesOnLine(line, where));
      if (ndrLinesLeft > 0) ndrLinesLeft--;
    }
    return { smtpResponses: responses, queueErrors: queueErrors.slice(0, MAX_RESPONSES) };
  },
};
