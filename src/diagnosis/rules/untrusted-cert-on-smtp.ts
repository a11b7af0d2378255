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
import { defineRule, type Advice, type Detection } from '../defineRule';
import type { Facts } from '../rule';
import { presentedCertificate } from '../sendSide';
import { certificateOf, organisationEvidence, organisationOf, type Organisation } from '../organisation';
import { pinBothDirections, queueFollowUp, RUNBOOK_KEYS, supportNotes, targetOf, verifyBySendLog } from '../steps';
import type { Evidence, RuleNeed, RuleStep } from '../types';


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

/** Both directions of KB 2888788, from the model (names the connector, Exchange 2010, Edge, when it applies). */
function pinSteps(org: Organisation, view: HybridCertificateView, trusted: ClassifiedCertificate, titleKey: string): { steps: RuleStep[]; needs: RuleNeed[] } {
  const runbook = pinBothDirections(org, targetOf(trusted.cert), connectorName(view));
  // The send-side pin keeps this rule's own title (the thumbprint it names).
  const steps = runbook.steps.map((step) =>
    step.title.key === 'runbook.step.pinSend' ? { ...step, title: { key: titleKey, params: { thumbprint: trusted.cert.thumbprint } } } : step,
  );
  return { steps, needs: runbook.needs };
}

/** Removal is offered only for an internal-CA certificate that serves SMTP alone, on the server that holds it. */
function removalSteps(org: Organisation, untrusted: ClassifiedCertificate[], titleKey: string): RuleStep[] {
  const several = org.servers.filter((s) => s.role !== 'edge').length > 1;
  return untrusted
    .filter((c) => c.trust === 'internal' && c.role === 'other' && c.cert.services.every((s) => s === 'SMTP'))
    .flatMap((c) => {
      const model = certificateOf(org, c.cert.thumbprint);
      const holders = model?.servers ?? [];
      if (several && holders.length !== 1) return [];
      // Never offer to remove what the model shows in use (internal transport, a pin, the 2010 secure mail certificate).
      if (model?.inUse.some((u) => u.kind === 'internal-transport' || u.kind === 'pinned' || u.kind === 'secure-mail')) return [];
      return [{
        kind: 'fix' as const,
        title: { key: titleKey, params: { thumbprint: c.cert.thumbprint } },
        command: commands.removeCertificate(c.cert.thumbprint, several ? holders[0] : undefined),
      }];
    });
}

type Found =
  | { kind: 'pin'; view: HybridCertificateView; trusted: ClassifiedCertificate; alreadyPinned: boolean; signature: boolean }
  | { kind: 'doesNotFit' | 'candidates' | 'errorOnly'; view: HybridCertificateView };

function detectWithList(view: HybridCertificateView, signature: boolean): Detection<Found> | null {
  // Exchange cannot present a certificate without its private key: importing it with the key is
  // the fix (no-private-key), not pinning to it.
  if (view.publicCerts.length > 0 && view.publicCerts.every((c) => c.cert.hasPrivateKey === false)) return null;
  const trusted = bestPublic(view.publicCerts);
  const untrusted = view.untrustedCerts;
  if (trusted && untrusted.length > 0) {
    const pinned = view.pinnedTo;
    const alreadyPinned = pinned?.trust === 'public' &&
      !untrusted.some((u) => u.cert.issuer === pinned.cert.issuer && u.cert.subject === pinned.cert.subject);
    const data: Found = { kind: 'pin', view, trusted, alreadyPinned, signature };
    if (alreadyPinned) return { status: 'looks-resolved', strength: 2, data };
    return signature ? { status: 'corroborated', strength: 3, data } : { status: 'latent', strength: 1, data };
  }
  // The public certificate has expired: renewing it is the fix (cert-expired), not pinning.
  if (!signature || view.expiredPublicCerts.length > 0) return null;
  // Every candidate is publicly trusted: the configuration does not fit this cause.
  if (view.publicCerts.length >= 1 && untrusted.length === 0 && view.unknownCerts.length === 0) {
    return { status: 'looks-resolved', strength: 3, data: { kind: 'doesNotFit', view } };
  }
  if (view.unknownCerts.length > 0) return { status: 'named', strength: 1, data: { kind: 'candidates', view } };
  return null;
}

export const rule = defineRule({
  meta: {
    id: 'untrusted-cert-on-smtp',
    title: 'An untrusted certificate is used for SMTP to Exchange Online (KB 2888788)',
    severity: 'error',
    sources: [
      'https://learn.microsoft.com/exchange/troubleshoot/email-delivery/mail-flow-stops-event-2004',
      'https://learn.microsoft.com/powershell/module/exchangepowershell/enable-exchangecertificate',
      'https://learn.microsoft.com/powershell/module/exchangepowershell/set-sendconnector',
    ],
    identifiers: { events: [2004], smtpCodes: ['454', '4.7.0'], words: ['UntrustedRoot'] },
    keys: [
      'summary.alreadyPinned', 'summary.named', 'summary.latent', 'summary.doesNotFit', 'summary.candidates', 'summary.errorOnly',
      'step.whichSelected', 'step.verifyPin', 'step.retryQueue', 'step.verifySelected', 'step.pin', 'step.removeOptional',
      'step.additiveNote', 'step.hcw', 'step.testChain',
      'need.certificates', 'need.connector', 'need.protocolLog', 'need.decidingFields',
    ],
    sharedKeys: RUNBOOK_KEYS,
  },
  detect(facts): Detection<Found> | null {
    const signature = untrustedRootResponses(facts).length > 0;
    const view = hybridCertificateView(facts);
    if (view.candidates.length > 0) return detectWithList(view, signature);
    return signature ? { status: 'named', strength: 1, data: { kind: 'errorOnly', view } } : null;
  },
  advise({ data: found }, { facts, key, organisation }): Advice {
    const { view } = found;
    const org = organisation ?? organisationOf(facts);
    const selectionCheck: RuleStep[] = view.fqdn
      ? [{ kind: 'check', title: { key: key('step.whichSelected'), params: { fqdn: view.fqdn } }, command: commands.certificatesForDomain(view.fqdn) }]
      : [];
    const connectorNeed: RuleNeed = { what: { key: key('need.connector') }, command: commands.hybridSendConnectors() };
    if (found.kind === 'errorOnly') {
      const needs: RuleNeed[] = view.candidates.length === 0 || view.tableOnly
        ? [{ what: { key: key('need.certificates') }, command: commands.listCertificates() }]
        : [];
      return {
        summary: { key: key('summary.errorOnly') },
        evidence: signatureEvidence(facts),
        steps: selectionCheck,
        needs: view.connector ? needs : [...needs, connectorNeed],
        data: { connector: connectorName(view) ?? null, fqdn: view.fqdn ?? null },
      };
    }
    const evidence = [...signatureEvidence(facts), ...certificateEvidence(view.candidates), ...organisationEvidence(org, found.kind === 'pin' ? found.trusted.cert.thumbprint : undefined)];
    if (found.kind === 'pin') {
      const { trusted, alreadyPinned, signature } = found;
      const untrusted = view.untrustedCerts;
      const thumbprints = { untrusted: untrusted.map((c) => c.cert.thumbprint).join(', '), trusted: trusted.cert.thumbprint };
      const verifySteps: RuleStep[] = [
        { kind: 'verify', title: { key: key('step.verifyPin') }, command: commands.sendConnectorTlsNames() },
        ...queueFollowUp(org).steps,
        ...(view.fqdn
          ? [{ kind: 'verify' as const, title: { key: key('step.verifySelected'), params: { fqdn: view.fqdn } }, command: commands.certificatesForDomain(view.fqdn) }]
          : []),
        ...verifyBySendLog(org, connectorName(view)).steps,
      ];
      const pin = pinSteps(org, view, trusted, key('step.pin'));
      return {
        params: thumbprints,
        summary: { key: key(alreadyPinned ? 'summary.alreadyPinned' : signature ? 'summary.named' : 'summary.latent'), params: thumbprints },
        evidence,
        steps: [
          ...selectionCheck,
          ...pin.steps,
          { kind: 'fix', title: { key: key('step.additiveNote') } },
          ...removalSteps(org, untrusted, key('step.removeOptional')),
          { kind: 'fix', title: { key: key('step.hcw') } },
          ...verifySteps,
          ...supportNotes(org).steps,
        ],
        // No connector pasted: ask for it (never pipe every CloudServicesMailEnabled connector).
        needs: view.connector ? pin.needs : [connectorNeed, ...pin.needs.filter((n) => n.what.key !== 'runbook.need.sendConnector')],
        data: {
          untrustedThumbprints: untrusted.map((c) => c.cert.thumbprint),
          trustedThumbprint: trusted.cert.thumbprint,
          connector: connectorName(view) ?? null,
          fqdn: view.fqdn ?? null,
        },
      };
    }
    if (found.kind === 'doesNotFit') {
      return {
        summary: { key: key('summary.doesNotFit'), params: { count: view.publicCerts.length } },
        evidence,
        steps: [
          ...selectionCheck,
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
    const undecided = [...view.unknownCerts, ...view.untrustedCerts];
    return {
      summary: { key: key('summary.candidates'), params: { candidates: undecided.map((c) => c.cert.thumbprint).join(', ') } },
      evidence,
      steps: selectionCheck,
      needs: [
        ...undecided.map((c) => ({
          what: { key: key('need.decidingFields'), params: { thumbprint: c.cert.thumbprint } },
          command: commands.certificate(c.cert.thumbprint),
        })),
        ...(view.connector ? [] : [connectorNeed]),
      ],
      data: { candidateThumbprints: undecided.map((c) => c.cert.thumbprint) },
    };
  },
});
