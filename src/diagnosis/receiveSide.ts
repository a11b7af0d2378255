// Shared queries for the receive-side, either-direction and not-TLS rules (catalogue helper B):
// event 12014 and its siblings, TlsCertificateName strings, which receive connector and server a
// paste is about, and which pasted certificate could replace a stale or expired one.
import { clip } from './defineRule';
import { classify, coversName, expiryState, type ClassifiedCertificate } from './certificates';
import { eventsWithId, tlsNegotiationErrors } from './facts';
import { findBetween } from './parsers/between';
import { receiveConnectorIdentity } from './parsers/receiveConnector';

export { findBetween };
import type { Facts } from './rule';
import type { EventRecord, Evidence, ExchangeCertificate, ReceiveConnector } from './types';

// ---------------------------------------------------------------- text

/** The paste with Format-List / Get-WinEvent continuation lines joined to the line above. */
const joined = new WeakMap<Facts, string>();

export function joinedText(facts: Facts): string {
  let text = joined.get(facts);
  if (text === undefined) {
    text = facts.text.replace(/\n[ \t]+/g, ' ');
    joined.set(facts, text);
  }
  return text;
}

/** Every line (trimmed, ≤ 500 chars) that matches. */
export function linesMatching(facts: Facts, pattern: RegExp): string[] {
  if (pattern.global || pattern.sticky || !pattern.test(facts.text)) return [];
  const found: string[] = [];
  for (const line of facts.text.split('\n')) if (pattern.test(line)) found.push(clip(line.trim()));
  return found;
}

/** Descriptions of parsed events with these ids, else the joined text (unlabelled pastes). */
function descriptionsFor(facts: Facts, ids: number[]): { text: string; event?: EventRecord }[] {
  const events = eventsWithId(facts, ...ids);
  const found: { text: string; event?: EventRecord }[] = events.map((event) => ({ text: event.description, event }));
  found.push({ text: joinedText(facts) });
  return found;
}


// ---------------------------------------------------------------- event 12014

export interface MissingCertificateEvent {
  /** What Exchange looked for: an `<I>…<S>…` string or a host name ('' when the paste lost it). */
  name: string;
  /** 'unknown': the name is missing, typically an `<I>…<S>…` value a web page ate as HTML. */
  kind: 'tls-name' | 'host' | 'unknown';
  connector?: string;
  computer?: string;
  line: string;
}

// Event 12014, as Exchange writes it in English and Japanese (machine text: exact case).
const E12014 = [
  // "could not find" / "couldn't find" depending on the version: match from "find".
  { start: 'find a certificate that contains the domain name', end: ' in the personal store' },
  { start: 'ドメイン名', end: 'を含む証明書が見つかりませんでした' },
];
const E12014_CONNECTOR = [
  { start: 'for the connector ', end: ' with a FQDN parameter of' },
  { start: 'のコネクタ', end: 'に対する' },
];

export const patterns: RegExp[] = [/^<I>/i];

function connectorNamed(text: string): string | undefined {
  for (const { start, end } of E12014_CONNECTOR) {
    const hit = findBetween(text, start, end, 200)[0];
    if (hit && hit.value.trim()) return hit.value.trim();
  }
  return undefined;
}

/** Event 12014 (EN or JA text), from parsed events or from an unlabelled description. */
const missingByFacts = new WeakMap<Facts, MissingCertificateEvent[]>();

export function missingCertificateEvents(facts: Facts): MissingCertificateEvent[] {
  let events = missingByFacts.get(facts);
  if (!events) {
    events = findMissingCertificateEvents(facts);
    missingByFacts.set(facts, events);
  }
  return events;
}

function findMissingCertificateEvents(facts: Facts): MissingCertificateEvent[] {
  const found = new Map<string, MissingCertificateEvent>();
  for (const { text, event } of descriptionsFor(facts, [12014])) {
    for (const { start, end } of E12014) {
      for (const hit of findBetween(text, start, end, 700).slice(0, 20)) {
        const name = hit.value.trim();
        if (found.has(name.toLowerCase())) continue;
        const connector = connectorNamed(text.slice(hit.index, hit.index + 2000));
        found.set(name.toLowerCase(), {
          name,
          kind: name === '' ? 'unknown' : /^<I>/i.test(name) ? 'tls-name' : 'host',
          ...(connector ? { connector } : {}),
          ...(event?.computer ? { computer: event.computer } : {}),
          line: text.slice(Math.max(0, hit.index - 40), hit.index + start.length + name.length + end.length + 120).trim(),
        });
      }
    }
  }
  return [...found.values()];
}

// ---------------------------------------------------------------- servers and connectors

export function shortServerName(computer: string | undefined): string | undefined {
  if (!computer) return undefined;
  const first = computer.trim().split('.')[0];
  return first && /^[A-Za-z0-9-]{1,63}$/.test(first) ? first : undefined;
}

/** The server the paste is about: a receive connector's server, an event's computer, a `Default Frontend X` name. */
export function serverOf(facts: Facts, connectorName?: string): string | undefined {
  const fromName = connectorName ? /^Default(?: Frontend)? (\S{1,63})$/i.exec(connectorName)?.[1] : undefined;
  if (fromName) return fromName;
  const fromConnector = facts.extracted.receiveConnectors.find((c) => c.server)?.server;
  if (fromConnector) return fromConnector;
  const computer = facts.extracted.events.find((e) => e.computer)?.computer;
  return shortServerName(computer);
}

/** `Server\Name` for Set-ReceiveConnector, from whatever the paste tells. */
export function connectorIdentity(name: string | undefined, server: string | undefined): string | undefined {
  if (!name) return undefined;
  if (name.includes('\\')) return name;
  return server ? `${server}\\${name}` : undefined;
}

export function identityOf(connector: ReceiveConnector): string | undefined {
  return receiveConnectorIdentity(connector);
}

export function isFrontendInternetConnector(connector: ReceiveConnector): boolean {
  return /^Default Frontend /i.test(connector.name ?? '') ||
    (/frontend/i.test(connector.transportRole ?? '') && connector.bindings.some((b) => /:25$/.test(b)));
}

/** The Default Frontend connector of a server as the Hybrid Configuration Wizard configures it. */
export function defaultFrontendIdentity(server: string): string {
  return `${server}\\Default Frontend ${server}`;
}

// ---------------------------------------------------------------- certificates

/** A pasted certificate that can take over `names`: not expired, has a key, not Exchange's own; public first, newest first. */
export function replacementFor(
  facts: Facts,
  names: string[],
  exclude: ExchangeCertificate[] = [],
  { knownValid = false }: { knownValid?: boolean } = {},
): ClassifiedCertificate | undefined {
  const candidates = facts.extracted.certificates
    .filter((cert) => !exclude.includes(cert))
    .map(classify)
    .filter((c) => c.role === 'other' && c.cert.hasPrivateKey !== false)
    .filter((c) => (knownValid ? expiryState(c.cert, facts.now) === 'valid' : expiryState(c.cert, facts.now) !== 'expired'))
    .filter((c) => names.length === 0 || names.some((name) => coversName(c.cert, name)))
    .filter((c) => c.trust === 'public' || c.trust === 'unknown');
  const rank = (c: ClassifiedCertificate): number => (c.trust === 'public' ? 2 : 0) + (c.smtp ? 1 : 0);
  return candidates.sort((a, b) => rank(b) - rank(a) || newer(b.cert, a.cert))[0];
}

function newer(a: ExchangeCertificate, b: ExchangeCertificate): number {
  const time = (cert: ExchangeCertificate): number => {
    const parsed = Date.parse(cert.notBefore ?? cert.notBeforeText ?? '');
    return Number.isNaN(parsed) ? 0 : parsed;
  };
  return time(a) - time(b);
}

// ---------------------------------------------------------------- TLS noise

/** Anything in the paste that says the failure happened in or because of TLS. */
export function tlsTrouble(facts: Facts): string[] {
  const found = new Set(tlsNegotiationErrors(facts));
  const text = facts.text;
  if (/appropriate TLS channel|適切な TLS ?チャネル/i.test(text)) found.add('tls-channel');
  if (/STARTTLS is required|Must issue a STARTTLS|STARTTLS/i.test(text)) found.add('starttls');
  if (/UntrustedRoot|SubjectMismatch|PartialChain|CertificateExpired|certificate has expired|certificate verify failed/i.test(text)) found.add('certificate');
  if (/SocketError/i.test(text)) found.add('socket-error');
  if (/\b4\.7\.5\b|TlsCertificateName/i.test(text)) found.add('tls-certificate-name');
  return [...found];
}

// ---------------------------------------------------------------- Schannel (supporting only)

/**
 * Schannel System-log events with these ids, as evidence. Their link to Exchange transport is
 * not confirmed (any TLS client or server on the machine logs them), so rules only add them to
 * evidence they already have and never claim a finding from them.
 */
export function schannelEvidence(facts: Facts, ...ids: number[]): Evidence[] {
  return eventsWithId(facts, ...ids)
    .filter((e) => /schannel/i.test(e.source ?? ''))
    .slice(0, 2)
    .map((e) => ({ source: 'event' as const, text: `Schannel ${e.eventId}: ${e.description}`.slice(0, 300) }));
}

