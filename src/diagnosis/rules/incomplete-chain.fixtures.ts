import type { RuleFixtureTable } from '../rule';

const SECTIGO_ISSUER = 'CN=Sectigo RSA Domain Validation Secure Server CA, O=Sectigo Limited, L=Salford, S=Greater Manchester, C=GB';
const CERTS = `Thumbprint         : 3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E
Services           : IIS, SMTP
Subject            : CN=mail.contoso.com
Issuer             : ${SECTIGO_ISSUER}
CertificateDomains : {mail.contoso.com, autodiscover.contoso.com}
RootCAType         : ThirdParty
Status             : Valid
IsSelfSigned       : False
NotAfter           : 6/30/2027 11:59:59 PM
HasPrivateKey      : True`;

export const fixtures: RuleFixtureTable = {
  recognise: [
    {
      name: 'trace 4.4.317 [Message=UntrustedRoot] with a valid public certificate: check the chain and the intermediate store',
      input: `Date   : 11/25/2026 9:50:02 PM
Event  : Defer
Detail : The message was deferred. Reason: [{LED=450 4.4.317 Cannot connect to remote server [Message=UntrustedRoot] [LastAttemptedServerName=mail.contoso.com] [LastAttemptedIP=203.0.113.10:25]};{MSG=};{FQDN=mail.contoso.com};{IP=203.0.113.10};{LRT=11/25/2026 9:50:02 PM}]
MessageTraceId : 7d2c1b0a-8e9f-4a6b-b5c4-d3e2f1a0b9c8

${CERTS}`,
      commands: ['3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E', `Get-ChildItem -Path Cert:\\LocalMachine\\CA | Where-Object {$_.Subject -eq '${SECTIGO_ISSUER}'}`],
      needs: ["Cert:\\LocalMachine\\My\\3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E' | Test-Certificate"],
      data: { host: 'mail.contoso.com', thumbprint: '3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E', partialChainSeen: false },
    },
    {
      name: 'NDR UntrustedRoot plus certutil -verify: missing issuer (partial chain)',
      input: `Remote Server returned '450 4.4.317 Cannot connect to remote server [Message=UntrustedRoot] [LastAttemptedServerName=mail.contoso.com] [LastAttemptedIP=203.0.113.10:25]'

C:\\temp>certutil -verify mail.cer
ChainContext.dwErrorStatus = CERT_TRUST_IS_PARTIAL_CHAIN (0x10000)
Missing Issuer: ${SECTIGO_ISSUER}
Incomplete certificate chain
CertUtil: -verify command FAILED: 0x800b010a (-2146762486 CERT_E_CHAINING)
CertUtil: A certificate chain could not be built to a trusted root authority.`,
      data: { host: 'mail.contoso.com', partialChainSeen: true },
    },
    {
      name: 'openssl s_client from outside: a one-certificate chain, verify return code 21',
      input: `$ openssl s_client -connect mail.contoso.com:25 -starttls smtp -showcerts
CONNECTED(00000003)
depth=0 CN = mail.contoso.com
verify error:num=20:unable to get local issuer certificate
verify return:1
depth=0 CN = mail.contoso.com
verify error:num=21:unable to verify the first certificate
verify return:1
---
Certificate chain
 0 s:CN = mail.contoso.com
   i:C = GB, ST = Greater Manchester, L = Salford, O = Sectigo Limited, CN = Sectigo RSA Domain Validation Secure Server CA
---
Server certificate
subject=CN = mail.contoso.com
issuer=C = GB, ST = Greater Manchester, L = Salford, O = Sectigo Limited, CN = Sectigo RSA Domain Validation Secure Server CA
---
SSL handshake has read 2417 bytes and written 433 bytes
Verification error: unable to verify the first certificate
---
New, TLSv1.2, Cipher is ECDHE-RSA-AES256-GCM-SHA384
    Verify return code: 21 (unable to verify the first certificate)
---
250 XRDST`,
      data: { partialChainSeen: true },
    },
    {
      name: 'JA post: Exchange Online defers with UntrustedRoot; certutil on a Japanese Windows reports CERT_E_CHAINING',
      input: `証明書を更新してから Exchange Online からオンプレミス宛てのメールが遅延しています。メッセージ追跡の詳細:
理由: [{LED=450 4.4.317 Cannot connect to remote server [Message=UntrustedRoot] [LastAttemptedServerName=mail.contoso.co.jp] [LastAttemptedIP=203.0.113.20:25]};{MSG=};{FQDN=mail.contoso.co.jp};{IP=203.0.113.20}]

サーバーで certutil -verify を実行した結果:
ChainContext.dwErrorStatus = CERT_TRUST_IS_PARTIAL_CHAIN (0x10000)
CertUtil: -verify コマンドは失敗しました: 0x800b010a (-2146762486 CERT_E_CHAINING)`,
      data: { host: 'mail.contoso.co.jp', partialChainSeen: true },
    },
  ],
  reject: [
    {
      name: '454 4.7.0 UntrustedRoot from a hybrid send connector (KB 2888788)',
      input: `Send connector Outbound to Office 365: Message delivery was not successful. The message with message ID <x@contoso.com> was acknowledged with SMTP response 454 4.7.0 Failed to establish appropriate TLS channel: UntrustedRoot: Access Denied.`,
    },
    {
      name: 'openssl with the full chain and verify return code 0',
      input: `CONNECTED(00000003)
depth=2 C = US, ST = New Jersey, L = Jersey City, O = The USERTRUST Network, CN = USERTrust RSA Certification Authority
verify return:1
depth=1 C = GB, ST = Greater Manchester, L = Salford, O = Sectigo Limited, CN = Sectigo RSA Domain Validation Secure Server CA
verify return:1
depth=0 CN = mail.contoso.com
verify return:1
---
Certificate chain
 0 s:CN = mail.contoso.com
   i:C = GB, ST = Greater Manchester, L = Salford, O = Sectigo Limited, CN = Sectigo RSA Domain Validation Secure Server CA
 1 s:C = GB, ST = Greater Manchester, L = Salford, O = Sectigo Limited, CN = Sectigo RSA Domain Validation Secure Server CA
   i:C = US, ST = New Jersey, L = Jersey City, O = The USERTRUST Network, CN = USERTrust RSA Certification Authority
---
    Verify return code: 0 (ok)`,
    },
    {
      name: 'Test-Certificate: untrusted root (a root problem, not a missing intermediate)',
      input: `WARNING: Chain status:
        CERT_TRUST_IS_UNTRUSTED_ROOT
Test-Certificate : A certificate chain processed, but terminated in a root certificate which is not trusted by the trust provider. 0x800b0109 (-2146762487 CERT_E_UNTRUSTEDROOT)`,
    },
  ],
};
