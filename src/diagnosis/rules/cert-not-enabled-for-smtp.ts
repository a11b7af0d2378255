// KB 4051498: `TLS negotiation failed with error UnknownCredentials` — the certificate chosen
// for the connector (its TlsCertificateName, or the one logged) is not enabled for SMTP, e.g.
// after a renewal that only bound IIS. The queue again reads like a time-out.
import { classify, commonName } from '../certificates';
import { commands } from '../commands';
import { defineRule, graded, precomputed, type Advice, type Detection, type Grade } from '../defineRule';
import { firstLineMatching } from '../facts';
import type { Facts } from '../rule';
import { certificateByThumbprint, certificatesNamedBy, eventComputer, hasTlsError, pinnedSendConnector, presentedCertificate, splitTlsCertificateName } from '../sendSide';
import { certificateOf, organisationEvidence, organisationOf, transportServers, type Organisation } from '../organisation';
import { queueFollowUp, takesEffect, verifyBySendLog, RUNBOOK_KEYS } from '../steps';
import type { Evidence, ExchangeCertificate, Message, RuleNeed, RuleStep } from '../types';

const ID = 'cert-not-enabled-for-smtp';
const key = (name: string): string => `finding.${ID}.${name}`;
const UNKNOWN_CREDENTIALS_LINE = /UnknownCredentials/i;
const CONNECTIVITY_LOOK = /421 4\.4\.1|421 4\.2\.1|Connection timed out|Unable to connect|接続がタイムアウト/i;

interface Suspect {
  thumbprint?: string;
  cert?: ExchangeCertificate;
  from: 'protocol-log' | 'connector' | 'certificate-list' | 'table-candidate' | 'none';
}

function suspect(facts: Facts): Suspect {
  const logged = presentedCertificate(facts, 'UnknownCredentials');
  if (logged?.thumbprint) return { thumbprint: logged.thumbprint, cert: certificateByThumbprint(facts, logged.thumbprint), from: 'protocol-log' };
  const pinned = splitTlsCertificateName(pinnedSendConnector(facts)?.tlsCertificateName);
  const named = pinned ? certificatesNamedBy(facts, pinned) : [];
  const namedWithoutSmtp = named.find((c) => !c.services.includes('SMTP'));
  if (namedWithoutSmtp) return { thumbprint: namedWithoutSmtp.thumbprint, cert: namedWithoutSmtp, from: 'connector' };
  // A publicly trusted certificate that serves IIS but not SMTP is the usual renewal leftover.
  const publicWithoutSmtp = facts.extracted.certificates
    .map(classify)
    .filter((c) => c.role === 'other' && c.trust === 'public' && !c.smtp);
  if (publicWithoutSmtp.length === 1) return { thumbprint: publicWithoutSmtp[0]!.cert.thumbprint, cert: publicWithoutSmtp[0]!.cert, from: 'certificate-list' };
  // The table view has no issuer: a single non-SMTP certificate named for a DNS host is the likely one.
  const hostCertsWithoutSmtp = facts.extracted.certificates
    .map(classify)
    .filter((c) => c.role === 'other' && c.trust === 'unknown' && !c.smtp && (commonName(c.cert.subject) ?? '').includes('.'));
  if (publicWithoutSmtp.length === 0 && hostCertsWithoutSmtp.length === 1) {
    return { thumbprint: hostCertsWithoutSmtp[0]!.cert.thumbprint, cert: hostCertsWithoutSmtp[0]!.cert, from: 'table-candidate' };
  }
  return { from: 'none' };
}

function evidenceOf(facts: Facts, cert: ExchangeCertificate | undefined, connectorPin: string | undefined): Evidence[] {
  const evidence: Evidence[] = [];
  const tlsLine = firstLineMatching(facts, UNKNOWN_CREDENTIALS_LINE);
  if (tlsLine) evidence.push({ source: 'log', text: tlsLine });
  const queueLine = firstLineMatching(facts, CONNECTIVITY_LOOK);
  if (queueLine) evidence.push({ source: 'queue', text: queueLine });
  if (connectorPin) evidence.push({ source: 'connector', text: `TlsCertificateName ${connectorPin}` });
  if (cert) evidence.push({ source: 'certificate', text: `Thumbprint ${cert.thumbprint} · Services ${cert.services.join(', ') || 'None'}${cert.subject ? ` · Subject ${cert.subject}` : ''}` });
  return evidence;
}

function stepsFor(org: Organisation, found: Suspect, server: string | undefined, connector: string | undefined): RuleStep[] {
  const { thumbprint, cert } = found;
  if (!thumbprint) return [];
  const keep = cert?.services ?? [];
  // Each server that holds it (or, when the paste does not say, each source server) with -Server.
  const holders = certificateOf(org, thumbprint)?.servers ?? [];
  const exchange = transportServers(org).filter((s) => s.role !== 'edge').map((s) => s.name);
  const several = org.servers.filter((s) => s.role !== 'edge').length > 1;
  const on: (string | undefined)[] = several ? (holders.length > 0 ? holders : exchange) : [server];
  return [
    { kind: 'check', title: { key: key('step.check'), params: { thumbprint } }, command: commands.certificateServices(thumbprint) },
    ...on.map((target) => ({
      kind: 'fix' as const,
      title: (cert ? { key: key('step.enable'), params: { thumbprint, services: keep.join(', ') || 'None' } } : { key: key('step.enableUnknownServices'), params: { thumbprint } }) as Message,
      command: commands.enableSmtp(thumbprint, keep, target),
    })),
    ...takesEffect(org, 'send').steps,
    { kind: 'verify', title: { key: key('step.verify'), params: { thumbprint } }, command: commands.certificateServices(thumbprint) },
    ...queueFollowUp(org).steps,
    ...verifyBySendLog(org, connector).steps,
  ];
}

function needsFor(facts: Facts, found: Suspect, connector: string | undefined): RuleNeed[] {
  const needs: RuleNeed[] = [];
  if (!found.thumbprint || found.from === 'table-candidate') {
    needs.push({ what: { key: key('need.sendLog') }, command: commands.sendLogCertificateRows() });
    if (!connector) needs.push({ what: { key: key('need.connector') }, command: commands.hybridSendConnectors() });
  }
  if (facts.extracted.certificates.length === 0) needs.push({ what: { key: key('need.certificates') }, command: commands.listCertificates() });
  return needs;
}

function gradeOf(facts: Facts, signature: boolean, found: Suspect): Grade | undefined {
  const smtpMissingShown = !!found.cert && !found.cert.services.includes('SMTP');
  if (signature && smtpMissingShown && found.from !== 'table-candidate') return ['corroborated', 3];
  if (signature) return ['named', 2];
  if (smtpMissingShown && found.from === 'connector') return ['latent', 2];
  // A certificate list alone, where a renewal left the host certificate without SMTP: a
  // possibility to confirm with the send log, not a verdict.
  // A chain status (UntrustedRoot…) means a certificate was presented: another cause.
  const chainError = facts.extracted.smtpResponses.some((r) => r.chainStatus);
  if (smtpMissingShown && !chainError && (found.from === 'certificate-list' || found.from === 'table-candidate')) return ['looks-resolved', 3];
  return undefined;
}

export const rule = defineRule({
  meta: {
    sharedKeys: RUNBOOK_KEYS,
    id: ID,
    title: 'The certificate chosen for the connector is not enabled for SMTP',
    severity: 'error',
    sources: ['https://learn.microsoft.com/exchange/troubleshoot/mailflow/outbound-email-messages-are-not-sent'],
    identifiers: { words: ['UnknownCredentials'] },
    keys: [
      'need.certificates',
      'need.connector',
      'need.sendLog',
      'step.check',
      'step.enable',
      'step.enableUnknownServices',
      'step.retry',
      'step.verify',
      'summary.candidate',
      'summary.latent',
      'summary.named',
      'summary.unnamed',
    ],
  },
  advise: precomputed,
  detect(facts): Detection<Advice> | null {
    const signature = hasTlsError(facts, 'UnknownCredentials');
    if (!signature && !pinnedSendConnector(facts)?.tlsCertificateName && facts.extracted.certificates.length === 0) return null;
    const found = suspect(facts);
    const verdict = gradeOf(facts, signature, found);
    if (!verdict) return null;
    const connector = pinnedSendConnector(facts);
    const connectorName = connector?.name ?? connector?.identity;
    const server = eventComputer(facts);
    return graded<Advice>(verdict, {
      params: { thumbprint: found.thumbprint ?? '-' },
      summary: { key: key(!found.thumbprint ? 'summary.unnamed' : found.from === 'table-candidate' ? 'summary.candidate' : signature ? 'summary.named' : 'summary.latent'), params: { thumbprint: found.thumbprint ?? '-' } },
      evidence: [...evidenceOf(facts, found.cert, connector?.tlsCertificateName), ...organisationEvidence(organisationOf(facts), found.thumbprint)],
      steps: stepsFor(organisationOf(facts), found, server, connectorName),
      needs: needsFor(facts, found, connectorName),
      data: { thumbprint: found.thumbprint ?? null, foundIn: found.from, services: found.cert?.services ?? null },
    });
  },
});
