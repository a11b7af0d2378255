// Exchange Online `Get-InboundConnector | fl` and `Get-OutboundConnector | fl`.
// A record is inbound when it carries inbound-only properties (TlsSenderCertificateName,
// SenderDomains, SenderIPAddresses, RestrictDomainsTo…), outbound when it carries outbound-only
// ones (TlsSettings, UseMXRecord, RecipientDomains, RouteAllMessagesViaOnPremises). On-premises
// send connectors (AddressSpaces, TlsAuthLevel, SourceTransportServers) are left to their parser.
import type { Parser } from '../rule';
import type { InboundConnector, OutboundConnector } from '../types';
import { booleanValue, fieldValue, listValue, parseListRecords, presentValue, splitLines, type ListRecord } from './listFormat';

const INBOUND_KEYS = ['tlssendercertificatename', 'senderdomains', 'senderipaddresses', 'restrictdomainstocertificate', 'restrictdomainstoipaddresses', 'treatmessagesasinternal', 'efskiplastip'];
const OUTBOUND_KEYS = ['tlssettings', 'usemxrecord', 'recipientdomains', 'routeallmessagesviaonpremises', 'isvalidated', 'lastvalidationtimestamp'];
const ON_PREMISES_SEND_KEYS = ['addressspaces', 'tlsauthlevel', 'sourcetransportservers', 'dnsroutingenabled', 'tlscertificatename'];
const CONNECTOR_NAME_KEYS = ['name', 'identity', 'connectortype', 'connectorsource'];

export const patterns: RegExp[] = [];

function hasAny(record: ListRecord, keys: string[]): boolean {
  return keys.some((key) => record.byKey.has(key));
}

function text(record: ListRecord, key: string): string | undefined {
  return presentValue(fieldValue(record, key));
}

function bool(record: ListRecord, key: string): boolean | undefined {
  return booleanValue(fieldValue(record, key));
}

function list(record: ListRecord, key: string): string[] {
  return listValue(presentValue(fieldValue(record, key)));
}

function nameOf(record: ListRecord): string | undefined {
  return text(record, 'Name') ?? text(record, 'Identity');
}

function toInbound(record: ListRecord): InboundConnector {
  const connector: InboundConnector = { senderDomains: list(record, 'SenderDomains'), senderIPAddresses: list(record, 'SenderIPAddresses') };
  const set = <K extends keyof InboundConnector>(key: K, value: InboundConnector[K] | undefined): void => {
    if (value !== undefined) connector[key] = value;
  };
  set('name', nameOf(record));
  set('connectorType', text(record, 'ConnectorType'));
  set('connectorSource', text(record, 'ConnectorSource'));
  set('enabled', bool(record, 'Enabled'));
  set('requireTls', bool(record, 'RequireTls'));
  set('restrictDomainsToCertificate', bool(record, 'RestrictDomainsToCertificate'));
  set('restrictDomainsToIPAddresses', bool(record, 'RestrictDomainsToIPAddresses'));
  set('tlsSenderCertificateName', text(record, 'TlsSenderCertificateName'));
  set('cloudServicesMailEnabled', bool(record, 'CloudServicesMailEnabled'));
  return connector;
}

function toOutbound(record: ListRecord): OutboundConnector {
  const connector: OutboundConnector = { smartHosts: list(record, 'SmartHosts'), recipientDomains: list(record, 'RecipientDomains') };
  const set = <K extends keyof OutboundConnector>(key: K, value: OutboundConnector[K] | undefined): void => {
    if (value !== undefined) connector[key] = value;
  };
  set('name', nameOf(record));
  set('connectorType', text(record, 'ConnectorType'));
  set('connectorSource', text(record, 'ConnectorSource'));
  set('enabled', bool(record, 'Enabled'));
  set('tlsSettings', text(record, 'TlsSettings'));
  set('tlsDomain', text(record, 'TlsDomain'));
  set('useMXRecord', bool(record, 'UseMXRecord'));
  set('routeAllMessagesViaOnPremises', bool(record, 'RouteAllMessagesViaOnPremises'));
  set('cloudServicesMailEnabled', bool(record, 'CloudServicesMailEnabled'));
  set('isValidated', bool(record, 'IsValidated'));
  return connector;
}

export function parseExoConnectors(text: string): { inboundConnectors: InboundConnector[]; outboundConnectors: OutboundConnector[] } {
  const inboundConnectors: InboundConnector[] = [];
  const outboundConnectors: OutboundConnector[] = [];
  for (const record of parseListRecords(splitLines(text))) {
    if (!hasAny(record, CONNECTOR_NAME_KEYS) || hasAny(record, ON_PREMISES_SEND_KEYS)) continue;
    const inbound = hasAny(record, INBOUND_KEYS);
    const outbound = hasAny(record, OUTBOUND_KEYS);
    if (inbound && !outbound) inboundConnectors.push(toInbound(record));
    else if (outbound && !inbound) outboundConnectors.push(toOutbound(record));
  }
  return { inboundConnectors, outboundConnectors };
}

export const exoConnectorParser: Parser = {
  name: 'exoConnectors',
  parse(text: string) {
    const { inboundConnectors, outboundConnectors } = parseExoConnectors(text);
    return {
      ...(inboundConnectors.length > 0 ? { inboundConnectors } : {}),
      ...(outboundConnectors.length > 0 ? { outboundConnectors } : {}),
    };
  },
};
