import { strict as assert } from 'node:assert';
import { exoConnectorParser } from '../../src/diagnosis/parsers/exoConnectors';
import { normalise } from '../../src/diagnosis/normalise';

const parse = (text: string) => exoConnectorParser.parse(normalise(text));

const INBOUND_FL = `PS C:\\> Get-InboundConnector | fl

Enabled                      : True
SenderIPAddresses            : {}
SenderDomains                : {smtp:*;1}
AssociatedAcceptedDomains    : {}
RequireTls                   : True
RestrictDomainsToIPAddresses : False
RestrictDomainsToCertificate : False
CloudServicesMailEnabled     : True
TreatMessagesAsInternal      : False
TlsSenderCertificateName     : mail.contoso.com
EFTestMode                   : False
ScanAndDropRecipients        : {}
EFSkipLastIP                 : False
EFSkipIPs                    : {}
EFSkipMailGateway            : {}
EFUsers                      : {}
Comment                      :
ConnectorType                : OnPremises
ConnectorSource              : HybridWizard
AdminDisplayName             :
ExchangeVersion              : 0.1 (8.0.535.0)
Name                         : Inbound from 2c6f0b3e-7d1a-4c55-9a0e-1f2d3c4b5a69
Identity                     : Inbound from 2c6f0b3e-7d1a-4c55-9a0e-1f2d3c4b5a69

Enabled                      : True
SenderIPAddresses            : {203.0.113.10, 203.0.113.11}
SenderDomains                : {smtp:*;1}
RequireTls                   : False
RestrictDomainsToIPAddresses : True
RestrictDomainsToCertificate : False
TlsSenderCertificateName     :
ConnectorType                : Partner
ConnectorSource              : AdminUI
Name                         : Scanner relay
`;

const OUTBOUND_FL = `Enabled                       : True
UseMXRecord                   : False
Comment                       :
ConnectorType                 : OnPremises
ConnectorSource               : HybridWizard
RecipientDomains              : {contoso.com, fabrikam.com}
SmartHosts                    : {mail.contoso.com}
TlsDomain                     : mail.contoso.com
TlsSettings                   : DomainValidation
IsTransportRuleScoped         : False
RouteAllMessagesViaOnPremises : False
CloudServicesMailEnabled      : True
AllAcceptedDomains            : False
SenderRewritingEnabled        : False
TestMode                      : False
LinkForModifiedConnector      : 00000000-0000-0000-0000-000000000000
ValidationRecipients          : {}
IsValidated                   : False
LastValidationTimestamp       :
Identity                      : Outbound to 2c6f0b3e-7d1a-4c55-9a0e-1f2d3c4b5a69
Name                          : Outbound to 2c6f0b3e-7d1a-4c55-9a0e-1f2d3c4b5a69
`;

describe('parser: exoConnectors', () => {
  it('reads Get-InboundConnector | fl, two connectors', () => {
    const { inboundConnectors, outboundConnectors } = parse(INBOUND_FL);
    assert.equal(outboundConnectors, undefined);
    assert.equal(inboundConnectors!.length, 2);
    const [hybrid, partner] = inboundConnectors!;
    assert.deepEqual(hybrid, {
      name: 'Inbound from 2c6f0b3e-7d1a-4c55-9a0e-1f2d3c4b5a69',
      connectorType: 'OnPremises',
      connectorSource: 'HybridWizard',
      enabled: true,
      requireTls: true,
      restrictDomainsToCertificate: false,
      restrictDomainsToIPAddresses: false,
      tlsSenderCertificateName: 'mail.contoso.com',
      senderDomains: ['smtp:*;1'],
      senderIPAddresses: [],
      cloudServicesMailEnabled: true,
    });
    assert.equal(partner!.name, 'Scanner relay');
    assert.equal(partner!.tlsSenderCertificateName, undefined);
    assert.deepEqual(partner!.senderIPAddresses, ['203.0.113.10', '203.0.113.11']);
    assert.equal(partner!.restrictDomainsToIPAddresses, true);
  });

  it('reads Get-OutboundConnector | fl', () => {
    const { inboundConnectors, outboundConnectors } = parse(OUTBOUND_FL);
    assert.equal(inboundConnectors, undefined);
    assert.deepEqual(outboundConnectors, [
      {
        name: 'Outbound to 2c6f0b3e-7d1a-4c55-9a0e-1f2d3c4b5a69',
        connectorType: 'OnPremises',
        connectorSource: 'HybridWizard',
        enabled: true,
        tlsSettings: 'DomainValidation',
        tlsDomain: 'mail.contoso.com',
        smartHosts: ['mail.contoso.com'],
        useMXRecord: false,
        recipientDomains: ['contoso.com', 'fabrikam.com'],
        routeAllMessagesViaOnPremises: false,
        cloudServicesMailEnabled: true,
        isValidated: false,
      },
    ]);
  });

  it('reads a V6-style selection of properties', () => {
    const { inboundConnectors } = parse(`Name                         : Inbound from 7f1c
ConnectorType                : OnPremises
TlsSenderCertificateName     : *.contoso.com
RequireTls                   : True
RestrictDomainsToCertificate : True`);
    assert.equal(inboundConnectors!.length, 1);
    assert.equal(inboundConnectors![0]!.tlsSenderCertificateName, '*.contoso.com');
    assert.equal(inboundConnectors![0]!.restrictDomainsToCertificate, true);
  });

  it('leaves on-premises send connectors alone', () => {
    const result = parse(`Name                     : Outbound to Office 365 5a0d6a52-3f3e-4b0c-9a1d-0c2f1e4a8b77
AddressSpaces            : {smtp:contoso.mail.onmicrosoft.com;1}
SmartHosts               : {contoso-com.mail.protection.outlook.com}
TlsAuthLevel             : DomainValidation
TlsCertificateName       : <I>CN=R11, O=Let's Encrypt, C=US<S>CN=mail.contoso.com
TlsDomain                : mail.protection.outlook.com
RequireTLS               : True`);
    assert.deepEqual(result, {});
  });
});
