// KB 2989382: a receive connector's TlsCertificateName (`<I>issuer<S>subject`) still names a
// certificate that is gone (renewed, removed), so Exchange logs event 12014 and stops offering
// STARTTLS; Exchange Online, which requires TLS, then defers mail (451 5.7.3 STARTTLS is required).
import { commonName } from '../certificates';
import { commands } from '../commands';
import { defineRule, graded, precomputed, type Advice, type Detection, type Grade } from '../defineRule';
import type { Facts } from '../rule';
import { certificateMatchesTlsName, splitTlsCertificateName, type TlsCertificateNameParts } from '../tlsCertificateName';
import {
  connectorIdentity,
  defaultFrontendIdentity,
  identityOf,
  linesMatching,
  missingCertificateEvents,
  replacementFor,
  serverOf,
} from '../receiveSide';
import type { Evidence, ReceiveConnector, RuleNeed, RuleStep } from '../types';

const ID = 'receive-connector-tlscertname-stale';
const key = (name: string): string => `finding.${ID}.${name}`;
const STARTTLS_REQUIRED = /STARTTLS is required to send mail|4\.4\.101 Proxy session setup failed/i;

export const patterns: RegExp[] = [STARTTLS_REQUIRED];

interface Stale {
  tlsName: string;
  parsed?: TlsCertificateNameParts;
  connector?: ReceiveConnector;
  connectorName?: string;
  computer?: string;
  evidence: Evidence[];
  fromEvent: boolean;
}

function staleFromEvents(facts: Facts): Stale[] {
  return missingCertificateEvents(facts)
    .filter((e) => e.kind === 'tls-name' || e.kind === 'unknown')
    .map((e) => {
      const parsed = splitTlsCertificateName(e.name);
      const connector = facts.extracted.receiveConnectors.find(
        (c) => parsed && c.tlsCertificateName && splitTlsCertificateName(c.tlsCertificateName) &&
          c.tlsCertificateName.replace(/\s+/g, '').toLowerCase() === e.name.replace(/\s+/g, '').toLowerCase(),
      );
      return {
        tlsName: e.name,
        ...(parsed ? { parsed } : {}),
        ...(connector ? { connector } : {}),
        ...(e.connector ? { connectorName: e.connector } : {}),
        ...(e.computer ? { computer: e.computer } : {}),
        evidence: [{ source: 'event' as const, text: `Event 12014: ${e.line}`.slice(0, 500) }],
        fromEvent: true,
      };
    });
}

/** Receive connectors pinned to a certificate the pasted list (with issuers) does not contain. */
function staleFromConnectors(facts: Facts): Stale[] {
  const certs = facts.extracted.certificates;
  if (!certs.some((c) => c.issuer && c.subject)) return [];
  return facts.extracted.receiveConnectors.flatMap((connector) => {
    const parsed = splitTlsCertificateName(connector.tlsCertificateName);
    if (!parsed || certs.some((cert) => certificateMatchesTlsName(cert, parsed))) return [];
    return [{
      tlsName: connector.tlsCertificateName!,
      parsed,
      connector,
      evidence: [{ source: 'connector' as const, text: `${identityOf(connector) ?? connector.name ?? ''} TlsCertificateName ${connector.tlsCertificateName}`.trim().slice(0, 500) }],
      fromEvent: false,
    }];
  });
}

function gradeOf(stale: Stale, facts: Facts, starttlsRequired: boolean, stillPresent: boolean): Grade {
  if (stillPresent) return ['latent', 2];
  // A 12014 whose domain name the paste lost: most likely an `<I>…<S>…` value a page ate as HTML
  // (a plain host name survives), but the connectors decide.
  if (!stale.tlsName) return stale.connector ? ['named', 1] : ['latent', 2];
  if (stale.fromEvent) return stale.connector || facts.extracted.certificates.length > 0 || starttlsRequired ? ['corroborated', 2] : ['named', 2];
  if (missingCertificateEvents(facts).length > 0) return ['corroborated', 1];
  return starttlsRequired ? ['named', 3] : ['latent', 2];
}

/**
 * The connector the event is about, as pasted now, no longer names the missing certificate: it
 * names one in the list, or nothing (cleared, as KB 2989382 does). The event is then history, as
 * when a verification pastes the connector again after the fix.
 */
function repinnedSince(stale: Stale, facts: Facts): boolean {
  if (!stale.fromEvent || stale.connector || !stale.tlsName) return false;
  const wanted = (stale.connectorName ?? '').toLowerCase();
  const now = facts.extracted.receiveConnectors.find((c) =>
    wanted ? (c.name ?? '').toLowerCase() === wanted || (identityOf(c) ?? '').toLowerCase().endsWith(`\\${wanted}`) : /^Default Frontend /i.test(c.name ?? ''),
  );
  if (!now) return false;
  const name = splitTlsCertificateName(now.tlsCertificateName);
  if (!now.tlsCertificateName) return true;
  return !!name && facts.extracted.certificates.some((cert) => certificateMatchesTlsName(cert, name));
}

export const rule = defineRule({
  meta: {
    id: ID,
    title: 'Receive connector TlsCertificateName names a certificate that is gone',
    severity: 'error',
    sources: [
      'https://learn.microsoft.com/exchange/troubleshoot/email-delivery/cannot-receive-mail-with-new-certificate',
      'https://learn.microsoft.com/exchange/mail-flow/mail-routing/inbound-starttls-certificates-selection',
      'https://learn.microsoft.com/powershell/module/exchangepowershell/set-receiveconnector',
    ],
    identifiers: { events: [12014], smtpCodes: ['451', '5.7.3'], words: ['STARTTLS is required to send mail'] },
    keys: [
      'need.certificates',
      'need.connector',
      'step.clear',
      'step.enableSmtp',
      'step.hcw',
      'step.pin',
      'step.showConnector',
      'step.stillPresent',
      'step.verifyEvents',
      'step.verifyStarttls',
      'summary.nameLost',
      'summary.noConnector',
      'summary.repinned',
      'summary.stillPresent',
    ],
  },
  advise: precomputed,
  detect(facts): Detection<Advice> | null {
    const fromEvents = staleFromEvents(facts);
    const stale = fromEvents.find((e) => e.tlsName) ?? staleFromConnectors(facts)[0] ?? fromEvents[0];
    if (!stale) return null;

    const starttlsLines = linesMatching(facts, STARTTLS_REQUIRED);
    const stillPresent = !!stale.parsed && facts.extracted.certificates.some((c) => certificateMatchesTlsName(c, stale.parsed!));
    const connectorName = stale.connector?.name ?? stale.connectorName;
    const server = stale.connector?.server ?? serverOf(facts, connectorName);
    const identity = (stale.connector && identityOf(stale.connector)) ?? connectorIdentity(connectorName, server) ??
      (server && !connectorName ? defaultFrontendIdentity(server) : undefined);
    const wantedName = commonName(stale.parsed?.subject);
    const replacement = replacementFor(facts, wantedName ? [wantedName] : []);

    const steps: RuleStep[] = [];
    const needs: RuleNeed[] = [];
    if (identity) steps.push({ kind: 'check', title: { key: key('step.showConnector') }, command: commands.receiveConnectorTls(identity) });
    if (stillPresent) {
      steps.push({ kind: 'check', title: { key: key('step.stillPresent') }, command: server ? commands.listCertificatesOnServer(server) : commands.listCertificates() });
    }
    if (replacement) {
      const { thumbprint, issuer, subject, services } = replacement.cert;
      if (!replacement.smtp) {
        steps.push({ kind: 'fix', title: { key: key('step.enableSmtp'), params: { thumbprint } }, command: commands.enableSmtp(thumbprint, services) });
      }
      if (identity) {
        steps.push({
          kind: 'fix',
          title: { key: key('step.pin'), params: { thumbprint, connector: identity } },
          command: issuer && subject ? commands.pinReceiveConnector(identity, issuer, subject) : commands.pinReceiveConnectorByThumbprint(identity, thumbprint),
        });
      }
    } else {
      needs.push({ what: { key: key('need.certificates') }, command: server ? commands.listCertificatesOnServer(server) : commands.listCertificates() });
      if (identity) steps.push({ kind: 'fix', title: { key: key('step.clear'), params: { connector: identity } }, command: commands.clearReceiveConnectorTlsName(identity) });
    }
    if (!identity || !stale.tlsName) needs.push({ what: { key: key('need.connector') }, command: commands.receiveConnectorsTls(server) });
    steps.push({ kind: 'fix', title: { key: key('step.hcw') } });
    steps.push({ kind: 'verify', title: { key: key('step.verifyEvents') }, command: commands.transportEventsById([12014]) });
    steps.push({ kind: 'verify', title: { key: key('step.verifyStarttls') } });

    const repinned = repinnedSince(stale, facts);
    return graded<Advice>(repinned ? ['looks-resolved', 2] : gradeOf(stale, facts, starttlsLines.length > 0, stillPresent), {
      params: { tlsName: stale.tlsName, connector: identity ?? connectorName ?? '?' },
      ...(stillPresent ? { summary: { key: key('summary.stillPresent'), params: { tlsName: stale.tlsName } } } : {}),
      ...(!stale.tlsName ? { summary: { key: key('summary.nameLost') } } : {}),
      ...(stale.tlsName && !stillPresent && !(identity ?? connectorName) ? { summary: { key: key('summary.noConnector'), params: { tlsName: stale.tlsName } } } : {}),
      ...(repinned ? { summary: { key: key('summary.repinned'), params: { tlsName: stale.tlsName, connector: identity ?? connectorName ?? '' } } } : {}),
      evidence: [...stale.evidence, ...starttlsLines.slice(0, 2).map((text) => ({ source: 'smtp' as const, text }))],
      steps,
      needs,
      data: {
        tlsCertificateName: stale.tlsName || null,
        connector: identity ?? null,
        replacementThumbprint: replacement?.cert.thumbprint ?? null,
        repinned,
      },
    });
  },
});
