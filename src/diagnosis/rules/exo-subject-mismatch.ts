// Exchange Online's outbound connector validates the on-premises certificate against its
// TlsDomain (DomainValidation), and the certificate presented on port 25 carries another name:
//   450 4.4.317 Cannot connect to remote server [Message=SubjectMismatch Expected Subject:
//   mail.contoso.com. Presented Subject: CN=EX01. Thumbprint: …]
// Seen only in Exchange Online's message trace / NDR, not in on-premises logs.
import { RUNBOOK_KEYS } from '../steps';
import { type ClassifiedCertificate, classify, commonName, coversName, expiryState } from '../certificates';
import { commands } from '../commands';
import { defineRule, graded, precomputed, type Advice, type Detection } from '../defineRule';
import type { Facts } from '../rule';
import { certificateMatchesTlsName, splitTlsCertificateName } from '../tlsCertificateName';
import {
  defaultFrontendIdentity,
  findBetween,
  identityOf,
  joinedText,
  linesMatching,
  schannelEvidence,
  serverOf,
} from '../receiveSide';
import type { Evidence, OutboundConnector, RuleNeed, RuleStep } from '../types';

const ID = 'exo-subject-mismatch';
const key = (name: string): string => `finding.${ID}.${name}`;

const THUMBPRINT_AFTER = /^ ?([0-9A-Fa-f]+)/;

interface Mismatch {
  expected: string;
  presented: string;
  thumbprint?: string;
}

const trimDot = (value: string): string => value.trim().replace(/\.$/, '').trim();

/** `SubjectMismatch Expected Subject: X. Presented Subject: Y. Thumbprint: T.]` → X, Y, T. */
function mismatchOf(facts: Facts): Mismatch | undefined {
  const text = joinedText(facts);
  const at = text.indexOf('SubjectMismatch');
  if (at === -1) return undefined;
  const window = text.slice(at, at + 1500);
  const expected = findBetween(window, 'Expected Subject:', 'Presented Subject:', 300)[0];
  const presentedToThumbprint = findBetween(window, 'Presented Subject:', 'Thumbprint:', 500)[0];
  const presentedToBracket = findBetween(window, 'Presented Subject:', ']', 500)[0];
  const presented = presentedToThumbprint ?? presentedToBracket;
  const thumbprintAt = window.indexOf('Thumbprint:');
  const hex = thumbprintAt === -1 ? undefined : THUMBPRINT_AFTER.exec(window.slice(thumbprintAt + 11, thumbprintAt + 60))?.[1];
  const thumbprint = hex?.length === 40 ? hex : undefined;
  return {
    expected: expected ? trimDot(expected.value) : '',
    presented: presented ? trimDot(presented.value) : '',
    ...(thumbprint ? { thumbprint: thumbprint.toUpperCase() } : {}),
  };
}

/** The Exchange Online outbound connector that delivers to on-premises (DomainValidation / TlsDomain). */
function exoConnector(facts: Facts, expected: string): OutboundConnector | undefined {
  const connectors = facts.extracted.outboundConnectors;
  return connectors.find((c) => expected && c.tlsDomain?.toLowerCase() === expected.toLowerCase()) ??
    connectors.find((c) => /DomainValidation/i.test(c.tlsSettings ?? '')) ??
    connectors[0];
}

function usable(facts: Facts): ClassifiedCertificate[] {
  return facts.extracted.certificates
    .map(classify)
    .filter((c) => c.role === 'other' && c.cert.hasPrivateKey !== false && expiryState(c.cert, facts.now) !== 'expired');
}

export const rule = defineRule({
  meta: {
    sharedKeys: [...RUNBOOK_KEYS, 'finding.exo-subject-mismatch.step.presentMatchingUnknown'],
    id: ID,
    title: 'The on-premises certificate does not match the TlsDomain Exchange Online validates',
    severity: 'error',
    sources: [
      'https://techcommunity.microsoft.com/blog/exchange/tls-certificates-in-exchange-hybrid---common-issues--how-to-fix-them/4420592',
      'https://learn.microsoft.com/powershell/module/exchangepowershell/set-outboundconnector',
      'https://learn.microsoft.com/powershell/module/exchangepowershell/set-receiveconnector',
    ],
    identifiers: { smtpCodes: ['450', '4.4.317'], words: ['SubjectMismatch'] },
    keys: [
      'need.certificates',
      'need.outbound',
      'need.receive',
      'step.enableSmtp',
      'step.fixTlsDomain',
      'step.hcw',
      'step.pinReceive',
      'step.presentMatching',
      'step.showReceive',
      'step.verify',
      'summary.looksFixed',
    ],
  },
  advise: precomputed,
  detect(facts): Detection<Advice> | null {
    const mismatch = mismatchOf(facts);
    if (!mismatch) return null;
    const connector = exoConnector(facts, mismatch.expected);
    const expected = mismatch.expected || connector?.tlsDomain || '';
    const certs = usable(facts);
    const presentedCert = facts.extracted.certificates.find((c) => mismatch.thumbprint && c.thumbprint.toUpperCase() === mismatch.thumbprint);
    const matching = expected ? certs.filter((c) => c.smtp || c.trust === 'public').find((c) => coversName(c.cert, expected) && c.trust !== 'self-signed') : undefined;
    const presentedName = commonName(mismatch.presented) ?? commonName(presentedCert?.subject);
    // A default self-signed certificate is named after its server: CN=EX01.
    const serverFromPresented = presentedName && /^[A-Za-z0-9-]{1,15}$/.test(presentedName) ? presentedName : undefined;
    const server = serverOf(facts) ?? serverFromPresented;
    const frontend = facts.extracted.receiveConnectors.find((c) => /^Default Frontend /i.test(c.name ?? ''));
    const receiveIdentity = (frontend && identityOf(frontend)) ?? (server ? defaultFrontendIdentity(server) : undefined);

    const steps: RuleStep[] = [];
    const needs: RuleNeed[] = [];
    if (receiveIdentity) steps.push({ kind: 'check', title: { key: key('step.showReceive') }, command: commands.receiveConnectorTls(receiveIdentity) });
    if (matching && receiveIdentity) {
      const { thumbprint, issuer, subject } = matching.cert;
      if (!matching.smtp) steps.push({ kind: 'fix', title: { key: key('step.enableSmtp'), params: { thumbprint } }, command: commands.enableSmtp(thumbprint, matching.cert.services) });
      steps.push({
        kind: 'fix',
        title: { key: key('step.pinReceive'), params: { thumbprint, connector: receiveIdentity } },
        command: issuer && subject ? commands.pinReceiveConnector(receiveIdentity, issuer, subject) : commands.pinReceiveConnectorByThumbprint(receiveIdentity, thumbprint),
      });
    } else if (presentedCert && classify(presentedCert).trust === 'public' && presentedName && connector?.name) {
      steps.push({
        kind: 'fix',
        title: { key: key('step.fixTlsDomain'), params: { domain: presentedName, connector: connector.name } },
        command: commands.setOutboundConnectorTlsDomain(connector.name, presentedName),
      });
    } else {
      if (facts.extracted.certificates.length === 0) needs.push({ what: { key: key('need.certificates') }, command: server ? commands.listCertificatesOnServer(server) : commands.listCertificates() });
      steps.push(expected ? { kind: 'fix', title: { key: key('step.presentMatching'), params: { expected } } } : { kind: 'fix', title: { key: key('step.presentMatchingUnknown') } });
    }
    if (!receiveIdentity) needs.push({ what: { key: key('need.receive') }, command: commands.receiveConnectorsTls() });
    if (!connector) needs.push({ what: { key: key('need.outbound') }, command: commands.outboundConnectors() });
    steps.push({ kind: 'fix', title: { key: key('step.hcw') } });
    steps.push({ kind: 'verify', title: { key: key('step.verify') }, command: commands.messageTraceDetail() });

    const corroborated = !!matching || !!presentedCert || !!connector || !!frontend;
    // The Default Frontend connector now presents a certificate with the expected name: fixed
    // since the trace was taken (what a verification pastes).
    const pinnedName = splitTlsCertificateName(frontend?.tlsCertificateName);
    const looksFixed = !!expected && !!pinnedName && facts.extracted.certificates.some(
      (cert) => certificateMatchesTlsName(cert, pinnedName) && coversName(cert, expected) && expiryState(cert, facts.now) !== 'expired',
    );
    const evidence: Evidence[] = linesMatching(facts, /SubjectMismatch/i).slice(0, 2).map((text) => ({ source: 'smtp', text }));
    evidence.push(...schannelEvidence(facts, 36884));
    if (connector) evidence.push({ source: 'connector', text: `${connector.name ?? ''} TlsSettings ${connector.tlsSettings ?? ''} · TlsDomain ${connector.tlsDomain ?? ''}`.trim() });
    return graded<Advice>(looksFixed ? ['looks-resolved', 2] : corroborated ? ['corroborated', 2] : ['named', 2], {
      params: { expected: expected || '?', presented: mismatch.presented || '?' },
      ...(looksFixed ? { summary: { key: key('summary.looksFixed'), params: { expected, connector: receiveIdentity ?? '' } } } : {}),
      evidence,
      steps,
      needs,
      data: {
        expected: expected || null,
        presented: mismatch.presented || null,
        presentedThumbprint: mismatch.thumbprint ?? null,
        matchingThumbprint: matching?.cert.thumbprint ?? null,
        receiveConnector: receiveIdentity ?? null,
      },
    });
  },
});
