// KB 4051495 / 3212877: `550 5.7.64 TenantAttribution; Relay Access Denied SMTP`. Exchange
// Online could not tie the on-premises connection to the tenant's certificate-based inbound
// connector: the certificate presented does not carry the connector's TlsSenderCertificateName
// (renewed under another name), or its chain was not sent (intermediates missing on Exchange).
import { organisationOf } from '../organisation';
import { queueFollowUp, RUNBOOK_KEYS } from '../steps';
import { commonName } from '../certificates';
import { commands } from '../commands';
import { defineRule, graded, precomputed, type Advice, type Detection } from '../defineRule';
import { firstLineMatching, responsesWith } from '../facts';
import type { Facts } from '../rule';
import { connectorLabel, nameMatchesSenderDomain, namesOfLogged, pinnedSendConnector, presentedCertificate, splitTlsCertificateName } from '../sendSide';
import type { Evidence, InboundConnector, RuleNeed, RuleStep } from '../types';

const ID = 'tenant-attribution-cert-mismatch';
const key = (name: string): string => `finding.${ID}.${name}`;
const SIGNATURE = /5\.7\.64 TenantAttribution/i;
const CHAIN_NOT_SENT = /800B0109|terminated in a root certificate which is not trusted by the trust provider/i;

function hasSignature(facts: Facts): boolean {
  return responsesWith(facts, 550, '5.7.64').some((r) => /TenantAttribution/i.test(r.text) && !/ATTR3\d/i.test(r.text)) ||
    (SIGNATURE.test(facts.text) && !/ATTR36/i.test(facts.text));
}

/** The certificate-based inbound connector the on-premises servers should match. */
function certificateConnector(facts: Facts): InboundConnector | undefined {
  const withName = facts.extracted.inboundConnectors.filter((c) => c.tlsSenderCertificateName);
  return withName.find((c) => /OnPremises/i.test(c.connectorType ?? '')) ?? withName[0];
}

interface Presented {
  names: string[];
  subject?: string;
  thumbprint?: string;
  from: 'protocol-log' | 'connector' | 'none';
}

/** What the on-premises side presents: the send log first, else the hybrid connector's pin. */
function presented(facts: Facts): Presented {
  const logged = presentedCertificate(facts);
  if (logged?.subject) return { names: namesOfLogged(logged), subject: logged.subject, thumbprint: logged.thumbprint, from: 'protocol-log' };
  const pin = splitTlsCertificateName(pinnedSendConnector(facts)?.tlsCertificateName);
  const cn = commonName(pin?.subject);
  if (pin && cn) return { names: [cn.toLowerCase()], subject: pin.subject, from: 'connector' };
  return { names: [], from: 'none' };
}

/** The name to put into TlsSenderCertificateName: the certificate's CN (a wildcard stays a wildcard). */
function senderNameFor(p: Presented): string | undefined {
  return commonName(p.subject)?.toLowerCase() ?? p.names[0];
}

function evidenceOf(facts: Facts, inbound: InboundConnector | undefined, p: Presented): Evidence[] {
  const evidence: Evidence[] = [];
  const line = firstLineMatching(facts, SIGNATURE);
  if (line) evidence.push({ source: 'smtp', text: line });
  if (inbound) evidence.push({ source: 'connector', text: `${inbound.name ?? 'Inbound connector'} TlsSenderCertificateName ${inbound.tlsSenderCertificateName}` });
  if (p.subject) evidence.push({ source: p.from === 'protocol-log' ? 'log' : 'connector', text: `Certificate subject ${p.subject}${p.names.length > 1 ? ` · names ${p.names.join(', ')}` : ''}` });
  const chain = firstLineMatching(facts, CHAIN_NOT_SENT);
  if (chain) evidence.push({ source: 'event', text: chain });
  return evidence;
}

function needsFor(inbound: InboundConnector | undefined, ipConnector: InboundConnector | undefined, p: Presented, connector: string | undefined): RuleNeed[] {
  const needs: RuleNeed[] = [];
  if (!inbound && !ipConnector) needs.push({ what: { key: key('need.inbound') }, command: commands.inboundConnectors() });
  if (p.from === 'none') {
    needs.push({ what: { key: key('need.sendLog') }, command: commands.sourceServerLogPaths(connector) });
    needs.push({ what: { key: key('need.sendLogRows') }, command: commands.sendLogCertificateRows() });
  }
  return needs;
}

export const rule = defineRule({
  meta: {
    sharedKeys: [...RUNBOOK_KEYS, 'finding.tenant-attribution-cert-mismatch.step.acceptedDomainUnknown'],
    id: ID,
    title: "Exchange Online cannot match the on-premises certificate to the tenant's inbound connector",
    severity: 'error',
    sources: [
      'https://learn.microsoft.com/exchange/troubleshoot/email-delivery/ndr/relay-access-denied-smtp',
      'https://support.microsoft.com/en-us/help/3212877',
      'https://techcommunity.microsoft.com/t5/exchange-team-blog/updated-requirements-for-smtp-relay-through-exchange-online/ba-p/3851357',
    ],
    identifiers: { smtpCodes: ['550', '5.7.64'], words: ['TenantAttribution'] },
    keys: [
      'need.inbound',
      'need.sendLog',
      'need.sendLogRows',
      'step.acceptedDomain',
      'step.chain',
      'step.hcw',
      'step.intermediates',
      'step.ips',
      'step.retry',
      'step.setSender',
      'step.verifyInbound',
      'summary.chain',
      'summary.errorOnly',
      'summary.ip',
      'summary.mismatch',
      'summary.namesMatch',
    ],
  },
  advise: precomputed,
  detect(facts): Detection<Advice> | null {
    if (!hasSignature(facts)) return null;
    const inbound = certificateConnector(facts);
    // KB 4051495's other cause: an IP-based on-premises connector whose addresses no longer match.
    const ipConnector = inbound ? undefined : facts.extracted.inboundConnectors.find((c) => c.senderIPAddresses.length > 0);
    const p = presented(facts);
    const senderDomain = inbound?.tlsSenderCertificateName;
    const compared = !!senderDomain && p.names.length > 0;
    const mismatch = compared && !p.names.some((n) => nameMatchesSenderDomain(n, senderDomain!));
    const chainNotSent = CHAIN_NOT_SENT.test(facts.text);
    const connector = connectorLabel(pinnedSendConnector(facts));
    const newName = senderNameFor(p);

    // The name must sit under an accepted domain, or the new setting will not help either.
    const steps: RuleStep[] = [
      newName ?? senderDomain
        ? { kind: 'check', title: { key: key('step.acceptedDomain'), params: { domain: (newName ?? senderDomain)! } }, command: commands.acceptedDomains() }
        : { kind: 'check', title: { key: key('step.acceptedDomainUnknown') }, command: commands.acceptedDomains() },
    ];
    if (mismatch && newName) {
      steps.push({ kind: 'fix', title: { key: key('step.setSender'), params: { connector: inbound!.name ?? '-', domain: newName } }, command: commands.setInboundConnectorTlsSender(inbound!.name, newName) });
    }
    if (ipConnector) {
      steps.push({ kind: 'check', title: { key: key('step.ips'), params: { connector: ipConnector.name ?? '-', ips: ipConnector.senderIPAddresses.join(', ') } }, command: commands.inboundConnectors() });
    }
    steps.push({ kind: 'fix', title: { key: key('step.hcw') } });
    if (chainNotSent || (compared && !mismatch)) {
      if (p.thumbprint) steps.push({ kind: 'check', title: { key: key('step.chain'), params: { thumbprint: p.thumbprint } }, command: commands.testChain(p.thumbprint) });
      steps.push({ kind: 'fix', title: { key: key('step.intermediates') }, command: commands.importIntermediate() });
    }
    steps.push({ kind: 'verify', title: { key: key('step.verifyInbound') }, command: commands.inboundConnectors() });
    steps.push(...queueFollowUp(organisationOf(facts)).steps);

    const summaryKey = mismatch ? 'summary.mismatch' : chainNotSent ? 'summary.chain' : compared ? 'summary.namesMatch' : ipConnector ? 'summary.ip' : 'summary.errorOnly';
    return graded<Advice>(mismatch ? ['corroborated', 3] : chainNotSent ? ['corroborated', 2] : compared ? ['latent', 3] : ['named', 2], {
      params: { senderDomain: senderDomain ?? '-', presented: p.subject ?? '-' },
      summary: { key: key(summaryKey), params: { senderDomain: senderDomain ?? '-', presented: p.subject ?? '-', connector: (inbound ?? ipConnector)?.name ?? '-', ips: ipConnector?.senderIPAddresses.join(', ') ?? '-' } },
      evidence: evidenceOf(facts, inbound, p),
      steps,
      needs: needsFor(inbound, ipConnector, p, connector),
      data: {
        tlsSenderCertificateName: senderDomain ?? null,
        inboundConnector: (inbound ?? ipConnector)?.name ?? null,
        senderIPAddresses: ipConnector?.senderIPAddresses ?? null,
        presentedSubject: p.subject ?? null,
        presentedFrom: p.from,
        mismatch,
        chainNotSent,
        suggestedSenderName: mismatch ? newName ?? null : null,
      },
    });
  },
});
