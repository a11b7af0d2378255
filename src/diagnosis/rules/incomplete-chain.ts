// The on-premises server presents its certificate without the intermediate(s). Exchange Online
// does not fetch missing intermediates, so it cannot build a chain to a trusted root:
//   450 4.4.317 Cannot connect to remote server [Message=UntrustedRoot]
// Chain checks (certutil CERT_TRUST_IS_PARTIAL_CHAIN, openssl "unable to get local issuer
// certificate" with a one-certificate chain, a pasted PEM chain without its intermediate) confirm it.
import { classify, coversName, type ClassifiedCertificate } from '../certificates';
import { commands } from '../commands';
import { defineRule, graded, precomputed, type Advice, type Detection, type Grade } from '../defineRule';
import type { Facts } from '../rule';
import { linesMatching } from '../receiveSide';
import type { Evidence, RuleNeed, RuleStep } from '../types';

const ID = 'incomplete-chain';
const key = (name: string): string => `finding.${ID}.${name}`;

const EXO_UNTRUSTED_ROOT = /4\.4\.317 Cannot connect to remote server \[Message=(?:UntrustedRoot|PartialChain)\b/i;
const LAST_ATTEMPTED = /LastAttemptedServerName=([A-Za-z0-9.-]+)/i;
const OPENSSL_INCOMPLETE = /verify error:num=(?:20|21):|Verify return code: (?:20|21) \(|unable to get local issuer certificate|unable to verify the first certificate/i;

export const patterns: RegExp[] = [EXO_UNTRUSTED_ROOT, LAST_ATTEMPTED, OPENSSL_INCOMPLETE];

function exoSignature(facts: Facts): string[] {
  const fromTraces = facts.extracted.messageTraces
    .filter((t) => t.enhanced === '4.4.317' && /^(?:UntrustedRoot|PartialChain)\b/i.test(t.remoteMessage ?? ''))
    .map((t) => (t.detail ?? '').slice(0, 500));
  return [...new Set([...fromTraces, ...linesMatching(facts, EXO_UNTRUSTED_ROOT)])];
}

/** Chain evidence that an intermediate is missing (not that the root is untrusted). */
function partialChainEvidence(facts: Facts): Evidence[] {
  const evidence: Evidence[] = facts.extracted.chainChecks
    .filter((c) => c.problems.includes('partial-chain'))
    .map((c) => ({ source: 'log', text: c.line || c.statuses.join(' ') }));
  for (const session of facts.extracted.opensslSessions) {
    if ((session.verifyCode === 20 || session.verifyCode === 21) && session.chain.length <= 1) {
      evidence.push({ source: 'log', text: `openssl: verify ${session.verifyCode} (${session.verifyText ?? ''}), chain of ${session.chain.length}`.trim() });
    }
  }
  if (facts.extracted.opensslSessions.length === 0) {
    for (const line of linesMatching(facts, OPENSSL_INCOMPLETE).slice(0, 1)) evidence.push({ source: 'log', text: line });
  }
  if (facts.extracted.pemChain?.reason === 'incomplete') evidence.push({ source: 'pem', text: 'PEM chain: intermediate missing' });
  return evidence;
}

/** The public certificate the on-premises server most likely presents. */
function presented(facts: Facts, host: string | undefined): ClassifiedCertificate | undefined {
  const smtp = facts.extracted.certificates.map(classify).filter((c) => c.smtp && c.role === 'other');
  return smtp.find((c) => host && coversName(c.cert, host) && c.trust === 'public') ??
    smtp.find((c) => host && coversName(c.cert, host)) ??
    smtp.find((c) => c.trust === 'public');
}

export const rule = defineRule({
  meta: {
    id: ID,
    title: 'The on-premises server does not send the intermediate certificate(s)',
    severity: 'error',
    sources: [
      'https://learn.microsoft.com/exchange/troubleshoot/email-delivery/ndr/fix-error-code-450-4-4-317-untrusted-root',
      'https://techcommunity.microsoft.com/blog/exchange/tls-certificates-in-exchange-hybrid---common-issues--how-to-fix-them/4420592',
    ],
    identifiers: { smtpCodes: ['450', '4.4.317'], words: ['UntrustedRoot', 'CERT_TRUST_IS_PARTIAL_CHAIN', 'unable to get local issuer certificate'] },
    yieldsTo: ['root-ca-not-trusted'],
    keys: [
      'need.certificates',
      'need.chain',
      'need.host',
      'step.chain',
      'step.import',
      'step.intermediate',
      'step.restart',
      'step.verify',
      'summary.notPublic',
    ],
  },
  advise: precomputed,
  detect(facts): Detection<Advice> | null {
    const signature = exoSignature(facts);
    const partial = partialChainEvidence(facts);
    if (signature.length === 0 && partial.length === 0) return null;
    // A 550 5.7.64 paste is tenant attribution (helper A), whatever the chain says.
    if (signature.length === 0 && /5\.7\.64/.test(facts.text)) return null;

    const host = LAST_ATTEMPTED.exec(facts.text)?.[1]?.slice(0, 255) ?? facts.extracted.opensslSessions[0]?.chain[0]?.subject.match(/CN ?= ?([^,/]+)/)?.[1];
    const cert = presented(facts, host);
    const notPublic = !!cert && (cert.trust === 'self-signed' || cert.trust === 'internal');
    const steps: RuleStep[] = [];
    const needs: RuleNeed[] = [];
    if (cert) {
      const { thumbprint, issuer } = cert.cert;
      steps.push({ kind: 'check', title: { key: key('step.chain'), params: { thumbprint } }, command: commands.chainElements(thumbprint) });
      if (issuer) steps.push({ kind: 'check', title: { key: key('step.intermediate'), params: { issuer } }, command: commands.intermediateInStore(issuer) });
    } else {
      needs.push({ what: { key: key('need.certificates') }, command: commands.listCertificates() });
    }
    steps.push({ kind: 'fix', title: { key: key('step.import') } });
    steps.push({ kind: 'fix', title: { key: key('step.restart') }, command: commands.restartFrontEndTransport() });
    if (host) steps.push({ kind: 'verify', title: { key: key('step.verify'), params: { host } }, command: commands.opensslShowChain(host) });
    else needs.push({ what: { key: key('need.host') }, command: commands.receiveConnectorsTls() });
    if (partial.length === 0 && cert) needs.push({ what: { key: key('need.chain') }, command: commands.testChain(cert.cert.thumbprint) });

    let verdict: Grade = signature.length > 0 && partial.length > 0 ? ['corroborated', 2] : signature.length > 0 ? ['named', 1] : ['named', 1];
    if (notPublic) verdict = ['looks-resolved', 3];
    return graded<Advice>(verdict, {
      params: { host: host ?? '?' },
      ...(notPublic ? { summary: { key: key('summary.notPublic'), params: { thumbprint: cert!.cert.thumbprint } } } : {}),
      evidence: [...signature.slice(0, 2).map((text) => ({ source: 'smtp' as const, text })), ...partial],
      steps,
      needs,
      data: { host: host ?? null, thumbprint: cert?.cert.thumbprint ?? null, issuer: cert?.cert.issuer ?? null, partialChainSeen: partial.length > 0 },
    });
  },
});
