// A chain ends at a root the validating side does not trust: the root is missing or in the wrong
// store, Windows root auto-update is off (Exchange Online's move to DigiCert Global Root G2), or
// the chain is built through an expired cross-signed root (`Status : DateInvalid` while the
// certificate's own NotAfter is in the future). RootCAType Registry on a public certificate may
// also matter (a 2016 community case, E19: not confirmed by Microsoft, so only "may").
import { classify, expiryState, type ClassifiedCertificate } from '../certificates';
import { commands } from '../commands';
import { defineRule, graded, precomputed, type Advice, type Detection, type Grade } from '../defineRule';
import { eventsWithId } from '../facts';
import type { Facts } from '../rule';
import { linesMatching, schannelEvidence } from '../receiveSide';
import type { Evidence, RuleStep } from '../types';

const ID = 'root-ca-not-trusted';
const key = (name: string): string => `finding.${ID}.${name}`;

const EXO_DEFERRAL = /4\.4\.317|Status\s*:\s*Pending/i;
const UNTRUSTED_ROOT_TEXT = /UntrustedRoot|CERT_TRUST_IS_UNTRUSTED_ROOT|0x800b0109/i;
const AUTO_UPDATE_OFF = /DisableRootAutoUpdate(?: *: *| +)1\b/i;
const DIGICERT_G2 = /DigiCert Global Root G2|DF3C24F9BFD666761B268073FE06D1CC8D4F82A4/i;
// Exchange Online's connector validation when the TLS handshake fails on certificate trust.
const VALIDATION_FAILURE = /4\.7\.5 Certificate Validation Failure/i;
const TRUSTED_ROOT_PROSE = /trusted root|not trusted|untrusted|root store|root certificate/i;
// What applications print when they do not trust the server's certificate (MailKit, .NET, Java, Python, PHP/OpenSSL).
const CLIENT_DISTRUST = /is not trusted by the system|remote certificate is invalid according to the validation procedure|Could not establish trust relationship for the SSL\/TLS secure channel|PKIX path building failed|unable to find valid certification path|CERTIFICATE_VERIFY_FAILED|certificate verify failed|リモート証明書は無効です|信頼関係を確立できませんでした/i;
const SELF_SIGNED_WORDS = /self[- ]signed|自己署名/i;

export const patterns: RegExp[] = [EXO_DEFERRAL, UNTRUSTED_ROOT_TEXT, AUTO_UPDATE_OFF, DIGICERT_G2, VALIDATION_FAILURE, TRUSTED_ROOT_PROSE, CLIENT_DISTRUST, SELF_SIGNED_WORDS];

type Cause = 'expired-root' | 'untrusted-root' | 'registry-store' | 'auto-update' | 'validation-failure' | 'client-trust';

interface Signal {
  cause: Cause;
  cert?: ClassifiedCertificate;
  evidence: Evidence[];
  strength: Grade;
}

function certificateEvidence(c: ClassifiedCertificate): Evidence {
  const { thumbprint, subject, issuer, rootCAType, status, notAfterText, notAfter } = c.cert;
  return {
    source: 'certificate',
    text: `Thumbprint ${thumbprint} · Subject ${subject ?? ''} · Issuer ${issuer ?? ''} · RootCAType ${rootCAType ?? ''} · Status ${status ?? ''} · NotAfter ${notAfterText ?? notAfter ?? ''}`,
  };
}

/** Public (CA-issued, not self-signed) certificates Exchange could use for TLS. */
function caIssued(facts: Facts): ClassifiedCertificate[] {
  return facts.extracted.certificates
    .map(classify)
    .filter((c) => c.role === 'other' && c.trust !== 'self-signed' && c.cert.isSelfSigned !== true);
}

/** Judged by the issuer alone: Status Untrusted makes the classifier call any CA "internal". */
function issuedByPublicCa(c: ClassifiedCertificate): boolean {
  return classify({ ...c.cert, status: undefined, rootCAType: undefined }).trust === 'public';
}

function detect(facts: Facts): Signal | undefined {
  const certs = caIssued(facts);
  const exoTrouble = EXO_DEFERRAL.test(facts.text);

  const dateInvalidButValid = certs.find((c) => /^DateInvalid$/i.test(c.cert.status ?? '') && expiryState(c.cert, facts.now) === 'valid');
  if (dateInvalidButValid) return { cause: 'expired-root', cert: dateInvalidButValid, evidence: [certificateEvidence(dateInvalidButValid)], strength: ['named', 2] };

  const chainUntrusted = facts.extracted.chainChecks.filter((c) => c.problems.includes('untrusted-root'));
  const revoked = facts.extracted.chainChecks.some((c) => c.problems.includes('revoked'));
  if (chainUntrusted.length > 0 && !/5\.7\.64/.test(facts.text)) {
    const untrustedCert = certs.find((c) => /^Untrusted$/i.test(c.cert.status ?? ''));
    return {
      cause: 'untrusted-root',
      ...(untrustedCert ? { cert: untrustedCert } : {}),
      evidence: chainUntrusted.map((c) => ({ source: 'log' as const, text: c.line || c.statuses.join(' ') })),
      // A revoked certificate is the bigger problem; the STARTTLS rule explains that case.
      strength: revoked ? ['latent', 2] : untrustedCert ? ['corroborated', 1] : ['named', 1],
    };
  }

  const untrusted = certs.find((c) => /^Untrusted$/i.test(c.cert.status ?? '') && issuedByPublicCa(c));
  if (untrusted) return { cause: 'untrusted-root', cert: untrusted, evidence: [certificateEvidence(untrusted)], strength: ['named', 1] };

  const smartHostEvent = eventsWithId(facts, 11005).find((e) => UNTRUSTED_ROOT_TEXT.test(e.description));
  if (smartHostEvent) {
    return { cause: 'untrusted-root', evidence: [{ source: 'event', text: `Event 11005: ${smartHostEvent.description.slice(0, 400)}` }], strength: ['named', 1] };
  }

  if (AUTO_UPDATE_OFF.test(facts.text)) {
    return { cause: 'auto-update', evidence: linesMatching(facts, AUTO_UPDATE_OFF).slice(0, 1).map((text) => ({ source: 'log' as const, text })), strength: exoTrouble ? ['named', 1] : ['latent', 3] };
  }

  const validation = linesMatching(facts, VALIDATION_FAILURE);
  if (validation.length > 0) {
    return {
      cause: 'validation-failure',
      evidence: validation.slice(0, 1).map((text) => ({ source: 'smtp' as const, text })),
      strength: TRUSTED_ROOT_PROSE.test(facts.text) ? ['latent', 3] : ['latent', 2],
    };
  }

  const distrust = linesMatching(facts, CLIENT_DISTRUST);
  if (distrust.length > 0) {
    return {
      cause: 'client-trust',
      evidence: distrust.slice(0, 2).map((text) => ({ source: 'log' as const, text })),
      // A self-signed Exchange certificate is better answered by "get a public certificate".
      strength: SELF_SIGNED_WORDS.test(facts.text) ? ['latent', 1] : ['latent', 2],
    };
  }

  const registry = certs.find((c) => c.trust === 'public' && c.smtp && /^Registry$/i.test(c.cert.rootCAType ?? ''));
  if (registry) return { cause: 'registry-store', cert: registry, evidence: [certificateEvidence(registry)], strength: exoTrouble ? ['latent', 3] : ['latent', 1] };
  return undefined;
}

function stepsFor(signal: Signal): RuleStep[] {
  const steps: RuleStep[] = [];
  const thumbprint = signal.cert?.cert.thumbprint;
  if (thumbprint) steps.push({ kind: 'check', title: { key: key('step.chain'), params: { thumbprint } }, command: commands.chainElements(thumbprint) });
  if (signal.cause === 'expired-root') {
    steps.push({ kind: 'check', title: { key: key('step.expiredInStores') }, command: commands.expiredCaCertificates() });
    steps.push({ kind: 'fix', title: { key: key('step.replaceCrossSigned') } });
  }
  if (signal.cause === 'registry-store') {
    steps.push({ kind: 'fix', title: { key: key('step.thirdPartyStore') } });
  }
  if (signal.cause === 'untrusted-root' || signal.cause === 'validation-failure') steps.push({ kind: 'fix', title: { key: key('step.installRoot') } });
  if (signal.cause === 'client-trust') {
    steps.push({ kind: 'check', title: { key: key('step.whichPresented') }, command: commands.receiveConnectorsTls() });
    steps.push({ kind: 'fix', title: { key: key('step.clientTrust') } });
  }
  steps.push({ kind: 'check', title: { key: key('step.digicertG2') }, command: commands.digiCertGlobalRootG2() });
  steps.push({ kind: 'check', title: { key: key('step.autoUpdate') }, command: commands.rootAutoUpdatePolicy() });
  if (thumbprint) steps.push({ kind: 'verify', title: { key: key('step.verify'), params: { thumbprint } }, command: commands.testChain(thumbprint) });
  return steps;
}

export const rule = defineRule({
  meta: {
    id: ID,
    title: 'The certificate chain ends at a root that is not trusted',
    severity: 'error',
    sources: [
      'https://techcommunity.microsoft.com/blog/exchange/trust-digicert-global-root-g2-certificate-authority-to-avoid-exchange-online-ema/4488311',
      'https://learn.microsoft.com/powershell/module/exchangepowershell/get-exchangecertificate',
      'https://microsoft.github.io/CSS-Exchange/Diagnostics/HealthChecker/TrustedRootCertificatesCheck/',
    ],
    identifiers: { events: [11005], smtpCodes: ['450', '4.4.317'], words: ['UntrustedRoot', 'CERT_TRUST_IS_UNTRUSTED_ROOT', '0x800b0109', 'DateInvalid'] },
    keys: [
      'need.certificates',
      'step.autoUpdate',
      'step.chain',
      'step.clientTrust',
      'step.digicertG2',
      'step.expiredInStores',
      'step.installRoot',
      'step.replaceCrossSigned',
      'step.thirdPartyStore',
      'step.verify',
      'step.whichPresented',
      'summary.auto-update',
      'summary.client-trust',
      'summary.expired-root',
      'summary.registry-store',
      'summary.untrusted-root',
      'summary.validation-failure',
    ],
  },
  advise: precomputed,
  detect(facts): Detection<Advice> | null {
    const signal = detect(facts);
    if (!signal) return null;
    const needs = signal.cert || facts.extracted.certificates.length > 0
      ? []
      : [{ what: { key: key('need.certificates') }, command: commands.listCertificates() }];
    const g2Mentioned = DIGICERT_G2.test(facts.text);
    return graded<Advice>(signal.strength, {
      params: { thumbprint: signal.cert?.cert.thumbprint ?? '' },
      summary: { key: key(`summary.${signal.cause}`), params: { thumbprint: signal.cert?.cert.thumbprint ?? '', notAfter: signal.cert?.cert.notAfterText ?? '' } },
      evidence: [...signal.evidence, ...schannelEvidence(facts, 36882), ...(g2Mentioned ? linesMatching(facts, DIGICERT_G2).slice(0, 1).map((text) => ({ source: 'log' as const, text })) : [])],
      steps: stepsFor(signal),
      needs,
      data: { cause: signal.cause, thumbprint: signal.cert?.cert.thumbprint ?? null },
    });
  },
});
