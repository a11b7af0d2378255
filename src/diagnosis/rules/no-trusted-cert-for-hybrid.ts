// Only self-signed or internal-CA certificates can serve SMTP for the hybrid name: taking SMTP off
// one of them would leave nothing. A publicly trusted certificate is needed first.
import { commands } from '../commands';
import { defineRule, graded, precomputed, type Advice, type Detection, type Grade } from '../defineRule';
import { responseEvidence } from '../facts';
import { connectorName, hybridCertificateView, untrustedRootResponses } from '../hybridCertificates';
import type { Facts } from '../rule';
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
    const obtainSteps: RuleStep[] = reusable
      ? [
          {
            kind: 'fix',
            title: { key: key('step.enableExisting'), params: { thumbprint: reusable.cert.thumbprint } },
            command: commands.enableSmtp(reusable.cert.thumbprint, reusable.cert.services),
          },
          {
            kind: 'fix',
            title: { key: key('step.pinExisting'), params: { thumbprint: reusable.cert.thumbprint } },
            command:
              reusable.cert.issuer && reusable.cert.subject
                ? commands.pinSendConnector(connectorName(view), reusable.cert.issuer, reusable.cert.subject)
                : commands.pinSendConnectorByThumbprint(connectorName(view), reusable.cert.thumbprint),
          },
        ]
      : [
        {
          kind: 'fix',
          title: { key: key('step.request'), params: { fqdn: fqdn ?? 'mail.contoso.com' } },
          ...(fqdn ? { command: commands.certificateRequest(fqdn) } : {}),
        },
        { kind: 'fix', title: { key: key('step.import') }, command: commands.importCertificate() },
        { kind: 'fix', title: { key: key('step.enableSmtp') } },
      ];
    // An expired public certificate is there: renewing it (cert-expired) is the better answer.
    const verdict: Grade = view.expiredPublicCerts.length > 0 ? ['latent', 1] : signature ? ['corroborated', 2] : view.connector ? ['latent', 2] : ['latent', 1];
    return graded<Advice>(verdict, {
      params: { untrusted: untrusted.join(', ') },
      evidence,
      steps: [
        ...obtainSteps,
        { kind: 'fix', title: { key: key('step.hcw') } },
        { kind: 'verify', title: { key: key('step.verify') }, command: fqdn ? commands.certificatesForDomain(fqdn) : commands.listCertificates() },
        { kind: 'verify', title: { key: key('step.verifyPin') }, command: commands.sendConnectorTlsNames() },
      ],
      needs: view.fqdn ? [] : [{ what: { key: key('need.connector') }, command: commands.hybridSendConnectors() }],
      data: {
        untrustedThumbprints: untrusted,
        reusablePublicThumbprint: reusable?.cert.thumbprint ?? null,
        fqdn: fqdn ?? null,
        connector: connectorName(view) ?? null,
      },
    });
  },
});
