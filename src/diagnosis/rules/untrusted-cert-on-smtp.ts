// KB 2888788: event 2004, `454 4.7.0 Failed to establish appropriate TLS channel: UntrustedRoot:
// Access Denied`. Exchange presented an SMTP certificate that Exchange Online does not trust,
// although a publicly trusted one for the same name is there too.
import type { ClassifiedCertificate } from '../certificates';
import { commands } from '../commands';
import { eventsWithId, responseEvidence } from '../facts';
import {
  bestPublic,
  connectorName,
  hybridCertificateView,
  untrustedRootResponses,
  type HybridCertificateView,
} from '../hybridCertificates';
import type { Facts, Rule } from '../rule';
import { presentedCertificate } from '../sendSide';
import { certificateOf, organisationEvidence, organisationOf, type Organisation } from '../organisation';
import { pinBothDirections, queueFollowUp, supportNotes, targetOf, verifyBySendLog } from '../steps';
import type { Evidence, RuleFinding, RuleNeed, RuleStep } from '../types';

const ID = 'untrusted-cert-on-smtp';
const key = (name: string): string => `finding.${ID}.${name}`;

function certificateEvidence(certs: ClassifiedCertificate[]): Evidence[] {
  return certs.map(({ cert, trust, trustReason }) => ({
    source: 'certificate',
    text: [
      `Thumbprint ${cert.thumbprint}`,
      `Services ${cert.services.join(', ') || 'None'}`,
      cert.subject && `Subject ${cert.subject}`,
      cert.issuer && `Issuer ${cert.issuer}`,
      cert.rootCAType && `RootCAType ${cert.rootCAType}`,
      `→ ${trust}${trustReason ? ` (${trustReason})` : ''}`,
    ]
      .filter(Boolean)
      .join(' · '),
  }));
}

function signatureEvidence(facts: Facts): Evidence[] {
  const events = eventsWithId(facts, 2004).map<Evidence>((e) => ({
    source: 'event',
    text: `Event 2004 ${e.source ?? ''} ${e.computer ? `(${e.computer})` : ''}`.replace(/\s+/g, ' ').trim(),
  }));
  // The send protocol log names the certificate Exchange actually presented.
  const sent = presentedCertificate(facts);
  const logged: Evidence[] = sent?.subject
    ? [{ source: 'log', text: `Sending certificate · Subject ${sent.subject}${sent.issuer ? ` · Issuer ${sent.issuer}` : ''}${sent.thumbprint ? ` · Thumbprint ${sent.thumbprint}` : ''}` }]
    : [];
  return [...events, ...responseEvidence(untrustedRootResponses(facts)), ...logged];
}

function collectNeeds(view: HybridCertificateView): RuleNeed[] {
  const needs: RuleNeed[] = [];
  if (view.candidates.length === 0 || view.tableOnly) {
    needs.push({ what: { key: key('need.certificates') }, command: commands.listCertificates() });
  }
  if (!view.connector) {
    needs.push({ what: { key: key('need.connector') }, command: commands.hybridSendConnectors() });
  }
  return needs;
}

function selectionCheck(view: HybridCertificateView): RuleStep[] {
  return view.fqdn
    ? [{ kind: 'check', title: { key: key('step.whichSelected'), params: { fqdn: view.fqdn } }, command: commands.certificatesForDomain(view.fqdn) }]
    : [];
}

function verifySteps(org: Organisation, view: HybridCertificateView): RuleStep[] {
  return [
    { kind: 'verify', title: { key: key('step.verifyPin') }, command: commands.sendConnectorTlsNames() },
    ...queueFollowUp(org).steps,
    ...(view.fqdn
      ? [{ kind: 'verify' as const, title: { key: key('step.verifySelected'), params: { fqdn: view.fqdn } }, command: commands.certificatesForDomain(view.fqdn) }]
      : []),
    ...verifyBySendLog(org, connectorName(view)).steps,
  ];
}

/** Both directions of KB 2888788, from the model (names the connector, Exchange 2010, Edge, when it applies). */
function pinSteps(org: Organisation, view: HybridCertificateView, trusted: ClassifiedCertificate): { steps: RuleStep[]; needs: RuleNeed[] } {
  const runbook = pinBothDirections(org, targetOf(trusted.cert), connectorName(view));
  // The first step is the send-side pin; it keeps this rule's own title (the thumbprint it names).
  const steps = runbook.steps.map((step) =>
    step.title.key === 'runbook.step.pinSend' ? { ...step, title: { key: key('step.pin'), params: { thumbprint: trusted.cert.thumbprint } } } : step,
  );
  return { steps, needs: runbook.needs };
}

/** Removal is offered only for an internal-CA certificate that serves SMTP alone, on the server that holds it. */
function removalSteps(org: Organisation, untrusted: ClassifiedCertificate[]): RuleStep[] {
  return untrusted
    .filter((c) => c.trust === 'internal' && c.role === 'other' && c.cert.services.every((s) => s === 'SMTP'))
    .flatMap((c) => {
      const holders = certificateOf(org, c.cert.thumbprint)?.servers ?? [];
      const several = org.servers.filter((s) => s.role !== 'edge').length > 1;
      if (several && holders.length !== 1) return [];
      return [{
        kind: 'fix' as const,
        title: { key: key('step.removeOptional'), params: { thumbprint: c.cert.thumbprint } },
        command: commands.removeCertificate(c.cert.thumbprint, several ? holders[0] : undefined),
      }];
    });
}

function withCertificateList(facts: Facts, view: HybridCertificateView, signature: boolean): RuleFinding | null {
  // Exchange cannot present a certificate without its private key: importing it with the key is
  // the fix (no-private-key), not pinning to it.
  if (view.publicCerts.length > 0 && view.publicCerts.every((c) => c.cert.hasPrivateKey === false)) return null;
  const trusted = bestPublic(view.publicCerts);
  const untrusted = view.untrustedCerts;
  const org = organisationOf(facts);
  const base = {
    id: ID,
    evidence: [...signatureEvidence(facts), ...certificateEvidence(view.candidates), ...organisationEvidence(org, trusted?.cert.thumbprint)],
  };
  if (trusted && untrusted.length > 0) {
    const pin = pinSteps(org, view, trusted);
    const alreadyPinned = view.pinnedTo?.trust === 'public' &&
      !untrusted.some((u) => u.cert.issuer === view.pinnedTo!.cert.issuer && u.cert.subject === view.pinnedTo!.cert.subject);
    return {
      ...base,
      confidence: alreadyPinned ? 0.35 : signature ? 0.95 : 0.5,
      params: { untrusted: untrusted.map((c) => c.cert.thumbprint).join(', '), trusted: trusted.cert.thumbprint },
      summary: { key: key(alreadyPinned ? 'summary.alreadyPinned' : signature ? 'summary.named' : 'summary.latent'), params: {
        untrusted: untrusted.map((c) => c.cert.thumbprint).join(', '),
        trusted: trusted.cert.thumbprint,
      } },
      steps: [
        ...selectionCheck(view),
        ...pin.steps,
        { kind: 'fix', title: { key: key('step.additiveNote') } },
        ...removalSteps(org, untrusted),
        { kind: 'fix', title: { key: key('step.hcw') } },
        ...verifySteps(org, view),
        ...supportNotes(org).steps,
      ],
      needs: [
        ...(view.connector ? [] : [{ what: { key: key('need.connector') }, command: commands.hybridSendConnectors() }]),
        ...pin.needs.filter((n) => n.what.key !== 'runbook.need.sendConnector' || !!view.connector),
      ],
      data: {
        untrustedThumbprints: untrusted.map((c) => c.cert.thumbprint),
        trustedThumbprint: trusted.cert.thumbprint,
        connector: connectorName(view) ?? null,
        fqdn: view.fqdn ?? null,
      },
    };
  }
  // The public certificate has expired: renewing it is the fix (cert-expired), not pinning.
  if (!signature || view.expiredPublicCerts.length > 0) return null;
  if (view.publicCerts.length >= 1 && untrusted.length === 0 && view.unknownCerts.length === 0) {
    return {
      ...base,
      confidence: 0.4,
      summary: { key: key('summary.doesNotFit'), params: { count: view.publicCerts.length } },
      steps: [
        ...selectionCheck(view),
        ...view.publicCerts.map((c) => ({
          kind: 'check' as const,
          title: { key: key('step.testChain'), params: { thumbprint: c.cert.thumbprint } },
          command: commands.testChain(c.cert.thumbprint),
        })),
      ],
      needs: [{ what: { key: key('need.protocolLog') }, command: commands.verboseSendLogging(connectorName(view)) }],
      data: { publicThumbprints: view.publicCerts.map((c) => c.cert.thumbprint) },
    };
  }
  const undecided = [...view.unknownCerts, ...untrusted];
  if (view.unknownCerts.length > 0) {
    return {
      ...base,
      confidence: view.tableOnly ? 0.75 : 0.6,
      summary: { key: key('summary.candidates'), params: { candidates: undecided.map((c) => c.cert.thumbprint).join(', ') } },
      steps: selectionCheck(view),
      needs: [
        ...undecided.map((c) => ({
          what: { key: key('need.decidingFields'), params: { thumbprint: c.cert.thumbprint } },
          command: commands.certificate(c.cert.thumbprint),
        })),
        ...collectNeeds(view).filter((n) => n.what.key !== key('need.certificates')),
      ],
      data: { candidateThumbprints: undecided.map((c) => c.cert.thumbprint) },
    };
  }
  return null;
}

export const rule: Rule = {
  id: ID,
  title: 'An untrusted certificate is used for SMTP to Exchange Online (KB 2888788)',
  severity: 'error',
  sources: [
    'https://learn.microsoft.com/exchange/troubleshoot/email-delivery/mail-flow-stops-event-2004',
    'https://learn.microsoft.com/powershell/module/exchangepowershell/enable-exchangecertificate',
    'https://learn.microsoft.com/powershell/module/exchangepowershell/set-sendconnector',
  ],
  check(facts) {
    const signature = untrustedRootResponses(facts).length > 0;
    const view = hybridCertificateView(facts);
    if (view.candidates.length > 0) return withCertificateList(facts, view, signature);
    if (!signature) return null;
    return {
      id: ID,
      confidence: 0.8,
      summary: { key: key('summary.errorOnly') },
      evidence: signatureEvidence(facts),
      steps: selectionCheck(view),
      needs: collectNeeds(view),
      data: { connector: connectorName(view) ?? null, fqdn: view.fqdn ?? null },
    };
  },
};
