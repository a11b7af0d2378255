import type { RuleFixtureTable } from '../rule';
import { sample } from './sample';

const NDR = `Delivery has failed to these recipients or groups:
adele.vance@contoso.com
Diagnostic information for administrators:
Generating server: EX01.mail.corp.contoso.com
adele.vance@contoso.com
Remote Server returned '550 5.7.64 Relay Access Denied ATTR36. For more details please refer to: https://support.microsoft.com/kb/3169958'`;
const CONNECTOR_SUBDOMAIN = `Name                     : Outbound to Office 365 5a0d6a52-3f3e-4b0c-9a1d-0c2f1e4a8b77
TlsCertificateName       : <I>CN=Sectigo RSA Domain Validation Secure Server CA, O=Sectigo Limited, L=Salford, S=Greater Manchester, C=GB<S>CN=hybrid.mail.corp.contoso.com
CloudServicesMailEnabled : True
AddressSpaces            : {smtp:contoso.mail.onmicrosoft.com;1}
SourceTransportServers   : {EX01}`;
const CERT_ROWS = `2026-11-26T06:30:12.011Z,Outbound to Office 365,08DE0D3A1C2B5A02,7,10.20.0.5:28831,52.101.68.4:25,*,,Sending certificate
2026-11-26T06:30:12.011Z,Outbound to Office 365,08DE0D3A1C2B5A02,8,10.20.0.5:28831,52.101.68.4:25,*,CN=smtp.eu.fabrikam.net,Certificate subject
2026-11-26T06:30:12.405Z,Outbound to Office 365,08DE0D3A1C2B5A02,15,10.20.0.5:28831,52.101.68.4:25,<,550 5.7.64 Relay Access Denied ATTR36. For more details please refer to: https://support.microsoft.com/kb/3169958,`;

export const fixtures: RuleFixtureTable = {
  recognise: [
    { name: 'NDR alone asks which certificate name is presented', input: NDR, needs: ['Get-SendConnector', 'Certificate subject'], commands: ['Get-AcceptedDomain'], data: { certificateName: null } },
    {
      name: 'NDR + connector pinned to a certificate under a subdomain: names the domain to accept',
      input: `${NDR}\n${CONNECTOR_SUBDOMAIN}`,
      commands: ['Get-AcceptedDomain | fl DomainName,DomainType'],
      forbiddenCommands: [/Set-InboundConnector|Remove-ExchangeCertificate/],
      data: { certificateName: 'hybrid.mail.corp.contoso.com', suggestedDomain: 'mail.corp.contoso.com', foundIn: 'connector' },
    },
    {
      name: 'send protocol log rows with the response',
      input: CERT_ROWS,
      data: { certificateName: 'smtp.eu.fabrikam.net', suggestedDomain: 'eu.fabrikam.net', foundIn: 'protocol-log' },
    },
    {
      name: 'HCW warning text with the EXO inbound connector',
      input: `HCW warning: the certificate subject is not an accepted domain. Mail may be rejected with 550 5.7.64 Relay Access Denied ATTR36.\n${sample('send/inbound-hybrid-fl.txt')}`,
      data: { certificateName: 'hybrid.contoso.com', suggestedDomain: 'contoso.com' },
    },
  ],
  reject: [
    { name: 'TenantAttribution (name mismatch)', input: sample('send/ndr-tenantattribution.txt') },
    { name: 'wrong region ATTR35', input: '451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. For more information please go to https://go.microsoft.com/fwlink/?linkid=865268' },
  ],
};
