// The Exchange organisation behind a paste (issue 13): which servers there are, their role and
// version, which certificates each one holds, which certificate each connector pins, the name
// Exchange Online sees, and whether an Edge / EdgeSync sits in the path. Built once per paste
// from everything the parsers extracted, plus a few line-level readings of the paste (which
// server a certificate list came from). Pure: no I/O.
import { classify, commonName, namesOf, type ClassifiedCertificate } from './certificates';
import { hybridSendConnectors } from './facts';
import { splitLines } from './parsers/listFormat';
import type { Facts } from './rule';
import { certificateMatchesTlsName, splitTlsCertificateName } from './tlsCertificateName';
import type { Evidence, ExchangeCertificate, SendConnector } from './types';

export type ServerRole = 'mailbox' | 'edge' | 'unknown';
/** 2019 and Subscription Edition share 15.2; SE starts at build 2562. */
export type ExchangeProduct = '2007' | '2010' | '2013' | '2016' | '2019' | 'SE';

export interface ExchangeVersion {
  major: number;
  minor: number;
  build?: number;
  product?: ExchangeProduct;
  /** As printed. */
  text: string;
}

export interface OrgServer {
  /** Short name as first printed (EX01), for -Server. */
  name: string;
  fqdn?: string;
  role: ServerRole;
  version?: ExchangeVersion;
  /** A source server of the hybrid send connector (or a SendingTransportServer of the HCW). */
  hybridSource: boolean;
  /** Receives from Exchange Online (ReceivingTransportServers, or the Default Frontend connector pasted). */
  hybridReceive: boolean;
  /** Thumbprints of the certificate list pasted for this server; undefined: none was pasted. */
  certificates?: string[];
  internalTransportThumbprint?: string;
  /** Where the server was seen (machine words, for evidence). */
  seenIn: string[];
}

export type PinDirection = 'send' | 'receive' | 'hybrid-configuration' | 'exo-inbound' | 'exo-outbound';

export interface CertificatePin {
  direction: PinDirection;
  /** Connector name (receive connectors: `Server\Name` identity when pasted). */
  connector: string;
  server?: string;
  /** As configured: `<I>…<S>…` for on-premises, a domain for Exchange Online. */
  value: string;
  issuer?: string;
  subject?: string;
  /** Thumbprints of pasted certificates it names. */
  matches: string[];
}

export type InUse =
  | { kind: 'internal-transport'; server: string }
  | { kind: 'pinned'; pin: CertificatePin }
  | { kind: 'secure-mail'; }
  | { kind: 'exchange-auth' }
  | { kind: 'default-self-signed' }
  | { kind: 'iis' };

export interface OrgCertificate {
  classified: ClassifiedCertificate;
  thumbprint: string;
  /** Servers whose list shows it ([] when the paste does not say). */
  servers: string[];
  inUse: InUse[];
  /** Let's Encrypt / ACME issuer (R10, R11, E5 …): renewed by its client, the issuer changes. */
  acme: boolean;
}

export type HybridNameSource =
  | 'send-connector-fqdn'
  | 'send-connector-pin'
  | 'hybrid-configuration'
  | 'receive-connector'
  | 'exo-inbound'
  | 'exo-outbound'
  | 'smart-host'
  | 'public-certificate'
  | 'event-computer';

export interface Organisation {
  servers: OrgServer[];
  certificates: OrgCertificate[];
  pins: CertificatePin[];
  hybridSendConnector?: string;
  hybridName?: { name: string; source: HybridNameSource };
  edge: { servers: string[]; subscriptions: string[]; edgeSyncConnectors: string[] };
  /** SMTP answers of the paste: 4xx stays queued (retry), 5xx went back to the sender. */
  responses: { transient: boolean; permanent: boolean };
  /** Versions printed without a server to attach them to. */
  unattachedVersions: ExchangeVersion[];
}

// ---------------------------------------------------------------- helpers

const VERSION_TEXT = /Version\s+(\d{1,2})\.(\d{1,2})\s*\(Build\s+(\d{1,5})/i;
const VERSION_SHORT = /Version\s+(\d{1,2})\.(\d{1,2})/i;
const PROMPT = /^\[([A-Za-z0-9][A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9.-]{1,200})?\]: PS /;
const SERVER_PARAMETER = /-Server\s+['"]?([A-Za-z0-9][A-Za-z0-9-]{0,62})/i;
const CERT_COMMAND = /Get-ExchangeCertificate\b/i;
const TABLE_THUMBPRINT = /^([0-9A-Fa-f]{40})\s/;
const LIST_THUMBPRINT = /^Thumbprint\s*:\s*([0-9A-Fa-f]{40})\s*$/;
const IDENTITY_SERVER = /^(?:Identity|PSComputerName)\s*:\s*([A-Za-z0-9][A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9.-]{1,200})?(?:\\|\s*$)/;
const ACME_ISSUER = /Let's Encrypt|\bCN=(?:R3|R1[0-4]|E[1-9])\b|ZeroSSL|Buypass Class 2 CA|Google Trust Services/i;

export const patterns: RegExp[] = [VERSION_TEXT, VERSION_SHORT, PROMPT, SERVER_PARAMETER, CERT_COMMAND, TABLE_THUMBPRINT, LIST_THUMBPRINT, IDENTITY_SERVER, ACME_ISSUER];

const WORD = /[A-Za-z0-9]/;

/** The line without the punctuation around it ("--- EX02 ---" → "EX02"). */
function trimNonWord(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && !WORD.test(line[start]!)) start++;
  while (end > start && !WORD.test(line[end - 1]!)) end--;
  return line.slice(start, end);
}

export function shortName(name: string): string {
  const trimmed = name.trim();
  const clean = trimmed.slice(trimmed.lastIndexOf('\\') + 1);
  const dot = clean.indexOf('.');
  return dot > 0 ? clean.slice(0, dot) : clean;
}

const sameServer = (a: string, b: string): boolean => shortName(a).toLowerCase() === shortName(b).toLowerCase();

export function productOf(major: number, minor: number, build?: number): ExchangeProduct | undefined {
  if (major === 8) return '2007';
  if (major === 14) return '2010';
  if (major !== 15) return undefined;
  if (minor === 0) return '2013';
  if (minor === 1) return '2016';
  if (minor === 2) return build !== undefined && build >= 2562 ? 'SE' : '2019';
  return undefined;
}

export function parseVersion(text: string): ExchangeVersion | undefined {
  const full = VERSION_TEXT.exec(text);
  const match = full ?? VERSION_SHORT.exec(text);
  if (!match) return undefined;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  const build = full ? Number(full[3]) : undefined;
  const product = productOf(major, minor, build);
  return { major, minor, ...(build !== undefined ? { build } : {}), ...(product ? { product } : {}), text: match[0] };
}

/** Out of support (2007/2010/2013) or ended on 14 October 2025 (2016/2019). */
export function endOfSupport(version: ExchangeVersion | undefined): 'out-of-support' | 'ended-2025' | undefined {
  switch (version?.product) {
    case '2007':
    case '2010':
    case '2013':
      return 'out-of-support';
    case '2016':
    case '2019':
      return 'ended-2025';
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------- building

class ServerSet {
  readonly list: OrgServer[] = [];

  get(name: string, seenIn: string): OrgServer | undefined {
    const short = shortName(name);
    if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/.test(short)) return undefined;
    let server = this.list.find((s) => sameServer(s.name, short));
    if (!server) {
      server = { name: short, role: 'unknown', hybridSource: false, hybridReceive: false, seenIn: [] };
      this.list.push(server);
    }
    if (name.includes('.') && !server.fqdn && !name.includes('\\')) server.fqdn = name.trim();
    if (!server.seenIn.includes(seenIn)) server.seenIn.push(seenIn);
    return server;
  }
}

/** Which server each pasted certificate list line belongs to: Identity / PSComputerName, the prompt, -Server. */
function certificateServers(text: string, known: ServerSet): Map<string, Set<string>> {
  const lines = splitLines(text);
  const knownNames = new Set(known.list.map((s) => s.name.toLowerCase()));
  const byThumbprint = new Map<string, Set<string>>();
  let context: string | undefined;
  let pendingList: string | undefined;
  let recordServer: string | undefined;
  const add = (thumbprint: string, server: string | undefined): void => {
    if (!server) return;
    const key = thumbprint.toUpperCase();
    const set = byThumbprint.get(key) ?? new Set<string>();
    set.add(shortName(server));
    byThumbprint.set(key, set);
  };
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') {
      if (pendingList && recordServer) add(pendingList, recordServer);
      pendingList = undefined;
      recordServer = undefined;
      continue;
    }
    // Most lines are `Key : value` fields or log rows that cannot name a server: skip them cheaply.
    const first = line[0]!;
    const keyed = line.startsWith('Thumbprint') || line.startsWith('Identity') || line.startsWith('PSComputerName');
    if (!keyed && first !== '[' && line.length > 80 && !line.includes('ExchangeCertificate')) continue;
    const prompt = first === '[' ? PROMPT.exec(line) : null;
    if (prompt) context = prompt[1];
    if (line.length < 400 && line.includes('ExchangeCertificate') && CERT_COMMAND.test(line)) {
      const server = SERVER_PARAMETER.exec(line);
      context = server ? server[1] : prompt ? prompt[1] : undefined;
      continue;
    }
    // A heading that is just a known server name ("EX02:", "--- EX02 ---").
    const heading = !keyed && line.length <= 66 && !line.includes(' : ') && !line.includes(':\\') ? trimNonWord(line) : '';
    if (heading.length > 0 && heading.length <= 63 && knownNames.has(heading.toLowerCase())) {
      context = heading;
      continue;
    }
    const table = line.length > 40 && /[0-9A-Fa-f]/.test(first) ? TABLE_THUMBPRINT.exec(line) : null;
    if (table) add(table[1]!, context);
    if (!keyed) continue;
    const list = LIST_THUMBPRINT.exec(line);
    if (list) {
      pendingList = list[1]!;
      if (!recordServer) recordServer = context;
    }
    const identity = IDENTITY_SERVER.exec(line);
    if (identity) recordServer = identity[1];
  }
  if (pendingList && recordServer) add(pendingList, recordServer);
  return byThumbprint;
}

function pinFor(direction: PinDirection, connector: string, value: string, certs: ExchangeCertificate[], server?: string): CertificatePin {
  const parts = splitTlsCertificateName(value);
  return {
    direction,
    connector,
    ...(server ? { server } : {}),
    value,
    ...(parts ? { issuer: parts.issuer, subject: parts.subject } : {}),
    matches: parts ? certs.filter((c) => certificateMatchesTlsName(c, parts)).map((c) => c.thumbprint) : [],
  };
}

function isEdgeSync(connector: SendConnector): boolean {
  return /^EdgeSync - /i.test(connector.name ?? connector.identity ?? '');
}

const organisations = new WeakMap<Facts, Organisation>();

/** The organisation model of these facts (computed once per Facts object). */
export function organisationOf(facts: Facts): Organisation {
  let org = organisations.get(facts);
  if (!org) {
    org = buildOrganisation(facts);
    organisations.set(facts, org);
  }
  return org;
}

export function buildOrganisation(facts: Facts): Organisation {
  const x = facts.extracted;
  const servers = new ServerSet();

  for (const record of x.exchangeServers) {
    const server = servers.get(record.fqdn ?? record.name, 'Get-ExchangeServer');
    if (!server) continue;
    if (record.isEdgeServer === true || /\bEdge/i.test(record.serverRole ?? '')) server.role = 'edge';
    else if (record.serverRole && server.role === 'unknown') server.role = 'mailbox';
    const version = record.adminDisplayVersion ? parseVersion(record.adminDisplayVersion) : undefined;
    if (version) server.version = version;
  }
  const hybridConnectors = hybridSendConnectors(facts).filter((c) => !isEdgeSync(c));
  const hybrid = hybridConnectors[0];
  for (const connector of hybridConnectors) {
    for (const name of connector.sourceTransportServers ?? []) {
      const server = servers.get(name, 'SourceTransportServers');
      if (server) server.hybridSource = true;
    }
  }
  const edgeSyncConnectors = x.sendConnectors.filter(isEdgeSync).map((c) => c.name ?? c.identity ?? '');
  for (const config of x.hybridConfigurations) {
    for (const name of config.sendingTransportServers) {
      const server = servers.get(name, 'SendingTransportServers');
      if (server) server.hybridSource = true;
    }
    for (const name of config.receivingTransportServers) {
      const server = servers.get(name, 'ReceivingTransportServers');
      if (server) server.hybridReceive = true;
    }
    for (const name of config.edgeTransportServers) {
      const server = servers.get(name, 'EdgeTransportServers');
      if (server) {
        server.role = 'edge';
        server.hybridSource = true;
      }
    }
    for (const name of config.transportServers) {
      const server = servers.get(name, 'TransportServers');
      if (server) server.hybridSource = true;
    }
  }
  for (const subscription of x.edgeSubscriptions) {
    const server = servers.get(subscription.name, 'Get-EdgeSubscription');
    if (server) server.role = 'edge';
  }
  for (const service of x.transportServices) {
    const server = servers.get(service.name, 'Get-TransportService');
    if (server && service.internalTransportCertificateThumbprint) server.internalTransportThumbprint = service.internalTransportCertificateThumbprint;
  }
  for (const connector of x.receiveConnectors) {
    if (!connector.server) continue;
    const server = servers.get(connector.server, 'Get-ReceiveConnector');
    if (server && /^Default Frontend /i.test(connector.name ?? '')) server.hybridReceive = true;
    if (server && /^FrontendTransport$/i.test(connector.transportRole ?? '') && server.role === 'unknown') server.role = 'mailbox';
  }
  for (const cert of x.certificates) {
    const identity = cert.identity && /\\/.test(cert.identity) ? cert.identity.slice(0, cert.identity.indexOf('\\')) : undefined;
    if (identity) servers.get(identity, 'Identity');
  }
  for (const queue of x.queues) if (queue.server) servers.get(queue.server, 'Get-Queue');
  for (const event of x.events) if (event.computer) servers.get(event.computer, 'event');

  // Certificates, and which server's list shows them.
  const attribution = certificateServers(facts.text, servers);
  for (const [thumbprint, names] of attribution) {
    for (const name of names) {
      const server = servers.get(name, 'certificate list');
      if (!server) continue;
      server.certificates = [...(server.certificates ?? []), thumbprint];
    }
  }
  // A list that names no server but holds one server's default self-signed certificate (CN=EX02) is EX02's list.
  if (attribution.size === 0 && x.certificates.length > 0) {
    const owners = new Set(
      x.certificates
        .map(classify)
        .filter((c) => c.role === 'default-self-signed')
        .map((c) => commonName(c.cert.subject))
        .filter((cn): cn is string => !!cn && /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/.test(cn))
        .map((cn) => cn.toUpperCase()),
    );
    const [owner] = [...owners];
    const server = owners.size === 1 && owner ? servers.list.find((s) => sameServer(s.name, owner)) : undefined;
    if (server) {
      server.certificates = x.certificates.map((c) => c.thumbprint).filter(Boolean);
      for (const thumbprint of server.certificates) attribution.set(thumbprint.toUpperCase(), new Set([server.name]));
    }
  }
  // One server known and one list pasted without naming it: the list is that server's.
  if (servers.list.length === 1 && x.certificates.length > 0 && !servers.list[0]!.certificates) {
    servers.list[0]!.certificates = x.certificates.map((c) => c.thumbprint).filter(Boolean);
  }

  // Versions printed outside Get-ExchangeServer (`Version 14.3 (Build 123.2)` in a banner or a paste).
  const unattached: ExchangeVersion[] = [];
  if (servers.list.every((s) => !s.version)) {
    const version = parseVersion(facts.text.length > 200_000 ? facts.text.slice(0, 200_000) : facts.text);
    if (version?.product) {
      if (servers.list.length === 1) servers.list[0]!.version = version;
      else unattached.push(version);
    }
  }

  // Pins, both directions.
  const pins: CertificatePin[] = [];
  for (const connector of x.sendConnectors) {
    if (connector.tlsCertificateName) pins.push(pinFor('send', connector.name ?? connector.identity ?? '', connector.tlsCertificateName, x.certificates));
  }
  for (const connector of x.receiveConnectors) {
    if (connector.tlsCertificateName) pins.push(pinFor('receive', connector.identity ?? connector.name ?? '', connector.tlsCertificateName, x.certificates, connector.server));
  }
  for (const config of x.hybridConfigurations) {
    if (config.tlsCertificateName) pins.push(pinFor('hybrid-configuration', 'Hybrid Configuration', config.tlsCertificateName, x.certificates));
  }
  for (const connector of x.inboundConnectors) {
    if (connector.tlsSenderCertificateName) pins.push({ direction: 'exo-inbound', connector: connector.name ?? '', value: connector.tlsSenderCertificateName, matches: [] });
  }
  for (const connector of x.outboundConnectors) {
    if (connector.tlsDomain) pins.push({ direction: 'exo-outbound', connector: connector.name ?? '', value: connector.tlsDomain, matches: [] });
  }

  const secureMail = new Set(x.hybridConfigurations.map((c) => c.secureMailCertificateThumbprint).filter((t): t is string => !!t));
  const certificates: OrgCertificate[] = x.certificates.map((cert) => {
    const classified = classify(cert);
    const inUse: InUse[] = [];
    for (const server of servers.list) {
      if (server.internalTransportThumbprint && server.internalTransportThumbprint === cert.thumbprint) inUse.push({ kind: 'internal-transport', server: server.name });
    }
    for (const pin of pins) if (pin.matches.includes(cert.thumbprint) && cert.thumbprint) inUse.push({ kind: 'pinned', pin });
    if (secureMail.has(cert.thumbprint)) inUse.push({ kind: 'secure-mail' });
    if (classified.role === 'exchange-auth') inUse.push({ kind: 'exchange-auth' });
    if (classified.role === 'default-self-signed') inUse.push({ kind: 'default-self-signed' });
    if (cert.services.includes('IIS')) inUse.push({ kind: 'iis' });
    const names = attribution.get(cert.thumbprint.toUpperCase());
    return {
      classified,
      thumbprint: cert.thumbprint,
      servers: names ? [...names] : servers.list.length === 1 && servers.list[0]!.certificates?.includes(cert.thumbprint) ? [servers.list[0]!.name] : [],
      inUse,
      acme: ACME_ISSUER.test(cert.issuer ?? ''),
    };
  });

  const org: Organisation = {
    servers: servers.list,
    certificates,
    pins,
    ...(hybrid ? { hybridSendConnector: hybrid.name ?? hybrid.identity } : {}),
    edge: {
      servers: servers.list.filter((s) => s.role === 'edge').map((s) => s.name),
      subscriptions: x.edgeSubscriptions.map((s) => s.name),
      edgeSyncConnectors,
    },
    responses: responseClasses(facts),
    unattachedVersions: unattached,
  };
  const name = hybridName(facts, org, hybrid);
  if (name) org.hybridName = name;
  return org;
}

function responseClasses(facts: Facts): Organisation['responses'] {
  const outer = facts.extracted.smtpResponses.filter((r) => !r.nested);
  const responses = outer.length > 0 ? outer : facts.extracted.smtpResponses;
  const traces = facts.extracted.messageTraces.filter((t) => t.code !== undefined);
  const codes = [...responses.map((r) => r.code), ...traces.map((t) => t.code!)];
  return { transient: codes.some((c) => c >= 400 && c < 500), permanent: codes.some((c) => c >= 500 && c < 600) };
}

const INTERNAL_NAME = /\.(?:local|lan|internal|corp|intra|localdomain|home)$/i;

/** A name a public CA will not certify: single-label, or under an internal-only suffix. */
export function isInternalName(name: string): boolean {
  const n = name.trim().replace(/^\*\./, '');
  return !n.includes('.') || INTERNAL_NAME.test(n);
}

function hybridName(facts: Facts, org: Organisation, hybrid: SendConnector | undefined): Organisation['hybridName'] {
  const x = facts.extracted;
  const usable = (name: string | undefined): name is string => !!name && !isInternalName(name) && !name.includes('<');
  if (usable(hybrid?.fqdn)) return { name: hybrid!.fqdn!, source: 'send-connector-fqdn' };
  const pinned = commonName(splitTlsCertificateName(hybrid?.tlsCertificateName)?.subject);
  if (usable(pinned) && !pinned.startsWith('*')) return { name: pinned, source: 'send-connector-pin' };
  for (const config of x.hybridConfigurations) {
    const cn = commonName(splitTlsCertificateName(config.tlsCertificateName)?.subject);
    if (usable(cn) && !cn.startsWith('*')) return { name: cn, source: 'hybrid-configuration' };
  }
  for (const connector of x.receiveConnectors) {
    if (!/^Default Frontend /i.test(connector.name ?? '')) continue;
    const cn = commonName(splitTlsCertificateName(connector.tlsCertificateName)?.subject);
    if (usable(cn) && !cn.startsWith('*')) return { name: cn, source: 'receive-connector' };
    if (usable(connector.fqdn)) return { name: connector.fqdn, source: 'receive-connector' };
  }
  for (const connector of x.inboundConnectors) {
    const name = connector.tlsSenderCertificateName;
    if (usable(name) && !name.startsWith('*')) return { name, source: 'exo-inbound' };
  }
  for (const connector of x.outboundConnectors) {
    if (usable(connector.tlsDomain) && !connector.tlsDomain.startsWith('*')) return { name: connector.tlsDomain, source: 'exo-outbound' };
  }
  for (const config of x.hybridConfigurations) if (usable(config.onPremisesSmartHost)) return { name: config.onPremisesSmartHost, source: 'smart-host' };
  const publicSmtp = org.certificates.filter((c) => c.classified.trust === 'public' && c.classified.smtp);
  if (publicSmtp.length === 1) {
    const cn = commonName(publicSmtp[0]!.classified.cert.subject);
    if (usable(cn) && !cn.startsWith('*')) return { name: cn, source: 'public-certificate' };
  }
  const computer = x.events.find((e) => usable(e.computer))?.computer;
  if (computer) return { name: computer, source: 'event-computer' };
  return undefined;
}

// ---------------------------------------------------------------- queries

export function serverNamed(org: Organisation, name: string | undefined): OrgServer | undefined {
  return name ? org.servers.find((s) => sameServer(s.name, name)) : undefined;
}

/** Exchange servers that carry hybrid mail: the connector's source servers, else every Mailbox/unknown one. */
export function transportServers(org: Organisation): OrgServer[] {
  const sources = org.servers.filter((s) => s.hybridSource);
  return sources.length > 0 ? sources : org.servers.filter((s) => s.role !== 'edge');
}

/** Every known server is Exchange 2010 (or older): no TlsCertificateName on connectors. */
export function onlyExchange2010(org: Organisation): boolean {
  const versions = [...org.servers.map((s) => s.version), ...org.unattachedVersions].filter((v): v is ExchangeVersion => !!v);
  return versions.length > 0 && versions.every((v) => v.major <= 14);
}

export function hasEdge(org: Organisation): boolean {
  return org.edge.servers.length > 0 || org.edge.subscriptions.length > 0 || org.edge.edgeSyncConnectors.length > 0;
}

/** Servers whose pasted list lacks this certificate (only servers with a list). */
export function serversMissing(org: Organisation, thumbprint: string): OrgServer[] {
  return transportServers(org).filter((s) => s.certificates !== undefined && !s.certificates.includes(thumbprint.toUpperCase()));
}

export function certificateOf(org: Organisation, thumbprint: string | undefined): OrgCertificate | undefined {
  if (!thumbprint) return undefined;
  const wanted = thumbprint.replace(/\s+/g, '').toUpperCase();
  return org.certificates.find((c) => c.thumbprint.toUpperCase() === wanted);
}

/** Names a replacement certificate must carry: the hybrid name plus every public name of the certificate it replaces. */
export function namesForRequest(org: Organisation, replaces?: ExchangeCertificate): string[] {
  const names = new Set<string>();
  if (org.hybridName && !isInternalName(org.hybridName.name)) names.add(org.hybridName.name.toLowerCase());
  for (const name of replaces ? namesOf(replaces) : []) if (!isInternalName(name)) names.add(name.toLowerCase());
  return [...names];
}

// ---------------------------------------------------------------- evidence

function versionLabel(version: ExchangeVersion | undefined): string | undefined {
  return version?.product ?? (version ? `${version.major}.${version.minor}` : undefined);
}

/**
 * What the model holds, as evidence lines: the servers (role, version, whether each has the
 * certificate that matters), the hybrid name and where it came from, Edge / EdgeSync.
 */
export function organisationEvidence(org: Organisation, focusThumbprint?: string): Evidence[] {
  const evidence: Evidence[] = [];
  const focus = focusThumbprint?.toUpperCase();
  const relevant = org.servers.filter((s) => s.role === 'edge' || s.hybridSource || s.hybridReceive || s.version || s.certificates);
  if (relevant.length > 0) {
    const parts = relevant.map((s) => {
      const facts = [
        versionLabel(s.version),
        s.role === 'edge' ? 'Edge' : undefined,
        s.hybridSource ? 'hybrid source server' : undefined,
        focus && s.certificates ? (s.certificates.includes(focus) ? 'has the certificate' : 'missing it') : undefined,
      ].filter(Boolean);
      return facts.length > 0 ? `${s.name} (${facts.join(', ')})` : s.name;
    });
    evidence.push({ source: 'connector', text: `${relevant.length} server${relevant.length === 1 ? '' : 's'}: ${parts.join(', ')}` });
  }
  if (org.hybridName) evidence.push({ source: 'connector', text: `Hybrid name ${org.hybridName.name} (from ${org.hybridName.source})` });
  if (hasEdge(org)) {
    const edge = [
      org.edge.servers.length > 0 ? `Edge ${org.edge.servers.join(', ')}` : undefined,
      org.edge.subscriptions.length > 0 ? `Edge Subscription ${org.edge.subscriptions.join(', ')}` : undefined,
      org.edge.edgeSyncConnectors.length > 0 ? `${org.edge.edgeSyncConnectors.length} EdgeSync connector(s)` : undefined,
    ].filter(Boolean);
    evidence.push({ source: 'connector', text: edge.join(' · ') });
  }
  for (const server of org.servers) {
    if (server.internalTransportThumbprint) evidence.push({ source: 'certificate', text: `${server.name} internal transport certificate ${server.internalTransportThumbprint}` });
  }
  return evidence;
}
