// Streaming log analyser: reads Exchange SMTP send/receive protocol logs, message tracking logs,
// Hybrid Configuration Wizard logs and plain text once, line by line, and keeps only aggregates
// plus a bounded set of sample rows. Pure: the caller feeds lines or chunks (no fs, no network).
//
// The samples are the rows of a few failing sessions per group (and tracking / HCW lines); they
// are re-read by the ordinary parsers, so the same rules decide (see ./index.ts).
import { LineSplitter } from './lines';

export type LogKind = 'send' | 'receive' | 'tracking' | 'hcw' | 'text';

export interface CertificateSeen {
  subject?: string;
  issuer?: string;
  thumbprint?: string;
  sessions: number;
  failedSessions: number;
}

export interface ProtocolGroup {
  direction: 'send' | 'receive' | 'unknown';
  connector: string;
  /** Remote IP (send: the next hop; receive: the client), port dropped. */
  remote: string;
  sessions: number;
  failedSessions: number;
  /** `TLS negotiation failed with error <word>` by word. */
  tlsErrors: Record<string, number>;
  /** 4xx/5xx responses by `code enhanced` (e.g. "454 4.7.0"). */
  responses: Record<string, number>;
  /** The certificate this server presented (`Sending certificate`). */
  sentCertificates: CertificateSeen[];
  /** The peer's certificate (`Received certificate`). */
  receivedCertificates: CertificateSeen[];
  /** Sessions that received the peer's certificate and then failed TLS locally. */
  receivedThenFailed: number;
  first?: string;
  last?: string;
  /** Short evidence rows from the first failing sessions. */
  samples: string[];
}

export interface TrackingGroup {
  event: string;
  connector: string;
  recipientStatus: string;
  count: number;
  first?: string;
  last?: string;
}

export interface LogSummary {
  bytes: number;
  lines: number;
  linesByKind: Record<LogKind, number>;
  protocolRows: number;
  sessions: number;
  failedSessions: number;
  groups: ProtocolGroup[];
  tracking: TrackingGroup[];
  hcwErrors: { text: string; count: number }[];
  /** Failing sessions + tracking FAIL/DEFER per hour, `YYYY-MM-DDTHH` (UTC as logged). */
  failuresPerHour: { hour: string; failures: number }[];
  first?: string;
  last?: string;
  /** Limits that were reached (groups, samples, text); the aggregates stay exact. */
  capped: string[];
  /** The bounded text the ordinary parsers and rules read. */
  text: string;
}

export interface AnalyserLimits {
  /** Sessions open at once; the oldest is closed beyond this. */
  openSessions: number;
  /** A session idle for this many protocol rows is closed. */
  windowRows: number;
  groups: number;
  samplesPerSignature: number;
  sampleSessions: number;
  rowsPerSession: number;
  textBytes: number;
}

export const DEFAULT_LIMITS: AnalyserLimits = {
  openSessions: 2000,
  windowRows: 5000,
  groups: 500,
  samplesPerSignature: 2,
  sampleSessions: 60,
  rowsPerSession: 60,
  textBytes: 256 * 1024,
};

interface CertDraft {
  subject?: string;
  issuer?: string;
  thumbprint?: string;
}

interface OpenSession {
  key: string;
  order: number;
  lastRow: number;
  direction: ProtocolGroup['direction'];
  logType: string;
  connector: string;
  remote: string;
  first: string;
  last: string;
  rows: string[];
  tls: string[];
  codes: string[];
  marker: 0 | 1 | 2;
  sent?: CertDraft;
  received?: CertDraft;
  receivedBeforeFailure: boolean;
}

interface GroupState extends ProtocolGroup {
  signatures: Map<string, number>;
  sentMap: Map<string, CertificateSeen>;
  receivedMap: Map<string, CertificateSeen>;
}

const TLS_FAILURE = /TLS negotiation failed with error (\w+)/i;
const RESPONSE = /^([45]\d\d)[ -]+([45]\.\d{1,3}\.\d{1,3})?/;
const HEX40 = /\b[0-9A-Fa-f]{40}\b/;
const ISO_START = /^\d{4}-\d\d-\d\dT\d\d:/;
const SERIAL = /^[0-9A-Fa-f]{8,39}$/;
const DN_BOUNDARY = / (?=(?:CN|OU|O|L|S|ST|C|DC|E)=)/;
const HCW_LINE = /\b(?:ERROR|Exception|FAILED|WARNING)\b/;
const INTERESTING = /\b(?:[45]\.\d{1,3}\.\d{1,3}|error|fail|failed|exception|certificate|thumbprint|TlsCertificateName|UntrustedRoot|Event ?ID|イベント ID)\b/i;
const MAX_CERTS = 10;
const MAX_TRACKING = 200;
const MAX_HCW = 100;
const SAMPLE_ROW_CHARS = 500;

const CERT_FIELDS: Record<string, keyof CertDraft | undefined> = {
  'certificate subject': 'subject',
  'certificate issuer name': 'issuer',
  'certificate thumbprint': 'thumbprint',
};

function hourOf(dateTime: string): string | undefined {
  return /^\d{4}-\d\d-\d\dT\d\d/.test(dateTime) ? dateTime.slice(0, 13) : undefined;
}

function dropPort(endpoint: string): string {
  const colon = endpoint.lastIndexOf(':');
  if (colon < 0) return endpoint;
  if (endpoint.startsWith('[')) return endpoint.slice(0, endpoint.indexOf(']') + 1) || endpoint;
  return endpoint.indexOf(':') === colon ? endpoint.slice(0, colon) : endpoint;
}

/** The `data` and `context` columns (the only ones that may be quoted). */
function dataAndContext(line: string, from: number): [string, string] {
  if (line.charCodeAt(from) !== 34) {
    const comma = line.indexOf(',', from);
    return comma < 0 ? [line.slice(from), ''] : [line.slice(from, comma), line.slice(comma + 1)];
  }
  let value = '';
  let i = from + 1;
  for (;;) {
    const quote = line.indexOf('"', i);
    if (quote < 0) return [value + line.slice(i), ''];
    value += line.slice(i, quote);
    if (line.charCodeAt(quote + 1) === 34) {
      value += '"';
      i = quote + 2;
    } else {
      i = quote + 1;
      break;
    }
  }
  const comma = line.indexOf(',', i);
  return [value + (comma < 0 ? line.slice(i) : line.slice(i, comma)), comma < 0 ? '' : line.slice(comma + 1)];
}

function unquote(field: string): string {
  return field.length > 1 && field.charCodeAt(0) === 34 && field.charCodeAt(field.length - 1) === 34 ? field.slice(1, -1).replace(/""/g, '"') : field;
}

function splitCsvSimple(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line.charCodeAt(i) === 34) {
      const [value, rest] = dataAndContext(line, i);
      out.push(value);
      if (rest === '' && !line.slice(i).includes('",')) break;
      i = line.length - rest.length;
      continue;
    }
    const comma = line.indexOf(',', i);
    if (comma < 0) {
      out.push(line.slice(i));
      break;
    }
    out.push(line.slice(i, comma));
    i = comma + 1;
  }
  return out;
}

function bump(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}

function certFromCombined(data: string): CertDraft {
  const cert: CertDraft = {};
  const text = data.trim();
  if (!text) return cert;
  const boundary = DN_BOUNDARY.exec(text);
  const subject = boundary ? text.slice(0, boundary.index) : text;
  if (subject.includes('=')) cert.subject = subject.trim();
  const hex = HEX40.exec(text);
  if (hex) {
    cert.thumbprint = hex[0].toUpperCase();
    if (boundary) {
      let issuer = text.slice(boundary.index + 1, text.lastIndexOf(' ', hex.index)).trim();
      const space = issuer.lastIndexOf(' ');
      if (space > 0 && SERIAL.test(issuer.slice(space + 1))) issuer = issuer.slice(0, space).trim();
      if (issuer) cert.issuer = issuer;
    }
  }
  return cert;
}

function certKey(cert: CertDraft): string {
  return `${cert.thumbprint ?? ''}|${cert.subject ?? ''}|${cert.issuer ?? ''}`;
}

export class LogAnalyser {
  private readonly limits: AnalyserLimits;
  private readonly splitter: LineSplitter;
  private kind: LogKind = 'text';
  private logType = '';
  private fileName = '';
  private fileLines = 0;
  private fields: string[] = [];
  private trackingIndex = { dateTime: 0, connector: -1, event: -1, status: -1 };
  private readonly open = new Map<string, OpenSession>();
  private readonly groups = new Map<string, GroupState>();
  private readonly trackingGroups = new Map<string, TrackingGroup>();
  private readonly hcw = new Map<string, { text: string; count: number }>();
  private readonly perHour = new Map<string, number>();
  private readonly samples: { order: number; logType: string; rows: string[] }[] = [];
  private readonly trackingSamples: string[] = [];
  private readonly textLines: string[] = [];
  private textBytes = 0;
  private readonly capped = new Set<string>();
  private bytes = 0;
  private lines = 0;
  private readonly linesByKind: Record<LogKind, number> = { send: 0, receive: 0, tracking: 0, hcw: 0, text: 0 };
  private rows = 0;
  private sessionOrder = 0;
  private sessions = 0;
  private failedSessions = 0;
  private first?: string;
  private last?: string;

  constructor(limits: Partial<AnalyserLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.splitter = new LineSplitter((line) => this.line(line));
  }

  /** A new file (or zip entry) starts: its own headers decide its kind. Open sessions carry over. */
  startFile(name = ''): void {
    this.splitter.end();
    this.fileName = name;
    this.fileLines = 0;
    this.kind = /hybrid|hcw/i.test(name) ? 'hcw' : 'text';
    this.logType = '';
    this.fields = [];
  }

  /** Feeds a chunk of the current file. */
  push(chunk: string | Uint8Array): void {
    this.bytes += typeof chunk === 'string' ? chunk.length : chunk.byteLength;
    this.splitter.push(chunk);
  }

  endFile(): void {
    this.splitter.end();
  }

  /** Feeds one line (without its newline). */
  line(raw: string): void {
    this.lines++;
    this.fileLines++;
    const line = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (line.charCodeAt(0) === 35 /* # */) {
      this.header(line);
      return;
    }
    if (this.kind === 'send' || this.kind === 'receive' || (this.kind === 'text' && this.looksLikeProtocolRow(line))) {
      if (this.kind === 'text') this.kind = 'send';
      this.linesByKind[this.logType ? this.kind : 'send']++;
      this.protocolRow(line);
      return;
    }
    this.linesByKind[this.kind]++;
    if (this.kind === 'tracking') this.trackingRow(line);
    else if (this.kind === 'hcw') this.hcwLine(line);
    else {
      if (this.fileLines <= 5 && /Hybrid Configuration|HybridConfiguration|\[Client=UX/.test(line)) {
        this.kind = 'hcw';
        this.hcwLine(line);
        return;
      }
      this.textLine(line);
    }
  }

  /** `date-time,connector,session,sequence,local,remote,<one event char>,…` */
  private looksLikeProtocolRow(line: string): boolean {
    if (!ISO_START.test(line)) return false;
    let at = -1;
    for (let field = 0; field < 6; field++) {
      at = line.indexOf(',', at + 1);
      if (at < 0) return false;
    }
    return '-+<>*'.includes(line.charAt(at + 1)) && line.charCodeAt(at + 2) === 44;
  }

  private header(line: string): void {
    const lower = line.slice(0, 10).toLowerCase();
    if (lower === '#log-type:') {
      const value = line.slice(10).trim();
      this.logType = value;
      if (/message tracking/i.test(value)) this.kind = 'tracking';
      else if (/receive/i.test(value)) this.kind = 'receive';
      else if (/send/i.test(value)) this.kind = 'send';
      return;
    }
    if (lower.startsWith('#fields:')) {
      this.fields = line.slice(8).split(',').map((f) => f.trim().toLowerCase());
      if (this.fields.includes('event-id') && this.fields.includes('recipient-status')) {
        this.kind = 'tracking';
        this.trackingIndex = {
          dateTime: Math.max(0, this.fields.indexOf('date-time')),
          connector: this.fields.indexOf('connector-id'),
          event: this.fields.indexOf('event-id'),
          status: this.fields.indexOf('recipient-status'),
        };
      }
      return;
    }
    if (this.kind === 'text' && !/^#(?:Software|Version|Date):/i.test(line)) this.textLine(line);
  }

  private protocolRow(line: string): void {
    // date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context
    const c1 = line.indexOf(',');
    const c2 = c1 < 0 ? -1 : line.indexOf(',', c1 + 1);
    const c3 = c2 < 0 ? -1 : line.indexOf(',', c2 + 1);
    const c4 = c3 < 0 ? -1 : line.indexOf(',', c3 + 1);
    const c5 = c4 < 0 ? -1 : line.indexOf(',', c4 + 1);
    const c6 = c5 < 0 ? -1 : line.indexOf(',', c5 + 1);
    const c7 = c6 < 0 ? -1 : line.indexOf(',', c6 + 1);
    if (c7 < 0 || c7 - c6 !== 2) return;
    this.rows++;
    const dateTime = line.slice(0, c1);
    const connector = unquote(line.slice(c1 + 1, c2));
    const sessionId = line.slice(c2 + 1, c3);
    const event = line.charCodeAt(c6 + 1);
    const key = `${connector}\u0000${sessionId}`;
    let session = this.open.get(key);
    if (!session) {
      const direction: ProtocolGroup['direction'] = this.kind === 'receive' ? 'receive' : this.logType ? 'send' : connector.includes('\\') ? 'receive' : 'send';
      session = {
        key,
        order: this.sessionOrder++,
        lastRow: this.rows,
        direction,
        logType: this.logType || (direction === 'receive' ? 'SMTP Receive Protocol Log' : 'SMTP Send Protocol Log'),
        connector,
        remote: dropPort(line.slice(c5 + 1, c6)),
        first: dateTime,
        last: dateTime,
        rows: [],
        tls: [],
        codes: [],
        marker: 0,
        receivedBeforeFailure: false,
      };
      this.open.set(key, session);
      if (this.open.size > this.limits.openSessions) this.close(this.open.values().next().value!);
    }
    session.lastRow = this.rows;
    session.last = dateTime;
    if (!session.remote) session.remote = dropPort(line.slice(c5 + 1, c6));
    let keep = session.rows.length < this.limits.rowsPerSession;
    if (event === 60 /* < */ || event === 62 /* > */ || event === 42 /* * */) {
      const [data, context] = dataAndContext(line, c7 + 1);
      if (event === 42) {
        const label = context || data;
        const lower = label.toLowerCase();
        if (lower === 'sending certificate') {
          session.marker = 1;
          session.sent = certFromCombined(data);
        } else if (lower === 'received certificate' || lower === 'remote certificate') {
          session.marker = 2;
          session.received = certFromCombined(data);
        } else {
          const field = CERT_FIELDS[context.toLowerCase()];
          if (field) {
            const target = session.marker === 2 ? session.received! : (session.sent ??= {});
            const value = data.trim();
            if (value) target[field] = field === 'thumbprint' ? value.replace(/\s+/g, '').toUpperCase() : value;
          } else if (lower.startsWith('tls negotiation failed')) {
            const word = TLS_FAILURE.exec(label)?.[1];
            if (word && !session.tls.includes(word)) session.tls.push(word);
            if (session.received) session.receivedBeforeFailure = true;
            keep = true;
          }
        }
      } else {
        const first = data.charCodeAt(0);
        if (first === 52 || first === 53) {
          const serverSide = session.direction === 'receive' ? event === 62 : event === 60;
          const match = serverSide ? RESPONSE.exec(data) : null;
          if (match) {
            const code = match[2] ? `${match[1]} ${match[2]}` : match[1]!;
            if (!session.codes.includes(code)) session.codes.push(code);
            keep = true;
          }
        }
      }
    } else if (event === 45 /* - */) {
      if (session.rows.length < this.limits.rowsPerSession * 2) session.rows.push(line.length > SAMPLE_ROW_CHARS ? line.slice(0, SAMPLE_ROW_CHARS) : line);
      this.close(session);
      return;
    }
    if (keep && session.rows.length < this.limits.rowsPerSession * 2) session.rows.push(line.length > SAMPLE_ROW_CHARS ? line.slice(0, SAMPLE_ROW_CHARS) : line);
    if ((this.rows & 1023) === 0) this.sweep();
  }

  /** Closes sessions idle for longer than the window (rows of one session are contiguous-ish). */
  private sweep(): void {
    const horizon = this.rows - this.limits.windowRows;
    for (const session of [...this.open.values()]) if (session.lastRow < horizon) this.close(session);
  }

  private close(session: OpenSession): void {
    this.open.delete(session.key);
    this.sessions++;
    const failed = session.tls.length > 0 || session.codes.length > 0;
    const groupKey = `${session.direction}|${session.connector}|${session.remote}`;
    let group = this.groups.get(groupKey);
    if (!group) {
      if (this.groups.size >= this.limits.groups) {
        this.capped.add('groups');
        group = this.groups.get('overflow');
        if (!group) {
          group = this.newGroup(session.direction, '*', '*');
          this.groups.set('overflow', group);
        }
      } else {
        group = this.newGroup(session.direction, session.connector, session.remote);
        this.groups.set(groupKey, group);
      }
    }
    group.sessions++;
    if (!group.first || session.first < group.first) group.first = session.first;
    if (!group.last || session.last > group.last) group.last = session.last;
    if (!this.first || session.first < this.first) this.first = session.first;
    if (!this.last || session.last > this.last) this.last = session.last;
    for (const word of session.tls) bump(group.tlsErrors, word);
    for (const code of session.codes) bump(group.responses, code);
    if (session.sent && (session.sent.subject || session.sent.thumbprint)) this.countCert(group.sentMap, group.sentCertificates, session.sent, failed);
    if (session.received && (session.received.subject || session.received.thumbprint)) this.countCert(group.receivedMap, group.receivedCertificates, session.received, failed);
    if (session.receivedBeforeFailure) group.receivedThenFailed++;
    if (!failed) return;
    this.failedSessions++;
    group.failedSessions++;
    const hour = hourOf(session.first);
    if (hour) this.perHour.set(hour, (this.perHour.get(hour) ?? 0) + 1);
    const signature = [...session.tls].sort().join('+') + '/' + [...session.codes].sort().join('+');
    const seen = group.signatures.get(signature) ?? 0;
    if (seen < this.limits.samplesPerSignature) {
      group.signatures.set(signature, seen + 1);
      if (group.samples.length < 6) group.samples.push(...this.evidenceRows(session).slice(0, 6 - group.samples.length));
      if (this.samples.length < this.limits.sampleSessions) this.samples.push({ order: session.order, logType: session.logType, rows: session.rows });
      else this.capped.add('samples');
    }
  }

  private evidenceRows(session: OpenSession): string[] {
    return session.rows.filter((row) => /TLS negotiation failed|,[<>],"?[45]\d\d |Certificate thumbprint|Sending certificate|Received certificate/i.test(row)).slice(0, 3);
  }

  private newGroup(direction: ProtocolGroup['direction'], connector: string, remote: string): GroupState {
    return {
      direction, connector, remote, sessions: 0, failedSessions: 0, tlsErrors: {}, responses: {},
      sentCertificates: [], receivedCertificates: [], receivedThenFailed: 0, samples: [],
      signatures: new Map(), sentMap: new Map(), receivedMap: new Map(),
    };
  }

  private countCert(map: Map<string, CertificateSeen>, list: CertificateSeen[], cert: CertDraft, failed: boolean): void {
    const key = certKey(cert);
    let seen = map.get(key);
    if (!seen) {
      if (list.length >= MAX_CERTS) return;
      seen = { ...cert, sessions: 0, failedSessions: 0 };
      map.set(key, seen);
      list.push(seen);
    }
    seen.sessions++;
    if (failed) seen.failedSessions++;
  }

  private trackingRow(line: string): void {
    if (!line.trim()) return;
    const { dateTime, connector, event, status } = this.trackingIndex;
    if (event < 0 || status < 0) return;
    // Cheap test before splitting: only FAIL / DEFER rows count.
    if (!line.includes(',FAIL,') && !line.includes(',DEFER,')) return;
    const fields = splitCsvSimple(line);
    const eventId = (fields[event] ?? '').trim().toUpperCase();
    if (eventId !== 'FAIL' && eventId !== 'DEFER') return;
    const when = (fields[dateTime] ?? '').trim();
    const recipientStatus = unquote((fields[status] ?? '').trim()).slice(0, 300);
    const connectorId = connector >= 0 ? (fields[connector] ?? '').trim() : '';
    const key = `${eventId}|${connectorId}|${recipientStatus}`;
    let group = this.trackingGroups.get(key);
    if (!group) {
      if (this.trackingGroups.size >= MAX_TRACKING) {
        this.capped.add('tracking');
        return;
      }
      group = { event: eventId, connector: connectorId, recipientStatus, count: 0 };
      this.trackingGroups.set(key, group);
      this.trackingSamples.push(`${when} ${eventId} ${connectorId}: ${recipientStatus}`);
    }
    group.count++;
    if (!group.first || when < group.first) group.first = when;
    if (!group.last || when > group.last) group.last = when;
    if (!this.first || when < this.first) this.first = when;
    if (!this.last || when > this.last) this.last = when;
    const hour = hourOf(when);
    if (hour) this.perHour.set(hour, (this.perHour.get(hour) ?? 0) + 1);
  }

  private hcwLine(line: string): void {
    if (!HCW_LINE.test(line)) return;
    // The same error repeats with different time stamps: count it once per text.
    const text = line.replace(/^[\d./:\- ]{10,30}\s*/, '').replace(/\s+/g, ' ').trim().slice(0, 600);
    let entry = this.hcw.get(text);
    if (!entry) {
      if (this.hcw.size >= MAX_HCW) {
        this.capped.add('hcw');
        return;
      }
      entry = { text, count: 0 };
      this.hcw.set(text, entry);
    }
    entry.count++;
  }

  private textLine(line: string): void {
    const size = line.length + 1;
    if (this.textBytes + size <= this.limits.textBytes) {
      this.textLines.push(line);
      this.textBytes += size;
      return;
    }
    this.capped.add('text');
    // Past the budget, keep only lines that carry a code, an error or a certificate word.
    if (this.textBytes + size <= this.limits.textBytes * 1.25 && INTERESTING.test(line)) {
      this.textLines.push(line);
      this.textBytes += size;
    }
  }

  /** Closes what is still open and returns the aggregates and the text for the rules. */
  finish(): LogSummary {
    this.splitter.end();
    for (const session of [...this.open.values()]) this.close(session);
    const groups = [...this.groups.values()]
      .map(({ signatures: _s, sentMap: _a, receivedMap: _b, ...group }) => group)
      .sort((a, b) => b.failedSessions - a.failedSessions || b.sessions - a.sessions || (a.connector + a.remote < b.connector + b.remote ? -1 : 1));
    const tracking = [...this.trackingGroups.values()].sort((a, b) => b.count - a.count || (a.recipientStatus < b.recipientStatus ? -1 : 1));
    const hcwErrors = [...this.hcw.values()];
    const failuresPerHour = [...this.perHour.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([hour, failures]) => ({ hour, failures }));
    const summary: LogSummary = {
      bytes: this.bytes,
      lines: this.lines,
      linesByKind: { ...this.linesByKind },
      protocolRows: this.rows,
      sessions: this.sessions,
      failedSessions: this.failedSessions,
      groups,
      tracking,
      hcwErrors,
      failuresPerHour,
      capped: [...this.capped].sort(),
      text: this.rulesText(),
    };
    if (this.first) summary.first = this.first;
    if (this.last) summary.last = this.last;
    return summary;
  }

  /** Sample sessions (by log type, in log order), tracking statuses, HCW errors and plain text. */
  private rulesText(): string {
    const parts: string[] = [];
    const samples = [...this.samples].sort((a, b) => a.order - b.order);
    for (const logType of [...new Set(samples.map((s) => s.logType))].sort()) {
      parts.push(`#Log-type: ${logType}`);
      for (const sample of samples) if (sample.logType === logType) parts.push(...sample.rows);
    }
    if (this.trackingSamples.length > 0) parts.push('', ...this.trackingSamples);
    if (this.hcw.size > 0) parts.push('', ...[...this.hcw.keys()]);
    if (this.textLines.length > 0) parts.push('', ...this.textLines);
    return parts.join('\n').trim();
  }

  /** For diagnostics only: the current file name. */
  get currentFile(): string {
    return this.fileName;
  }
}
