// Event 12014 naming a plain host name: no certificate in the local store covers the connector's
// FQDN (or, with no FQDN set, the server's), so Exchange cannot offer STARTTLS for it.
import { RUNBOOK_KEYS } from '../steps';
import { classify, coversName, expiryState, type ClassifiedCertificate } from '../certificates';
import { commands, psString } from '../commands';
import { isInternalName } from '../organisation';
import { defineRule, graded, precomputed, type Advice, type Detection, type Grade } from '../defineRule';
import type { Facts } from '../rule';
import {
  connectorIdentity,
  identityOf,
  missingCertificateEvents,
  serverOf,
  shortServerName,
} from '../receiveSide';
import type { Evidence, RuleNeed, RuleStep } from '../types';

const ID = 'connector-fqdn-no-matching-cert';
const key = (name: string): string => `finding.${ID}.${name}`;

interface Missing {
  fqdn: string;
  connectorName?: string;
  identity?: string;
  server?: string;
  computer?: string;
  evidence: Evidence[];
  fromEvent: boolean;
}

function fromEvents(facts: Facts): Missing[] {
  return missingCertificateEvents(facts)
    .filter((e) => e.kind === 'host')
    .map((e) => {
      const server = shortServerName(e.computer) ?? serverOf(facts, e.connector);
      const identity = connectorIdentity(e.connector, server);
      return {
        fqdn: e.name,
        ...(e.connector ? { connectorName: e.connector } : {}),
        ...(identity ? { identity } : {}),
        ...(server ? { server } : {}),
        ...(e.computer ? { computer: e.computer } : {}),
        evidence: [{ source: 'event' as const, text: `Event 12014: ${e.line}` }],
        fromEvent: true,
      };
    });
}

/** TLS-capable receive connectors with an FQDN that no usable SMTP certificate in the (full) list covers. */
function fromConnectors(facts: Facts, usable: ClassifiedCertificate[]): Missing[] {
  const listed = facts.extracted.certificates;
  if (listed.length === 0 || !listed.some((c) => c.form === 'list' && (c.certificateDomains?.length ?? 0) > 0)) return [];
  return facts.extracted.receiveConnectors
    .filter((c) => c.fqdn && !c.tlsCertificateName && c.authMechanism.some((m) => /^Tls$/i.test(m)))
    .filter((c) => !usable.some((u) => u.smtp && coversName(u.cert, c.fqdn!)))
    .map((c) => ({
      fqdn: c.fqdn!,
      ...(c.name ? { connectorName: c.name } : {}),
      ...(identityOf(c) ? { identity: identityOf(c)! } : {}),
      ...(c.server ? { server: c.server } : {}),
      evidence: [{ source: 'connector' as const, text: `${identityOf(c) ?? c.name ?? ''} Fqdn ${c.fqdn} · AuthMechanism ${c.authMechanism.join(', ')}`.trim() }],
      fromEvent: false,
    }));
}

function isServerOwnName(missing: Missing): boolean {
  const fqdn = missing.fqdn.toLowerCase();
  if (missing.computer && missing.computer.toLowerCase() === fqdn) return true;
  return !!missing.server && fqdn.split('.')[0] === missing.server.toLowerCase() && /^Default /i.test(missing.connectorName ?? 'Default');
}

export const rule = defineRule({
  meta: {
    sharedKeys: RUNBOOK_KEYS,
    id: ID,
    title: 'No SMTP certificate covers the connector FQDN (event 12014 with a host name)',
    severity: 'error',
    sources: [
      'https://learn.microsoft.com/exchange/mail-flow/mail-routing/inbound-starttls-certificates-selection',
      'https://learn.microsoft.com/powershell/module/exchangepowershell/enable-exchangecertificate',
      'https://learn.microsoft.com/exchange/architecture/client-access/certificates',
    ],
    identifiers: { events: [12014] },
    keys: [
      'need.certificates',
      'need.connector',
      'step.checkCovering',
      'step.enableSmtp',
      'step.importEnable',
      'step.orChangeFqdn',
      'step.request',
      'step.selfSigned',
      'step.verify',
      'step.verifyEvents',
      'step.whichSelected',
      'summary.coveredElsewhere',
      'summary.noConnector',
    ],
  },
  advise: precomputed,
  detect(facts): Detection<Advice> | null {
    const usable = facts.extracted.certificates
      .map(classify)
      .filter((c) => c.role !== 'exchange-auth' && c.role !== 'wmsvc' && c.cert.hasPrivateKey !== false && expiryState(c.cert, facts.now) !== 'expired');
    const missing = fromEvents(facts)[0] ?? fromConnectors(facts, usable)[0];
    if (!missing) return null;

    const covering = usable.filter((c) => coversName(c.cert, missing.fqdn));
    const coveringWithoutSmtp = covering.find((c) => !c.smtp);
    const coveringWithSmtp = covering.find((c) => c.smtp);
    const listPasted = facts.extracted.certificates.length > 0;
    const steps: RuleStep[] = [
      { kind: 'check', title: { key: key('step.whichSelected'), params: { fqdn: missing.fqdn } }, command: commands.certificatesForDomain(missing.fqdn) },
    ];
    const needs: RuleNeed[] = [];

    if (coveringWithoutSmtp) {
      const { thumbprint, services } = coveringWithoutSmtp.cert;
      steps.push({ kind: 'fix', title: { key: key('step.enableSmtp'), params: { thumbprint } }, command: commands.enableSmtp(thumbprint, services) });
    } else if (coveringWithSmtp) {
      const { thumbprint } = coveringWithSmtp.cert;
      steps.push({ kind: 'check', title: { key: key('step.checkCovering'), params: { thumbprint } }, command: commands.certificate(thumbprint) });
    } else if (isServerOwnName(missing)) {
      steps.push({ kind: 'fix', title: { key: key('step.selfSigned'), params: { fqdn: missing.fqdn } }, command: commands.newInternalTransportCertificate(missing.server) });
    } else if (isInternalName(missing.fqdn)) {
      // A public CA does not certify .local / single-label names: an internal-only connector gets a self-signed (or internal CA) certificate.
      const server = missing.server ? ` -Server ${psString(missing.server)}` : '';
      steps.push({ kind: 'fix', title: { key: 'runbook.step.selfSignedInternalName', params: { fqdn: missing.fqdn } }, command: `New-ExchangeCertificate${server} -DomainName ${psString(missing.fqdn)} -FriendlyName ${psString(missing.fqdn)} -Services SMTP -PrivateKeyExportable $true` });
    } else {
      steps.push({ kind: 'fix', title: { key: key('step.request'), params: { fqdn: missing.fqdn } }, command: commands.certificateRequest(missing.fqdn) });
      steps.push({ kind: 'fix', title: { key: key('step.importEnable') } });
      if (missing.identity && !/^Default [^\s\\]+$/i.test(missing.connectorName ?? '')) {
        steps.push({ kind: 'fix', title: { key: key('step.orChangeFqdn'), params: { connector: missing.identity } } });
      }
    }
    if (!listPasted) {
      needs.push({ what: { key: key('need.certificates') }, command: missing.server ? commands.listCertificatesOnServer(missing.server) : commands.listCertificates() });
    }
    if (!missing.identity) needs.push({ what: { key: key('need.connector') }, command: commands.receiveConnectorsTls() });
    steps.push({ kind: 'verify', title: { key: key('step.verify'), params: { fqdn: missing.fqdn } }, command: commands.certificatesForDomain(missing.fqdn) });
    steps.push({ kind: 'verify', title: { key: key('step.verifyEvents') }, command: commands.transportEventsById([12014]) });

    // Covered now: the list is from another server, or the fix is already in (a verification).
    const verdict: Grade = coveringWithSmtp
      ? ['looks-resolved', 3]
      : missing.fromEvent
        ? listPasted ? ['corroborated', 2] : ['named', 1]
        : ['latent', 1];
    return graded<Advice>(verdict, {
      params: { fqdn: missing.fqdn, connector: missing.identity ?? missing.connectorName ?? '?' },
      ...(coveringWithSmtp
        ? { summary: { key: key('summary.coveredElsewhere'), params: { fqdn: missing.fqdn, thumbprint: coveringWithSmtp.cert.thumbprint } } }
        : !(missing.identity ?? missing.connectorName) ? { summary: { key: key('summary.noConnector'), params: { fqdn: missing.fqdn } } } : {}),
      evidence: missing.evidence,
      steps,
      needs,
      data: {
        fqdn: missing.fqdn,
        connector: missing.identity ?? null,
        enableThumbprint: coveringWithoutSmtp?.cert.thumbprint ?? null,
      },
    });
  },
});
