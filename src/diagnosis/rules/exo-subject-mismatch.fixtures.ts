import type { RuleFixtureTable } from '../rule';
import { sample } from './sample';

/** The Exchange self-signed certificate of EX01, as `Get-ExchangeCertificate | fl` prints it. */
const EX01_SELF_SIGNED = sample('certificates/ex01-self-signed-fl.txt').trimEnd();

const PUBLIC_CERT = `Thumbprint         : 5E1F0A7C3B2D9E8F7A6B5C4D3E2F1A0B9C8D7E6F
Services           : IMAP, POP, IIS, SMTP
Subject            : CN=mail.contoso.com
Issuer             : CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US
CertificateDomains : {mail.contoso.com, autodiscover.contoso.com}
RootCAType         : ThirdParty
Status             : Valid
IsSelfSigned       : False
NotAfter           : 11/29/2027 11:59:59 PM
HasPrivateKey      : True

${EX01_SELF_SIGNED}`;

export const fixtures: RuleFixtureTable = {
  recognise: [
    {
      name: 'trace: Exchange presents its self-signed CN=EX01; the public certificate for mail.contoso.com is there: pin Default Frontend',
      input: `Date                   Event          Detail
----                   -----          ------
11/25/2026 10:31:44 PM Defer          The message was deferred. Reason: [{LED=450 4.4.317 Cannot connect to remote server [Message=SubjectMismatch Expected Subject: mail.contoso.com. Presented Subject: CN=EX01. Thumbprint: C07B19E88671134C4C4A38D72F0A587974CE137D.] [LastAttemptedServerName=mail.contoso.com] [LastAttemptedIP=203.0.113.10:25]};{MSG=};{FQDN=mail.contoso.com};{IP=203.0.113.10};{LRT=11/25/2026 10:31:44 PM}]

[PS] C:\\>Get-ExchangeCertificate | fl Thumbprint,Services,Subject,Issuer,CertificateDomains,RootCAType,Status,IsSelfSigned,NotAfter,HasPrivateKey

${PUBLIC_CERT}`,
      commands: ["Set-ReceiveConnector -Identity 'EX01\\Default Frontend EX01' -TlsCertificateName '<I>CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US<S>CN=mail.contoso.com'"],
      forbiddenCommands: [/Remove-ExchangeCertificate/i, /Set-OutboundConnector/i],
      data: {
        expected: 'mail.contoso.com',
        presented: 'CN=EX01',
        presentedThumbprint: 'C07B19E88671134C4C4A38D72F0A587974CE137D',
        matchingThumbprint: '5E1F0A7C3B2D9E8F7A6B5C4D3E2F1A0B9C8D7E6F',
        receiveConnector: 'EX01\\Default Frontend EX01',
      },
    },
    {
      name: 'NDR text only: asks for the certificates, the receive connector and the Exchange Online outbound connector',
      input: `Remote Server returned '450 4.4.317 Cannot connect to remote server [Message=SubjectMismatch Expected Subject: hybrid.fabrikam.com. Presented Subject: CN=owa.fabrikam.com, O=Fabrikam Inc, C=US. Thumbprint: 8899AABBCCDDEEFF00112233445566778899AABB.] [LastAttemptedServerName=hybrid.fabrikam.com] [LastAttemptedIP=198.51.100.7:25]'`,
      needs: ['Get-ExchangeCertificate', 'Get-ReceiveConnector', 'Get-OutboundConnector'],
      data: { expected: 'hybrid.fabrikam.com', presented: 'CN=owa.fabrikam.com, O=Fabrikam Inc, C=US', presentedThumbprint: '8899AABBCCDDEEFF00112233445566778899AABB' },
    },
    {
      name: 'renewed under another name: the outbound connector still expects the old TlsDomain',
      input: `Get-MessageTraceDetail | fl Date,Event,Detail
Date   : 11/25/2026 10:31:44 PM
Event  : Defer
Detail : The message was deferred. Reason: [{LED=450 4.4.317 Cannot connect to remote server [Message=SubjectMismatch Expected Subject: mail.contoso.com. Presented Subject: CN=smtp.contoso.com. Thumbprint: 2B7C9E1F0A3D5C4B6E8F7A9B0C1D2E3F4A5B6C7D.] [LastAttemptedServerName=smtp.contoso.com] [LastAttemptedIP=203.0.113.10:25]};{MSG=};{FQDN=smtp.contoso.com};{IP=203.0.113.10}]

Get-OutboundConnector | fl Name,TlsSettings,TlsDomain,SmartHosts,UseMXRecord
Name        : Outbound to 3f2a1c9e-0b1d-4e55-9a77-6a1f0c2b8d10
TlsSettings : DomainValidation
TlsDomain   : mail.contoso.com
SmartHosts  : {smtp.contoso.com}
UseMXRecord : False

Thumbprint         : 2B7C9E1F0A3D5C4B6E8F7A9B0C1D2E3F4A5B6C7D
Services           : IIS, SMTP
Subject            : CN=smtp.contoso.com
Issuer             : CN=GlobalSign GCC R3 DV TLS CA 2020, O=GlobalSign nv-sa, C=BE
CertificateDomains : {smtp.contoso.com}
RootCAType         : ThirdParty
Status             : Valid
IsSelfSigned       : False
NotAfter           : 10/1/2027 11:59:59 PM
HasPrivateKey      : True`,
      commands: ["Set-OutboundConnector -Identity 'Outbound to 3f2a1c9e-0b1d-4e55-9a77-6a1f0c2b8d10' -TlsDomain 'smtp.contoso.com'"],
      data: { expected: 'mail.contoso.com', presentedThumbprint: '2B7C9E1F0A3D5C4B6E8F7A9B0C1D2E3F4A5B6C7D', matchingThumbprint: null },
    },
    {
      name: 'JA forum post: Default Frontend pinned to the self-signed certificate, trace SubjectMismatch',
      input: `お世話になっております。Exchange Online からオンプレミス宛てのメールが遅延しています。メッセージ追跡の詳細です。
450 4.4.317 Cannot connect to remote server [Message=SubjectMismatch Expected Subject: mail.contoso.co.jp. Presented Subject: CN=EXSV01. Thumbprint: 1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D.] [LastAttemptedServerName=mail.contoso.co.jp]

受信コネクタの設定:
Identity           : EXSV01\\Default Frontend EXSV01
TlsCertificateName : <I>CN=EXSV01<S>CN=EXSV01
AuthMechanism      : Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer

証明書:
Thumbprint         : 1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D
Services           : IMAP, POP, SMTP
Subject            : CN=EXSV01
Issuer             : CN=EXSV01
IsSelfSigned       : True
NotAfter           : 2029/04/01 10:00:00

Thumbprint         : 7F6E5D4C3B2A19080F1E2D3C4B5A69788796A5B4
Services           : IIS, SMTP
Subject            : CN=mail.contoso.co.jp, O=Contoso KK, L=Minato-ku, S=Tokyo, C=JP
Issuer             : CN=SECOM Passport for Web SR 3.0 CA, O=SECOM Trust Systems CO.,LTD., C=JP
CertificateDomains : {mail.contoso.co.jp, autodiscover.contoso.co.jp}
RootCAType         : ThirdParty
Status             : Valid
IsSelfSigned       : False
NotAfter           : 2027/05/31 23:59:59`,
      commands: ["Set-ReceiveConnector -Identity 'EXSV01\\Default Frontend EXSV01' -TlsCertificateName '<I>CN=SECOM Passport for Web SR 3.0 CA, O=SECOM Trust Systems CO.,LTD., C=JP<S>CN=mail.contoso.co.jp, O=Contoso KK, L=Minato-ku, S=Tokyo, C=JP'"],
      data: { expected: 'mail.contoso.co.jp', matchingThumbprint: '7F6E5D4C3B2A19080F1E2D3C4B5A69788796A5B4', receiveConnector: 'EXSV01\\Default Frontend EXSV01' },
    },
  ],
  reject: [
    {
      name: '4.4.317 UntrustedRoot (chain, not name)',
      input: `Remote Server returned '450 4.4.317 Cannot connect to remote server [Message=UntrustedRoot] [LastAttemptedServerName=mail.contoso.com] [LastAttemptedIP=203.0.113.10:25]'`,
    },
    {
      name: 'a healthy outbound connector listing with DomainValidation',
      input: `Name        : Outbound to 3f2a1c9e-0b1d-4e55-9a77-6a1f0c2b8d10
TlsSettings : DomainValidation
TlsDomain   : mail.contoso.com
SmartHosts  : {mail.contoso.com}
UseMXRecord : False

${PUBLIC_CERT}`,
    },
    {
      name: 'a Schannel 36884 name-mismatch event alone (another TLS client on the machine)',
      input: `Log Name:      System
Source:        Schannel
Event ID:      36884
Level:         Error
Computer:      EX01.contoso.com
Description:
The certificate received from the remote server does not contain the expected name. It is therefore not possible to determine whether we are connecting to the correct server. The server name we were expecting is mail.fabrikam.com. The TLS connection request has failed. The attached data contains the server certificate.`,
    },
  ],
};
