// Shared queries for the receive-side, either-direction and not-TLS rules (catalogue helper B):
// event 12014 and its siblings, TlsCertificateName strings, which receive connector and server a
// paste is about, and which pasted certificate could replace a stale or expired one.
import { classify, coversName, expiryState, namesOf, sameDn, type ClassifiedCertificate } from './certificates';
import { eventsWithId, tlsNegotiationErrors } from './facts';
import { receiveConnectorIdentity } from './parsers/receiveConnector';
import type { Facts } from './rule';
import type { EventRecord, ExchangeCertificate, ReceiveConnector } from './types';

// ---------------------------------------------------------------- text

/** The paste with Format-List / Get-WinEvent continuation lines joined to the line above. */
export function joinedText(facts: Facts): string {
  return facts.text.replace(/\n[ \t]+/g, ' ');
}

/** Every line (trimmed, ≤ 500 chars) that matches. */
export function linesMatching(facts: Facts, pattern: RegExp): string[] {
  const found: string[] = [];
  for (const line of facts.text.split('\n')) if (pattern.test(line)) found.push(line.trim().slice(0, 500));
  return found;
}

/** Descriptions of parsed events with these ids, else the joined text (unlabelled pastes). */
function descriptionsFor(facts: Facts, ids: number[]): { text: string; event?: EventRecord }[] {
  const events = eventsWithId(facts, ...ids);
  const found: { text: string; event?: EventRecord }[] = events.map((event) => ({ text: event.description, event }));
  found.push({ text: joinedText(facts) });
  return found;
}

// ---------------------------------------------------------------- TlsCertificateName

export interface TlsName {
  issuer: string;
  subject: string;
}

const TLS_NAME = /^<I>(.{1,600}?)<S>(.{1,600})$/is;

export function parseTlsName(value: string | undefined): TlsName | undefined {
  const match = value ? TLS_NAME.exec(value.trim()) : null;
  return match ? { issuer: match[1]!.trim(), subject: match[2]!.trim() } : undefined;
}

/** Issuer and subject equal, ignoring case and the spaces a wrapped paste may add or drop. */
export function certificateMatchesTlsName(cert: ExchangeCertificate, name: TlsName): boolean {
  if (!cert.issuer || !cert.subject) return false;
  const squash = (dn: string): string => dn.replace(/\s+/g, '').toLowerCase();
  return (sameDn(cert.issuer, name.issuer) || squash(cert.issuer) === squash(name.issuer)) &&
    (sameDn(cert.subject, name.subject) || squash(cert.subject) === squash(name.subject));
}

export function subjectCommonName(dn: string | undefined): string | undefined {
  const cn = dn ? /(?:^|,)\s*CN=([^,]+)/i.exec(dn) : null;
  return cn ? cn[1]!.trim() : undefined;
}

// ---------------------------------------------------------------- event 12014

export interface MissingCertificateEvent {
  /** What Exchange looked for: an `<I>…<S>…` string or a host name. */
  name: string;
  kind: 'tls-name' | 'host';
  connector?: string;
  computer?: string;
  line: string;
}

const E12014_EN = /could not find a certificate that contains the domain name (.{1,700}?) in the personal store/i;
const E12014_JA = /ドメイン名 ?(.{1,700}?) ?を含む証明書が見つかりませんでした/;
const E12014_CONNECTOR_EN = /for the connector (.{1,200}?) with a FQDN parameter of/i;
const E12014_CONNECTOR_JA = /のコネクタ ?(.{1,200}?) ?に対する/;

export const patterns: RegExp[] = [E12014_EN, E12014_JA, E12014_CONNECTOR_EN, E12014_CONNECTOR_JA, TLS_NAME];

/** Event 12014 (EN or JA text), from parsed events or from an unlabelled description. */
export function missingCertificateEvents(facts: Facts): MissingCertificateEvent[] {
  const found = new Map<string, MissingCertificateEvent>();
  for (const { text, event } of descriptionsFor(facts, [12014])) {
    for (const pattern of [E12014_EN, E12014_JA]) {
      const match = pattern.exec(text);
      if (!match) continue;
      const name = match[1]!.trim();
      if (found.has(name.toLowerCase())) continue;
      const connector = (E12014_CONNECTOR_EN.exec(text) ?? E12014_CONNECTOR_JA.exec(text))?.[1]?.trim();
      found.set(name.toLowerCase(), {
        name,
        kind: /^<I>/i.test(name) ? 'tls-name' : 'host',
        ...(connector ? { connector } : {}),
        ...(event?.computer ? { computer: event.computer } : {}),
        line: text.slice(Math.max(0, match.index - 40), match.index + match[0].length + 120).trim(),
      });
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
export function replacementFor(facts: Facts, names: string[], exclude: ExchangeCertificate[] = []): ClassifiedCertificate | undefined {
  const candidates = facts.extracted.certificates
    .filter((cert) => !exclude.includes(cert))
    .map(classify)
    .filter((c) => c.role === 'other' && c.cert.hasPrivateKey !== false && expiryState(c.cert, facts.now) !== 'expired')
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

export function hostNamesOf(cert: ExchangeCertificate): string[] {
  return namesOf(cert);
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
