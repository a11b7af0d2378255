// KB 4019940 / 3169958: `550 5.7.64 Relay Access Denied ATTR36` — the on-premises certificate's
// domain (e.g. hostname.subdomain.contoso.com) is not under an accepted domain of the tenant, so
// Exchange Online will not attribute the connection to the tenant.
import { organisationOf } from '../organisation';
import { queueFollowUp, RUNBOOK_KEYS } from '../steps';
import { commonName } from '../certificates';
import { commands } from '../commands';
import { firstLineMatching } from '../facts';
import type { Facts } from '../rule';
import { defineRule, type Advice } from '../defineRule';
import { parentDomain, pinnedSendConnector, presentedCertificate, splitTlsCertificateName } from '../sendSide';
import type { Evidence, RuleNeed } from '../types';

const SIGNATURE = /\bATTR36\b/;
const RELAY_DENIED = /5\.7\.64|Relay Access Denied/i;

/** The certificate name the tenant must accept: the send log's subject, else the connector pin, else the EXO connector. */
function certificateName(facts: Facts): { name?: string; from: string } {
  const logged = commonName(presentedCertificate(facts)?.subject);
  if (logged) return { name: logged.toLowerCase(), from: 'protocol-log' };
  const pinned = commonName(splitTlsCertificateName(pinnedSendConnector(facts)?.tlsCertificateName)?.subject);
  if (pinned) return { name: pinned.toLowerCase(), from: 'connector' };
  const inbound = facts.extracted.inboundConnectors.find((c) => c.tlsSenderCertificateName)?.tlsSenderCertificateName;
  if (inbound) return { name: inbound.toLowerCase(), from: 'inbound-connector' };
  return { from: 'none' };
}

export const rule = defineRule({
  meta: {
    id: 'attr36-cert-domain-not-accepted',
    title: "The certificate's domain is not an accepted domain of the tenant",
    severity: 'error',
    sources: [
      'https://learn.microsoft.com/exchange/troubleshoot/hybrid-configuration-wizard-errors/relay-access-denied-attr36-ndr',
      'https://learn.microsoft.com/exchange/troubleshoot/email-delivery/office-365-notice',
    ],
    identifiers: { smtpCodes: ['550', '5.7.64'], words: ['ATTR36', 'Relay Access Denied'] },
    keys: ['need.connector', 'need.sendLog', 'summary.named', 'summary.errorOnly', 'step.accepted', 'step.addDomain', 'step.addDomainUnknown', 'step.reissue', 'step.hcw', 'step.retry', 'step.acceptedList'],
    sharedKeys: RUNBOOK_KEYS,
  },
  detect(facts) {
    const line = firstLineMatching(facts, SIGNATURE);
    if (!line || !RELAY_DENIED.test(line)) return null;
    const found = { line, ...certificateName(facts) };
    // The certificate's name (log, pin or EXO connector) agrees with the error: corroborated.
    return found.name ? { status: 'corroborated', strength: 2, data: found } : { status: 'named', strength: 3, data: found };
  },
  advise({ data: { line, name, from } }, { key, facts, organisation }): Advice {
    const domain = name ? parentDomain(name) : undefined;
    const evidence: Evidence[] = [{ source: 'smtp', text: line }];
    if (name) evidence.push({ source: from === 'protocol-log' ? 'log' : 'connector', text: `Certificate name ${name}` });
    const needs: RuleNeed[] = name ? [] : [
      { what: { key: key('need.connector') }, command: commands.hybridSendConnectors() },
      { what: { key: key('need.sendLog') }, command: commands.sendLogCertificateRows() },
    ];
    return {
      params: { name: name ?? '-', domain: domain ?? '-' },
      summary: { key: key(name ? 'summary.named' : 'summary.errorOnly'), params: { name: name ?? '-', domain: domain ?? '-' } },
      evidence,
      steps: [
        domain ? { kind: 'check', title: { key: key('step.accepted'), params: { domain } }, command: commands.acceptedDomains() } : { kind: 'check', title: { key: key('step.acceptedList') }, command: commands.acceptedDomains() },
        name && domain ? { kind: 'fix', title: { key: key('step.addDomain'), params: { domain, name } } } : { kind: 'fix', title: { key: key('step.addDomainUnknown') } },
        { kind: 'fix', title: { key: key('step.reissue') } },
        { kind: 'fix', title: { key: key('step.hcw') } },
        ...queueFollowUp(organisation ?? organisationOf(facts)).steps,
      ],
      needs,
      data: { certificateName: name ?? null, foundIn: from, suggestedDomain: domain ?? null },
    };
  },
});
