// Shared step builders (issue 13 §2): every rule writes its runbook from the organisation model
// through these, so names, servers, versions, Edge, queues and "when it takes effect" are handled
// once. Each returns ordinary RuleSteps / RuleNeeds (message keys under `runbook.`); commands are
// quoted by commands.ts. A builder that lacks a value it needs returns a need, never a hollow step.
import { keys } from '../../i18n';
import { commands, psString, psThumbprint, tlsCertificateName } from '../commands';
import {
  endOfSupport,
  hasEdge,
  isInternalName,
  namesForRequest,
  onlyExchange2010,
  transportServers,
  type OrgCertificate,
  type Organisation,
  type OrgServer,
} from '../organisation';
import type { ExchangeCertificate, RuleNeed, RuleStep } from '../types';

const key = (name: string): string => `runbook.${name}`;

export interface Runbook {
  steps: RuleStep[];
  needs: RuleNeed[];
}

const empty = (): Runbook => ({ steps: [], needs: [] });

function join(...parts: Runbook[]): Runbook {
  return { steps: parts.flatMap((p) => p.steps), needs: parts.flatMap((p) => p.needs) };
}

/** Several servers known: per-server commands carry -Server. */
function serverFor(org: Organisation, server: OrgServer | undefined): string | undefined {
  return server && org.servers.length > 1 ? server.name : undefined;
}

// ---------------------------------------------------------------- the certificate to pin

export type PinTarget =
  | { issuer: string; subject: string; thumbprint?: string }
  | { thumbprint: string };

function pinValue(target: PinTarget): { literal?: string; thumbprint?: string } {
  if ('issuer' in target) return { literal: tlsCertificateName(target.issuer, target.subject) };
  return { thumbprint: target.thumbprint };
}

export function targetOf(cert: ExchangeCertificate): PinTarget {
  return cert.issuer && cert.subject ? { issuer: cert.issuer, subject: cert.subject, thumbprint: cert.thumbprint } : { thumbprint: cert.thumbprint };
}

const SEND_CONNECTOR_FIELDS = 'Name,TlsCertificateName,Fqdn,RequireTLS,TlsAuthLevel,TlsDomain,SmartHosts,CloudServicesMailEnabled,SourceTransportServers';

// ---------------------------------------------------------------- send side

/**
 * Pin the hybrid send connector to one certificate (KB 2888788, send direction). Exchange 2010 has
 * no TlsCertificateName: there the Hybrid Configuration carries the thumbprint. With an Edge in
 * the path the change is made inside the organisation and replicated by EdgeSync.
 */
export function pinSendConnector(org: Organisation, target: PinTarget, connector = org.hybridSendConnector): Runbook {
  const { literal, thumbprint } = pinValue(target);
  if (onlyExchange2010(org)) {
    const thumb = thumbprint ?? ('thumbprint' in target ? target.thumbprint : undefined);
    if (!thumb) return { steps: [], needs: [{ what: { key: key('need.thumbprint2010') }, command: commands.hybridCertificateCandidates() }] };
    return {
      steps: [
        { kind: 'fix', title: { key: key('step.secureMail2010'), params: { thumbprint: thumb } }, command: `Set-HybridConfiguration -SecureMailCertificateThumbprint ${psThumbprint(thumb)}` },
        { kind: 'fix', title: { key: key('step.hcw') } },
      ],
      needs: [],
    };
  }
  if (!connector) {
    return { steps: [], needs: [{ what: { key: key('need.sendConnector') }, command: `Get-SendConnector | fl ${SEND_CONNECTOR_FIELDS}` }] };
  }
  const command = literal
    ? `Set-SendConnector -Identity ${psString(connector)} -TlsCertificateName ${psString(literal)}`
    : `$c = Get-ExchangeCertificate -Thumbprint ${psThumbprint(thumbprint!)}${serverOption(org, firstHolder(org, thumbprint!))}; Set-SendConnector -Identity ${psString(connector)} -TlsCertificateName "<I>$($c.Issuer)<S>$($c.Subject)"`;
  return join(
    { steps: [{ kind: 'fix', title: { key: key('step.pinSend'), params: { connector } }, command }], needs: [] },
    edgeSync(org),
    takesEffect(org, 'send'),
  );
}

function serverOption(org: Organisation, server: string | undefined): string {
  return server && org.servers.length > 1 ? ` -Server ${psString(server)}` : '';
}

function firstHolder(org: Organisation, thumbprint: string): string | undefined {
  return org.certificates.find((c) => c.thumbprint === thumbprint.toUpperCase())?.servers[0];
}

/** With an Edge in the path: replicate the connector change now (run on a Mailbox server). */
export function edgeSync(org: Organisation): Runbook {
  if (!hasEdge(org)) return empty();
  return { steps: [{ kind: 'fix', title: { key: key('step.edgeSync') }, command: 'Start-EdgeSynchronization' }], needs: [] };
}

/** When a connector change applies: at the next configuration reload, or now with a restart per server, off-hours. */
export function takesEffect(org: Organisation, side: 'send' | 'receive'): Runbook {
  const service = side === 'send' ? 'MSExchangeTransport' : 'MSExchangeFrontEndTransport';
  const servers = (side === 'send' ? transportServers(org) : org.servers.filter((s) => s.hybridReceive)).filter((s) => s.role !== 'edge');
  const list = servers.length > 0 ? servers : [];
  if (list.length === 0) {
    return { steps: [{ kind: 'fix', title: { key: key('step.restartLocal'), params: { service } }, command: `Restart-Service ${service}` }], needs: [] };
  }
  return {
    steps: list.map((s) => ({
      kind: 'fix' as const,
      title: { key: key('step.restartOn'), params: { service, server: s.name } },
      command: list.length > 1 ? `Get-Service -ComputerName ${psString(s.name)} -Name ${service} | Restart-Service` : `Restart-Service ${service}`,
    })),
    needs: [],
  };
}

// ---------------------------------------------------------------- receive side and Exchange Online

/** KB 2888788, the other direction: the Default Frontend receive connector of each server that receives from Exchange Online. */
export function pinReceiveConnectors(org: Organisation, target: PinTarget, servers?: string[]): Runbook {
  if (onlyExchange2010(org)) return empty();
  const names = servers ?? org.servers.filter((s) => s.hybridReceive && s.role !== 'edge').map((s) => s.name);
  const { literal, thumbprint } = pinValue(target);
  if (names.length === 0) {
    return { steps: [{ kind: 'fix', title: { key: key('step.hcwReceive') } }], needs: [{ what: { key: key('need.receiveConnector') }, command: commands.receiveConnectorsTls() }] };
  }
  const steps: RuleStep[] = names.map((server) => {
    const identity = `${server}\\Default Frontend ${server}`;
    return {
      kind: 'fix',
      title: { key: key('step.pinReceive'), params: { connector: identity } },
      command: literal ? commands.pinReceiveConnector(identity, 'issuer' in target ? target.issuer : '', 'issuer' in target ? target.subject : '') : commands.pinReceiveConnectorByThumbprint(identity, thumbprint!),
    };
  });
  return join({ steps, needs: [] }, takesEffect(org, 'receive'));
}

/** Exchange Online's side: which name its inbound connector expects (TlsSenderCertificateName) and its outbound TlsDomain. */
export function checkExchangeOnline(org: Organisation): Runbook {
  const inbound = org.pins.filter((p) => p.direction === 'exo-inbound');
  const steps: RuleStep[] = [{ kind: 'check', title: { key: key('step.exoConnectors') }, command: `${commands.inboundConnectors()}; ${commands.outboundConnectors()}` }];
  const name = org.hybridName?.name;
  for (const pin of inbound) {
    if (!name || !pin.connector || pinMatchesName(pin.value, name)) continue;
    steps.push({ kind: 'fix', title: { key: key('step.exoInbound'), params: { connector: pin.connector, name } }, command: commands.setInboundConnectorTlsSender(pin.connector, name) });
  }
  return { steps, needs: [] };
}

function pinMatchesName(pinned: string, name: string): boolean {
  const p = pinned.toLowerCase();
  const n = name.toLowerCase();
  if (p === n) return true;
  return p.startsWith('*.') && n.endsWith(p.slice(1)) && !n.slice(0, -p.length + 1).includes('.');
}

export function rerunHcw(): Runbook {
  return { steps: [{ kind: 'fix', title: { key: key('step.hcw') } }], needs: [] };
}

/** Both directions of KB 2888788 for one certificate: send connector, Default Frontend, Exchange Online. */
export function pinBothDirections(org: Organisation, target: PinTarget, connector = org.hybridSendConnector): Runbook {
  return join(pinSendConnector(org, target, connector), pinReceiveConnectors(org, target), checkExchangeOnline(org));
}

// ---------------------------------------------------------------- certificates

/** Enable SMTP keeping the services it has (answer No to the overwrite prompt), on each server that needs it. */
export function enableSmtp(org: Organisation, cert: OrgCertificate, servers?: string[]): Runbook {
  const exchange = transportServers(org).filter((s) => s.role !== 'edge').map((s) => s.name);
  const on: (string | undefined)[] = servers ?? (cert.servers.length > 0 ? cert.servers : exchange.length > 1 ? exchange : [undefined]);
  return {
    steps: on.map((server) => ({
      kind: 'fix' as const,
      title: { key: key(server ? 'step.enableSmtpOn' : 'step.enableSmtp'), params: { thumbprint: cert.thumbprint, ...(server ? { server } : {}) } },
      command: commands.enableSmtp(cert.thumbprint, cert.classified.cert.services, org.servers.length > 1 ? server : undefined),
    })),
    needs: [],
  };
}

/**
 * Put a certificate on servers that lack it: export it with its private key from a server that
 * has it and import it there. A .cer has no key (NoCredentials).
 */
export function copyCertificate(org: Organisation, cert: OrgCertificate, to: string[], from = cert.servers[0]): Runbook {
  if (to.length === 0) return empty();
  const path = `C:\\certs\\${cert.thumbprint}.pfx`;
  const steps: RuleStep[] = [
    {
      kind: 'fix',
      title: { key: key('step.exportPfx'), params: { thumbprint: cert.thumbprint, server: from ?? '-' } },
      command:
        `$pfx = Export-ExchangeCertificate${from ? ` -Server ${psString(from)}` : ''} -Thumbprint ${psThumbprint(cert.thumbprint)} -BinaryEncoded -Password (Get-Credential).Password; ` +
        `[System.IO.File]::WriteAllBytes(${psString(path)}, $pfx.FileData)`,
    },
    ...to.map((server) => ({
      kind: 'fix' as const,
      title: { key: key('step.importPfx'), params: { server } },
      command: `Import-ExchangeCertificate -Server ${psString(server)} -FileData ([System.IO.File]::ReadAllBytes(${psString(path)})) -Password (Get-Credential).Password -PrivateKeyExportable $true`,
    })),
    ...to.map((server) => ({
      kind: 'fix' as const,
      title: { key: key('step.enableSmtpOn'), params: { thumbprint: cert.thumbprint, server } },
      command: commands.enableSmtp(cert.thumbprint, cert.classified.cert.services, server),
    })),
  ];
  if (!from) steps[0]!.title = { key: key('step.exportPfxLocal'), params: { thumbprint: cert.thumbprint } };
  return { steps, needs: [] };
}

/**
 * A new certificate for the hybrid name. Let's Encrypt / ACME certificates are renewed by their
 * client (the issuer R10/R11 … changes, so the pin must follow); others start from the existing
 * certificate, or request the hybrid name plus every public name of the one they replace.
 * Never a .local / single-label name.
 */
export function certificateRequest(org: Organisation, replaces?: OrgCertificate, server?: string): Runbook {
  if (replaces?.acme) {
    return { steps: [{ kind: 'fix', title: { key: key('step.acmeRenew'), params: { thumbprint: replaces.thumbprint } } }], needs: [] };
  }
  const names = namesForRequest(org, replaces?.classified.cert);
  // A request is completed on the server that made it: with several servers, name one.
  const several = org.servers.filter((s) => s.role !== 'edge').length > 1;
  const on = server ?? replaces?.servers[0] ?? (several ? transportServers(org).find((s) => s.role !== 'edge')?.name : undefined);
  const at = several && on ? ` -Server ${psString(on)}` : '';
  const oldNames = replaces ? replaces.classified.cert.certificateDomains ?? [] : [];
  const renewable = replaces && replaces.classified.trust === 'public' && oldNames.length > 0 && oldNames.every((n) => !isInternalName(n)) &&
    (!org.hybridName || oldNames.some((n) => n.toLowerCase() === org.hybridName!.name.toLowerCase()));
  if (renewable) {
    return {
      steps: [{ kind: 'fix', title: { key: key('step.renewFromExisting'), params: { thumbprint: replaces.thumbprint } }, command: `Get-ExchangeCertificate${at} -Thumbprint ${psThumbprint(replaces.thumbprint)} | New-ExchangeCertificate${at} -GenerateRequest -PrivateKeyExportable $true` }],
      needs: [],
    };
  }
  if (names.length === 0) {
    return { steps: [], needs: [{ what: { key: key('need.hybridName') }, command: `Get-SendConnector | fl ${SEND_CONNECTOR_FIELDS}` }] };
  }
  return {
    steps: [{
      kind: 'fix',
      title: { key: key('step.request'), params: { names: names.join(', ') } },
      command: `New-ExchangeCertificate${at} -GenerateRequest -SubjectName ${psString(`CN=${names[0]}`)} -DomainName ${names.map(psString).join(',')} -PrivateKeyExportable $true`,
    }],
    needs: [],
  };
}

/** After an ACME renewal: the issuer in the pin changes, re-pin from the new certificate. */
export function acmeWarning(cert: OrgCertificate): Runbook {
  if (!cert.acme) return empty();
  return { steps: [{ kind: 'check', title: { key: key('step.acmeIssuerChanges'), params: { thumbprint: cert.thumbprint } } }], needs: [] };
}

// ---------------------------------------------------------------- queues

/**
 * 4xx: the messages wait in a Retry queue, retry them (on each source server). 5xx: they went
 * back to the sender, nothing is left to retry: resend after the fix, find them by trace.
 */
export function queueFollowUp(org: Organisation, direction: 'to-exo' | 'from-exo' = 'to-exo'): Runbook {
  const steps: RuleStep[] = [];
  if (org.responses.transient || !org.responses.permanent) {
    const servers = transportServers(org).filter((s) => s.role !== 'edge' || transportServers(org).every((t) => t.role === 'edge'));
    if (servers.length > 1) {
      for (const s of servers) {
        steps.push({ kind: 'verify', title: { key: key('step.retryOn'), params: { server: s.name } }, command: `Get-Queue -Server ${psString(s.name)} | Where-Object {$_.Status -eq 'Retry'} | Retry-Queue` });
      }
    } else {
      steps.push({ kind: 'verify', title: { key: key('step.retry') }, command: commands.retryQueues() });
    }
  }
  if (org.responses.permanent) {
    steps.push(
      direction === 'to-exo'
        ? { kind: 'verify', title: { key: key('step.resendTracking') }, command: "Get-TransportService | Get-MessageTrackingLog -EventId FAIL -Start (Get-Date).AddDays(-2) | fl Timestamp,Sender,Recipients,MessageSubject,RecipientStatus" }
        : { kind: 'verify', title: { key: key('step.resendTrace') }, command: "Get-MessageTraceV2 -StartDate (Get-Date).AddDays(-2) -EndDate (Get-Date) -Status Failed | fl Received,SenderAddress,RecipientAddress,Subject,Status" },
    );
  }
  return { steps, needs: [] };
}

// ---------------------------------------------------------------- verification

/** Verify by what Exchange presents: the verbose send log's `Sending certificate` rows and a test message's trace. */
export function verifyBySendLog(org: Organisation, connector = org.hybridSendConnector): Runbook {
  const steps: RuleStep[] = [];
  if (connector && !onlyExchange2010(org)) {
    steps.push({ kind: 'verify', title: { key: key('step.verboseLog'), params: { connector } }, command: commands.verboseSendLogging(connector) });
  }
  steps.push(
    { kind: 'verify', title: { key: key('step.sendingCertificate') }, command: commands.sendLogCertificateRows() },
    { kind: 'verify', title: { key: key('step.testTrace') }, command: 'Get-MessageTraceV2 -StartDate (Get-Date).AddHours(-1) -EndDate (Get-Date) | Get-MessageTraceDetailV2 | fl Date,Event,Detail' },
  );
  return { steps, needs: [] };
}

// ---------------------------------------------------------------- versions

/** End-of-support notes for the versions the paste shows. */
export function supportNotes(org: Organisation): Runbook {
  const steps: RuleStep[] = [];
  const seen = new Set<string>();
  for (const version of [...org.servers.map((s) => s.version), ...org.unattachedVersions]) {
    const state = endOfSupport(version);
    if (!state || !version?.product || seen.has(version.product)) continue;
    seen.add(version.product);
    steps.push({ kind: 'check', title: { key: key(state === 'out-of-support' ? 'step.outOfSupport' : 'step.ended2025'), params: { product: version.product } } });
  }
  return { steps, needs: [] };
}

/** What decides the answer but was not pasted: the servers and their versions, the hybrid connector. */
export function organisationNeeds(org: Organisation): RuleNeed[] {
  const needs: RuleNeed[] = [];
  if (org.servers.every((s) => !s.version) && org.unattachedVersions.length === 0) {
    needs.push({ what: { key: key('need.servers') }, command: 'Get-ExchangeServer | fl Name,Fqdn,ServerRole,AdminDisplayVersion' });
  }
  return needs;
}

export { join as joinRunbooks };

/** Every message key the builders may emit: rules declare them as `meta.sharedKeys`. */
export const RUNBOOK_KEYS: readonly string[] = keys('en').filter((k) => k.startsWith('runbook.'));
