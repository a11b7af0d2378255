// The question behind KB 2888788 and its neighbours: which SMTP certificates could Exchange pick
// for the TLS session with Exchange Online, and which of them would Exchange Online trust?
import { classify, coversName, expiryState, type ClassifiedCertificate } from './certificates';
import { eventsWithId, hybridSendConnectors, responsesWith } from './facts';
import type { Facts } from './rule';
import { certificateMatchesTlsName, splitTlsCertificateName } from './tlsCertificateName';
import type { SendConnector, SmtpResponse } from './types';

export interface HybridCertificateView {
  /** The host name the send side is known to use (connector Fqdn, else the event's computer). */
  fqdn?: string;
  connector?: SendConnector;
  /** The connector name from the event text ("Send connector Outbound to Office 365: …"). */
  connectorNameFromEvent?: string;
  /** SMTP-enabled certificates Exchange could present for that name (never the auth / WMSvc ones). */
  candidates: ClassifiedCertificate[];
  /** Publicly trusted and not expired. */
  publicCerts: ClassifiedCertificate[];
  /** Publicly trusted but expired: renewing is the fix (the cert-expired rule's case). */
  expiredPublicCerts: ClassifiedCertificate[];
  untrustedCerts: ClassifiedCertificate[];
  unknownCerts: ClassifiedCertificate[];
  /** The list was the table form (no Issuer / RootCAType): trust cannot be decided. */
  tableOnly: boolean;
  /** The certificate the connector's TlsCertificateName names, when it names one in the paste. */
  pinnedTo?: ClassifiedCertificate;
  /** Publicly trusted certificates that are not enabled for SMTP (enabling SMTP may be the fix). */
  publicWithoutSmtp: ClassifiedCertificate[];
}

const SEND_CONNECTOR_IN_EVENT = /Send connector (.{1,200}?): Message delivery was not successful/i;

/** `454 4.7.0 Failed to establish appropriate TLS channel: UntrustedRoot: Access Denied` (EN or the JA KB texts). */
export function untrustedRootResponses(facts: Facts): SmtpResponse[] {
  return responsesWith(facts, 454, '4.7.0').filter(
    (r) =>
      /UntrustedRoot/i.test(r.chainStatus ?? '') &&
      /appropriate TLS channel|適切な TLS チャネル|TLS チャネル/i.test(`${r.text} ${r.line}`),
  );
}

export function connectorNameFromEvents(facts: Facts): string | undefined {
  for (const event of eventsWithId(facts, 2004)) {
    const match = SEND_CONNECTOR_IN_EVENT.exec(event.description);
    if (match) return match[1]!.trim();
  }
  const inText = SEND_CONNECTOR_IN_EVENT.exec(facts.text);
  return inText ? inText[1]!.trim() : undefined;
}

function pinnedCertificate(connector: SendConnector | undefined, certs: ClassifiedCertificate[]): ClassifiedCertificate | undefined {
  const pinned = splitTlsCertificateName(connector?.tlsCertificateName);
  if (!pinned) return undefined;
  return certs.find((c) => certificateMatchesTlsName(c.cert, pinned));
}

export function hybridCertificateView(facts: Facts): HybridCertificateView {
  const connector = hybridSendConnectors(facts)[0];
  const computer = eventsWithId(facts, 2004).find((e) => e.computer)?.computer;
  const fqdn = connector?.fqdn || computer;
  const all = facts.extracted.certificates.map(classify);
  // A record without a thumbprint (e.g. `fl FriendlyName,Services`) cannot be named in a command.
  const smtp = all.filter((c) => c.smtp && c.cert.thumbprint !== '' && c.role !== 'exchange-auth' && c.role !== 'wmsvc');
  // Only the connector's own Fqdn narrows the choice: with none set, Exchange uses the server
  // name, and a public certificate that lacks it is still the one to pin.
  const explicitName = connector?.fqdn;
  const covering = explicitName ? smtp.filter((c) => coversName(c.cert, explicitName)) : [];
  const candidates = covering.length > 0 ? covering : smtp;
  return {
    fqdn,
    connector,
    connectorNameFromEvent: connectorNameFromEvents(facts),
    candidates,
    publicCerts: candidates.filter((c) => c.trust === 'public' && expiryState(c.cert, facts.now) !== 'expired'),
    expiredPublicCerts: candidates.filter((c) => c.trust === 'public' && expiryState(c.cert, facts.now) === 'expired'),
    untrustedCerts: candidates.filter((c) => c.trust === 'internal' || c.trust === 'self-signed'),
    unknownCerts: candidates.filter((c) => c.trust === 'unknown'),
    tableOnly: all.length > 0 && all.every((c) => c.cert.form === 'table'),
    pinnedTo: pinnedCertificate(connector, all),
    publicWithoutSmtp: all.filter((c) => !c.smtp && c.cert.thumbprint !== '' && c.trust === 'public' && c.role === 'other'),
  };
}

/** Prefer the public certificate that is valid longest and has its private key. */
export function bestPublic(publicCerts: ClassifiedCertificate[]): ClassifiedCertificate | undefined {
  const usable = publicCerts.filter((c) => c.cert.hasPrivateKey !== false);
  const pool = usable.length > 0 ? usable : publicCerts;
  return [...pool].sort((a, b) => (b.cert.notAfter ?? '').localeCompare(a.cert.notAfter ?? ''))[0];
}

export function connectorName(view: HybridCertificateView): string | undefined {
  return view.connector?.name ?? view.connector?.identity ?? view.connectorNameFromEvent;
}
