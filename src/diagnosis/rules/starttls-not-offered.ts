// Exchange Online requires TLS for hybrid mail to on-premises, and the on-premises receive
// connector answering on port 25 does not advertise STARTTLS: Tls is missing from its
// AuthMechanism, another connector answers, or the certificate chain is broken (revoked,
// untrusted root) so Exchange withholds STARTTLS. Exchange Online then defers with
// `450 4.4.317 Cannot connect to remote server [Message=451 5.7.3 STARTTLS is required to send mail]`.
import { classify, coversName } from '../certificates';
import { commands } from '../commands';
import { defineRule, graded, precomputed, type Advice, type Detection, type Grade } from '../defineRule';
import type { Facts } from '../rule';
import { certificateMatchesTlsName, splitTlsCertificateName } from '../tlsCertificateName';
import {
  identityOf,
  isFrontendInternetConnector,
  linesMatching,
  missingCertificateEvents,
  schannelEvidence,
  serverOf,
} from '../receiveSide';
import type { Evidence, ReceiveConnector, RuleNeed, RuleStep } from '../types';

const ID = 'starttls-not-offered';
const key = (name: string): string => `finding.${ID}.${name}`;

const EXO_DEFERRAL = /4\.4\.317 Cannot connect to remote server \[Message=451 5\.7\.3 STARTTLS is required/i;
// The on-premises proxy wording: both parts on one line.
const PROXY_SETUP_FAILED = /4\.4\.101 Proxy session setup failed on Frontend/i;
const STARTTLS_REQUIRED = /STARTTLS is required/i;
const LAST_ATTEMPTED = /LastAttemptedServerName=([A-Za-z0-9.-]+)/i;
const EXCHANGE_EHLO = /Microsoft ESMTP MAIL Service|X-ANONYMOUSTLS|X-EXPS/i;

export const patterns: RegExp[] = [EXO_DEFERRAL, PROXY_SETUP_FAILED, STARTTLS_REQUIRED, LAST_ATTEMPTED, EXCHANGE_EHLO];

const CHAIN_PROBLEMS = ['revoked', 'untrusted-root', 'revocation-unknown', 'partial-chain'];

function deferralLines(facts: Facts): string[] {
  const fromTraces = facts.extracted.messageTraces
    .filter((t) => t.enhanced === '4.4.317' && /STARTTLS is required/i.test(t.remoteMessage ?? ''))
    .map((t) => (t.detail ?? '').slice(0, 500));
  const proxied = linesMatching(facts, PROXY_SETUP_FAILED).filter((line) => STARTTLS_REQUIRED.test(line));
  return [...new Set([...fromTraces, ...linesMatching(facts, EXO_DEFERRAL), ...proxied])];
}

/** An EHLO answer from on-premises Exchange that lacks STARTTLS. */
function ehloWithoutStarttls(facts: Facts): string | undefined {
  const ehlo = facts.extracted.ehlo.find((e) => !e.startTls && !e.afterStartTls);
  if (!ehlo) return undefined;
  const exchange = ehlo.extensions.some((x) => /^X-ANONYMOUSTLS$|^X-EXPS$/i.test(x)) || EXCHANGE_EHLO.test(facts.text);
  return exchange ? ehlo.line : undefined;
}

/** A Postfix/Exim relay that requires TLS and was not offered STARTTLS by the (on-premises) host. */
function mtaRequiredNotOffered(facts: Facts): { line: string; host?: string } | undefined {
  const entry = facts.extracted.mtaLog.find((e) => e.tlsEvent === 'tls-required-not-offered');
  return entry ? { line: entry.line, ...(entry.host ? { host: entry.host } : {}) } : undefined;
}

function connectorsWithoutTls(facts: Facts): ReceiveConnector[] {
  return facts.extracted.receiveConnectors.filter(
    (c) => isFrontendInternetConnector(c) && c.authMechanism.length > 0 && !c.authMechanism.some((m) => /^Tls$/i.test(m)),
  );
}

/** The 12014 rules explain a missing STARTTLS better when their evidence is here. */
function explainedByMissingCertificate(facts: Facts): boolean {
  if (missingCertificateEvents(facts).length > 0) return true;
  const certs = facts.extracted.certificates;
  if (!certs.some((c) => c.issuer && c.subject)) return false;
  return facts.extracted.receiveConnectors.some((c) => {
    const name = splitTlsCertificateName(c.tlsCertificateName);
    return !!name && !certs.some((cert) => certificateMatchesTlsName(cert, name));
  });
}

export const rule = defineRule({
  meta: {
    id: ID,
    title: 'The on-premises receive connector does not offer STARTTLS to Exchange Online',
    severity: 'error',
    sources: [
      'https://learn.microsoft.com/exchange/mail-flow/mail-routing/inbound-starttls-certificates-selection',
      'https://learn.microsoft.com/powershell/module/exchangepowershell/set-receiveconnector',
      'https://techcommunity.microsoft.com/blog/exchange/tls-certificates-in-exchange-hybrid---common-issues--how-to-fix-them/4420592',
    ],
    identifiers: { smtpCodes: ['450', '4.4.317', '451', '5.7.3'], words: ['STARTTLS is required to send mail'] },
    keys: [
      'need.certificates',
      'need.connectors',
      'need.events',
      'step.addTls',
      'step.connectors',
      'step.fixChain',
      'step.testChain',
      'step.verifyEhlo',
      'step.verifyEhloGeneric',
      'step.verifyTrace',
      'step.whichAnswers',
      'summary.auth-mechanism',
      'summary.chain',
      'summary.connectorFine',
      'summary.unknown',
    ],
  },
  advise: precomputed,
  detect(facts): Detection<Advice> | null {
    const deferrals = deferralLines(facts);
    const ehloLine = ehloWithoutStarttls(facts);
    const relay = mtaRequiredNotOffered(facts);
    const signalled = deferrals.length > 0 || !!ehloLine || !!relay;
    // A custom port-25 connector without Tls is usually an internal relay limited to its own
    // RemoteIPRanges: it counts only when Exchange Online is seen failing to get STARTTLS.
    const withoutTls = connectorsWithoutTls(facts).filter((c) => signalled || /^Default Frontend /i.test(c.name ?? ''));
    const defaultFrontendWithoutTls = withoutTls.some((c) => /^Default Frontend /i.test(c.name ?? ''));
    if (!signalled && withoutTls.length === 0) return null;

    const chainChecks = facts.extracted.chainChecks.filter((c) => c.problems.some((p) => CHAIN_PROBLEMS.includes(p)));
    const server = withoutTls[0]?.server ?? serverOf(facts);
    const host = LAST_ATTEMPTED.exec(facts.text)?.[1]?.slice(0, 255) ?? facts.extracted.ehlo[0]?.host ?? relay?.host;
    const cause = withoutTls.length > 0 ? 'auth-mechanism' : chainChecks.length > 0 ? 'chain' : 'unknown';

    const steps: RuleStep[] = [];
    const needs: RuleNeed[] = [];
    steps.push({ kind: 'check', title: { key: key('step.connectors') }, command: commands.receiveConnectorsTls(server) });
    for (const connector of withoutTls) {
      const identity = identityOf(connector);
      if (identity) {
        steps.push({ kind: 'fix', title: { key: key('step.addTls'), params: { connector: identity } }, command: commands.addTlsAuthMechanism(identity, connector.authMechanism) });
      }
    }
    if (withoutTls.some((c) => !/^Default Frontend /i.test(c.name ?? ''))) {
      steps.push({ kind: 'check', title: { key: key('step.whichAnswers') } });
    }
    if (cause === 'chain') {
      const cert = facts.extracted.certificates
        .map(classify)
        .find((c) => c.smtp && c.trust !== 'self-signed' && c.role === 'other' && (!host || coversName(c.cert, host)));
      if (cert) steps.push({ kind: 'check', title: { key: key('step.testChain'), params: { thumbprint: cert.cert.thumbprint } }, command: commands.testChain(cert.cert.thumbprint) });
      steps.push({ kind: 'fix', title: { key: key('step.fixChain') } });
    }
    if (cause === 'unknown') {
      needs.push({ what: { key: key('need.connectors') }, command: commands.receiveConnectorsTls(server) });
      needs.push({ what: { key: key('need.events') }, command: commands.transportEventsById([12014, 12016]) });
      if (facts.extracted.certificates.length === 0) needs.push({ what: { key: key('need.certificates') }, command: commands.listCertificates() });
    }
    steps.push(
      host
        ? { kind: 'verify', title: { key: key('step.verifyEhlo'), params: { host } }, command: commands.opensslStarttls(host) }
        : { kind: 'verify', title: { key: key('step.verifyEhloGeneric') } },
    );
    steps.push({ kind: 'verify', title: { key: key('step.verifyTrace') }, command: commands.messageTraceDetail() });

    const explained = explainedByMissingCertificate(facts);
    // The connector Exchange Online reaches is pasted and offers Tls, and nothing else is wrong in
    // the paste: the cause is elsewhere or already fixed (a verification pastes it again).
    const frontendFine = cause === 'unknown' && facts.extracted.receiveConnectors.some(
      (c) => /^Default Frontend /i.test(c.name ?? '') && c.authMechanism.some((m) => /^Tls$/i.test(m)),
    );
    let verdict: Grade;
    if (explained) verdict = ['latent', 1];
    else if (frontendFine) verdict = ['looks-resolved', 3];
    else if (deferrals.length > 0 && withoutTls.length > 0) verdict = defaultFrontendWithoutTls ? ['corroborated', 2] : ['named', 1];
    else if (deferrals.length > 0 && chainChecks.length > 0) verdict = ['named', 3];
    else if (deferrals.length > 0) verdict = ehloLine ? ['named', 1] : ['latent', 3];
    else if (ehloLine) verdict = withoutTls.length > 0 ? ['corroborated', 1] : ['latent', 3];
    // The relay's log does not show that the host is Exchange: likely, to be confirmed.
    else if (relay) verdict = withoutTls.length > 0 ? ['named', 2] : ['latent', 2];
    else verdict = ['latent', 2];

    const evidence: Evidence[] = [
      ...deferrals.slice(0, 2).map((text) => ({ source: 'smtp' as const, text })),
      ...(ehloLine ? [{ source: 'log' as const, text: ehloLine.slice(0, 500) }] : []),
      ...(relay ? [{ source: 'log' as const, text: relay.line.slice(0, 500) }] : []),
      ...withoutTls.map((c) => ({ source: 'connector' as const, text: `${identityOf(c) ?? c.name ?? ''} AuthMechanism ${c.authMechanism.join(', ')}` })),
      ...chainChecks.slice(0, 1).map((c) => ({ source: 'log' as const, text: c.line || c.statuses.join(' ') })),
      ...(cause === 'chain' ? schannelEvidence(facts, 36882, 36883) : []),
    ];
    return graded<Advice>(verdict, {
      params: { host: host ?? '' },
      summary: { key: key(`summary.${frontendFine && !explained ? 'connectorFine' : cause}`), params: { host: host ?? '', connector: withoutTls.map((c) => identityOf(c) ?? c.name ?? '').join(', ') } },
      evidence,
      steps,
      needs,
      data: { cause, connectors: withoutTls.map((c) => identityOf(c) ?? c.name ?? null), host: host ?? null },
    });
  },
});
