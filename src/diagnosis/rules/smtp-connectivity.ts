// The connection never reached TLS: refused (Winsock 10061, 4.4.316), timed out, no route, or DNS
// could not find the host. Only checks are offered: nothing here is a certificate or connector
// problem. A bare `421 4.4.1 Connection timed out` may still hide a TLS failure (NoCredentials,
// UnknownCredentials…), so without a decisive sign this asks for the verbose send protocol log.
import { commands } from '../commands';
import { defineRule, graded, precomputed, type Advice, type Detection, type Grade } from '../defineRule';
import { hybridSendConnectors } from '../facts';
import type { Facts } from '../rule';
import { linesMatching, tlsTrouble } from '../receiveSide';
import type { Evidence, RuleNeed, RuleStep } from '../types';

const ID = 'smtp-connectivity';
const key = (name: string): string => `finding.${ID}.${name}`;

const REFUSED = /\b4\.4\.316\b|\b10061\b|actively refused|Connection refused/i;
const NO_ROUTE_CODES = /\b4\.4\.315\b|\b1006[05]\b/;
const NO_ROUTE = /WARNING: TCP connect to \(|Could not open connection to the host|did not properly respond after a period of time|TcpTestSucceeded *: *False|No route to host|Network is unreachable/;
const DNS = /\b4\.4\.312\b|DNS query failed|SMTPSEND\.DNS\.|NonExistentDomain|\b5\.4\.4\b|DNS name does not exist|NXDOMAIN/i;
const TIMED_OUT = /\b4\.4\.1 Connection timed out|Connection dropped due to TimedOut|Unable to connect to the remote server|\bunable to connect\b|\b4\.2\.1 Unable to connect|\b4\.4\.1 接続がタイムアウトしました|Unable to connect to remote server|\b4\.4\.397\b/i;
const HOST_IN_TEXT = [
  /LastAttemptedServerName=([A-Za-z0-9.-]+)/,
  /The last endpoint attempted was ([0-9.]+):25\b/,
  /-ComputerName ['"]?([A-Za-z0-9.-]+)/i,
  /ComputerName *: *([A-Za-z0-9.-]+)/,
];
const NEXT_HOP = /NextHopDomain *: *([A-Za-z0-9.-]+)/i;

export const patterns: RegExp[] = [REFUSED, NO_ROUTE_CODES, NO_ROUTE, DNS, TIMED_OUT, ...HOST_IN_TEXT, NEXT_HOP];

type Kind = 'refused' | 'no-route' | 'dns' | 'timed-out';

function kindOf(facts: Facts): { kind: Kind; lines: string[] } | undefined {
  const order: [Kind, RegExp][] = [['dns', DNS], ['refused', REFUSED], ['no-route', NO_ROUTE_CODES], ['no-route', NO_ROUTE], ['timed-out', TIMED_OUT]];
  for (const [kind, pattern] of order) {
    const lines = linesMatching(facts, pattern);
    if (lines.length > 0) return { kind, lines };
  }
  return undefined;
}

function targets(facts: Facts): { host?: string; domain?: string } {
  const queue = facts.extracted.queueErrors.find((q) => q.fqdn || q.ip || q.nextHopDomain);
  const named = HOST_IN_TEXT.map((pattern) => pattern.exec(facts.text)?.[1]).find(Boolean);
  const host = (queue?.fqdn || queue?.ip || named)?.slice(0, 255);
  const domain = (queue?.nextHopDomain || NEXT_HOP.exec(facts.text)?.[1])?.slice(0, 255);
  return { ...(host ? { host } : {}), ...(domain ? { domain } : {}) };
}

export const rule = defineRule({
  meta: {
    id: ID,
    title: 'The SMTP connection never reached TLS (refused, timed out, DNS)',
    severity: 'error',
    sources: [
      'https://learn.microsoft.com/exchange/troubleshoot/email-delivery/ndr/non-delivery-reports-in-exchange-online',
      'https://learn.microsoft.com/exchange/mail-flow/connectors/configure-protocol-logging',
      'https://learn.microsoft.com/powershell/module/nettcpip/test-netconnection',
    ],
    identifiers: { smtpCodes: ['421', '4.4.1', '4.4.316', '4.4.7'], words: ['10061', 'Connection timed out'] },
    keys: [
      'need.protocolLog',
      'need.queue',
      'step.dns',
      'step.mx',
      'step.no-route',
      'step.port',
      'step.refused',
      'step.resolve',
      'step.timed-out',
      'step.verify',
      'summary.dns',
      'summary.dns.noHost',
      'summary.no-route',
      'summary.no-route.noHost',
      'summary.refused',
      'summary.refused.noHost',
      'summary.timed-out',
      'summary.timed-out.noHost',
    ],
  },
  advise: precomputed,
  detect(facts): Detection<Advice> | null {
    const found = kindOf(facts);
    if (!found) return null;
    const trouble = tlsTrouble(facts);
    const decisive = found.kind !== 'timed-out';
    if (!decisive && trouble.length > 0) return null;

    const { host, domain } = targets(facts);
    const connector = hybridSendConnectors(facts)[0]?.name;
    const steps: RuleStep[] = [];
    const needs: RuleNeed[] = [];
    if (domain) steps.push({ kind: 'check', title: { key: key('step.mx'), params: { domain } }, command: commands.resolveMx(domain) });
    if (host) {
      if (found.kind === 'dns') steps.push({ kind: 'check', title: { key: key('step.resolve'), params: { host } }, command: commands.resolveHost(host) });
      steps.push({ kind: 'check', title: { key: key('step.port'), params: { host } }, command: commands.testSmtpPort(host) });
    }
    steps.push({ kind: 'check', title: { key: key(`step.${found.kind}`) } });
    if (!host && !domain) needs.push({ what: { key: key('need.queue') }, command: commands.queueNextHops() });
    if (!decisive) needs.push({ what: { key: key('need.protocolLog') }, command: commands.sendLogStatus(connector) });
    steps.push({ kind: 'verify', title: { key: key('step.verify') }, command: commands.queueNextHops() });

    const verdict: Grade = decisive ? (trouble.length > 0 ? ['latent', 1] : ['named', 3]) : ['latent', 2];
    const evidence: Evidence[] = found.lines.slice(0, 3).map((text) => ({ source: 'queue', text }));
    return graded<Advice>(verdict, {
      params: { host: host ?? domain ?? '' },
      summary: { key: key(`summary.${found.kind}${host || domain ? '' : '.noHost'}`), params: { host: host ?? domain ?? '' } },
      evidence,
      steps,
      needs,
      data: { kind: found.kind, host: host ?? null, domain: domain ?? null, tlsSignsPresent: trouble },
    });
  },
});
