import type { RuleFixtureTable } from '../rule';

const EXPIRED_AND_RENEWED = `Thumbprint         : 7A3C5E9B1D2F4A6C8E0B2D4F6A8C0E2B4D6F8A0C
Services           : IMAP, POP, IIS, SMTP
Subject            : CN=mail.contoso.com, O=Contoso Ltd, L=Redmond, S=Washington, C=US
Issuer             : CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US
CertificateDomains : {mail.contoso.com, autodiscover.contoso.com}
RootCAType         : ThirdParty
Status             : DateInvalid
IsSelfSigned       : False
NotBefore          : 11/1/2025 12:00:00 AM
NotAfter           : 11/15/2026 11:59:59 PM
HasPrivateKey      : True

Thumbprint         : 1F2E3D4C5B6A79881726354453627180A9B8C7D6
Services           : IIS
Subject            : CN=mail.contoso.com, O=Contoso Ltd, L=Redmond, S=Washington, C=US
Issuer             : CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US
CertificateDomains : {mail.contoso.com, autodiscover.contoso.com}
RootCAType         : ThirdParty
Status             : Valid
IsSelfSigned       : False
NotBefore          : 11/10/2026 12:00:00 AM
NotAfter           : 11/24/2027 11:59:59 PM
HasPrivateKey      : True`;

export const fixtures: RuleFixtureTable = {
  recognise: [
    {
      name: 'event 12016 with the certificate list: the renewed certificate only serves IIS; enable SMTP and re-pin both hybrid connectors',
      input: `Log Name:      Application
Source:        MSExchangeFrontEndTransport
Date:          11/25/2026 7:00:01 AM
Event ID:      12016
Task Category: TransportService
Level:         Warning
Keywords:      Classic
User:          N/A
Computer:      EX01.contoso.com
Description:
There is no valid SMTP Transport Layer Security (TLS) certificate for the FQDN of mail.contoso.com. The existing certificate for that FQDN has expired. The continued use of that FQDN will cause mail flow problems. A new certificate that contains the FQDN of mail.contoso.com should be installed on this server as soon as possible.

[PS] C:\\>Get-ExchangeCertificate | fl Thumbprint,Services,Subject,Issuer,CertificateDomains,RootCAType,Status,IsSelfSigned,NotBefore,NotAfter,HasPrivateKey

${EXPIRED_AND_RENEWED}`,
      commands: [
        'Enable-ExchangeCertificate -Thumbprint 1F2E3D4C5B6A79881726354453627180A9B8C7D6 -Services SMTP,IIS',
        "-TlsCertificateName '<I>CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US<S>CN=mail.contoso.com, O=Contoso Ltd, L=Redmond, S=Washington, C=US'",
        "Set-ReceiveConnector -Identity 'EX01\\Default Frontend EX01'",
      ],
      forbiddenCommands: [/Remove-ExchangeCertificate/i],
      data: { kind: 'expired', fqdn: 'mail.contoso.com', replacementThumbprint: '1F2E3D4C5B6A79881726354453627180A9B8C7D6' },
    },
    {
      name: 'hybrid send connector pinned to a certificate that expired last month (no renewal in the list)',
      input: `Name               : Outbound to Office 365 - 3f2a1c9e-0b1d-4e55-9a77-6a1f0c2b8d10
TlsCertificateName : <I>CN=Sectigo RSA Domain Validation Secure Server CA, O=Sectigo Limited, L=Salford, S=Greater Manchester, C=GB<S>CN=mail.contoso.com
Fqdn               : mail.contoso.com
RequireTLS         : True
TlsAuthLevel       : DomainValidation
TlsDomain          : mail.protection.outlook.com
CloudServicesMailEnabled : True
AddressSpaces      : {smtp:contoso.mail.onmicrosoft.com;1}

Thumbprint         : 0D9C8B7A6F5E4D3C2B1A0F9E8D7C6B5A49382716
Services           : IIS, SMTP
Subject            : CN=mail.contoso.com
Issuer             : CN=Sectigo RSA Domain Validation Secure Server CA, O=Sectigo Limited, L=Salford, S=Greater Manchester, C=GB
CertificateDomains : {mail.contoso.com, www.mail.contoso.com}
RootCAType         : ThirdParty
Status             : DateInvalid
IsSelfSigned       : False
NotAfter           : 10/2/2026 11:59:59 PM
HasPrivateKey      : True`,
      // A renewal starts from the existing certificate: the request keeps all its names.
      commands: ['Get-ExchangeCertificate -Thumbprint 0D9C8B7A6F5E4D3C2B1A0F9E8D7C6B5A49382716 | New-ExchangeCertificate -GenerateRequest -PrivateKeyExportable $true'],
      data: { kind: 'expired', expiredThumbprint: '0D9C8B7A6F5E4D3C2B1A0F9E8D7C6B5A49382716', replacementThumbprint: null },
    },
    {
      name: 'JA event 12015: internal transport certificate expired',
      input: `ログの名前: Application
ソース: MSExchangeTransport
イベント ID: 12015
レベル: 警告
コンピューター: EX02.contoso.co.jp
説明:
内部トランスポート証明書の有効期限が切れています。拇印: 9A8B7C6D5E4F30211203F4E5D6C7B8A990817263`,
      commands: ["Get-TransportService -Identity 'EX02' | fl Name,InternalTransportCertificateThumbprint", "New-ExchangeCertificate -Server 'EX02'"],
      forbiddenCommands: [/Remove-ExchangeCertificate/i],
      data: { kind: 'internal' },
    },
    {
      name: 'certutil -verify of the certificate Exchange presents: expired',
      input: `C:\\>certutil -verify C:\\temp\\mail.cer
Issuer:
    CN=GeoTrust TLS RSA CA G1, OU=www.digicert.com, O=DigiCert Inc, C=US
Subject:
    CN=mail.fabrikam.com
CertContext[0][0]: dwInfoStatus=102 dwErrorStatus=1
  Element.dwErrorStatus = CERT_TRUST_IS_NOT_TIME_VALID (0x1)
CertUtil: -verify command FAILED: 0x800b0101 (-2146762495 CERT_E_EXPIRED)
CertUtil: A required certificate is not within its validity period when verifying against the current system clock or the timestamp in the signed file.`,
      needs: ['Get-ExchangeCertificate'],
      data: { kind: 'expired' },
    },
    {
      name: 'event 12018: the STARTTLS certificate expires soon',
      input: `Event ID: 12018
Source: MSExchangeFrontEndTransport
Level: Warning
Computer: EX01.contoso.com
Description:
The STARTTLS certificate will expire soon: subject: mail.contoso.com, thumbprint: 7A3C5E9B1D2F4A6C8E0B2D4F6A8C0E2B4D6F8A0C, hours remaining: 212. Run the New-ExchangeCertificate cmdlet to create a new certificate.`,
      data: { kind: 'soon', expiredThumbprint: '7A3C5E9B1D2F4A6C8E0B2D4F6A8C0E2B4D6F8A0C' },
    },
    {
      name: 'event 12016 with the table form of the certificate list (no dates): asks for the list with NotAfter rather than pinning a certificate that may be the expired one',
      input: `Event 12016, MSExchangeFrontEndTransport
There is no valid SMTP Transport Layer Security (TLS) certificate for the FQDN of mail.fabrikam.com. The existing certificate for that FQDN has expired. The continued use of that FQDN will cause mail flow problems. A new certificate that contains the FQDN of mail.fabrikam.com should be installed on this server as soon as possible.

Log Name:      Application
Source:        MSExchangeFrontEndTransport
Event ID:      12016
Level:         Warning
Computer:      MBX01.fabrikam.com

[PS] C:\\>Get-ExchangeCertificate

Thumbprint                                Services   Subject
----------                                --------   -------
6E5D4C3B2A1908F7E6D5C4B3A29180F7E6D5C4B3  ...WS..    CN=mail.fabrikam.com, O=Fabrikam Inc, L=Seattle, S=WA, C=US
2A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D  IP.WS..    CN=MBX01`,
      commands: ["Get-ExchangeCertificate -DomainName 'mail.fabrikam.com'"],
      needs: ["Get-ExchangeCertificate -Server 'MBX01' | fl"],
      forbiddenCommands: [/Set-SendConnector|Set-ReceiveConnector/],
      data: { kind: 'expired', fqdn: 'mail.fabrikam.com', replacementThumbprint: null },
    },
    {
      name: 'JA post in the poster\'s own words only: the SMTP certificate expired, nothing pasted yet (asks for the list)',
      input: `先週、SMTP に割り当てていた証明書の有効期限が切れてから、Exchange Online からオンプレミスへのメールが届かなくなりました。どこを確認すればよいでしょうか。`,
      needs: ['Get-ExchangeCertificate | fl Thumbprint,Services,Subject,Issuer,CertificateDomains,RootCAType,Status,IsSelfSigned,NotAfter,HasPrivateKey'],
      data: { kind: 'expired', fqdn: null, replacementThumbprint: null },
    },
  ],
  reject: [
    {
      name: 'Status DateInvalid with NotAfter in the future (a chain through an expired root)',
      input: `Thumbprint         : 3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E
Services           : IIS, SMTP
Subject            : CN=mail.contoso.com
Issuer             : CN=Sectigo RSA Domain Validation Secure Server CA, O=Sectigo Limited, L=Salford, S=Greater Manchester, C=GB
CertificateDomains : {mail.contoso.com}
RootCAType         : ThirdParty
Status             : DateInvalid
IsSelfSigned       : False
NotAfter           : 6/30/2027 11:59:59 PM
HasPrivateKey      : True`,
    },
    {
      name: 'an old expired certificate left in the store next to its valid SMTP replacement',
      input: EXPIRED_AND_RENEWED.replace('Services           : IIS\n', 'Services           : IIS, SMTP\n'),
    },
    {
      name: 'an expired Exchange Server Auth certificate (OAuth, not TLS)',
      input: `Thumbprint         : 4CE834243B37D27F29379287D3DED6294935EB2D
Services           : SMTP
Subject            : CN=Microsoft Exchange Server Auth Certificate
Issuer             : CN=Microsoft Exchange Server Auth Certificate
RootCAType         : None
Status             : DateInvalid
IsSelfSigned       : True
NotAfter           : 2/16/2026 9:20:11 AM
HasPrivateKey      : True`,
    },
  ],
};
