// Queries shared by the send-side, administration and client rules (catalogue helper A):
// what the send protocol log shows was presented, what the connectors are pinned to, and
// the names a certificate carries.
import { commonName } from './certificates';
import { hybridSendConnectors, tlsNegotiationErrors } from './facts';
import { protocolLogSessions, type LoggedCertificate, type ProtocolLogSession } from './parsers/protocolLog';
import type { Facts } from './rule';
import type { ExchangeCertificate, SendConnector } from './types';


const sessionCache = new WeakMap<object, ProtocolLogSession[]>();

/** Protocol-log rows folded into sessions (computed once per paste). */
export function protocolSessions(facts: Facts): ProtocolLogSession[] {
  const rows = facts.extracted.protocolLog;
  let sessions = sessionCache.get(rows);
  if (!sessions) {
    sessions = protocolLogSessions(rows);
    sessionCache.set(rows, sessions);
  }
  return sessions;
}

/** Whether "TLS negotiation failed with error <word>" appears (EN or JA, any form). `word` is one of our constants. */
export function hasTlsError(facts: Facts, word: string): boolean {
  if (!new RegExp(word, 'i').test(facts.text)) return false;
  const wanted = word.toLowerCase();
  return tlsNegotiationErrors(facts).some((e) => e.toLowerCase() === wanted) ||
    protocolSessions(facts).some((s) => s.tlsErrors.some((e) => e.toLowerCase() === wanted));
}

/**
 * The certificate this server presented: in the sessions that failed with `word` (either
 * direction: a receive connector presents one too), else in any send session.
 */
export function presentedCertificate(facts: Facts, word?: string): LoggedCertificate | undefined {
  const all = protocolSessions(facts);
  const failing = word ? all.filter((s) => s.tlsErrors.some((e) => e.toLowerCase() === word.toLowerCase())) : [];
  const sending = all.filter((s) => s.direction !== 'receive');
  for (const session of [...failing, ...sending]) if (session.sentCertificate?.subject || session.sentCertificate?.thumbprint) return session.sentCertificate;
  return undefined;
}

import { certificateMatchesTlsName, splitTlsCertificateName, type TlsCertificateNameParts } from './tlsCertificateName';

export { splitTlsCertificateName, type TlsCertificateNameParts };

/** The hybrid send connector, else any send connector with a TlsCertificateName. */
export function pinnedSendConnector(facts: Facts): SendConnector | undefined {
  return hybridSendConnectors(facts).find((c) => c.tlsCertificateName) ??
    hybridSendConnectors(facts)[0] ??
    facts.extracted.sendConnectors.find((c) => c.tlsCertificateName);
}

export function connectorLabel(connector: SendConnector | undefined): string | undefined {
  return connector?.name ?? connector?.identity;
}

/** The connector name from an event 2004-style sentence, when no connector output was pasted. */
export function connectorNameInText(facts: Facts): string | undefined {
  for (const line of facts.text.split('\n')) {
    const end = line.indexOf(': Message delivery was not successful');
    if (end < 0) continue;
    const start = line.toLowerCase().lastIndexOf('send connector ', end);
    if (start >= 0 && end - start < 220) return line.slice(start + 'send connector '.length, end).trim();
  }
  return undefined;
}

/** The certificates in the paste that a TlsCertificateName value names (exact issuer and subject). */
export function certificatesNamedBy(facts: Facts, parts: TlsCertificateNameParts): ExchangeCertificate[] {
  return facts.extracted.certificates.filter((c) => certificateMatchesTlsName(c, parts));
}

export function certificateByThumbprint(facts: Facts, thumbprint: string | undefined): ExchangeCertificate | undefined {
  if (!thumbprint) return undefined;
  const wanted = thumbprint.replace(/\s+/g, '').toUpperCase();
  return facts.extracted.certificates.find((c) => c.thumbprint.replace(/\s+/g, '').toUpperCase() === wanted);
}

/** The server named by an event (Computer:) — a short name is enough for -Server. */
export function eventComputer(facts: Facts): string | undefined {
  return facts.extracted.events.find((e) => e.computer)?.computer;
}

/** Names a certificate carries: subject CN plus SANs / CertificateDomains. */
export function namesOfLogged(cert: LoggedCertificate | undefined): string[] {
  if (!cert) return [];
  const cn = commonName(cert.subject);
  return Array.from(new Set([...(cn ? [cn] : []), ...cert.alternateNames])).map((n) => n.toLowerCase());
}

/** Exchange Online's TlsSenderCertificateName match: exact, or `*.domain` against a host under it. */
export function nameMatchesSenderDomain(name: string, senderDomain: string): boolean {
  const n = name.toLowerCase();
  const d = senderDomain.toLowerCase();
  if (n === d) return true;
  if (d.startsWith('*.')) {
    const base = d.slice(2);
    return n === `*.${base}` || (n.endsWith(`.${base}`) && !n.slice(0, -base.length - 1).includes('.'));
  }
  if (n.startsWith('*.')) {
    const base = n.slice(2);
    return d.endsWith(`.${base}`) && !d.slice(0, -base.length - 1).includes('.');
  }
  return false;
}

/** `mail.contoso.com` → `contoso.com` (the domain a host name sits in). */
export function parentDomain(host: string): string | undefined {
  const clean = host.replace(/^\*\./, '');
  const labels = clean.split('.');
  if (host.startsWith('*.')) return clean;
  return labels.length > 2 ? labels.slice(1).join('.') : clean;
}

