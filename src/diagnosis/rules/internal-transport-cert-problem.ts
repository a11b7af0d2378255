// The internal transport certificate (AD msExchServerInternalTLSCert, used for TLS between
// Exchange servers) cannot be read from Active Directory (12012), is not in the local store
// (12013), or has been replaced by an ephemeral one (12024). The fix is a new one; never remove it.
import { commands } from '../commands';
import { defineRule, graded, precomputed, type Advice, type Detection, type Grade } from '../defineRule';
import { eventsWithId } from '../facts';
import type { Facts } from '../rule';
import { findBetween, joinedText, serverOf, shortServerName } from '../receiveSide';
import type { Evidence, RuleStep } from '../types';

const ID = 'internal-transport-cert-problem';
const key = (name: string): string => `finding.${ID}.${name}`;

// Exchange's event texts and Get-TransportService's property name, found as literal text.
const E12012 = 'internal transport certificate that is used for SMTP authentication by Microsoft Exchange could not be read from Active Directory';
const E12013 = { start: 'could not load the certificate with thumbprint of ', end: ' from the personal store' };
const E12024 = { start: 'ephemeral, self-signed certificate with thumbprint ', end: ' is being used' };
const HEX = /^[0-9A-Fa-f]+$/;

export const patterns: RegExp[] = [HEX];

/** A thumbprint is 40 hex digits; anything else is not one. */
function hex40(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed && trimmed.length === 40 && HEX.test(trimmed) ? trimmed.toUpperCase() : undefined;
}

/** `Get-TransportService | fl Name,InternalTransportCertificateThumbprint`: the first server and its thumbprint. */
function transportService(text: string): { server?: string; thumbprint?: string } {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line.startsWith('InternalTransportCertificateThumbprint')) continue;
    const thumbprint = hex40(line.slice(line.indexOf(':') + 1));
    const previous = (lines[i - 1] ?? '').trim();
    const server = previous.startsWith('Name') && previous.includes(':') ? previous.slice(previous.indexOf(':') + 1).trim().slice(0, 63) : undefined;
    return { ...(server ? { server } : {}), ...(thumbprint ? { thumbprint } : {}) };
  }
  return {};
}

type Kind = 'unreadable' | 'missing' | 'ephemeral' | 'configured-missing' | 'replaced';

function detect(facts: Facts): { kind: Kind; thumbprint?: string; ephemeral?: string; evidence: Evidence[]; strength: Grade } | undefined {
  const text = joinedText(facts);
  const configured = transportService(facts.text).thumbprint;
  const certs = facts.extracted.certificates;
  const configuredMissing = !!configured && certs.length > 0 && !certs.some((c) => c.thumbprint.toUpperCase() === configured);
  const ephemeral = hex40(findBetween(text, E12024.start, E12024.end, 60)[0]?.value);
  const missing = hex40(findBetween(text, E12013.start, E12013.end, 60)[0]?.value);
  if (ephemeral || missing) {
    // Get-TransportService now names another certificate, and it is in the list: replaced since.
    if (configured && configured !== missing && certs.some((c) => c.thumbprint.toUpperCase() === configured)) {
      return {
        kind: 'replaced',
        thumbprint: configured,
        evidence: [{ source: 'log', text: `InternalTransportCertificateThumbprint : ${configured}` }],
        strength: ['looks-resolved', 2],
      };
    }
    const thumbprint = missing ?? configured;
    const corroborated = configuredMissing || (!!thumbprint && certs.length > 0 && !certs.some((c) => c.thumbprint.toUpperCase() === thumbprint));
    const id = ephemeral ? 12024 : 12013;
    return {
      kind: ephemeral ? 'ephemeral' : 'missing',
      ...(thumbprint ? { thumbprint } : {}),
      ...(ephemeral ? { ephemeral } : {}),
      evidence: [{ source: 'event', text: `Event ${id}: ${ephemeral ? `${E12024.start}${ephemeral}${E12024.end}` : `${E12013.start}${missing}${E12013.end}`}` }],
      strength: corroborated ? ['corroborated', 3] : ['named', 3],
    };
  }
  if (text.includes(E12012)) {
    if (configured && certs.some((c) => c.thumbprint.toUpperCase() === configured)) {
      return { kind: 'replaced', thumbprint: configured, evidence: [{ source: 'log', text: `InternalTransportCertificateThumbprint : ${configured}` }], strength: ['looks-resolved', 2] };
    }
    return { kind: 'unreadable', ...(configured ? { thumbprint: configured } : {}), evidence: [{ source: 'event', text: `Event 12012: The ${E12012}` }], strength: ['named', 3] };
  }
  if (configuredMissing) {
    return {
      kind: 'configured-missing',
      thumbprint: configured!,
      evidence: [{ source: 'log', text: `InternalTransportCertificateThumbprint : ${configured}` }],
      strength: ['latent', 3],
    };
  }
  return undefined;
}

export const rule = defineRule({
  meta: {
    id: ID,
    title: 'The internal transport certificate is missing or unreadable',
    severity: 'error',
    sources: [
      'https://learn.microsoft.com/exchange/mail-flow/mail-routing/outbound-anonymous-tls-certificates-selection',
      'https://technet.microsoft.com/en-us/library/ff985435(v=exchg.141)',
      'https://technet.microsoft.com/en-us/library/ff983190(v=exchg.141)',
      'https://microsoft.github.io/CSS-Exchange/Diagnostics/HealthChecker/InternalTransportCertificateCheck/',
    ],
    identifiers: { events: [12012, 12013, 12024] },
    keys: [
      'step.create',
      'step.lookInStore',
      'step.neverRemove',
      'step.showConfigured',
      'step.verify',
      'step.verifyEvents',
      'summary.configured-missing',
      'summary.ephemeral',
      'summary.missing',
      'summary.replaced',
      'summary.unreadable',
    ],
  },
  advise: precomputed,
  detect(facts): Detection<Advice> | null {
    const found = detect(facts);
    if (!found) return null;
    const server =
      transportService(facts.text).server ??
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
    return graded<Advice>(found.strength, {
      params: { thumbprint: found.thumbprint ?? '', server: server ?? '' },
      summary: { key: key(`summary.${found.kind}`), params: { thumbprint: found.thumbprint ?? '', ephemeral: found.ephemeral ?? '', server: server ?? '' } },
      evidence: found.evidence.map((e) => ({ ...e, text: e.text.slice(0, 500) })),
      steps,
      needs: [],
      data: { kind: found.kind, thumbprint: found.thumbprint ?? null, ephemeralThumbprint: found.ephemeral ?? null, server: server ?? null },
    });
  },
});
