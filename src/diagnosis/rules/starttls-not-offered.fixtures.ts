import type { RuleFixtureTable } from '../rule';

const TRACE_DETAIL = `Organization   : contoso.onmicrosoft.com
MessageId      : <TYCP286MB1234A1B2C3D4E5F6@TYCP286MB1234.JPNP286.PROD.OUTLOOK.COM>
MessageTraceId : 7d2c1b0a-8e9f-4a6b-b5c4-d3e2f1a0b9c8
Date           : 11/25/2026 11:02:17 PM
Event          : Defer
Action         :
Detail         : The message was deferred. Reason: [{LED=450 4.4.317 Cannot connect to remote server [Message=451 5.7.3 STARTTLS is required to send mail] [LastAttemptedServerName=mail.contoso.com] [LastAttemptedIP=203.0.113.10:25]};{MSG=};{FQDN=mail.contoso.com};{IP=203.0.113.10};{LRT=11/25/2026 11:02:17 PM}]`;

export const fixtures: RuleFixtureTable = {
  recognise: [
    {
      name: 'Postfix relay that requires TLS, deferred because the on-premises host offered no STARTTLS',
      input: 'Nov 20 10:11:12 relay postfix/smtp[1234]: 4F1A2B3C4D: to=<user@contoso.com>, relay=mail.contoso.com[203.0.113.10]:25, delay=0.5, delays=0.1/0/0.3/0, dsn=4.7.4, status=deferred (TLS is required, but was not offered by host mail.contoso.com[203.0.113.10])',
      needs: ['Get-ReceiveConnector'],
      data: { host: 'mail.contoso.com' },
    },
    {
      name: 'message trace 4.4.317 STARTTLS is required + Default Frontend connector without Tls in AuthMechanism',
      input: `${TRACE_DETAIL}

[PS] C:\\>Get-ReceiveConnector -Server EX01 | fl Identity,Fqdn,AuthMechanism,TlsCertificateName,TransportRole,Bindings
Identity           : EX01\\Default Frontend EX01
Fqdn               : mail.contoso.com
AuthMechanism      : Integrated, BasicAuth
TlsCertificateName :
TransportRole      : FrontendTransport
Bindings           : {[::]:25, 0.0.0.0:25}`,
      commands: ["Set-ReceiveConnector -Identity 'EX01\\Default Frontend EX01' -AuthMechanism Tls,Integrated,BasicAuth"],
      data: { cause: 'auth-mechanism', connectors: ['EX01\\Default Frontend EX01'], host: 'mail.contoso.com' },
    },
    {
      name: 'NDR-style 4.4.317 plus a telnet EHLO from on-premises Exchange without STARTTLS: asks for the connectors and events',
      input: `Remote Server returned '450 4.4.317 Cannot connect to remote server [Message=451 5.7.3 STARTTLS is required to send mail] [LastAttemptedServerName=mail.contoso.com] [LastAttemptedIP=203.0.113.10:25]'

C:\\> telnet mail.contoso.com 25
220 EX01.contoso.com Microsoft ESMTP MAIL Service ready at Wed, 25 Nov 2026 23:10:44 +0900
EHLO test
250-EX01.contoso.com Hello [104.47.58.43]
250-SIZE 37748736
250-PIPELINING
250-DSN
250-ENHANCEDSTATUSCODES
250-X-ANONYMOUSTLS
250-AUTH NTLM
250-X-EXPS GSSAPI NTLM
250-8BITMIME
250-BINARYMIME
250-CHUNKING
250 XRDST`,
      needs: ["Get-ReceiveConnector | fl Identity,Name,Fqdn,AuthMechanism", 'Id=12014,12016'],
      data: { cause: 'unknown', host: 'mail.contoso.com' },
    },
    {
      name: 'Microsoft Japan blog case: 4.4.317 STARTTLS is required and Test-Certificate shows a revoked chain',
      input: `${TRACE_DETAIL}

PS C:\\> Get-ChildItem -Path Cert:\\LocalMachine\\My\\5E1F0A7C3B2D9E8F7A6B5C4D3E2F1A0B9C8D7E6F | Test-Certificate -Policy SSL
WARNING: Chain status: CERT_TRUST_IS_REVOKED CERT_TRUST_IS_UNTRUSTED_ROOT CERT_TRUST_REVOCATION_STATUS_UNKNOWN CERT_TRUST_IS_OFFLINE_REVOCATION
Test-Certificate : The certificate is revoked. 0x80092010 (-2146885616 CRYPT_E_REVOKED)

Thumbprint         : 5E1F0A7C3B2D9E8F7A6B5C4D3E2F1A0B9C8D7E6F
Services           : IIS, SMTP
Subject            : CN=mail.contoso.com
Issuer             : CN=Cybertrust Japan SureServer CA G4, O=Cybertrust Japan Co., Ltd., C=JP
CertificateDomains : {mail.contoso.com}
RootCAType         : ThirdParty
Status             : Revoked
IsSelfSigned       : False
NotAfter           : 8/1/2027 11:59:59 PM
HasPrivateKey      : True`,
      commands: ["Get-ChildItem -Path 'Cert:\\LocalMachine\\My\\5E1F0A7C3B2D9E8F7A6B5C4D3E2F1A0B9C8D7E6F' | Test-Certificate"],
      data: { cause: 'chain' },
    },
    {
      name: 'single-line EHLO answer from on-premises Exchange as the Microsoft Japan blog prints it (no STARTTLS), nothing else',
      input: `EXO からの接続時の EHLO 応答:
250 EX01.contoso.co.jp Hello [104.47.58.43] SIZE 37748736 PIPELINING DSN ENHANCEDSTATUSCODES X-ANONYMOUSTLS AUTH NTLM X-EXPS GSSAPI NTLM 8BITMIME BINARYMIME CHUNKING SMTPUTF8 XRDST`,
      needs: ['Get-ReceiveConnector', 'Id=12014,12016'],
      data: { cause: 'unknown', connectors: [] },
    },
  ],
  reject: [
    {
      name: 'a printer sending to smtp.office365.com without STARTTLS (client side)',
      input: `SMTP log (MFP-3F):
> MAIL FROM:<scanner@contoso.com>
< 451 5.7.3 STARTTLS is required to send mail [TY2PR01CA0012.jpnprd01.prod.outlook.com]`,
    },
    {
      name: 'healthy: Exchange offers STARTTLS and the connector has Tls',
      input: `220 EX01.contoso.com Microsoft ESMTP MAIL Service ready
250-EX01.contoso.com Hello [104.47.58.43]
250-SIZE 37748736
250-STARTTLS
250-X-ANONYMOUSTLS
250 XRDST

Identity           : EX01\\Default Frontend EX01
AuthMechanism      : Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer
TransportRole      : FrontendTransport
Bindings           : {[::]:25, 0.0.0.0:25}`,
    },
    {
      name: '451 5.7.3 Must issue a STARTTLS command first (TLS version problem)',
      input: `2026-11-25T02:11:41.220Z,Outbound to Office 365,08DE0F1E2D3C4B5A,6,10.0.0.21:48811,52.101.68.2:25,<,451 5.7.3 Must issue a STARTTLS command first,`,
    },
    {
      name: 'healthy Default Frontend plus an internal anonymous relay connector without Tls, no error',
      input: `Identity           : EX01\\Default Frontend EX01
AuthMechanism      : Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer
TransportRole      : FrontendTransport
Bindings           : {[::]:25, 0.0.0.0:25}

Identity           : EX01\\Anonymous Relay Scanners
AuthMechanism      : ExternalAuthoritative
TransportRole      : FrontendTransport
Bindings           : {0.0.0.0:25}`,
    },
  ],
};
