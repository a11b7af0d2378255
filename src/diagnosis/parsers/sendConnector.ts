// On-premises `Get-SendConnector | fl` (all properties or a chosen few), and its default table
// (`Identity  AddressSpaces  Enabled`).
//
// Receive connectors share Name, Fqdn, TlsCertificateName and RequireTLS, and Exchange Online's
// outbound connectors share SmartHosts and CloudServicesMailEnabled, so a Format-List record is a
// send connector when it shows a send-connector-only field, or connector fields and nothing that
// marks it as a receive or Exchange Online connector (the cmdlet above it, a receive-only field,
// a `Server\Name` identity or a default receive connector name).
import type { Parser } from '../rule';
import type { SendConnector } from '../types';
import { booleanValue, fieldValue, listValue, parseListRecords, presentValue, splitLines, type ListRecord } from './listFormat';

const SEND_ONLY_FIELDS = ['addressspaces', 'sourcetransportservers', 'tlsauthlevel', 'dnsroutingenabled', 'ignorestarttls', 'smarthostauthmechanism', 'islocaltosite', 'linkedreceiveconnector', 'usexternaldnsserversenabled', 'frontendproxyenabled'];
// SmartHosts, TlsDomain and CloudServicesMailEnabled are on Exchange Online outbound connectors too.
const SEND_OR_EXO_FIELDS = ['smarthosts', 'cloudservicesmailenabled', 'tlsdomain'];
const RECEIVE_ONLY_FIELDS = ['bindings', 'remoteipranges', 'authmechanism', 'permissiongroups', 'transportrole', 'tlsdomaincapabilities', 'maxinboundconnection'];
const EXO_ONLY_FIELDS = ['tlssettings', 'recipientdomains', 'usemxrecord', 'connectorsource', 'tlssendercertificatename', 'routeallmessagesviaonpremises', 'isvalidated', 'senderdomains', 'senderipaddresses', 'restrictdomainstocertificate', 'restrictdomainstoipaddresses'];
// Get-HybridConfiguration shows TlsCertificateName too; it has its own parser.
const HYBRID_CONFIGURATION_FIELDS = ['sendingtransportservers', 'receivingtransportservers', 'onpremisessmarthost', 'securemailcertificatethumbprint', 'edgetransportservers'];
const CONNECTOR_FIELDS = ['name', 'identity', 'fqdn', 'tlscertificatename', 'requiretls'];

const COMMAND_LINE = /\bGet-(Send|Receive|Inbound|Outbound)Connector\b/i;
const SERVER_QUALIFIED = /^[^\\\s]{1,64}\\./;
const DEFAULT_RECEIVE_NAME = /^(?:Default(?: Frontend)?|Client (?:Frontend|Proxy)|Outbound Proxy Frontend) \S{1,64}$/i;
const TABLE_HEADER = /^ *Identity +AddressSpaces +Enabled *$/;
const UNDERLINE = /^[- ]+$/;
const TRUNCATED = /(?:\.\.\.|…)$/;

export const patterns: RegExp[] = [COMMAND_LINE, SERVER_QUALIFIED, DEFAULT_RECEIVE_NAME, TABLE_HEADER, UNDERLINE, TRUNCATED];

/** Records kept per paste: far more than any real paste holds, and the output stays bounded. */
const MAX_RECORDS = 500;

type CommandKind = 'send' | 'receive' | 'inbound' | 'outbound';

const has = (record: ListRecord, keys: readonly string[]): boolean => keys.some((key) => record.byKey.has(key));

function isSendConnector(record: ListRecord, command: CommandKind | undefined): boolean {
  if (has(record, RECEIVE_ONLY_FIELDS) || has(record, EXO_ONLY_FIELDS) || has(record, HYBRID_CONFIGURATION_FIELDS)) return false;
  if (command && command !== 'send') return false;
  if (has(record, SEND_ONLY_FIELDS)) return true;
  if (!has(record, CONNECTOR_FIELDS) && !has(record, SEND_OR_EXO_FIELDS)) return false;
  if (command === 'send') return true;
  if (has(record, SEND_OR_EXO_FIELDS)) return true;
  const identity = fieldValue(record, 'identity') ?? '';
  const name = fieldValue(record, 'name') ?? '';
  if (SERVER_QUALIFIED.test(identity) || DEFAULT_RECEIVE_NAME.test(name)) return false;
  // Only shared fields and no cmdlet above: a pinned TLS name or a RequireTLS flag on a named
  // connector is what people paste from the send side when asked for it.
  return has(record, ['tlscertificatename', 'requiretls']) && has(record, ['name', 'identity']);
}

import { splitTlsCertificateName } from '../tlsCertificateName';

export { splitTlsCertificateName };

function toConnector(record: ListRecord): SendConnector {
  const text = (key: string): string | undefined => presentValue(fieldValue(record, key));
  const flag = (key: string): boolean | undefined => booleanValue(fieldValue(record, key));
  const connector: SendConnector = {};
  const name = text('Name');
  const identity = text('Identity');
  if (name) connector.name = name;
  if (identity) connector.identity = identity;
  if (!name && identity) connector.name = identity;
  const tlsCertificateName = text('TlsCertificateName');
  if (tlsCertificateName) {
    connector.tlsCertificateName = tlsCertificateName;
    const parts = splitTlsCertificateName(tlsCertificateName);
    if (parts) {
      connector.tlsCertificateIssuer = parts.issuer;
      connector.tlsCertificateSubject = parts.subject;
    }
  }
  const fqdn = text('Fqdn');
  const tlsAuthLevel = text('TlsAuthLevel');
  const tlsDomain = text('TlsDomain');
  if (fqdn) connector.fqdn = fqdn;
  if (tlsAuthLevel) connector.tlsAuthLevel = tlsAuthLevel;
  if (tlsDomain) connector.tlsDomain = tlsDomain;
  if (record.byKey.has('smarthosts')) connector.smartHosts = listValue(text('SmartHosts'));
  if (record.byKey.has('addressspaces')) connector.addressSpaces = listValue(text('AddressSpaces'));
  if (record.byKey.has('sourcetransportservers')) connector.sourceTransportServers = listValue(text('SourceTransportServers'));
  const booleans: [keyof SendConnector, string][] = [
    ['requireTLS', 'RequireTLS'],
    ['cloudServicesMailEnabled', 'CloudServicesMailEnabled'],
    ['dnsRoutingEnabled', 'DNSRoutingEnabled'],
    ['ignoreStartTls', 'IgnoreSTARTTLS'],
    ['enabled', 'Enabled'],
  ];
  for (const [property, key] of booleans) {
    const value = flag(key);
    if (value !== undefined) (connector as Record<string, unknown>)[property] = value;
  }
  return connector;
}

function commandLines(lines: readonly string[]): { line: number; kind: CommandKind }[] {
  const found: { line: number; kind: CommandKind }[] = [];
  lines.forEach((line, index) => {
    if (!line.includes('Connector') && !line.includes('connector')) return;
    const match = COMMAND_LINE.exec(line);
    if (match) found.push({ line: index, kind: match[1].toLowerCase() as CommandKind });
  });
  return found;
}

/** The default table: Identity, AddressSpaces, Enabled, cut at the header's column positions. */
function tableConnectors(lines: readonly string[]): SendConnector[] {
  const connectors: SendConnector[] = [];
  let columns: { spaces: number; enabled: number } | undefined;
  for (const line of lines) {
    if (TABLE_HEADER.test(line)) {
      columns = { spaces: line.indexOf('AddressSpaces'), enabled: line.indexOf('Enabled') };
      continue;
    }
    if (!columns) continue;
    const trimmed = line.trim();
    if (!trimmed || UNDERLINE.test(trimmed)) continue;
    const identity = line.slice(0, columns.spaces).trim();
    const enabled = booleanValue(line.slice(columns.enabled).trim());
    if (!identity || enabled === undefined) {
      columns = undefined;
      continue;
    }
    const addressSpaces = line.slice(columns.spaces, columns.enabled).trim();
    // A long name is cut with '...' in the table: keep it as printed, but not as a usable name.
    const connector: SendConnector = { identity, addressSpaces: listValue(addressSpaces), enabled };
    if (!TRUNCATED.test(identity)) connector.name = identity;
    connectors.push(connector);
  }
  return connectors;
}

export const sendConnectorParser: Parser = {
  name: 'send-connector',
  parse(text) {
    const lines = splitLines(text);
    const commands = commandLines(lines);
    const sendConnectors: SendConnector[] = [];
    let nextCommand = 0;
    let command: CommandKind | undefined;
    for (const record of parseListRecords(lines)) {
      const first = record.fields[0].line;
      while (nextCommand < commands.length && commands[nextCommand].line < first) command = commands[nextCommand++].kind;
      if (isSendConnector(record, command)) sendConnectors.push(toConnector(record));
    }
    if (text.includes('AddressSpaces')) sendConnectors.push(...tableConnectors(lines));
    return { sendConnectors: sendConnectors.slice(0, MAX_RECORDS) };
  },
};
