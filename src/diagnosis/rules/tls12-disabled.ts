// TLS 1.2 is off on the Windows server (SCHANNEL, or .NET not using the system default), so
// Exchange Online — which refuses TLS 1.0/1.1 — drops the session: `421 4.4.2 Connection dropped
// due to SocketError` in the queue / NDR, `TLS negotiation failed with error SocketError` in the
// send log. Registry output pasted beside it decides.
import { commands } from '../commands';
import { defineRule, graded, precomputed, type Advice, type Detection, type Grade } from '../defineRule';
import { firstLineMatching, responsesWith } from '../facts';
import type { Facts } from '../rule';
import { eventComputer, hasTlsError, protocolSessions } from '../sendSide';
import type { Evidence, RuleNeed, RuleStep } from '../types';

const ID = 'tls12-disabled';
const key = (name: string): string => `finding.${ID}.${name}`;
const SOCKET_DROP = /Connection dropped due to Socket ?Error|SocketError が原因で接続が切断/i;
const SOCKET_ERROR_LINE = /Socket ?Error/i;
const TLS12_KEY = /TLS 1\.2\\(Client|Server)\b/i;
const MUST_ISSUE = /Must issue a STARTTLS command first/i;
const QUICK_SIGNS = /Socket ?Error|TLS 1\.2|Must issue a STARTTLS/i;
const EXCHANGE_SENDING = /Primary target IP address responded|Outbound to Office 365|Outbound to Microsoft 365|\{LED=|LastError/i;
const REGISTRY_VALUE = /^\s*(Enabled|DisabledByDefault)\s*(?::|REG_DWORD)\s*(0x[0-9a-f]+|\d+)\b/i;

export const patterns: RegExp[] = [SOCKET_DROP, SOCKET_ERROR_LINE, TLS12_KEY, MUST_ISSUE, QUICK_SIGNS, EXCHANGE_SENDING, REGISTRY_VALUE];

type Side = 'Client' | 'Server';
type SideState = 'disabled' | 'enabled' | 'unknown';

/** Reads `Get-ItemProperty … | fl` or `reg query` output for the TLS 1.2 Client/Server keys. */
function tls12Registry(text: string): Record<Side, SideState> {
  const state: Record<Side, SideState> = { Client: 'unknown', Server: 'unknown' };
  const values: Record<Side, { enabled?: number; disabledByDefault?: number }> = { Client: {}, Server: {} };
  let current: Side | undefined;
  for (const line of text.split('\n')) {
    const keyMatch = TLS12_KEY.exec(line);
    if (keyMatch) {
      current = (keyMatch[1]!.charAt(0).toUpperCase() + keyMatch[1]!.slice(1).toLowerCase()) as Side;
      continue;
    }
    if (/HKEY_|HKLM:|Registry::/i.test(line)) current = undefined;
    const value = current ? REGISTRY_VALUE.exec(line) : null;
    if (!current || !value) continue;
    const number = Number(value[2]);
    if (/^Enabled$/i.test(value[1]!)) values[current].enabled = number;
    else values[current].disabledByDefault = number;
  }
  for (const side of ['Client', 'Server'] as Side[]) {
    const v = values[side];
    if (v.enabled === 0 || v.disabledByDefault === 1) state[side] = 'disabled';
    else if (v.enabled !== undefined || v.disabledByDefault !== undefined) state[side] = 'enabled';
  }
  return state;
}

function gradeOf(registryOff: boolean, socketDrop: boolean, tlsSocketError: boolean, mustIssue: boolean): Grade {
  if (registryOff && (socketDrop || tlsSocketError || mustIssue)) return ['corroborated', 3];
  if (tlsSocketError) return ['named', 1];
  if (socketDrop) return ['latent', 3];
  // "Must issue a STARTTLS command first" from Exchange itself: TLS did not start; TLS 1.2 is one
  // cause, a certificate problem or Exchange Online withholding STARTTLS are others.
  if (mustIssue) return ['latent', 2];
  return ['latent', 2];
}

/** Exchange Online answered EHLO without STARTTLS: it withheld TLS, so the TLS version is not the question. */
function exchangeOnlineWithheldStarttls(facts: Facts): boolean {
  return facts.extracted.ehlo.some((e) => !e.startTls && !e.afterStartTls && /\.outlook\.com$/i.test(e.host ?? ''));
}

export const rule = defineRule({
  meta: {
    id: ID,
    title: 'TLS 1.2 is not enabled on the Windows server',
    severity: 'error',
    sources: [
      'https://learn.microsoft.com/exchange/troubleshoot/email-delivery/send-receive-emails-socketerror',
      'https://techcommunity.microsoft.com/blog/exchange/understanding-email-scenarios-if-tls-versions-cannot-be-agreed-on-with-exchange-/2065089',
    ],
    identifiers: { smtpCodes: ['421', '4.4.2'], words: ['SocketError'] },
    keys: [
      'need.registry',
      'need.sendLog',
      'step.check',
      'step.enable',
      'step.restart',
      'step.restartThis',
      'step.retry',
      'step.verify',
      'summary.errorOnly',
      'summary.mustIssue',
      'summary.registryOff',
      'summary.registryOn',
    ],
  },
  advise: precomputed,
  detect(facts): Detection<Advice> | null {
    if (!QUICK_SIGNS.test(facts.text)) return null;
    const socketDrop = responsesWith(facts, 421, '4.4.2').some((r) => /SocketError/i.test(r.text)) || SOCKET_DROP.test(facts.text);
    const tlsSocketError = hasTlsError(facts, 'SocketError');
    const registry = tls12Registry(facts.text);
    const registryOff = registry.Client === 'disabled' || registry.Server === 'disabled';
    const registryOn = registry.Client === 'enabled' && registry.Server === 'enabled';
    const mustIssue = MUST_ISSUE.test(facts.text) && EXCHANGE_SENDING.test(facts.text) && !exchangeOnlineWithheldStarttls(facts);
    if (!socketDrop && !tlsSocketError && !registryOff && !mustIssue) return null;
    const server = eventComputer(facts);

    const evidence: Evidence[] = [];
    const line = firstLineMatching(facts, SOCKET_ERROR_LINE) ?? firstLineMatching(facts, MUST_ISSUE);
    if (line) evidence.push({ source: /TLS negotiation|ネゴシエーション/i.test(line) ? 'log' : 'queue', text: line });
    for (const side of ['Client', 'Server'] as Side[]) {
      if (registry[side] !== 'unknown') evidence.push({ source: 'log', text: `SCHANNEL\\Protocols\\TLS 1.2\\${side}: ${registry[side]}` });
    }
    const steps: RuleStep[] = [
      { kind: 'check', title: { key: key('step.check') }, command: commands.tls12RegistryCheck() },
      { kind: 'fix', title: { key: key('step.enable') }, command: commands.enableTls12() },
      { kind: 'fix', title: server ? { key: key('step.restart'), params: { server } } : { key: key('step.restartThis') }, command: commands.restartServer() },
      { kind: 'verify', title: { key: key('step.verify') }, command: commands.tls12RegistryCheck() },
      { kind: 'verify', title: { key: key('step.retry') }, command: commands.retryQueues() },
    ];
    const needs: RuleNeed[] = registryOff || registryOn ? [] : [{ what: { key: key('need.registry') }, command: commands.tls12RegistryCheck() }];
    if (mustIssue && !socketDrop && !tlsSocketError) needs.push({ what: { key: key('need.sendLog') }, command: commands.sendLogCertificateRows() });
    // Registry output showing TLS 1.2 on makes this the less likely cause.
    // Receive logs collect SocketError rows from any internet host (scanners, broken clients): alone they say less.
    const socketSessions = protocolSessions(facts).filter((session) => session.tlsErrors.includes('SocketError'));
    const receiveOnly = !socketDrop && socketSessions.length > 0 && socketSessions.every((session) => session.direction === 'receive');
    const verdict: Grade = registryOn ? ['looks-resolved', 2] : receiveOnly && !registryOff ? ['latent', 2] : gradeOf(registryOff, socketDrop, tlsSocketError, mustIssue);
    return graded<Advice>(verdict, {
      params: { server: server ?? '-' },
      summary: { key: key(registryOn ? 'summary.registryOn' : registryOff ? 'summary.registryOff' : mustIssue && !socketDrop && !tlsSocketError ? 'summary.mustIssue' : 'summary.errorOnly'), params: { server: server ?? '-' } },
      evidence,
      steps,
      needs,
      data: { registry, socketDrop, tlsSocketError, mustIssue, server: server ?? null },
    });
  },
});
