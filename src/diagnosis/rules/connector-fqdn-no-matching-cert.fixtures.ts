import type { RuleFixtureTable } from '../rule';
import { sample } from './sample';

/** The Exchange self-signed certificate of EX01, as `Get-ExchangeCertificate | fl` prints it. */
const EX01_SELF_SIGNED = sample('certificates/ex01-self-signed-fl.txt').trimEnd();

const RELAY_EVENT = `Log Name:      Application
Source:        MSExchangeFrontEndTransport
Date:          11/25/2026 6:02:51 AM
Event ID:      12014
Task Category: TransportService
Level:         Error
Keywords:      Classic
User:          N/A
Computer:      EX01.contoso.com
Description:
Microsoft Exchange could not find a certificate that contains the domain name smtp.contoso.com in the personal store on the local computer. Therefore, it is unable to support the STARTTLS SMTP verb for the connector Internet Relay EX01 with a FQDN parameter of smtp.contoso.com. If the connector's FQDN is not specified, the computer's FQDN is used. Verify the connector configuration and the installed certificates to make sure that there is a certificate with a domain name for every connector FQDN. If the certificate with a domain name of smtp.contoso.com is installed, run the following command to enable it: Enable-ExchangeCertificate -Services SMTP.`;

const CERT_WITHOUT_SMTP = `Thumbprint         : 2B7C9E1F0A3D5C4B6E8F7A9B0C1D2E3F4A5B6C7D
Services           : IIS
Subject            : CN=mail.contoso.com, O=Contoso Ltd, L=Redmond, S=Washington, C=US
Issuer             : CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US
CertificateDomains : {mail.contoso.com, autodiscover.contoso.com, smtp.contoso.com}
RootCAType         : ThirdParty
Status             : Valid
IsSelfSigned       : False
NotBefore          : 9/1/2026 12:00:00 AM
NotAfter           : 9/30/2027 11:59:59 PM
HasPrivateKey      : True

${EX01_SELF_SIGNED}`;

export const fixtures: RuleFixtureTable = {
  recognise: [
    {
      name: 'EN 12014 for a relay connector FQDN; the renewed public certificate covers it but only serves IIS: enable SMTP',
      input: `${RELAY_EVENT}\n\n[PS] C:\\>Get-ExchangeCertificate | fl Thumbprint,Services,Subject,Issuer,CertificateDomains,RootCAType,Status,IsSelfSigned,NotBefore,NotAfter,HasPrivateKey\n\n${CERT_WITHOUT_SMTP}`,
      commands: ['Enable-ExchangeCertificate -Thumbprint 2B7C9E1F0A3D5C4B6E8F7A9B0C1D2E3F4A5B6C7D -Services SMTP,IIS'],
      forbiddenCommands: [/Remove-ExchangeCertificate/i],
      data: { fqdn: 'smtp.contoso.com', connector: 'EX01\\Internet Relay EX01', enableThumbprint: '2B7C9E1F0A3D5C4B6E8F7A9B0C1D2E3F4A5B6C7D' },
    },
    {
      name: 'JA 12014 (Exchange 2007-era wording) for the server FQDN, event only: asks for the certificate list',
      input: `イベント ID: 12014
ソース: MSExchangeTransport
レベル: エラー
コンピューター: HUB01.contoso.local
説明:
ローカル コンピュータの個人用ストアにドメイン名 HUB01.contoso.local を含む証明書が見つかりませんでした。このため、FQDN パラメータが HUB01.contoso.local のコネクタ Default HUB01 に対する STARTTLS SMTP コマンドをサポートできません。コネクタの FQDN が指定されていない場合、コンピュータの FQDN が使用されます。接続の構成とインストールされている証明書を確認して、すべてのコネクタの FQDN のドメイン名を含む証明書があることを確認してください。`,
      commands: ["Get-ExchangeCertificate -DomainName 'HUB01.contoso.local'", "New-ExchangeCertificate -Server 'HUB01'"],
      needs: ["Get-ExchangeCertificate -Server 'HUB01'"],
      data: { fqdn: 'HUB01.contoso.local', connector: 'HUB01\\Default HUB01' },
    },
    {
      name: 'Get-WinEvent | fl form, public relay name, no certificate list: request a certificate for it',
      input: `TimeCreated      : 11/24/2026 11:00:03 PM
Id               : 12014
ProviderName     : MSExchangeFrontEndTransport
LevelDisplayName : Error
MachineName      : EX03.fabrikam.com
Message          : Microsoft Exchange could not find a certificate that contains the domain name relay.fabrikam.com in
                   the personal store on the local computer. Therefore, it is unable to support the STARTTLS SMTP verb
                   for the connector Partner TLS EX03 with a FQDN parameter of relay.fabrikam.com. If the connector's
                   FQDN is not specified, the computer's FQDN is used.`,
      commands: ["New-ExchangeCertificate -GenerateRequest -SubjectName 'CN=relay.fabrikam.com' -DomainName 'relay.fabrikam.com'"],
      needs: ["Get-ExchangeCertificate -Server 'EX03'"],
      data: { fqdn: 'relay.fabrikam.com', connector: 'EX03\\Partner TLS EX03', enableThumbprint: null },
    },
    {
      name: 'no event: a TLS receive connector whose FQDN no SMTP certificate in the full list covers (moderate)',
      input: `Get-ReceiveConnector -Server EX01 | fl Identity,Fqdn,AuthMechanism,TlsCertificateName
Identity           : EX01\\Partner Inbound EX01
Fqdn               : partners.contoso.com
AuthMechanism      : Tls
TlsCertificateName :

${CERT_WITHOUT_SMTP}`,
      commands: ["Get-ExchangeCertificate -DomainName 'partners.contoso.com'", "New-ExchangeCertificate -GenerateRequest -SubjectName 'CN=partners.contoso.com'"],
      data: { fqdn: 'partners.contoso.com', connector: 'EX01\\Partner Inbound EX01', enableThumbprint: null },
    },
  ],
  reject: [
    {
      name: '12014 naming a stale <I>…<S>… TlsCertificateName',
      input: `Event ID: 12014
Source: MSExchangeFrontEndTransport
Computer: EX01.contoso.com
Description:
Microsoft Exchange could not find a certificate that contains the domain name <I>CN=R3, O=Let's Encrypt, C=US<S>CN=mail.contoso.com in the personal store on the local computer. Therefore, it is unable to support the STARTTLS SMTP verb for the connector Default Frontend EX01 with a FQDN parameter of <I>CN=R3, O=Let's Encrypt, C=US<S>CN=mail.contoso.com.`,
    },
    {
      name: 'receive connectors whose FQDNs the SMTP certificates cover',
      input: `Get-ReceiveConnector | fl Identity,Fqdn,AuthMechanism,TlsCertificateName
Identity           : EX01\\Default Frontend EX01
Fqdn               : EX01.contoso.com
AuthMechanism      : Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer
TlsCertificateName :

Identity           : EX01\\Internet Relay EX01
Fqdn               : smtp.contoso.com
AuthMechanism      : Tls
TlsCertificateName :

${CERT_WITHOUT_SMTP.replace('Services           : IIS', 'Services           : IIS, SMTP')}`,
    },
    {
      name: 'event 12016 (certificate for the FQDN expired), not 12014',
      input: `Event ID: 12016
Source: MSExchangeFrontEndTransport
Level: Warning
Computer: EX01.contoso.com
Description:
There is no valid SMTP Transport Layer Security (TLS) certificate for the FQDN of mail.contoso.com. The existing certificate for that FQDN has expired. The continued use of that FQDN will cause mail flow problems. A new certificate that contains the FQDN of mail.contoso.com should be installed on this server as soon as possible.`,
    },
  ],
};
