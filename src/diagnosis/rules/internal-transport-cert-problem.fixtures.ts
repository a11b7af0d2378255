import type { RuleFixtureTable } from '../rule';

const NEVER_REMOVE = [/Remove-ExchangeCertificate/i, /-Force\b/];

export const fixtures: RuleFixtureTable = {
  recognise: [
    {
      name: 'event 12013 with Get-TransportService and a certificate list that lacks the thumbprint',
      input: `Log Name:      Application
Source:        MSExchangeTransport
Event ID:      12013
Task Category: TransportService
Level:         Error
Computer:      EX01.contoso.com
Description:
Microsoft Exchange could not load the certificate with thumbprint of 6A1B2C3D4E5F60718293A4B5C6D7E8F901234567 from the personal store on the local computer. This certificate was configured for authentication with other Exchange servers. Mail flow to other Exchange servers could be affected by this error. If the certificate with thumbprint of 6A1B2C3D4E5F60718293A4B5C6D7E8F901234567 exists in the personal store on the local computer, run the following command: Enable-ExchangeCertificate 6A1B2C3D4E5F60718293A4B5C6D7E8F901234567 -Services SMTP.

[PS] C:\\>Get-TransportService EX01 | fl Name,InternalTransportCertificateThumbprint
Name                                   : EX01
InternalTransportCertificateThumbprint : 6A1B2C3D4E5F60718293A4B5C6D7E8F901234567

[PS] C:\\>Get-ExchangeCertificate | ft Thumbprint,Services,Subject
Thumbprint                                Services   Subject
----------                                --------   -------
5E1F0A7C3B2D9E8F7A6B5C4D3E2F1A0B9C8D7E6F  IP.WS..    CN=mail.contoso.com
4CE834243B37D27F29379287D3DED6294935EB2D  ....S..    CN=Microsoft Exchange Server Auth Certificate`,
      commands: ["Get-TransportService -Identity 'EX01' | fl Name,InternalTransportCertificateThumbprint", "New-ExchangeCertificate -Server 'EX01' -KeySize 2048"],
      forbiddenCommands: NEVER_REMOVE,
      data: { kind: 'missing', thumbprint: '6A1B2C3D4E5F60718293A4B5C6D7E8F901234567', server: 'EX01' },
    },
    {
      name: 'event 12024: an ephemeral certificate is in use',
      input: `Event ID: 12024
Source: MSExchangeTransport
Level: Error
Computer: EX02.contoso.com
Description:
Microsoft Exchange could not load the certificate with thumbprint of 0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C from the personal store on the local computer. This certificate was configured for authentication with other Exchange servers. Mail flow to other Exchange servers could be affected by this error. Meanwhile, an ephemeral, self-signed certificate with thumbprint 88A7B6C5D4E3F2011F2E3D4C5B6A798899AABBCC is being used.`,
      commands: ["New-ExchangeCertificate -Server 'EX02'"],
      forbiddenCommands: NEVER_REMOVE,
      data: { kind: 'ephemeral', thumbprint: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C', ephemeralThumbprint: '88A7B6C5D4E3F2011F2E3D4C5B6A798899AABBCC' },
    },
    {
      name: 'event 12012 text alone (no labels): the local server is the one to fix',
      input: `The internal transport certificate that is used for SMTP authentication by Microsoft Exchange could not be read from Active Directory. Mail flow to other Exchange servers could be affected by this error.`,
      commands: ['New-ExchangeCertificate -Server $env:COMPUTERNAME'],
      forbiddenCommands: NEVER_REMOVE,
      data: { kind: 'unreadable', server: null },
    },
    {
      name: 'Get-WinEvent | fl form of event 12013 (MachineName gives the server)',
      input: `TimeCreated      : 11/25/2026 3:12:09 AM
Id               : 12013
ProviderName     : MSExchangeTransport
LevelDisplayName : Error
MachineName      : MBX02.fabrikam.local
Message          : Microsoft Exchange could not load the certificate with thumbprint of
                   B1C2D3E4F5061728394A5B6C7D8E9F0A1B2C3D4E from the personal store on the local computer. This
                   certificate was configured for authentication with other Exchange servers. Mail flow to other
                   Exchange servers could be affected by this error.`,
      commands: ["New-ExchangeCertificate -Server 'MBX02'", "Get-ExchangeCertificate -Thumbprint B1C2D3E4F5061728394A5B6C7D8E9F0A1B2C3D4E"],
      forbiddenCommands: NEVER_REMOVE,
      data: { kind: 'missing', thumbprint: 'B1C2D3E4F5061728394A5B6C7D8E9F0A1B2C3D4E', server: 'MBX02' },
    },
  ],
  reject: [
    {
      name: 'trying to remove the internal transport certificate (refused by Exchange, nothing broken)',
      input: `Remove-ExchangeCertificate -Thumbprint C07B19E88671134C4C4A38D72F0A587974CE137D
A special Rpc error occurs on server EX01: The internal transport certificate cannot be removed because that would cause the Microsoft Exchange Transport service to stop. To replace the internal transport certificate, create a new certificate. The new certificate will automatically become the internal transport certificate. You can then remove the existing certificate.`,
    },
    {
      name: 'Get-TransportService showing a thumbprint that is in the list',
      input: `Name                                   : EX01
InternalTransportCertificateThumbprint : C07B19E88671134C4C4A38D72F0A587974CE137D

Thumbprint         : C07B19E88671134C4C4A38D72F0A587974CE137D
Services           : IMAP, POP, SMTP
Subject            : CN=EX01`,
    },
    {
      name: 'event 12015: the internal transport certificate expired (cert-expired, not missing)',
      input: `Event ID: 12015
Source: MSExchangeTransport
Level: Warning
Computer: EX01.contoso.com
Description:
The internal transport certificate expired. Thumbprint:C07B19E88671134C4C4A38D72F0A587974CE137D`,
    },
  ],
};
