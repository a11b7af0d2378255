// The TLS certificate Exchange uses has expired. Exchange keeps advertising it (event 12016),
// so a peer that validates (Exchange Online, a partner) refuses the session. Events 12018 (expires
// soon) and 12015 (internal transport certificate expired) are the neighbours.
import { certificateOf, isInternalName, onlyExchange2010, organisationEvidence, organisationOf } from '../organisation';
import { acmeWarning, certificateRequest, edgeSync, enableSmtp, pinSendConnector, queueFollowUp, supportNotes, takesEffect, targetOf, verifyBySendLog, RUNBOOK_KEYS } from '../steps';
import { classify, coversName, expiryState, namesOf, type ClassifiedCertificate } from '../certificates';
import { commands } from '../commands';
import { defineRule, graded, precomputed, type Advice, type Detection, type Grade } from '../defineRule';
import { eventsWithId, hybridSendConnectors } from '../facts';
import type { Facts } from '../rule';
import { certificateMatchesTlsName, splitTlsCertificateName } from '../tlsCertificateName';
import {
  defaultFrontendIdentity,
  findBetween,
  identityOf,
  joinedText,
  linesMatching,
  schannelEvidence,
  replacementFor,
  serverOf,
  shortServerName,
} from '../receiveSide';
import type { Evidence, RuleNeed, RuleStep } from '../types';

const ID = 'cert-expired';
const key = (name: string): string => `finding.${ID}.${name}`;

const E12018_REST = /^([0-9A-Fa-f]+), hours remaining: (\d+)/;
/** Event 12018: `The STARTTLS certificate will expire soon: subject: <s>, thumbprint: <t>, hours remaining: <h>`. */
const E12018_SUBJECT = 'The STARTTLS certificate will expire soon: subject: ';
const E12018_THUMBPRINT = ', thumbprint: ';
const E12015 = /internal transport certificate (?:has )?expired|内部トランスポート証明書の有効期限が切れています/i;
const PEER_EXPIRED = /certificate has expired|CertificateExpired|CERT_E_EXPIRED|\bNotTimeValid\b/i;
// The poster's own words: weaker than any machine evidence, used only when there is none.
const PROSE_EXPIRED = /証明書の有効期限が切れ|certificate expired (?:yesterday|today|last)|(?:our|the) (?:SMTP |Exchange |TLS )?certificate (?:has )?expired/i;

type Kind = 'expired' | 'internal' | 'soon';

interface Signals {
  kind: Kind;
  fqdn?: string;
  thumbprint?: string;
  hoursRemaining?: number;
  evidence: Evidence[];
  strength: Grade;
  inPlace?: boolean;
}

function hybridNames(facts: Facts): string[] {
  const names = new Set<string>();
  for (const c of hybridSendConnectors(facts)) if (c.fqdn) names.add(c.fqdn);
  for (const c of facts.extracted.receiveConnectors) if (c.fqdn) names.add(c.fqdn);
  return [...names];
}

/** SMTP certificates (not Exchange's auth / WMSvc ones) that have expired. */
function expiredSmtpCertificates(facts: Facts): ClassifiedCertificate[] {
  return facts.extracted.certificates
    .map(classify)
    .filter((c) => c.smtp && c.role !== 'exchange-auth' && c.role !== 'wmsvc' && expiryState(c.cert, facts.now) === 'expired');
}

/** A connector pinned to this certificate keeps using it even when a newer one exists. */
function pinnedBy(facts: Facts, cert: ClassifiedCertificate): string[] {
  const pins: string[] = [];
  for (const c of facts.extracted.sendConnectors) {
    const name = splitTlsCertificateName(c.tlsCertificateName);
    if (name && certificateMatchesTlsName(cert.cert, name)) pins.push(c.name ?? c.identity ?? '');
  }
  for (const c of facts.extracted.receiveConnectors) {
    const name = splitTlsCertificateName(c.tlsCertificateName);
    if (name && certificateMatchesTlsName(cert.cert, name)) pins.push(identityOf(c) ?? c.name ?? '');
  }
  return pins.filter(Boolean);
}

/**
 * A valid SMTP certificate for the name is listed and the pasted connectors point at valid
 * certificates only (or at none): what the fix leaves behind, e.g. when a verification pastes the
 * list and the connectors again after the event.
 */
function replacementInPlace(facts: Facts, replacement: ClassifiedCertificate | undefined): boolean {
  if (!replacement?.smtp) return false;
  const connectors = [...facts.extracted.sendConnectors, ...facts.extracted.receiveConnectors];
  if (connectors.length === 0) return false;
  return connectors.every((c) => {
    const name = splitTlsCertificateName(c.tlsCertificateName);
    if (!name) return true;
    return facts.extracted.certificates.some((cert) => certificateMatchesTlsName(cert, name) && expiryState(cert, facts.now) === 'valid');
  });
}

function signals(facts: Facts): Signals | undefined {
  const text = joinedText(facts);
  // 12016: "There is no valid SMTP Transport Layer Security (TLS) certificate for the FQDN of X. The existing …"
  const e12016 = findBetween(text, 'certificate for the FQDN of ', ' The existing certificate for that FQDN has expired', 300)[0];
  if (e12016) {
    const fqdn = e12016.value.trim().replace(/\.$/, '');
    return { kind: 'expired', fqdn, evidence: [{ source: 'event', text: `Event 12016: no valid SMTP TLS certificate for the FQDN of ${fqdn}; the existing certificate for that FQDN has expired` }], strength: ['named', 3] };
  }
  if (E12015.test(text)) {
    return { kind: 'internal', evidence: linesMatching(facts, E12015).slice(0, 2).map((line) => ({ source: 'event' as const, text: line })), strength: ['named', 2] };
  }
  const expired = expiredSmtpCertificates(facts);
  const inUse = expired.filter((c) => {
    if (pinnedBy(facts, c).length > 0) return true;
    const names = namesOf(c.cert);
    return !facts.extracted.certificates.some(
      (other) => other !== c.cert && other.services.includes('SMTP') && expiryState(other, facts.now) === 'valid' && names.some((n) => coversName(other, n)),
    );
  });
  const peerLines = linesMatching(facts, PEER_EXPIRED);
  const chainExpired = facts.extracted.chainChecks.some((c) => c.problems.includes('expired'));
  const tlsError = /4\.4\.317|4\.7\.0|appropriate TLS channel|STARTTLS|TLS negotiation failed/i.test(facts.text);
  if (inUse.length > 0) {
    const cert = inUse[0]!.cert;
    return {
      kind: 'expired',
      thumbprint: cert.thumbprint,
      ...(namesOf(cert)[0] ? { fqdn: namesOf(cert)[0]! } : {}),
      evidence: [{ source: 'certificate', text: `Thumbprint ${cert.thumbprint} · Subject ${cert.subject ?? ''} · NotAfter ${cert.notAfterText ?? cert.notAfter ?? ''} · Status ${cert.status ?? ''}` }],
      strength: tlsError || peerLines.length > 0 || chainExpired || pinnedBy(facts, inUse[0]!).length > 0 ? ['corroborated', 1] : ['latent', 3],
    };
  }
  if (chainExpired || peerLines.length > 0) {
    const evidence: Evidence[] = [
      ...facts.extracted.chainChecks.filter((c) => c.problems.includes('expired')).map((c) => ({ source: 'log' as const, text: c.line })),
      ...peerLines.slice(0, 2).map((text) => ({ source: 'log' as const, text })),
    ];
    return { kind: 'expired', evidence, strength: ['named', 1] };
  }
  const soon = findBetween(text, E12018_SUBJECT, E12018_THUMBPRINT, 300)[0];
  const afterSubject = soon ? soon.index + E12018_SUBJECT.length + soon.value.length : 0;
  const rest = soon ? E12018_REST.exec(text.slice(afterSubject + E12018_THUMBPRINT.length, afterSubject + 100)) : null;
  if (soon && rest && rest[1]!.length === 40) {
    return {
      kind: 'soon',
      thumbprint: rest[1]!.toUpperCase(),
      hoursRemaining: Number(rest[2]),
      evidence: [{ source: 'event', text: `Event 12018: subject ${soon.value}, thumbprint ${rest[1]}, hours remaining ${rest[2]}` }],
      strength: ['latent', 2],
    };
  }
  const prose = linesMatching(facts, PROSE_EXPIRED);
  if (prose.length > 0) return { kind: 'expired', evidence: [{ source: 'log', text: prose[0]! }], strength: ['latent', 3] };
  return undefined;
}

function pinSteps(facts: Facts, replacement: ClassifiedCertificate, server: string | undefined): RuleStep[] {
  const { thumbprint, issuer, subject } = replacement.cert;
  const sendConnector = hybridSendConnectors(facts)[0]?.name;
  const receive = facts.extracted.receiveConnectors.find((c) => /^Default Frontend /i.test(c.name ?? ''));
  const receiveIdentity = (receive && identityOf(receive)) ?? (server ? defaultFrontendIdentity(server) : undefined);
  const named = !!issuer && !!subject;
  const steps: RuleStep[] = [
    {
      kind: 'fix',
      title: { key: key('step.pinSend'), params: { thumbprint } },
      command: named ? commands.pinSendConnector(sendConnector, issuer, subject) : commands.pinSendConnectorByThumbprint(sendConnector, thumbprint),
    },
  ];
  if (receiveIdentity) {
    steps.push({
      kind: 'fix',
      title: { key: key('step.pinReceive'), params: { thumbprint, connector: receiveIdentity } },
      command: named ? commands.pinReceiveConnector(receiveIdentity, issuer, subject) : commands.pinReceiveConnectorByThumbprint(receiveIdentity, thumbprint),
    });
  }
  return steps;
}

export const rule = defineRule({
  meta: {
    sharedKeys: RUNBOOK_KEYS,
    id: ID,
    title: 'The TLS certificate in use has expired',
    severity: 'error',
    sources: [
      'https://learn.microsoft.com/exchange/mail-flow/mail-routing/inbound-starttls-certificates-selection',
      'https://technet.microsoft.com/en-us/library/ff983405(v=exchg.141)',
      'https://learn.microsoft.com/exchange/hybrid-configuration-wizard-choose-configuration-feature',
    ],
    identifiers: { events: [12016, 12018, 12015], words: ['DateInvalid', 'CERT_TRUST_IS_NOT_TIME_VALID'] },
    keys: [
      'need.certificates',
      'step.enableSmtp',
      'step.hcw',
      'step.importEnable',
      'step.internalCheck',
      'step.internalNew',
      'step.internalVerify',
      'step.pinReceive',
      'step.pinSend',
      'step.renew',
      'step.retry',
      'step.verify',
      'step.whichSelected',
      'summary.internal',
      'summary.replacementInPlace',
      'summary.soon',
      'summary.unnamed',
    ],
  },
  advise: precomputed,
  detect(facts): Detection<Advice> | null {
    const found = signals(facts);
    if (!found) return null;
    const server = serverOf(facts) ?? shortServerName(eventsWithId(facts, 12016, 12018, 12015).find((e) => e.computer)?.computer);
    const steps: RuleStep[] = [];
    const needs: RuleNeed[] = [];
    const org = organisationOf(facts);

    if (found.kind === 'internal') {
      steps.push({ kind: 'check', title: { key: key('step.internalCheck') }, command: commands.internalTransportCertificate(server) });
      steps.push({ kind: 'fix', title: { key: key('step.internalNew') }, command: commands.newInternalTransportCertificate(server) });
    } else {
      const names = [found.fqdn, ...hybridNames(facts)].filter((n): n is string => !!n);
      const expiredCert = facts.extracted.certificates.find((c) => c.thumbprint === found.thumbprint);
      // Only a certificate known to be valid can replace an expired one (the table form has no dates).
      const replacement = replacementFor(facts, names.slice(0, 1), expiredCert ? [expiredCert] : [], { knownValid: true });
      if (found.fqdn) steps.push({ kind: 'check', title: { key: key('step.whichSelected'), params: { fqdn: found.fqdn } }, command: commands.certificatesForDomain(found.fqdn) });
      if (replacement) {
        const { thumbprint, services } = replacement.cert;
        const model = certificateOf(org, thumbprint);
        const several = org.servers.filter((s) => s.role !== 'edge').length > 1;
        if (!replacement.smtp) {
          if (several && model) steps.push(...enableSmtp(org, model).steps);
          else steps.push({ kind: 'fix', title: { key: key('step.enableSmtp'), params: { thumbprint } }, command: commands.enableSmtp(thumbprint, services) });
        }
        // Exchange 2010 has no TlsCertificateName: the builder sets the hybrid secure mail certificate instead.
        if (onlyExchange2010(org)) steps.push(...pinSendConnector(org, targetOf(replacement.cert)).steps);
        else steps.push(...pinSteps(facts, replacement, server), ...edgeSync(org).steps, ...takesEffect(org, 'send').steps);
        if (model) steps.push(...acmeWarning(model).steps);
      } else {
        // Renew from the expired certificate (its names), or request the hybrid name plus its public names; ACME: its client.
        const expiredModel = certificateOf(org, found.thumbprint);
        const request = certificateRequest(org, expiredModel, org.servers.length > 1 ? server : undefined);
        if (request.steps.length === 0 && found.fqdn && !isInternalName(found.fqdn)) {
          steps.push({ kind: 'fix', title: { key: key('step.renew'), params: { fqdn: found.fqdn } }, command: commands.certificateRequest(found.fqdn) });
        } else {
          steps.push(...request.steps);
          needs.push(...request.needs);
        }
        steps.push({ kind: 'fix', title: { key: key('step.importEnable') } });
        if (facts.extracted.certificates.every((c) => !c.notAfterText && !c.notAfter)) {
          needs.push({ what: { key: key('need.certificates') }, command: server ? commands.listCertificatesOnServer(server) : commands.listCertificates() });
        }
      }
      steps.push({ kind: 'fix', title: { key: key('step.hcw') } });
      if (found.fqdn) steps.push({ kind: 'verify', title: { key: key('step.verify'), params: { fqdn: found.fqdn } }, command: commands.certificatesForDomain(found.fqdn) });
      steps.push(...queueFollowUp(org).steps, ...verifyBySendLog(org).steps, ...supportNotes(org).steps);
      found.evidence.push(...organisationEvidence(org, replacement?.cert.thumbprint));
      const inPlace = found.kind === 'expired' && replacementInPlace(facts, replacement);
      if (inPlace) {
        found.strength = ['looks-resolved', 3];
        found.inPlace = true;
      }
      const data = { kind: found.kind, fqdn: found.fqdn ?? null, expiredThumbprint: found.thumbprint ?? null, replacementThumbprint: replacement?.cert.thumbprint ?? null, replacementInPlace: inPlace };
      found.evidence.push(...schannelEvidence(facts, 36881));
      return finding(found, steps, needs, data);
    }
    steps.push({ kind: 'verify', title: { key: key('step.internalVerify') }, command: commands.internalTransportCertificate(server) });
    return finding(found, steps, needs, { kind: found.kind, fqdn: null, expiredThumbprint: null, replacementThumbprint: null });
  },
});

function finding(found: Signals, steps: RuleStep[], needs: RuleNeed[], data: Record<string, unknown>): Detection<Advice> {
  const params = { fqdn: found.fqdn ?? '', thumbprint: found.thumbprint ?? '', hours: found.hoursRemaining ?? '' };
  const variant = found.inPlace
    ? 'summary.replacementInPlace'
    : found.kind === 'soon' ? 'summary.soon' : found.kind === 'internal' ? 'summary.internal' : found.fqdn ? undefined : 'summary.unnamed';
  return graded<Advice>(found.strength, {
    params,
    ...(variant ? { summary: { key: key(variant), params } } : {}),
    evidence: found.evidence,
    steps,
    needs,
    data,
  });
}
