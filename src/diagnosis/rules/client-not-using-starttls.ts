// An application, device or relay (Postfix, a printer, a script) talks to Exchange Online — or
// to Exchange — without STARTTLS, or speaks TLS straight away on a STARTTLS port, so the session
// fails before any certificate matters: `451 5.7.3 STARTTLS is required to send mail`,
// `Must issue a STARTTLS command first`, `454 4.7.0 … appropriate TLS channel: Access Denied`
// without a chain status, OpenSSL `wrong version number`, Go `first record does not look like
// a TLS handshake`.
import { commands } from '../commands';
import { defineRule, graded, precomputed, type Advice, type Detection, type Grade, compareGrades } from '../defineRule';
import { eventsWithId, firstLineMatching, responsesWith } from '../facts';
import type { Facts } from '../rule';
import { hasTlsError } from '../sendSide';
import type { Evidence, MtaLogEntry, RuleNeed, RuleStep } from '../types';

const ID = 'client-not-using-starttls';
const key = (name: string): string => `finding.${ID}.${name}`;
const STARTTLS_REQUIRED = /5\.7\.3 STARTTLS is required to send mail/i;
const EXCHANGE_ONLINE_TO_ON_PREMISES = /4\.4\.317|4\.4\.101|Primary target IP address responded|Proxy session setup failed/i;
const MUST_ISSUE = /Must issue a STARTTLS command first/i;
const QUICK_SIGNS = /STARTTLS|TLS channel|TLS チャネル/i;
const ACCESS_DENIED_NO_CHAIN = /appropriate TLS channel:[ :]{0,4}Access Denied/i;
const EXCHANGE_SENDER = /Message delivery was not successful|Outbound to Office 365|Outbound to Microsoft 365|MSExchangeTransport|SmtpSend/i;
const CLIENT_CONTEXT = /SmtpException|Send-MailMessage|System\.Net\.Mail|PHPMailer|nodemailer|smtplib|JavaMail|printer|scanner|複合機|プリンター|スキャナー|\bMFP\b|swaks|postfix|exim|sendmail|relay|リレー|application|アプリ/i;
const SUBMISSION_HOST = /\bsmtp(?:-legacy)?\.office365\.com\b/i;
const PORT = /(?:port|ポート) ?:? ?(25|465|587)\b|:(25|465|587)\b/i;

export const patterns: RegExp[] = [STARTTLS_REQUIRED, EXCHANGE_ONLINE_TO_ON_PREMISES, MUST_ISSUE, QUICK_SIGNS, ACCESS_DENIED_NO_CHAIN, EXCHANGE_SENDER, CLIENT_CONTEXT, SUBMISSION_HOST, PORT];

type Signal = 'relay-451' | 'relay-must-issue' | 'implicit-tls' | 'access-denied-no-chain' | 'access-denied-exchange' | 'starttls-required' | 'must-issue';

interface Found {
  signal: Signal;
  verdict: Grade;
  evidence: string;
  mta?: MtaLogEntry;
}

const PROTECTION_SUFFIX = '.mail.protection.outlook.com';

/** An Exchange Online endpoint named in the paste: smtp.office365.com or <tenant>.mail.protection.outlook.com. */
function exchangeOnlineHost(text: string): string | undefined {
  const lower = text.toLowerCase();
  const at = lower.indexOf(PROTECTION_SUFFIX);
  if (at > 0) {
    let start = at;
    while (start > 0 && start > at - 63 && /[a-z0-9-]/.test(lower[start - 1]!)) start--;
    if (start < at) return lower.slice(start, at + PROTECTION_SUFFIX.length);
  }
  return SUBMISSION_HOST.exec(text)?.[0]?.toLowerCase();
}

function exchangeIsSender(facts: Facts): boolean {
  return EXCHANGE_SENDER.test(facts.text) || facts.extracted.sendConnectors.length > 0 || facts.extracted.protocolLog.length > 0;
}

function tlsDropExplainsIt(facts: Facts): boolean {
  return hasTlsError(facts, 'SocketError') || /421 4\.4\.2/.test(facts.text);
}

function relaySignals(facts: Facts): Found[] {
  const found: Found[] = [];
  const tlsUsed = new Set(facts.extracted.mtaLog.filter((e) => /-tls$/.test(e.tlsEvent ?? '')).map((e) => e.host));
  for (const entry of facts.extracted.mtaLog) {
    if (entry.enhanced === '5.7.3' && STARTTLS_REQUIRED.test(`5.7.3 ${entry.responseText ?? ''}`) && !tlsUsed.has(entry.host)) {
      found.push({ signal: 'relay-451', verdict: ['corroborated', 1], evidence: entry.line, mta: entry });
    }
    if (entry.tlsEvent === 'must-issue-starttls') found.push({ signal: 'relay-must-issue', verdict: ['named', 2], evidence: entry.line, mta: entry });
  }
  return found;
}

function otherSignals(facts: Facts): Found[] {
  const found: Found[] = [];
  const clientContext = CLIENT_CONTEXT.test(facts.text);
  for (const session of facts.extracted.opensslSessions) {
    if (session.errors.some((e) => e === 'wrong-version-number' || e === 'not-tls-handshake')) {
      found.push({ signal: 'implicit-tls', verdict: ['named', 2], evidence: session.line });
    }
  }
  const accessDenied = responsesWith(facts, 454, '4.7.0').filter((r) => !r.chainStatus && ACCESS_DENIED_NO_CHAIN.test(`${r.text} ${r.line}`));
  if (accessDenied.length > 0 && !/UntrustedRoot|PartialChain|権限のないルート/i.test(facts.text)) {
    // From an Exchange hybrid send connector (which always requires TLS) a missing STARTTLS is unlikely.
    const fromExchange = exchangeIsSender(facts);
    found.push({ signal: fromExchange ? 'access-denied-exchange' : 'access-denied-no-chain', verdict: fromExchange ? ['latent', 1] : ['latent', 3], evidence: accessDenied[0]!.line });
  }
  const required = firstLineMatching(facts, STARTTLS_REQUIRED);
  if (required && !EXCHANGE_ONLINE_TO_ON_PREMISES.test(facts.text) && eventsWithId(facts, 12014).length === 0) {
    found.push({ signal: 'starttls-required', verdict: clientContext ? ['named', 1] : ['latent', 2], evidence: required });
  }
  const mustIssue = firstLineMatching(facts, MUST_ISSUE);
  // From Exchange's own queue or send log the sender is Exchange, which issues STARTTLS when offered.
  const exchangeContext = exchangeIsSender(facts) || EXCHANGE_ONLINE_TO_ON_PREMISES.test(facts.text);
  if (mustIssue && !tlsDropExplainsIt(facts) && !exchangeContext) found.push({ signal: 'must-issue', verdict: clientContext ? ['named', 1] : ['latent', 1], evidence: mustIssue });
  return found;
}

function stepsFor(best: Found, postfix: boolean, host: string | undefined, port: number): RuleStep[] {
  const steps: RuleStep[] = [];
  if (postfix) {
    steps.push({ kind: 'check', title: { key: key('step.postfixSettings') }, command: commands.postfixTlsSettings() });
    steps.push({ kind: 'fix', title: { key: key('step.postfixMay') }, command: commands.postfixOpportunisticTls() });
  }
  if (best.signal === 'implicit-tls' || port === 465) steps.push({ kind: 'fix', title: { key: key('step.noImplicitTls') } });
  if (!postfix && best.signal !== 'access-denied-exchange') steps.push({ kind: 'fix', title: { key: key('step.enableStarttls') } });
  steps.push({
    kind: 'verify',
    title: { key: key('step.verify'), params: { host: host ?? 'smtp.office365.com', port } },
    command: commands.opensslStarttls(host ?? 'smtp.office365.com', port),
  });
  return steps;
}

function needsFor(best: Found, postfix: boolean): RuleNeed[] {
  if (compareGrades(best.verdict, ['latent', 3]) > 0) return [];
  if (best.signal === 'access-denied-exchange') {
    return [
      { what: { key: key('need.sendLog') }, command: commands.sendLogCertificateRows() },
      { what: { key: key('need.inbound') }, command: commands.inboundConnectors() },
    ];
  }
  return [
    { what: { key: key('need.clientLog') }, command: commands.postfixTlsLogLines() },
    ...(postfix ? [] : [{ what: { key: key('need.test') }, command: commands.opensslStarttls('smtp.office365.com', 587) }]),
  ];
}

export const rule = defineRule({
  meta: {
    id: ID,
    title: 'The sending application, device or relay does not use STARTTLS',
    severity: 'error',
    sources: [
      'https://learn.microsoft.com/exchange/mail-flow-best-practices/how-to-set-up-a-multifunction-device-or-application-to-send-email-using-microsoft-365-or-office-365',
      'https://www.postfix.org/postconf.5.html#smtp_tls_security_level',
    ],
    identifiers: { smtpCodes: ['451', '5.7.3', '454', '4.7.0', '530', '5.7.0'], words: ['STARTTLS is required to send mail', 'Must issue a STARTTLS command first', 'wrong version number'] },
    keys: [
      'need.clientLog',
      'need.inbound',
      'need.sendLog',
      'need.test',
      'step.enableStarttls',
      'step.noImplicitTls',
      'step.postfixMay',
      'step.postfixSettings',
      'step.verify',
      'summary.access-denied-exchange',
      'summary.access-denied-no-chain',
      'summary.implicit-tls',
      'summary.must-issue',
      'summary.relay-451',
      'summary.relay-must-issue',
      'summary.starttls-required',
    ],
  },
  advise: precomputed,
  detect(facts): Detection<Advice> | null {
    const x = facts.extracted;
    if (!QUICK_SIGNS.test(facts.text) && x.opensslSessions.length === 0 && x.mtaLog.length === 0) return null;
    const found = [...relaySignals(facts), ...otherSignals(facts)].sort((a, b) => compareGrades(b.verdict, a.verdict));
    const best = found[0];
    if (!best) return null;
    const postfix = facts.extracted.mtaLog.some((e) => e.mta === 'postfix') || /postfix/i.test(facts.text);
    const mtaHost = best.mta?.host && best.mta.host !== 'unknown' ? best.mta.host : undefined;
    const host = mtaHost ?? exchangeOnlineHost(facts.text);
    const portMatch = PORT.exec(facts.text);
    const port = Number(portMatch?.[1] ?? portMatch?.[2] ?? (host && /mail\.protection\.outlook\.com$/i.test(host) ? 25 : 587));
    const evidence: Evidence[] = [];
    for (const f of found) {
      if (evidence.length < 3 && !evidence.some((e) => e.text === f.evidence)) evidence.push({ source: f.mta || f.signal === 'implicit-tls' ? 'log' : 'smtp', text: f.evidence });
    }
    return graded<Advice>(best.verdict, {
      params: { host: host ?? '-', port },
      summary: { key: key(`summary.${best.signal}`), params: { host: host ?? '-', port } },
      evidence,
      steps: stepsFor(best, postfix, host, port),
      needs: needsFor(best, postfix),
      data: { signal: best.signal, host: host ?? null, port, mta: best.mta?.mta ?? (postfix ? 'postfix' : null) },
    });
  },
});
