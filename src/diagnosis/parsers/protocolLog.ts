// Exchange SmtpSend / SmtpReceive protocol-log rows (CSV):
//   date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context
//   2026-11-26T08:14:03.221Z,Outbound to Office 365 5a0d…,08DE0D3A1C2B4F11,5,10.0.0.5:27716,52.101.68.4:25,*,CN=mail.contoso.com,Certificate subject
// The certificate rows follow a `Sending certificate` (ours) or `Received certificate` (the
// peer's) marker row of the same session; protocolLogSessions() folds them together.
import type { Parser } from '../rule';
import type { ProtocolLogEntry } from '../types';

const LOG_TYPE = /^#Log-type:(.*)$/i;
const EVENT = /^[-+<>*]$/;
const SEQUENCE = /^\d{1,9}$/;
const TLS_FAILURE = /TLS negotiation failed with error (\w+)/i;
const RESPONSE_CODE = /^([2-5]\d\d)[ -]+([245]\.\d{1,3}\.\d{1,3})?/;


const MAX_LINE = 8000;

/** Splits one CSV line; quoted fields may hold commas and doubled quotes. Linear (slices, no per-character concatenation). */
export function splitCsv(line: string): string[] {
  const fields: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    let value = '';
    if (line.charCodeAt(i) === 34) {
      i++;
      for (;;) {
        const quote = line.indexOf('"', i);
        if (quote < 0) {
          value += line.slice(i);
          i = n;
          break;
        }
        value += line.slice(i, quote);
        if (line.charCodeAt(quote + 1) === 34) {
          value += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
    }
    const comma = line.indexOf(',', i);
    fields.push(value + (comma < 0 ? line.slice(i) : line.slice(i, comma)));
    if (comma < 0) return fields;
    i = comma + 1;
  }
}

function directionOf(logType: string | undefined, connectorId: string): ProtocolLogEntry['direction'] {
  if (logType) {
    if (/receive/i.test(logType)) return 'receive';
    if (/send/i.test(logType)) return 'send';
  }
  return connectorId.includes('\\') ? 'receive' : 'send';
}

function commaCount(line: string): number {
  let count = 0;
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) === 44) count++;
  return count;
}

export function parseProtocolLog(text: string): ProtocolLogEntry[] {
  const entries: ProtocolLogEntry[] = [];
  let logType: string | undefined;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line.length === 0 || line.length > MAX_LINE) continue;
    const header = LOG_TYPE.exec(line);
    if (header) {
      logType = header[1]!.trim();
      continue;
    }
    if (!EVENT_FIELD.test(line) || commaCount(line) < 7) continue;
    const fields = splitCsv(line);
    if (fields.length < 8 || !EVENT.test(fields[6]!.trim()) || !SEQUENCE.test(fields[3]!.trim())) continue;
    const [dateTime, connectorId, sessionId, sequence, localEndpoint, remoteEndpoint, event, data, ...context] = fields.map((f) => f.trim());
    entries.push({
      dateTime: dateTime!,
      connectorId: connectorId!,
      sessionId: sessionId!,
      sequenceNumber: Number(sequence),
      ...(localEndpoint ? { localEndpoint } : {}),
      ...(remoteEndpoint ? { remoteEndpoint } : {}),
      event: event!,
      data: data ?? '',
      context: context.join(',').trim(),
      direction: directionOf(logType, connectorId!),
      line: line.slice(0, 500),
    });
  }
  return entries;
}

export interface LoggedCertificate {
  subject?: string;
  issuer?: string;
  serialNumber?: string;
  thumbprint?: string;
  alternateNames: string[];
}

export interface ProtocolLogSession {
  sessionId: string;
  connectorId: string;
  direction: ProtocolLogEntry['direction'];
  remoteEndpoint?: string;
  /** The certificate this server presented (`Sending certificate`). */
  sentCertificate?: LoggedCertificate;
  /** The peer's certificate (`Received certificate`). */
  receivedCertificate?: LoggedCertificate;
  /** NoCredentials, UnknownCredentials, SocketError, … */
  tlsErrors: string[];
  startTlsIssued: boolean;
  /** SMTP responses in `<` / `>` rows, e.g. "454 4.7.5 …". */
  responses: string[];
  entries: ProtocolLogEntry[];
}

const CERTIFICATE_FIELDS: Record<string, keyof Omit<LoggedCertificate, 'alternateNames'> | 'alternateNames'> = {
  'certificate subject': 'subject',
  'certificate issuer name': 'issuer',
  'certificate serial number': 'serialNumber',
  'certificate thumbprint': 'thumbprint',
  'certificate alternate names': 'alternateNames',
};

function recordCertificateRow(cert: LoggedCertificate, field: string, value: string): void {
  if (field === 'alternateNames') {
    cert.alternateNames = value.split(/[;,]\s*/).map((n) => n.trim()).filter(Boolean);
  } else if (value) {
    (cert as unknown as Record<string, string>)[field] = field === 'thumbprint' ? value.replace(/\s+/g, '').toUpperCase() : value;
  }
}

const DN_BOUNDARY = /(?<!,) (?=(?:CN|OU|O|L|S|ST|C|DC|E|SERIALNUMBER)=)/;
const HEX_TOKEN = /^[0-9A-Fa-f]{8,64}$/;
const EVENT_FIELD = /,[-+<>*],/;
const HOST_NAME = /^[\w*.-]{1,253}$/;

export const patterns: RegExp[] = [LOG_TYPE, EVENT, SEQUENCE, TLS_FAILURE, RESPONSE_CODE, DN_BOUNDARY, HEX_TOKEN, HOST_NAME, EVENT_FIELD];

/**
 * Newer builds log the whole certificate in the data column of the "Sending certificate" row:
 * `<Subject> <Issuer> <SerialNumber> <Thumbprint> <NotBefore> <NotAfter> <CertificateDomains>`.
 */
function combinedCertificate(data: string): LoggedCertificate {
  const cert: LoggedCertificate = { alternateNames: [] };
  const text = data.trim();
  if (!text) return cert;
  const [subject, rest = ''] = splitOnce(text, DN_BOUNDARY);
  if (/=/.test(subject)) cert.subject = subject.trim();
  const tokens = rest.split(' ');
  const hexAt = tokens.findIndex((t) => HEX_TOKEN.test(t));
  if (hexAt > 0) cert.issuer = tokens.slice(0, hexAt).join(' ').trim();
  const hex = tokens.filter((t) => HEX_TOKEN.test(t));
  const thumbprint = hex.find((t) => t.length === 40);
  if (thumbprint) cert.thumbprint = thumbprint.toUpperCase();
  const serial = hex.find((t) => t !== thumbprint);
  if (serial) cert.serialNumber = serial;
  const last = tokens[tokens.length - 1] ?? '';
  const names = last.split(';').filter(Boolean);
  if (names.length > 0 && !HEX_TOKEN.test(last) && names.every((n) => n.includes('.') && HOST_NAME.test(n))) cert.alternateNames = names;
  return cert;
}

function splitOnce(text: string, pattern: RegExp): [string, string?] {
  const match = pattern.exec(text);
  return match ? [text.slice(0, match.index), text.slice(match.index + match[0].length)] : [text];
}

/** Rows grouped by session, certificate rows folded into the certificate they describe. */
export function protocolLogSessions(entries: readonly ProtocolLogEntry[]): ProtocolLogSession[] {
  const sessions = new Map<string, ProtocolLogSession & { marker?: 'sent' | 'received' }>();
  for (const entry of entries) {
    const key = `${entry.connectorId}|${entry.sessionId}`;
    let session = sessions.get(key);
    if (!session) {
      session = { sessionId: entry.sessionId, connectorId: entry.connectorId, direction: entry.direction, tlsErrors: [], startTlsIssued: false, responses: [], entries: [] };
      if (entry.remoteEndpoint) session.remoteEndpoint = entry.remoteEndpoint;
      sessions.set(key, session);
    }
    session.entries.push(entry);
    const label = (entry.context || entry.data).trim();
    const lower = label.toLowerCase();
    if (entry.context.toLowerCase() === 'sending certificate' || lower === 'sending certificate') {
      session.marker = 'sent';
      session.sentCertificate = combinedCertificate(entry.data);
      continue;
    }
    if (/^(?:received|remote) certificate$/.test(entry.context.toLowerCase()) || lower === 'received certificate') {
      session.marker = 'received';
      session.receivedCertificate = combinedCertificate(entry.data);
      continue;
    }
    const field = CERTIFICATE_FIELDS[entry.context.toLowerCase()];
    if (field) {
      const target = session.marker === 'received' ? session.receivedCertificate : session.sentCertificate ?? (session.sentCertificate = { alternateNames: [] });
      if (target) recordCertificateRow(target, field, entry.data);
      continue;
    }
    const tls = TLS_FAILURE.exec(label);
    if (tls && !session.tlsErrors.includes(tls[1]!)) session.tlsErrors.push(tls[1]!);
    if ((entry.event === '>' || entry.event === '<') && /^STARTTLS$/i.test(entry.data)) session.startTlsIssued = true;
    if ((entry.event === '<' || entry.event === '>') && RESPONSE_CODE.test(entry.data)) session.responses.push(entry.data);
  }
  return [...sessions.values()].map(({ marker: _marker, ...session }) => session);
}

export const protocolLogParser: Parser = {
  name: 'protocolLog',
  parse(text: string) {
    const protocolLog = parseProtocolLog(text);
    return protocolLog.length > 0 ? { protocolLog } : {};
  },
};
