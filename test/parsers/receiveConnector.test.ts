import { strict as assert } from 'node:assert';
import { analyse } from '../../src/diagnosis/engine';
import { normalise } from '../../src/diagnosis/normalise';
import { receiveConnectorParser, receiveConnectorIdentity } from '../../src/diagnosis/parsers/receiveConnector';

const parse = (text: string) => receiveConnectorParser.parse(normalise(text)).receiveConnectors ?? [];

const FULL_FRONTEND = `[PS] C:\\Windows\\system32>Get-ReceiveConnector "EX01\\Default Frontend EX01" | fl

RunspaceId                              : 5d0f1f7c-6f2b-4a8e-9a0c-3f8e2b1c9d11
AuthMechanism                           : Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer
Banner                                  :
BinaryMimeEnabled                       : True
Bindings                                : {[::]:25, 0.0.0.0:25}
ChunkingEnabled                         : True
DefaultDomain                           :
DeliveryStatusNotificationEnabled       : True
DomainSecureEnabled                     : True
EnhancedStatusCodesEnabled              : True
Fqdn                                    : EX01.contoso.com
TlsCertificateName                      : <I>CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US<S>CN=mail.contoso.com,
                                          O=Contoso Ltd, L=Redmond, S=Washington, C=US
Comment                                 :
Enabled                                 : True
ConnectionTimeout                       : 00:10:00
MaxInboundConnection                    : 5000
MaxMessageSize                          : 36 MB (37,748,736 bytes)
PermissionGroups                        : AnonymousUsers, ExchangeServers, ExchangeLegacyServers
ProtocolLoggingLevel                    : Verbose
RemoteIPRanges                          : {::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, 0.0.0.0-255.255.255.255}
RequireEHLODomain                       : False
RequireTLS                              : False
TlsDomainCapabilities                   : {mail.protection.outlook.com:AcceptCloudServicesMail}
Server                                  : EX01
TransportRole                           : FrontendTransport
Name                                    : Default Frontend EX01
DistinguishedName                       : CN=Default Frontend EX01,CN=SMTP Receive Connectors,CN=Protocols,CN=EX01,CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=com
Identity                                : EX01\\Default Frontend EX01
`;

describe('parser: receiveConnector', () => {
  it('reads a full Format-List record with a wrapped TlsCertificateName', () => {
    const [c, ...rest] = parse(FULL_FRONTEND);
    assert.equal(rest.length, 0);
    assert.equal(c!.identity, 'EX01\\Default Frontend EX01');
    assert.equal(c!.name, 'Default Frontend EX01');
    assert.equal(c!.server, 'EX01');
    assert.equal(c!.fqdn, 'EX01.contoso.com');
    assert.deepEqual(c!.authMechanism, ['Tls', 'Integrated', 'BasicAuth', 'BasicAuthRequireTLS', 'ExchangeServer']);
    assert.equal(c!.requireTLS, false);
    assert.equal(c!.enabled, true);
    assert.equal(
      c!.tlsCertificateName,
      '<I>CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US<S>CN=mail.contoso.com, O=Contoso Ltd, L=Redmond, S=Washington, C=US',
    );
    assert.deepEqual(c!.tlsDomainCapabilities, ['mail.protection.outlook.com:AcceptCloudServicesMail']);
    assert.equal(c!.transportRole, 'FrontendTransport');
    assert.deepEqual(c!.bindings, ['[::]:25', '0.0.0.0:25']);
    assert.deepEqual(c!.permissionGroups, ['AnonymousUsers', 'ExchangeServers', 'ExchangeLegacyServers']);
    assert.equal(receiveConnectorIdentity(c!), 'EX01\\Default Frontend EX01');
  });

  it('reads several connectors with chosen fields and an empty TlsCertificateName', () => {
    const connectors = parse(`Get-ReceiveConnector | fl Identity,Fqdn,AuthMechanism,RequireTLS,TlsCertificateName,TransportRole,Bindings

Identity           : EX01\\Default EX01
Fqdn               : EX01.contoso.local
AuthMechanism      : Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer
RequireTLS         : False
TlsCertificateName :
TransportRole      : HubTransport
Bindings           : {0.0.0.0:2525, [::]:2525}

Identity           : EX01\\Relay Printers
Fqdn               : relay.contoso.com
AuthMechanism      : None
RequireTLS         : False
TlsCertificateName :
TransportRole      : FrontendTransport
Bindings           : {0.0.0.0:25}
`);
    assert.equal(connectors.length, 2);
    assert.equal(connectors[0]!.server, 'EX01');
    assert.equal(connectors[0]!.name, 'Default EX01');
    assert.equal(connectors[0]!.tlsCertificateName, undefined);
    assert.equal(connectors[0]!.transportRole, 'HubTransport');
    assert.deepEqual(connectors[1]!.authMechanism, ['None']);
    assert.equal(connectors[1]!.fqdn, 'relay.contoso.com');
    assert.deepEqual(connectors[1]!.bindings, ['0.0.0.0:25']);
  });

  it('takes a record with only shared fields when Get-ReceiveConnector produced it', () => {
    const connectors = parse(`PS C:\\> Get-ReceiveConnector "EX02\\Default Frontend EX02" | fl Name,TlsCertificateName
Name               : Default Frontend EX02
TlsCertificateName : <I>CN=R3, O=Let's Encrypt, C=US<S>CN=mail.contoso.com`);
    assert.equal(connectors.length, 1);
    assert.equal(connectors[0]!.name, 'Default Frontend EX02');
    assert.equal(connectors[0]!.tlsCertificateName, "<I>CN=R3, O=Let's Encrypt, C=US<S>CN=mail.contoso.com");
  });

  it('leaves send connectors and certificates alone', () => {
    const connectors = parse(`Get-SendConnector | fl Name,Fqdn,TlsCertificateName
Name               : Outbound to Office 365 - 3f2a1c9e-0b1d-4e55-9a77-6a1f0c2b8d10
Fqdn               : mail.contoso.com
TlsCertificateName : <I>CN=R3, O=Let's Encrypt, C=US<S>CN=mail.contoso.com

AddressSpaces            : {smtp:contoso.mail.onmicrosoft.com;1}
CloudServicesMailEnabled : True
Fqdn                     : mail.contoso.com
Name                     : Outbound to Office 365
TlsAuthLevel             : DomainValidation

CertificateDomains : {mail.contoso.com, autodiscover.contoso.com}
Services           : IMAP, POP, IIS, SMTP
Thumbprint         : 9D1E4A6F2C3B5E7A8B9C0D1E2F3A4B5C6D7E8F90`);
    assert.deepEqual(connectors, []);
  });

  it('reads collect.ps1 sections by their header and skips queue records with Server\\N identities', () => {
    const connectors = parse(`=== Receive connectors on EX01 ===

Identity : EX01\\Custom Relay
Name     : Custom Relay
Fqdn     : relay.contoso.com

=== Queues in Retry on EX01 ===

Identity      : EX01\\14
NextHopDomain : contoso.mail.onmicrosoft.com
Status        : Retry
MessageCount  : 38
LastError     : 451 4.4.0 DNS query failed`);
    assert.deepEqual(connectors.map((c) => c.identity), ['EX01\\Custom Relay']);
    assert.equal(connectors[0]!.fqdn, 'relay.contoso.com');
  });

  it('and the send connector parser split one mixed paste between them (whole engine)', () => {
    const { facts } = analyse(`${FULL_FRONTEND}
[PS] C:\\Windows\\system32>Get-SendConnector | fl Name,AddressSpaces,Fqdn,TlsCertificateName,CloudServicesMailEnabled
Name                     : Outbound to Office 365 - 3f2a1c9e-0b1d-4e55-9a77-6a1f0c2b8d10
AddressSpaces            : {smtp:contoso.mail.onmicrosoft.com;1}
Fqdn                     : mail.contoso.com
TlsCertificateName       : <I>CN=R3, O=Let's Encrypt, C=US<S>CN=mail.contoso.com
CloudServicesMailEnabled : True`);
    assert.deepEqual(facts.extracted.receiveConnectors.map((c) => c.identity), ['EX01\\Default Frontend EX01']);
    assert.deepEqual(facts.extracted.sendConnectors.map((c) => c.name), ['Outbound to Office 365 - 3f2a1c9e-0b1d-4e55-9a77-6a1f0c2b8d10']);
  });

  it('does not take queue identities (EX01\\8, EX01\\Submission) for receive connectors', () => {
    assert.deepEqual(parse('Identity      : EX01\\8\nNextHopDomain : contoso.mail.onmicrosoft.com\n\nIdentity : EX01\\8\n\nIdentity : EX01\\Submission\n'), []);
    assert.equal(parse('Identity : EX01\\Default Frontend EX01\n').length, 1);
  });
});
