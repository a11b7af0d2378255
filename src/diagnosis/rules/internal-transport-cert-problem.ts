// The internal transport certificate (AD msExchServerInternalTLSCert, used for TLS between
// Exchange servers) cannot be read from Active Directory (12012), is not in the local store
// (12013), or has been replaced by an ephemeral one (12024). The fix is a new one; never remove it.
import { commands } from '../commands';
import { eventsWithId } from '../facts';
import type { Facts, Rule } from '../rule';
import { joinedText, serverOf, shortServerName } from '../receiveSide';
import type { Evidence, RuleFinding, RuleStep } from '../types';

const ID = 'internal-transport-cert-problem';
const key = (name: string): string => `finding.${ID}.${name}`;

const E12012 = /internal transport certificate that is used for SMTP authentication by Microsoft Exchange could not be read from Active Directory/i;
const E12013 = /could not load the certificate with thumbprint of ([0-9A-Fa-f]{40}) from the personal store/i;
const E12024 = /ephemeral, self-signed certificate with thumbprint ([0-9A-Fa-f]{40}) is being used/i;
const INTERNAL_THUMBPRINT = /^ *InternalTransportCertificateThumbprint *: *([0-9A-Fa-f]{40}) *$/im;
const TRANSPORT_SERVICE_NAME = /^ *Name *: *(\S{1,63}) *\n *InternalTransportCertificateThumbprint *:/im;

export const patterns: RegExp[] = [E12012, E12013, E12024, INTERNAL_THUMBPRINT, TRANSPORT_SERVICE_NAME];

type Kind = 'unreadable' | 'missing' | 'ephemeral' | 'configured-missing';

function detect(facts: Facts): { kind: Kind; thumbprint?: string; ephemeral?: string; evidence: Evidence[]; strength: number } | undefined {
  const text = joinedText(facts);
  const configured = INTERNAL_THUMBPRINT.exec(facts.text)?.[1]?.toUpperCase();
  const certs = facts.extracted.certificates;
  const configuredMissing = !!configured && certs.length > 0 && !certs.some((c) => c.thumbprint.toUpperCase() === configured);
  const ephemeral = E12024.exec(text);
  const missing = E12013.exec(text);
  if (ephemeral || missing) {
    const thumbprint = (missing?.[1] ?? configured)?.toUpperCase();
    const corroborated = configuredMissing || (!!thumbprint && certs.length > 0 && !certs.some((c) => c.thumbprint.toUpperCase() === thumbprint));
    return {
      kind: ephemeral ? 'ephemeral' : 'missing',
      ...(thumbprint ? { thumbprint } : {}),
      ...(ephemeral ? { ephemeral: ephemeral[1]!.toUpperCase() } : {}),
      evidence: [{ source: 'event', text: `Event ${ephemeral ? 12024 : 12013}: ${(ephemeral ?? missing)![0]}` }],
      strength: corroborated ? 0.95 : 0.88,
    };
  }
  if (E12012.test(text)) {
    return { kind: 'unreadable', ...(configured ? { thumbprint: configured } : {}), evidence: [{ source: 'event', text: `Event 12012: ${E12012.exec(text)![0]}` }], strength: 0.88 };
  }
  if (configuredMissing) {
    return {
      kind: 'configured-missing',
      thumbprint: configured!,
      evidence: [{ source: 'log', text: `InternalTransportCertificateThumbprint : ${configured}` }],
      strength: 0.7,
    };
  }
  return undefined;
}

export const rule: Rule = {
  id: ID,
  title: 'The internal transport certificate is missing or unreadable',
  severity: 'error',
  sources: [
    'https://learn.microsoft.com/exchange/mail-flow/mail-routing/outbound-anonymous-tls-certificates-selection',
    'https://technet.microsoft.com/en-us/library/ff985435(v=exchg.141)',
    'https://technet.microsoft.com/en-us/library/ff983190(v=exchg.141)',
    'https://microsoft.github.io/CSS-Exchange/Diagnostics/HealthChecker/InternalTransportCertificateCheck/',
  ],
  check(facts): RuleFinding | null {
    const found = detect(facts);
    if (!found) return null;
    const server =
      TRANSPORT_SERVICE_NAME.exec(facts.text)?.[1] ??
      shortServerName(eventsWithId(facts, 12012, 12013, 12024).find((e) => e.computer)?.computer) ??
      serverOf(facts);
    const steps: RuleStep[] = [
      { kind: 'check', title: { key: key('step.showConfigured') }, command: commands.internalTransportCertificate(server) },
    ];
    if (found.thumbprint) {
      steps.push({
        kind: 'check',
        title: { key: key('step.lookInStore'), params: { thumbprint: found.thumbprint } },
        command: commands.certificate(found.thumbprint),
      });
    }
    steps.push({ kind: 'fix', title: { key: key('step.create') }, command: commands.newInternalTransportCertificate(server) });
    steps.push({ kind: 'fix', title: { key: key('step.neverRemove') } });
    steps.push({ kind: 'verify', title: { key: key('step.verify') }, command: commands.internalTransportCertificate(server) });
    steps.push({ kind: 'verify', title: { key: key('step.verifyEvents') }, command: commands.transportEventsById([12012, 12013, 12024]) });
    return {
      id: ID,
      confidence: found.strength,
      params: { thumbprint: found.thumbprint ?? '', server: server ?? '' },
      summary: { key: key(`summary.${found.kind}`), params: { thumbprint: found.thumbprint ?? '', ephemeral: found.ephemeral ?? '', server: server ?? '' } },
      evidence: found.evidence.map((e) => ({ ...e, text: e.text.slice(0, 500) })),
      steps,
      needs: [],
      data: { kind: found.kind, thumbprint: found.thumbprint ?? null, ephemeralThumbprint: found.ephemeral ?? null, server: server ?? null },
    };
  },
};
