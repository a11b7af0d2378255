// On-premises `Get-ReceiveConnector | fl` (all properties or a chosen few).
//
// A Format-List record is a receive connector when it shows a field only receive connectors have
// (AuthMechanism, Bindings, PermissionGroups, TlsDomainCapabilities, TransportRole, RemoteIPRanges)
// and none that only send connectors have. A record with only shared fields (Name, Fqdn,
// TlsCertificateName) counts when the command above it was Get-ReceiveConnector, its Identity is
// `Server\Name`, or its name is one Exchange gives its default receive connectors.
import type { Parser } from '../rule';
import type { ReceiveConnector } from '../types';
import { booleanValue, fieldValue, listValue, parseListRecords, presentValue, splitLines, type ListRecord } from './listFormat';

const RECEIVE_ONLY_FIELDS = ['authmechanism', 'bindings', 'permissiongroups', 'tlsdomaincapabilities', 'transportrole', 'remoteipranges', 'maxinboundconnection'];
const SEND_ONLY_FIELDS = ['addressspaces', 'smarthosts', 'tlsauthlevel', 'tlsdomain', 'sourcetransportservers', 'dnsroutingenabled', 'cloudservicesmailenabled', 'ignorestarttls', 'smarthostauthmechanism'];
const CONNECTOR_FIELDS = ['identity', 'name', 'fqdn', 'tlscertificatename'];

// The cmdlet line of a paste, or the section header docs/collect.ps1 prints.
const COMMAND_LINE = /\bGet-(Receive|Send)Connector\b|^=== (Receive|Send) connectors\b/i;
// Fields of other Exchange records that also carry a `Server\Name` identity (Get-Queue …).
const OTHER_RECORD_FIELDS = ['nexthopdomain', 'messagecount', 'lasterror', 'deliverytype', 'thumbprint', 'services'];
const DEFAULT_RECEIVE_NAME = /^(?:Default(?: Frontend)?|Client (?:Frontend|Proxy)|Outbound Proxy Frontend) \S+$/i;
const SERVER_QUALIFIED = /^([^\\\s]+)\\(.+)$/;
// Queue identities look server-qualified too: `EX01\8`, `EX01\Submission`, `EX01\Shadow\3`.
const QUEUE_IDENTITY = /^[^\\\s]+\\(?:\d+|Submission|Poison|Unreachable|Shadow\\\d+)$/i;

export const patterns: RegExp[] = [COMMAND_LINE, DEFAULT_RECEIVE_NAME, SERVER_QUALIFIED, QUEUE_IDENTITY];

function has(record: ListRecord, keys: string[]): boolean {
  return keys.some((key) => record.byKey.has(key));
}

/** Line index → 'receive' | 'send' for every line naming a connector cmdlet. */
function commandLines(lines: readonly string[]): { line: number; kind: 'receive' | 'send' }[] {
  const found: { line: number; kind: 'receive' | 'send' }[] = [];
  lines.forEach((line, index) => {
    const match = COMMAND_LINE.exec(line);
    if (match) found.push({ line: index, kind: (match[1] ?? match[2])!.toLowerCase() === 'receive' ? 'receive' : 'send' });
  });
  return found;
}

/** The cmdlet above each line, read with one pointer: records come in line order. */
function commandTracker(commands: { line: number; kind: 'receive' | 'send' }[]): (line: number) => 'receive' | 'send' | undefined {
  let next = 0;
  let kind: 'receive' | 'send' | undefined;
  return (line) => {
    while (next < commands.length && commands[next]!.line < line) kind = commands[next++]!.kind;
    return kind;
  };
}

function isReceiveConnector(record: ListRecord, command: 'receive' | 'send' | undefined): boolean {
  if (has(record, SEND_ONLY_FIELDS) || has(record, OTHER_RECORD_FIELDS)) return false;
  if (has(record, RECEIVE_ONLY_FIELDS)) return has(record, CONNECTOR_FIELDS) || record.fields.length >= 2;
  if (!has(record, CONNECTOR_FIELDS)) return false;
  if (command) return command === 'receive';
  const identity = fieldValue(record, 'identity') ?? '';
  const name = fieldValue(record, 'name') ?? '';
  if (QUEUE_IDENTITY.test(identity)) return false;
  return SERVER_QUALIFIED.test(identity) || DEFAULT_RECEIVE_NAME.test(name);
}

function toConnector(record: ListRecord): ReceiveConnector {
  const identity = presentValue(fieldValue(record, 'identity'));
  const qualified = identity ? SERVER_QUALIFIED.exec(identity) : null;
  const server = presentValue(fieldValue(record, 'server')) ?? qualified?.[1];
  const name = presentValue(fieldValue(record, 'name')) ?? qualified?.[2];
  const connector: ReceiveConnector = {
    authMechanism: listValue(presentValue(fieldValue(record, 'authmechanism'))),
    tlsDomainCapabilities: listValue(presentValue(fieldValue(record, 'tlsdomaincapabilities'))),
    bindings: listValue(presentValue(fieldValue(record, 'bindings'))),
    permissionGroups: listValue(presentValue(fieldValue(record, 'permissiongroups'))),
  };
  if (identity) connector.identity = identity;
  if (name) connector.name = name;
  if (server) connector.server = server;
  const fqdn = presentValue(fieldValue(record, 'fqdn'));
  if (fqdn) connector.fqdn = fqdn;
  const tlsName = presentValue(fieldValue(record, 'tlscertificatename'));
  if (tlsName) connector.tlsCertificateName = tlsName;
  const role = presentValue(fieldValue(record, 'transportrole'));
  if (role) connector.transportRole = role;
  const requireTls = booleanValue(fieldValue(record, 'requiretls'));
  if (requireTls !== undefined) connector.requireTLS = requireTls;
  const enabled = booleanValue(fieldValue(record, 'enabled'));
  if (enabled !== undefined) connector.enabled = enabled;
  return connector;
}

export const receiveConnectorParser: Parser = {
  name: 'receiveConnector',
  parse(text) {
    const lines = splitLines(text);
    const commandAbove = commandTracker(commandLines(lines));
    const receiveConnectors: ReceiveConnector[] = [];
    for (const record of parseListRecords(lines)) {
      const firstLine = record.fields[0]?.line ?? 0;
      if (isReceiveConnector(record, commandAbove(firstLine))) receiveConnectors.push(toConnector(record));
    }
    return { receiveConnectors };
  },
};

/** The identity Set-ReceiveConnector accepts: `Server\Name` when the server is known. */
export function receiveConnectorIdentity(connector: ReceiveConnector): string | undefined {
  if (connector.identity) return connector.identity;
  if (connector.server && connector.name) return `${connector.server}\\${connector.name}`;
  return connector.name;
}
