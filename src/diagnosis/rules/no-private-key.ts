// KB 4495258: `TLS negotiation failed with error NoCredentials` in the send protocol log while
// the queue reads like a connectivity failure (`421 4.4.1 Connection timed out`). The
// certificate Exchange must present has no usable private key.
import { psString, psThumbprint } from '../commands';
import { certificateOf, organisationEvidence, organisationOf, shortName, transportServers, type Organisation } from '../organisation';
import { queueFollowUp, takesEffect, verifyBySendLog, RUNBOOK_KEYS } from '../steps';
import { classify } from '../certificates';
import { commands } from '../commands';
import { defineRule, graded, precomputed, type Advice, type Detection, type Grade } from '../defineRule';
import { firstLineMatching, responsesWith } from '../facts';
import type { Facts } from '../rule';
import { certificateByThumbprint, eventComputer, hasTlsError, pinnedSendConnector, presentedCertificate, splitTlsCertificateName, certificatesNamedBy } from '../sendSide';
import type { Evidence, ExchangeCertificate, RuleNeed, RuleStep } from '../types';

const ID = 'no-private-key';
const key = (name: string): string => `finding.${ID}.${name}`;
const NO_CREDENTIALS_LINE = /NoCredentials/i;
const CONNECTIVITY_LOOK = /421 4\.4\.1|421 4\.2\.1|Connection timed out|Unable to connect|451 4\.4\.395|接続がタイムアウト/i;

/** The certificate the failure is about: the one logged, else the pinned one, else the SMTP one without a key. */
function suspect(facts: Facts): { thumbprint?: string; cert?: ExchangeCertificate; from: string } {
  const logged = presentedCertificate(facts, 'NoCredentials');
  if (logged?.thumbprint) return { thumbprint: logged.thumbprint, cert: certificateByThumbprint(facts, logged.thumbprint), from: 'protocol-log' };
  const pinned = splitTlsCertificateName(pinnedSendConnector(facts)?.tlsCertificateName);
  const named = pinned ? certificatesNamedBy(facts, pinned) : [];
  const namedWithoutKey = named.find((c) => c.hasPrivateKey === false) ?? (named.length === 1 ? named[0] : undefined);
  if (namedWithoutKey) return { thumbprint: namedWithoutKey.thumbprint, cert: namedWithoutKey, from: 'connector' };
  const withoutKey = facts.extracted.certificates.filter((c) => c.hasPrivateKey === false);
  const smtpWithoutKey = withoutKey.find((c) => c.services.includes('SMTP')) ?? (withoutKey.length === 1 ? withoutKey[0] : undefined);
  if (smtpWithoutKey) return { thumbprint: smtpWithoutKey.thumbprint, cert: smtpWithoutKey, from: 'certificate-list' };
  return { from: 'none' };
}

function usedForHybrid(found: { cert?: ExchangeCertificate; from: string }): boolean {
  if (!found.cert || found.cert.hasPrivateKey !== false) return false;
  return found.from === 'connector' || (found.cert.services.includes('SMTP') && classify(found.cert).trust === 'public');
}

function gradeOf(signature: boolean, keyMissingShown: boolean, looksLikeConnectivity: boolean, notFoundPasted: boolean, usedForHybrid: boolean): Grade {
  if (signature && keyMissingShown) return ['corroborated', 3];
  if (signature) return notFoundPasted ? ['latent', 2] : looksLikeConnectivity ? ['named', 2] : ['named', 1];
  if (keyMissingShown && looksLikeConnectivity) return ['latent', 3];
  // A key-less public SMTP certificate (or the pinned one) cannot be presented at all.
  return usedForHybrid ? ['latent', 2] : ['looks-resolved', 3];
}

function evidenceOf(facts: Facts, cert: ExchangeCertificate | undefined): Evidence[] {
  const evidence: Evidence[] = [];
  const tlsLine = firstLineMatching(facts, NO_CREDENTIALS_LINE);
  if (tlsLine) evidence.push({ source: 'log', text: tlsLine });
  const queueLine = firstLineMatching(facts, CONNECTIVITY_LOOK);
  if (queueLine) evidence.push({ source: 'queue', text: queueLine });
  if (cert && cert.hasPrivateKey !== undefined) {
    evidence.push({ source: 'certificate', text: `Thumbprint ${cert.thumbprint} · HasPrivateKey ${cert.hasPrivateKey ? 'True' : 'False'} · Services ${cert.services.join(', ') || 'None'}` });
  }
  return evidence;
}

function stepsFor(org: Organisation, thumbprint: string | undefined, server: string | undefined, services: string[]): { steps: RuleStep[]; needs: RuleNeed[] } {
  if (!thumbprint) {
    return { steps: [{ kind: 'check', title: { key: key('step.checkAll') }, command: commands.privateKeyCheckAll() }], needs: [] };
  }
  const holders = certificateOf(org, thumbprint)?.servers ?? [];
  const target = server ?? (holders.length === 1 ? holders[0] : undefined);
  const exchange = transportServers(org).filter((s) => s.role !== 'edge').map((s) => s.name);
  if (!target && exchange.length > 1) {
    // Several source servers and the paste does not say which one holds the key-less copy: find it first.
    return {
      steps: exchange.map((name) => ({
        kind: 'check' as const,
        title: { key: 'runbook.step.keyOn', params: { thumbprint, server: name } },
        command: `Get-ExchangeCertificate -Server ${psString(name)} -Thumbprint ${psThumbprint(thumbprint)} | fl Thumbprint,HasPrivateKey,Services,Subject,Issuer`,
      })),
      needs: [{ what: { key: 'runbook.need.keylessServer', params: { servers: exchange.join(', ') } }, command: commands.sendLogStatus(undefined) }],
    };
  }
  return {
    steps: [
      { kind: 'check', title: { key: key('step.check'), params: { thumbprint } }, command: commands.privateKeyCheck(thumbprint) },
      { kind: 'fix', title: { key: key('step.removeCopy'), params: { thumbprint } }, command: commands.removeFromPersonalStore(thumbprint) },
      { kind: 'fix', title: target ? { key: key('step.reimport'), params: { thumbprint, server: target } } : { key: key('step.reimportHere'), params: { thumbprint } }, command: commands.importPfxWithKey(target) },
      // The re-imported certificate starts with no services: give back the ones the list showed.
      { kind: 'fix', title: { key: key('step.enableSmtp'), params: { thumbprint } }, command: commands.enableSmtp(thumbprint, services, target) },
      ...takesEffect(org, 'send').steps.filter((s) => !target || s.title.params?.server === undefined || s.title.params.server === shortName(target)),
      { kind: 'verify', title: { key: key('step.verifyKey'), params: { thumbprint } }, command: commands.privateKeyCheck(thumbprint) },
      ...queueFollowUp(org).steps,
      ...verifyBySendLog(org, org.hybridSendConnector).steps,
    ],
    needs: [],
  };
}

function needsFor(facts: Facts, thumbprint: string | undefined, connector: string | undefined, signature: boolean): RuleNeed[] {
  const needs: RuleNeed[] = [];
  if (!thumbprint || !signature) {
    needs.push({ what: { key: key('need.sendLog') }, command: commands.sendLogCertificateRows() });
    needs.push({ what: { key: key('need.verbose') }, command: commands.verboseSendLogging(connector) });
  }
  if (facts.extracted.certificates.length === 0) needs.push({ what: { key: key('need.certificates') }, command: commands.listCertificates() });
  return needs;
}

export const rule = defineRule({
  meta: {
    sharedKeys: RUNBOOK_KEYS,
    id: ID,
    title: 'The certificate Exchange presents has no usable private key',
    severity: 'error',
    sources: ['https://learn.microsoft.com/exchange/troubleshoot/mailflow/tls-negotiation-failed-with-error-nocredentials-error'],
    identifiers: { smtpCodes: ['421', '4.4.1'], words: ['NoCredentials'] },
    keys: [
      'need.certificates',
      'need.sendLog',
      'need.verbose',
      'step.check',
      'step.checkAll',
      'step.enableSmtp',
      'step.reimport',
      'step.reimportHere',
      'step.removeCopy',
      'step.retry',
      'step.verifyKey',
      'summary.latent',
      'summary.named',
      'summary.unnamed',
    ],
  },
  advise: precomputed,
  detect(facts): Detection<Advice> | null {
    const signature = hasTlsError(facts, 'NoCredentials');
    if (!signature && !facts.extracted.certificates.some((c) => c.hasPrivateKey === false)) return null;
    const found = suspect(facts);
    const keyMissingShown = found.cert?.hasPrivateKey === false;
    if (!signature && !(keyMissingShown && (found.cert?.services.includes('SMTP') || found.from === 'connector'))) return null;
    const looksLikeConnectivity = CONNECTIVITY_LOOK.test(facts.text);
    const notFoundPasted = responsesWith(facts, 454, '4.7.5').length > 0 || /TlsCertificateName of the Send ?Connector could not be found/i.test(facts.text);
    const connector = pinnedSendConnector(facts);
    const connectorName = connector?.name ?? connector?.identity;
    const server = eventComputer(facts) ?? (connector?.sourceTransportServers?.length === 1 ? connector.sourceTransportServers[0] : undefined);
    const { thumbprint } = found;
    const org = organisationOf(facts);
    const runbook = stepsFor(org, thumbprint, server, found.cert?.services ?? []);
    return graded<Advice>(gradeOf(signature, keyMissingShown, looksLikeConnectivity, notFoundPasted, usedForHybrid(found)), {
      params: { thumbprint: thumbprint ?? '-' },
      summary: { key: key(thumbprint ? (signature ? 'summary.named' : 'summary.latent') : 'summary.unnamed'), params: { thumbprint: thumbprint ?? '-' } },
      evidence: [...evidenceOf(facts, found.cert), ...organisationEvidence(org, thumbprint)],
      steps: runbook.steps,
      needs: [...needsFor(facts, thumbprint, connectorName, signature), ...runbook.needs],
      data: { thumbprint: thumbprint ?? null, foundIn: found.from, server: server ?? null, hasPrivateKey: found.cert?.hasPrivateKey ?? null },
    });
  },
});
