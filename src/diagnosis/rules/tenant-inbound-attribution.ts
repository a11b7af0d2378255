// `550 5.7.51 TenantInboundAttribution; There is a partner connector configured that matched the
// message's recipient domain. The connector had either the RestrictDomainsToIPAddresses or
// RestrictDomainsToCertificate set` — an Exchange Online inbound connector restricted to a
// certificate name or to IP addresses matched, and this connection did not satisfy it.
import { organisationOf } from '../organisation';
import { queueFollowUp, RUNBOOK_KEYS } from '../steps';
import { classify, commonName, coversName } from '../certificates';
import { commands } from '../commands';
import { defineRule, graded, precomputed, type Advice, type Detection } from '../defineRule';
import { firstLineMatching, responsesWith } from '../facts';
import type { Facts } from '../rule';
import { connectorLabel, nameMatchesSenderDomain, namesOfLogged, pinnedSendConnector, presentedCertificate, splitTlsCertificateName } from '../sendSide';
import type { Evidence, ExchangeCertificate, InboundConnector, RuleNeed, RuleStep } from '../types';

const ID = 'tenant-inbound-attribution';
const key = (name: string): string => `finding.${ID}.${name}`;
const SIGNATURE = /5\.7\.51 TenantInboundAttribution/i;

function hasSignature(facts: Facts): boolean {
  return responsesWith(facts, 550, '5.7.51').some((r) => /TenantInboundAttribution/i.test(r.text)) || SIGNATURE.test(facts.text);
}

function presentedNames(facts: Facts): { names: string[]; subject?: string } {
  const logged = presentedCertificate(facts);
  if (logged?.subject) return { names: namesOfLogged(logged), subject: logged.subject };
  const pin = splitTlsCertificateName(pinnedSendConnector(facts)?.tlsCertificateName);
  const cn = commonName(pin?.subject);
  return pin && cn ? { names: [cn.toLowerCase()], subject: pin.subject } : { names: [] };
}

/** A pasted SMTP certificate that carries the name the restricted connector expects. */
function certificateCarrying(facts: Facts, senderDomain: string): ExchangeCertificate | undefined {
  const bare = senderDomain.replace(/^\*\./, '');
  return facts.extracted.certificates
    .map(classify)
    .filter((c) => c.role === 'other' && c.smtp && c.trust !== 'self-signed' && c.trust !== 'internal')
    .find((c) => coversName(c.cert, senderDomain.startsWith('*.') ? `mail.${bare}` : senderDomain) ||
      (c.cert.certificateDomains ?? []).some((d) => nameMatchesSenderDomain(d, senderDomain)))?.cert;
}

function evidenceOf(facts: Facts, restricted: InboundConnector[], subject: string | undefined): Evidence[] {
  const evidence: Evidence[] = [];
  const line = firstLineMatching(facts, SIGNATURE);
  if (line) evidence.push({ source: 'smtp', text: line });
  for (const c of restricted) {
    evidence.push({
      source: 'connector',
      text: `${c.name ?? 'Inbound connector'} · RestrictDomainsToCertificate ${c.restrictDomainsToCertificate ? 'True' : 'False'} · RestrictDomainsToIPAddresses ${c.restrictDomainsToIPAddresses ? 'True' : 'False'}${c.tlsSenderCertificateName ? ` · TlsSenderCertificateName ${c.tlsSenderCertificateName}` : ''}${c.senderIPAddresses.length ? ` · SenderIPAddresses ${c.senderIPAddresses.join(', ')}` : ''}`,
    });
  }
  if (subject) evidence.push({ source: 'log', text: `Presented certificate ${subject}` });
  return evidence;
}

export const rule = defineRule({
  meta: {
    sharedKeys: RUNBOOK_KEYS,
    id: ID,
    title: 'A restricted Exchange Online inbound connector matched, but the connection did not satisfy it',
    severity: 'error',
    sources: [
      'https://techcommunity.microsoft.com/blog/exchange/tls-certificates-in-exchange-hybrid---common-issues--how-to-fix-them/4420592',
      'https://learn.microsoft.com/powershell/module/exchangepowershell/set-inboundconnector',
    ],
    identifiers: { smtpCodes: ['550', '5.7.51'], words: ['TenantInboundAttribution'] },
    keys: [
      'need.inbound',
      'need.sendConnector',
      'step.acceptedDomain',
      'step.ips',
      'step.pin',
      'step.retry',
      'step.setSender',
      'step.verifyPin',
      'summary.errorOnly',
      'summary.ip',
      'summary.mismatch',
    ],
  },
  advise: precomputed,
  detect(facts): Detection<Advice> | null {
    if (!hasSignature(facts)) return null;
    const restricted = facts.extracted.inboundConnectors.filter((c) => c.restrictDomainsToCertificate || c.restrictDomainsToIPAddresses);
    const byCertificate = restricted.find((c) => c.restrictDomainsToCertificate && c.tlsSenderCertificateName);
    const byIp = restricted.find((c) => c.restrictDomainsToIPAddresses);
    const { names, subject } = presentedNames(facts);
    const senderDomain = byCertificate?.tlsSenderCertificateName;
    const mismatch = !!senderDomain && names.length > 0 && !names.some((n) => nameMatchesSenderDomain(n, senderDomain));
    const sendConnector = connectorLabel(pinnedSendConnector(facts));
    const carrying = senderDomain ? certificateCarrying(facts, senderDomain) : undefined;

    const steps: RuleStep[] = [];
    if (mismatch && carrying) {
      steps.push({
        kind: 'fix',
        title: { key: key('step.pin'), params: { thumbprint: carrying.thumbprint, domain: senderDomain! } },
        command: carrying.issuer && carrying.subject ? commands.pinSendConnector(sendConnector, carrying.issuer, carrying.subject) : commands.pinSendConnectorByThumbprint(sendConnector, carrying.thumbprint),
      });
    }
    if (mismatch && names[0]) {
      steps.push({ kind: 'fix', title: { key: key('step.setSender'), params: { connector: byCertificate!.name ?? '-', domain: names[0] } }, command: commands.setInboundConnectorTlsSender(byCertificate!.name, commonName(subject)?.toLowerCase() ?? names[0]) });
    }
    if (byIp) steps.push({ kind: 'check', title: { key: key('step.ips'), params: { connector: byIp.name ?? '-', ips: byIp.senderIPAddresses.join(', ') || '-' } }, command: commands.inboundConnectors() });
    if (senderDomain && !senderDomain.startsWith('*.')) {
      steps.push({ kind: 'check', title: { key: key('step.acceptedDomain'), params: { domain: senderDomain } }, command: commands.acceptedDomains() });
    }
    steps.push({ kind: 'verify', title: { key: key('step.verifyPin') }, command: commands.sendConnectorTlsNames() });
    steps.push(...queueFollowUp(organisationOf(facts)).steps);

    const needs: RuleNeed[] = [];
    if (facts.extracted.inboundConnectors.length === 0) needs.push({ what: { key: key('need.inbound') }, command: commands.inboundConnectors() });
    if (names.length === 0) needs.push({ what: { key: key('need.sendConnector') }, command: commands.hybridSendConnectors() });

    return graded<Advice>(mismatch ? ['corroborated', 2] : restricted.length > 0 ? ['named', 3] : ['named', 2], {
      params: { senderDomain: senderDomain ?? '-', presented: subject ?? '-' },
      summary: { key: key(mismatch ? 'summary.mismatch' : byIp && !byCertificate ? 'summary.ip' : 'summary.errorOnly'), params: { senderDomain: senderDomain ?? '-', presented: subject ?? '-', connector: (byCertificate ?? byIp)?.name ?? '-' } },
      evidence: evidenceOf(facts, restricted, subject),
      steps,
      needs,
      data: {
        restrictedConnectors: restricted.map((c) => c.name ?? null),
        tlsSenderCertificateName: senderDomain ?? null,
        presentedSubject: subject ?? null,
        mismatch,
        pinThumbprint: mismatch ? carrying?.thumbprint ?? null : null,
      },
    });
  },
});
