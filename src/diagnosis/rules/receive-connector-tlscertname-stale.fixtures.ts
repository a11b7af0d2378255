import type { RuleFixtureTable } from '../rule';
import { sample } from './sample';

/** The Exchange self-signed certificate of EX01, as `Get-ExchangeCertificate | fl` prints it. */
const EX01_SELF_SIGNED = sample('certificates/ex01-self-signed-fl.txt').trimEnd();

const OLD_ISSUER = 'CN=Sectigo RSA Domain Validation Secure Server CA, O=Sectigo Limited, L=Salford, S=Greater Manchester, C=GB';
const OLD_NAME = `<I>${OLD_ISSUER}<S>CN=mail.contoso.com`;
const NEW_ISSUER = 'CN=Sectigo Public Server Authentication CA DV R36, O=Sectigo Limited, C=GB';

const EVENT_EN = `Log Name:      Application
Source:        MSExchangeFrontEndTransport
Date:          11/25/2026 8:41:12 AM
Event ID:      12014
Task Category: TransportService
Level:         Error
Keywords:      Classic
User:          N/A
Computer:      EX01.contoso.com
Description:
Microsoft Exchange could not find a certificate that contains the domain name ${OLD_NAME} in the personal store on the local computer. Therefore, it is unable to support the STARTTLS SMTP verb for the connector Default Frontend EX01 with a FQDN parameter of ${OLD_NAME}. If the connector's FQDN is not specified, the computer's FQDN is used. Verify the connector configuration and the installed certificates to make sure that there is a certificate with a domain name for every connector FQDN. If the certificate with a domain name of ${OLD_NAME} is installed, run the following command to enable it: Enable-ExchangeCertificate -Services SMTP.`;

const CERTS_AFTER_RENEWAL = `[PS] C:\\Windows\\system32>Get-ExchangeCertificate | fl Thumbprint,Services,Subject,Issuer,CertificateDomains,RootCAType,Status,IsSelfSigned,NotBefore,NotAfter,HasPrivateKey

Thumbprint         : 5E1F0A7C3B2D9E8F7A6B5C4D3E2F1A0B9C8D7E6F
Services           : IMAP, POP, IIS, SMTP
Subject            : CN=mail.contoso.com
Issuer             : ${NEW_ISSUER}
CertificateDomains : {mail.contoso.com, autodiscover.contoso.com}
RootCAType         : ThirdParty
Status             : Valid
IsSelfSigned       : False
NotBefore          : 10/30/2026 12:00:00 AM
NotAfter           : 11/29/2027 11:59:59 PM
HasPrivateKey      : True

${EX01_SELF_SIGNED}

Thumbprint         : 4CE834243B37D27F29379287D3DED6294935EB2D
Services           : SMTP
Subject            : CN=Microsoft Exchange Server Auth Certificate
Issuer             : CN=Microsoft Exchange Server Auth Certificate
CertificateDomains : {}
RootCAType         : None
Status             : Valid
IsSelfSigned       : True
NotBefore          : 3/14/2022 9:20:11 AM
NotAfter           : 2/16/2027 9:20:11 AM
HasPrivateKey      : True`;

export const fixtures: RuleFixtureTable = {
  recognise: [
    {
      name: 'EN event 12014 naming <I>…<S>… after a renewal, with the certificate list: pin the new certificate',
      input: `${EVENT_EN}\n\n${CERTS_AFTER_RENEWAL}`,
      commands: [
        `Set-ReceiveConnector -Identity 'EX01\\Default Frontend EX01' -TlsCertificateName '<I>${NEW_ISSUER}<S>CN=mail.contoso.com'`,
      ],
      forbiddenCommands: [/Remove-ExchangeCertificate/i],
      data: {
        tlsCertificateName: OLD_NAME,
        connector: 'EX01\\Default Frontend EX01',
        replacementThumbprint: '5E1F0A7C3B2D9E8F7A6B5C4D3E2F1A0B9C8D7E6F',
      },
    },
    {
      name: 'JA event 12014 alone: asks for the certificate list, offers the KB clear-and-rerun-HCW path',
      input: `ログの名前:     Application
ソース:        MSExchangeFrontEndTransport
日付:          2026/11/25 8:41:12
イベント ID:   12014
タスクのカテゴリ: TransportService
レベル:        エラー
キーワード:    クラシック
ユーザー:      N/A
コンピューター: EX01.contoso.co.jp
説明:
ローカル コンピューターの個人用ストアにドメイン名 <I>CN=JPRS Domain Validation Authority - G4, O=Japan Registry Services Co., Ltd., C=JP<S>CN=mail.contoso.co.jp を含む証明書が見つかりませんでした。このため、FQDN パラメーターが <I>CN=JPRS Domain Validation Authority - G4, O=Japan Registry Services Co., Ltd., C=JP<S>CN=mail.contoso.co.jp のコネクタ Default Frontend EX01 に対する STARTTLS SMTP コマンドをサポートできません。コネクタの FQDN が指定されていない場合、コンピューターの FQDN が使用されます。`,
      commands: [`Set-ReceiveConnector -Identity 'EX01\\Default Frontend EX01' -TlsCertificateName $null`],
      needs: ["Get-ExchangeCertificate -Server 'EX01'"],
      data: { connector: 'EX01\\Default Frontend EX01', replacementThumbprint: null },
    },
    {
      name: 'No event: Exchange Online says STARTTLS is required, the connector names a certificate missing from the list',
      input: `Exchange Online message trace detail:
The message was deferred. Reason: [{LED=450 4.4.101 Proxy session setup failed on Frontend with '451 4.4.0 Primary target IP address responded with: "451 5.7.3 STARTTLS is required to send mail." Attempted failover to alternate host, but that did not succeed. Either there are no alternate hosts, or delivery failed to all alternate hosts. The last endpoint attempted was 203.0.113.10:25'};{MSG=};{FQDN=mail.contoso.com};{IP=203.0.113.10};{LRT=11/25/2026 9:14:05 PM}]

[PS] C:\\>Get-ReceiveConnector "EX01\\Default Frontend EX01" | fl Identity,Fqdn,AuthMechanism,TlsCertificateName,TlsDomainCapabilities
Identity              : EX01\\Default Frontend EX01
Fqdn                  : EX01.contoso.com
AuthMechanism         : Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer
TlsCertificateName    : ${OLD_NAME}
TlsDomainCapabilities : {mail.protection.outlook.com:AcceptCloudServicesMail}

${CERTS_AFTER_RENEWAL}`,
      commands: [`-TlsCertificateName '<I>${NEW_ISSUER}<S>CN=mail.contoso.com'`],
      data: { connector: 'EX01\\Default Frontend EX01', replacementThumbprint: '5E1F0A7C3B2D9E8F7A6B5C4D3E2F1A0B9C8D7E6F' },
    },
    {
      name: 'Get-WinEvent | fl output (wrapped Message) of event 12014',
      input: `TimeCreated      : 11/25/2026 8:41:12 AM
Id               : 12014
ProviderName     : MSExchangeFrontEndTransport
LevelDisplayName : Error
MachineName      : EX02.contoso.com
Message          : Microsoft Exchange could not find a certificate that contains the domain name <I>CN=R3, O=Let's
                   Encrypt, C=US<S>CN=mail.contoso.com in the personal store on the local computer. Therefore, it is
                   unable to support the STARTTLS SMTP verb for the connector Default Frontend EX02 with a FQDN
                   parameter of <I>CN=R3, O=Let's Encrypt, C=US<S>CN=mail.contoso.com. If the connector's FQDN is not
                   specified, the computer's FQDN is used.`,
      commands: [`Set-ReceiveConnector -Identity 'EX02\\Default Frontend EX02' -TlsCertificateName $null`],
      data: { tlsCertificateName: "<I>CN=R3, O=Let's Encrypt, C=US<S>CN=mail.contoso.com", connector: 'EX02\\Default Frontend EX02' },
    },
    {
      name: 'event 12014 copied from a web page that ate the <I>…<S>… value: asks for the receive connectors',
      input: `After replacing the certificate, mail from Exchange Online stopped. Event log:
Event ID: 12014 Source: MSExchangeFrontEndTransport
Microsoft Exchange could not find a certificate that contains the domain name in the personal store on the local computer. Therefore, it is unable to support the STARTTLS SMTP verb for the connector with a FQDN parameter of . If the connector's FQDN is not specified, the computer's FQDN is used.`,
      needs: ['Get-ReceiveConnector | fl Identity,Name,Fqdn,AuthMechanism,RequireTLS,TlsCertificateName'],
      data: { tlsCertificateName: null, connector: null },
    },
  ],
  reject: [
    {
      name: 'event 12014 naming a plain host name (connector FQDN not covered)',
      input: `Log Name:      Application
Source:        MSExchangeFrontEndTransport
Event ID:      12014
Task Category: TransportService
Level:         Error
Computer:      EX01.contoso.local
Description:
Microsoft Exchange could not find a certificate that contains the domain name smtp.contoso.com in the personal store on the local computer. Therefore, it is unable to support the STARTTLS SMTP verb for the connector Internet Relay EX01 with a FQDN parameter of smtp.contoso.com. If the connector's FQDN is not specified, the computer's FQDN is used.`,
    },
    {
      name: 'healthy connector whose TlsCertificateName names a certificate in the list',
      input: `Get-ReceiveConnector "EX01\\Default Frontend EX01" | fl Identity,TlsCertificateName,AuthMechanism
Identity           : EX01\\Default Frontend EX01
TlsCertificateName : <I>${NEW_ISSUER}<S>CN=mail.contoso.com
AuthMechanism      : Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer

${CERTS_AFTER_RENEWAL}`,
    },
    {
      name: 'send connector TlsCertificateName not found (454 4.7.5, send side)',
      input: `LastError : [{LED=454 4.7.5 The certificate specified in TlsCertificateName of the SendConnector could not be found.};{MSG=};{FQDN=contoso-com.mail.protection.outlook.com};{IP=52.101.68.2};{LRT=11/25/2026 7:02:11 AM}]`,
    },
  ],
};
