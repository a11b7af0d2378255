// Only self-signed or internal-CA certificates can serve SMTP for the hybrid name: taking SMTP off
// one of them would leave nothing. A publicly trusted certificate is needed first.
import { commands } from '../commands';
import { defineRule, graded, precomputed, type Advice, type Detection, type Grade } from '../defineRule';
import { responseEvidence } from '../facts';
import { connectorName, hybridCertificateView, untrustedRootResponses } from '../hybridCertificates';
import type { Facts } from '../rule';
import { psString } from '../commands';
import { certificateOf, organisationEvidence, organisationOf, serversMissing, transportServers } from '../organisation';
import {
  acmeWarning,
  certificateRequest,
  copyCertificate,
  edgeSync,
  enableSmtp,
  joinRunbooks,
  organisationNeeds,
  pinBothDirections,
  queueFollowUp,
  supportNotes,
  targetOf,
  verifyBySendLog,
  RUNBOOK_KEYS,
  type Runbook,
} from '../steps';
import type { Evidence, RuleStep } from '../types';

const ID = 'no-trusted-cert-for-hybrid';
const key = (name: string): string => `finding.${ID}.${name}`;

function pemFinding(facts: Facts): Detection<Advice> | null {
  const chain = facts.extracted.pemChain;
  const leaf = facts.extracted.pemCertificates[0];
  if (!chain || !leaf || chain.publiclyTrusted || chain.reason !== 'untrusted-root') return null;
  return graded<Advice>(['latent', 2], {
    summary: { key: key('summary.pem'), params: { subject: leaf.subject, issuer: leaf.issuer } },
    evidence: [{ source: 'pem', text: `Subject ${leaf.subject} · Issuer ${leaf.issuer} · Thumbprint ${leaf.thumbprint}` }],
    steps: [{ kind: 'check', title: { key: key('step.findOnServer'), params: { thumbprint: leaf.thumbprint } }, command: commands.certificate(leaf.thumbprint) }],
    needs: [{ what: { key: key('need.certificates') }, command: commands.listCertificates() }],
    data: { pemThumbprint: leaf.thumbprint },
  });
}

export const rule = defineRule({
  meta: {
    sharedKeys: RUNBOOK_KEYS,
    id: ID,
    title: 'No publicly trusted certificate is available for hybrid mail flow',
    severity: 'error',
    sources: [
      'https://learn.microsoft.com/exchange/certificate-requirements',
      'https://learn.microsoft.com/exchange/troubleshoot/email-delivery/mail-flow-stops-event-2004',
      'https://learn.microsoft.com/powershell/module/exchangepowershell/new-exchangecertificate',
    ],
    identifiers: { events: [2004], smtpCodes: ['454', '4.7.0'], words: ['UntrustedRoot'] },
    yieldsTo: ['connector-fqdn-no-matching-cert'],
    keys: [
      'need.certificates',
      'need.connector',
      'step.enableExisting',
      'step.enableSmtp',
      'step.findOnServer',
      'step.hcw',
      'step.import',
      'step.pinExisting',
      'step.request',
      'step.verify',
      'step.verifyPin',
      'summary.pem',
    ],
  },
  advise: precomputed,
  detect(facts): Detection<Advice> | null {
    const view = hybridCertificateView(facts);
    const signature = untrustedRootResponses(facts).length > 0;
    const decided = view.candidates.length > 0 && !view.tableOnly && view.unknownCerts.length === 0;
    if (!decided || view.publicCerts.length > 0 || view.untrustedCerts.length === 0) return pemFinding(facts);
    const fqdn = view.fqdn;
    const untrusted = view.untrustedCerts.map((c) => c.cert.thumbprint);
    const evidence: Evidence[] = [
      ...responseEvidence(untrustedRootResponses(facts)),
      ...view.untrustedCerts.map<Evidence>((c) => ({
        source: 'certificate',
        text: `Thumbprint ${c.cert.thumbprint} · Services ${c.cert.services.join(', ')} · Issuer ${c.cert.issuer ?? '?'} · ${c.trust}${c.trustReason ? ` (${c.trustReason})` : ''}`,
      })),
    ];
    const reusable = view.publicWithoutSmtp[0];
    const org = organisationOf(facts);
    const reusableModel = reusable ? certificateOf(org, reusable.cert.thumbprint) : undefined;
    const exchange = transportServers(org).filter((s) => s.role !== 'edge').map((s) => s.name);
    const several = org.servers.filter((s) => s.role !== 'edge').length > 1;
    // The certificate being replaced: an untrusted one that carries the hybrid name (its public names are kept).
    const replaced = view.untrustedCerts.find((c) => c.trust === 'internal');
    const replacedModel = replaced ? certificateOf(org, replaced.cert.thumbprint) : undefined;
    const requestOn = several ? replacedModel?.servers[0] ?? exchange[0] ?? org.servers.find((s) => s.role !== 'edge')?.name : undefined;
    const others = exchange.filter((name) => name !== requestOn);
    const obtain: Runbook = reusable && reusableModel
      ? joinRunbooks(
          copyCertificate(org, reusableModel, serversMissing(org, reusableModel.thumbprint).map((s) => s.name)),
          enableSmtp(org, reusableModel),
          pinBothDirections(org, targetOf(reusable.cert), connectorName(view)),
          acmeWarning(reusableModel),
        )
      : joinRunbooks(
          certificateRequest(org, replacedModel, requestOn),
          {
            steps: [
              { kind: 'fix', title: requestOn ? { key: 'runbook.step.completeOn', params: { server: requestOn } } : { key: key('step.import') }, command: `Import-ExchangeCertificate${requestOn ? ` -Server ${psString(requestOn)}` : ''} -FileData ([System.IO.File]::ReadAllBytes('C:\\certs\\issued.cer'))` },
              ...(others.length > 0 ? [{ kind: 'fix' as const, title: { key: 'runbook.step.copyNew', params: { servers: others.join(', ') } } }] : []),
              { kind: 'fix', title: { key: key('step.enableSmtp') } },
            ],
            needs: [],
          },
          edgeSync(org),
        );
    const obtainSteps: RuleStep[] = obtain.steps;
    // An expired public certificate is there: renewing it (cert-expired) is the better answer.
    const verdict: Grade = view.expiredPublicCerts.length > 0 ? ['latent', 1] : signature ? ['corroborated', 2] : view.connector ? ['latent', 2] : ['latent', 1];
    return graded<Advice>(verdict, {
      params: { untrusted: untrusted.join(', ') },
      evidence: [...evidence, ...organisationEvidence(org, reusable?.cert.thumbprint)],
      steps: [
        ...obtainSteps,
        { kind: 'fix', title: { key: key('step.hcw') } },
        { kind: 'verify', title: { key: key('step.verify') }, command: fqdn ? commands.certificatesForDomain(fqdn) : commands.listCertificates() },
        { kind: 'verify', title: { key: key('step.verifyPin') }, command: commands.sendConnectorTlsNames() },
        ...queueFollowUp(org).steps,
        ...verifyBySendLog(org).steps,
        ...supportNotes(org).steps,
      ],
      needs: [
        ...(view.fqdn ? [] : [{ what: { key: key('need.connector') }, command: commands.hybridSendConnectors() }]),
        ...obtain.needs.filter((n) => !(view.fqdn && n.what.key === 'runbook.need.hybridName')),
        ...organisationNeeds(org),
      ],
      data: {
        untrustedThumbprints: untrusted,
        reusablePublicThumbprint: reusable?.cert.thumbprint ?? null,
        fqdn: fqdn ?? null,
        connector: connectorName(view) ?? null,
      },
    });
  },
});
