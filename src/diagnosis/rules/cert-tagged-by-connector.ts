// KB: "Cannot remove an installed certificate" — `A special Rpc error occurs on server <server>:
// These certificates are tagged with following Send Connectors : <names>. …`. Remove-
// ExchangeCertificate refuses while a send connector's TlsCertificateName (issuer + subject)
// matches the certificate; after a renewal with the same issuer and subject it matches both.
import { sameDn } from '../certificates';
import { commands } from '../commands';
import { defineRule, grade, type Advice, type Detection } from '../defineRule';
import { parseLocaleDate } from '../dates';
import { firstLineMatching } from '../facts';
import type { Facts } from '../rule';
import type { Evidence, ExchangeCertificate, RuleNeed, RuleStep } from '../types';

const SIGNATURE = /These certificates are tagged with following Send Connectors/i;
const SERVER = /error occurs on server ([\w.-]{1,255})\s*:/i;
const REMOVE_COMMAND = /Remove-ExchangeCertificate\b/i;
const THUMBPRINT_PARAMETER = /-Thumbprint\s{1,4}["']?([0-9A-Fa-f]{40})\b/i;

function taggedConnectors(facts: Facts): string[] {
  const line = firstLineMatching(facts, SIGNATURE);
  if (!line) return [];
  const afterLabel = line.slice(line.search(SIGNATURE));
  const colon = afterLabel.indexOf(':');
  if (colon < 0) return [];
  const rest = afterLabel.slice(colon + 1);
  const end = rest.indexOf('. Removing and replacing');
  const list = (end >= 0 ? rest.slice(0, end) : rest.replace(/\.\s*$/, '')).trim();
  return list.split(', ').map((n) => n.trim()).filter(Boolean);
}

function expiryOf(cert: ExchangeCertificate): number | undefined {
  if (cert.notAfter) return new Date(cert.notAfter).getTime();
  const parsed = cert.notAfterText ? parseLocaleDate(cert.notAfterText) : undefined;
  return parsed ? parsed.earliest.getTime() : undefined;
}

function laterExpiry(a: ExchangeCertificate, b: ExchangeCertificate): number {
  return (expiryOf(b) ?? 0) - (expiryOf(a) ?? 0);
}

/** The old certificate (the one being removed) and its renewal (same issuer and subject, later expiry). */
function oldAndNew(facts: Facts): { old?: string; renewed?: ExchangeCertificate } {
  const certs = facts.extracted.certificates;
  const removeLine = firstLineMatching(facts, REMOVE_COMMAND);
  const removed = removeLine ? THUMBPRINT_PARAMETER.exec(removeLine)?.[1]?.toUpperCase() : undefined;
  const oldCert = removed ? certs.find((c) => c.thumbprint.toUpperCase() === removed) : undefined;
  const twins = (cert: ExchangeCertificate): ExchangeCertificate[] =>
    certs.filter((c) => c.thumbprint !== cert.thumbprint && c.subject && cert.subject && sameDn(c.subject, cert.subject));
  if (oldCert) return { old: removed, renewed: twins(oldCert).sort(laterExpiry)[0] };
  if (removed) return { old: removed };
  // No command pasted: two certificates with the same subject, the earlier one is the old one.
  for (const cert of certs) {
    const same = [cert, ...twins(cert)].sort(laterExpiry);
    if (same.length >= 2 && expiryOf(same[0]!) !== undefined && expiryOf(same[same.length - 1]!) !== undefined) {
      return { old: same[same.length - 1]!.thumbprint, renewed: same[0] };
    }
  }
  return {};
}

interface Found {
  connectors: string[];
  server: string | undefined;
  old?: string;
  renewed?: ExchangeCertificate;
}

function stepsFor(facts: Facts, { connectors, server, old, renewed }: Found, key: (name: string) => string): RuleStep[] {
  const steps: RuleStep[] = connectors.map((c) => ({ kind: 'check', title: { key: key('step.sourceServers'), params: { connector: c } }, command: commands.sendConnector(c) }));
  steps.push({ kind: 'fix', title: { key: key('step.stop') }, command: commands.stopTransport() });
  for (const c of connectors) steps.push({ kind: 'fix', title: { key: key('step.clear'), params: { connector: c } }, command: commands.clearSendConnectorTlsName(c) });
  if (old) steps.push({ kind: 'fix', title: server ? { key: key('step.remove'), params: { thumbprint: old, server } } : { key: key('step.removeHere'), params: { thumbprint: old } }, command: commands.removeCertificate(old, server) });
  const pinnedValue = facts.extracted.sendConnectors.find((s) => s.tlsCertificateName && connectors.includes(s.name ?? s.identity ?? ''))?.tlsCertificateName;
  for (const c of connectors) {
    if (renewed) {
      steps.push({ kind: 'fix', title: { key: key('step.repin'), params: { connector: c, thumbprint: renewed.thumbprint } }, command: commands.pinSendConnectorByThumbprint(c, renewed.thumbprint) });
    } else if (pinnedValue) {
      steps.push({ kind: 'fix', title: { key: key('step.repinSame'), params: { connector: c } }, command: commands.setSendConnectorTlsName(c, pinnedValue) });
    }
  }
  steps.push({ kind: 'fix', title: { key: key('step.start') }, command: commands.startTransport() });
  steps.push({ kind: 'verify', title: { key: key('step.verify') }, command: commands.sendConnectorTlsNames() });
  return steps;
}

export const rule = defineRule({
  meta: {
    id: 'cert-tagged-by-connector',
    title: "A certificate cannot be removed because a send connector's TlsCertificateName references it",
    severity: 'warning',
    sources: ['https://learn.microsoft.com/exchange/troubleshoot/mailflow/cannot-remove-installed-certificate'],
    identifiers: { words: ['These certificates are tagged with following Send Connectors'] },
    keys: [
      'need.certificates',
      'need.connectors',
      'step.clear',
      'step.remove',
      'step.removeHere',
      'step.repin',
      'step.repinSame',
      'step.sourceServers',
      'step.start',
      'step.stop',
      'step.verify',
      'summary.renewed',
      'summary.tagged',
    ],
  },
  detect(facts): Detection<Found> | null {
    if (!SIGNATURE.test(facts.text)) return null;
    // The error names the certificate and the connectors that hold it: error and configuration agree.
    return grade('corroborated', 1, { connectors: taggedConnectors(facts), server: SERVER.exec(facts.text)?.[1], ...oldAndNew(facts) });
  },
  advise({ data: found }, { facts, key }): Advice {
    const { connectors, server, old, renewed } = found;
    const evidence: Evidence[] = [{ source: 'certificate', text: firstLineMatching(facts, SIGNATURE) ?? 'These certificates are tagged with following Send Connectors' }];
    const needs: RuleNeed[] = [];
    if (!old || !renewed) needs.push({ what: { key: key('need.certificates') }, command: server ? commands.listCertificatesOnServer(server) : commands.listCertificates() });
    if (connectors.length === 0) needs.push({ what: { key: key('need.connectors') }, command: commands.sendConnectorTlsNames() });
    return {
      params: { connectors: connectors.join(', ') || '-', server: server ?? '-' },
      summary: { key: key(renewed ? 'summary.renewed' : 'summary.tagged'), params: { connectors: connectors.join(', ') || '-', server: server ?? '-', thumbprint: renewed?.thumbprint ?? '-' } },
      evidence,
      steps: stepsFor(facts, found, key as (name: string) => string),
      needs,
      data: { connectors, server: server ?? null, oldThumbprint: old ?? null, newThumbprint: renewed?.thumbprint ?? null },
    };
  },
});
