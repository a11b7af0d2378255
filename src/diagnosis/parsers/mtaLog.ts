// Postfix and Exim log lines about deliveries and TLS — what a relay in front of (or beside)
// Exchange logs when Exchange Online or on-premises Exchange refuses it.
//   Nov 26 10:12:01 relay postfix/smtp[2211]: 4F2A71C0B2: to=<…>, relay=contoso-com.mail.protection.outlook.com[52.101.68.4]:25, …,
//     status=deferred (host …[52.101.68.4] said: 451 5.7.3 STARTTLS is required to send mail [AM4P…] (in reply to MAIL FROM command))
//   2026-11-26 10:12:01 1rAbCd-000123-4F == user@contoso.com R=dnslookup T=remote_smtp defer (-45) H=… [52.101.68.4]: SMTP error …: 451 5.7.3 …
import type { Parser } from '../rule';
import type { MtaLogEntry } from '../types';

const POSTFIX = /\bpostfix(?:\/[\w-]{1,40}){0,3}\[\d{1,10}\]:/;
const EXIM = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?: [+-]\d{4})? /;
const EXIM_MESSAGE_ID = /^\w{6}-\w{6,11}-\w{2,4}$/;
const EXIM_MARKERS = /\bH=|TLS error on connection|SMTP error from remote|\bX=TLS/;
const POSTFIX_QUEUE_ID = /\]: ([0-9A-F]{6,20}|[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{10,20}): /;
const TO = /\bto=<([^<>\s]+)>/;
const STATUS = /\bstatus=(\w+)/;
const RESPONSE = /(?<![\w.=/])([2-5]\d\d)[ -]([245]\.\d{1,3}\.\d{1,3})(?![\d.])/;
const HOST_PATTERNS = [/\bhost ([\w.-]{1,253})\[/, /\bH=([\w.-]{1,253}) /, /\brelay=([\w.-]{1,253})\[/, / to ([\w.-]{1,253})\[/, /\bfrom ([\w.-]{1,253})\[/];
const TLS_VERSION = /\b(TLSv1(?:\.[0-3])?|TLS1\.[0-3]|SSLv3)\b/;

const TLS_EVENTS: [RegExp, string][] = [
  [/TLS is required, but was not offered by host/i, 'tls-required-not-offered'],
  [/Must issue a STARTTLS command first/i, 'must-issue-starttls'],
  [/SSL_connect error/i, 'ssl-connect-error'],
  [/certificate verification failed for/i, 'certificate-verification-failed'],
  [/Untrusted TLS connection established/i, 'untrusted-tls'],
  [/Trusted TLS connection established/i, 'trusted-tls'],
  [/Verified TLS connection established/i, 'verified-tls'],
  [/Anonymous TLS connection established/i, 'anonymous-tls'],
  [/TLS error on connection|TLS library problem|SSL_accept error/i, 'tls-error'],
];

export const patterns: RegExp[] = [
  POSTFIX, EXIM, EXIM_MESSAGE_ID, EXIM_MARKERS, POSTFIX_QUEUE_ID, TO, STATUS, RESPONSE, TLS_VERSION,
  ...HOST_PATTERNS, ...TLS_EVENTS.map(([pattern]) => pattern),
];

const MAX_LINE = 4000;

/** Exim: `2026-11-26 10:12:01 [+0900] 1rAbCd-000123-4F …` — the id is the third or fourth token. */
function eximMessageId(line: string): string | undefined {
  return line.split(' ', 4).slice(2).find((token) => EXIM_MESSAGE_ID.test(token));
}

function hostOf(line: string): string | undefined {
  for (const pattern of HOST_PATTERNS) {
    const match = pattern.exec(line);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/** The response text without Postfix's "(in reply to … command)" and the closing parenthesis of status=…(…). */
function responseTextAfter(rest: string): string {
  let text = rest.trim();
  const reply = text.lastIndexOf(' (in reply to ');
  if (reply >= 0) text = text.slice(0, reply);
  if (!text.includes('(')) {
    let end = text.length;
    while (end > 0 && (text[end - 1] === ')' || text[end - 1] === ' ')) end--;
    text = text.slice(0, end);
  }
  return text.trim();
}

function entryFor(line: string, mta: MtaLogEntry['mta']): MtaLogEntry | undefined {
  const entry: MtaLogEntry = { mta, line: line.trim().slice(0, 500) };
  const queueId = mta === 'postfix' ? POSTFIX_QUEUE_ID.exec(line)?.[1] : eximMessageId(line);
  if (queueId) entry.queueId = queueId;
  const to = TO.exec(line)?.[1];
  if (to) entry.to = to;
  const host = hostOf(line);
  if (host) entry.host = host;
  const status = STATUS.exec(line)?.[1];
  if (status) entry.status = status;
  const response = RESPONSE.exec(line);
  if (response) {
    entry.code = Number(response[1]);
    entry.enhanced = response[2];
    entry.responseText = responseTextAfter(line.slice(response.index + response[0].length));
  }
  const tlsEvent = TLS_EVENTS.find(([pattern]) => pattern.test(line))?.[1];
  if (tlsEvent) entry.tlsEvent = tlsEvent;
  const version = TLS_VERSION.exec(line)?.[1];
  if (version) entry.tlsVersion = version;
  const worthKeeping = entry.status !== undefined || entry.code !== undefined || entry.tlsEvent !== undefined;
  return worthKeeping ? entry : undefined;
}

export function parseMtaLog(text: string): MtaLogEntry[] {
  const entries: MtaLogEntry[] = [];
  if (!POSTFIX.test(text) && !EXIM_MARKERS.test(text)) return entries;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.length > MAX_LINE ? rawLine.slice(0, MAX_LINE) : rawLine;
    let mta: MtaLogEntry['mta'] | undefined;
    if (POSTFIX.test(line)) mta = 'postfix';
    else if (EXIM.test(line) && EXIM_MARKERS.test(line)) mta = 'exim';
    if (!mta) continue;
    const entry = entryFor(line, mta);
    if (entry) entries.push(entry);
  }
  return entries;
}

export const mtaLogParser: Parser = {
  name: 'mtaLog',
  parse(text: string) {
    const mtaLog = parseMtaLog(text);
    return mtaLog.length > 0 ? { mtaLog } : {};
  },
};
