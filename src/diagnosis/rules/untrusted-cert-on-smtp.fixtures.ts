import type { RuleFixtureTable } from '../rule';
import { sample } from './sample';

const PUBLIC = '7D3E1A90C4B5F6A7B8C9D0E1F2A3B4C5D6E7F809';
const INTERNAL = '2F9C4B8A1E3D5C7B9A0F2E4D6C8B0A1928374655';
const SELF_SIGNED = 'BBA9F942B32F3E0F6E0C4E735BD1F38D4C06612E';
const AUTH = '4CE834243B37D27F29379287D3DED6294935EB2D';
const CONNECTOR = 'Outbound to Office 365 - 6b3c8f2e-1d4a-4c3b-9d2e-7a1b2c3d4e5f';
const PIN = `'<I>CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US<S>CN=mail.contoso.com, O=Contoso Ltd, L=Redmond, S=Washington, C=US'`;
const NEVER_REMOVE = [new RegExp(`Remove-ExchangeCertificate.*(${SELF_SIGNED}|${AUTH}|${PUBLIC})`), /Enable-ExchangeCertificate/];

const eventEn = sample('kb2888788/event-en.txt');
const eventJa = sample('kb2888788/event-ja.txt');
const certsList = sample('kb2888788/certs-fl.txt');
const certsTable = sample('kb2888788/certs-table.txt');
const connector = sample('kb2888788/connector-fl.txt');
const asTeamsHtml = (text: string): string =>
  `<p><at>Mailflow Doctor</at>&nbsp;help please</p><pre>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br>')}</pre>`;
const toFullWidthDigits = (text: string): string => text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

export const fixtures: RuleFixtureTable = {
  recognise: [
    { name: 'KB event text alone (English) asks for the certificate list', input: eventEn, needs: ['Get-ExchangeCertificate | fl Thumbprint,Services,Subject,Issuer,CertificateDomains,RootCAType,Status,IsSelfSigned,NotAfter,HasPrivateKey', 'Get-SendConnector'], data: { connector: CONNECTOR, fqdn: 'EX01.contoso.com' } },
    { name: "the KB article's own one-line layout", input: sample('kb2888788/event-kb-layout.txt'), needs: ['Get-ExchangeCertificate | fl'], data: { connector: 'Outbound to Office 365', fqdn: 'exchange.contoso.com' } },
    { name: 'the seed Japanese event text alone', input: eventJa, needs: ['Get-ExchangeCertificate | fl'] },
    { name: 'the older Japanese KB wording with split codes', input: 'メッセージ ID <MessageID> のメッセージは、SMTP 応答454で確認されました。4.7.0 は、適切な TLS チャネルを確立できませんでした: 権限のないルート: アクセスが拒否されました。', needs: ['Get-ExchangeCertificate | fl'] },
    { name: 'bare SMTP response line from a queue viewer', input: '454 4.7.0 Failed to establish appropriate TLS channel: UntrustedRoot: Access Denied', needs: ['Get-ExchangeCertificate | fl'] },
    { name: 'retyped in lower case in a question', input: 'getting "454 4.7.0 failed to establish appropriate tls channel: untrustedroot: access denied" in the queue to o365', needs: ['Get-ExchangeCertificate | fl'] },
    {
      name: 'nested in a queue LastError, with the send log showing the internal-CA certificate sent',
      input: '451 4.4.0 Primary target IP address responded with: "454 4.7.0 Failed to establish appropriate TLS channel: UntrustedRoot: Access Denied." Attempted failover to alternate host, but that did not succeed.\n2026-11-20T00:14:03.200Z,Outbound to Office 365,08DC1234ABCD,6,10.0.0.5:12345,104.47.20.36:25,*,,Sending certificate\n2026-11-20T00:14:03.200Z,Outbound to Office 365,08DC1234ABCD,7,10.0.0.5:12345,104.47.20.36:25,*,CN=EX01.contoso.com,Certificate subject\n2026-11-20T00:14:03.200Z,Outbound to Office 365,08DC1234ABCD,8,10.0.0.5:12345,104.47.20.36:25,*,"CN=contoso-DC01-CA, DC=contoso, DC=com",Certificate issuer name',
      needs: ['Get-ExchangeCertificate | fl'],
    },
    {
      name: 'event + certificate list names the thumbprints and pins with the real issuer and subject',
      input: `${eventEn}\n\n${certsList}`,
      commands: [`Set-SendConnector -Identity '${CONNECTOR}' -TlsCertificateName ${PIN}`, 'Get-SendConnector | fl Name,TlsCertificateName', 'Retry-Queue', `Remove-ExchangeCertificate -Thumbprint ${INTERNAL}`],
      forbiddenCommands: NEVER_REMOVE,
      data: { trustedThumbprint: PUBLIC, untrustedThumbprints: [INTERNAL, SELF_SIGNED] },
    },
    {
      name: 'event + certificate list + connector, pasted in Teams as HTML',
      input: asTeamsHtml(`${eventEn}\n${certsList}\n${connector}`),
      commands: [`Set-SendConnector -Identity '${CONNECTOR}' -TlsCertificateName ${PIN}`],
      forbiddenCommands: NEVER_REMOVE,
      data: { trustedThumbprint: PUBLIC, untrustedThumbprints: [INTERNAL, SELF_SIGNED] },
    },
    {
      name: 'Japanese event + list with CRLF and full-width digits in the error',
      input: `${toFullWidthDigits(eventJa)}\r\n${certsList.replace(/\n/g, '\r\n')}`,
      // No connector pasted: ask which one, never pipe every CloudServicesMailEnabled connector.
      needs: ['fl Name,TlsCertificateName,Fqdn'],
      forbiddenCommands: [/CloudServicesMailEnabled\} \| Set-SendConnector/],
      data: { trustedThumbprint: PUBLIC },
    },
    {
      name: 'table form: names the candidate thumbprints and asks for the deciding fields',
      input: `${eventEn}\n${certsTable}`,
      needs: [`Get-ExchangeCertificate -Thumbprint ${INTERNAL} | fl`, `Get-ExchangeCertificate -Thumbprint ${PUBLIC} | fl`],
      forbiddenCommands: [/Remove-ExchangeCertificate|Set-SendConnector/],
      data: { candidateThumbprints: [PUBLIC, INTERNAL, SELF_SIGNED] },
    },
    {
      name: 'two publicly trusted certificates: says the cause does not fit, removes nothing',
      input: `${eventEn}\n${certsList.replace('Issuer             : CN=contoso-DC01-CA, DC=contoso, DC=com', 'Issuer             : CN=Sectigo RSA Domain Validation Secure Server CA, O=Sectigo Limited, L=Salford, S=Greater Manchester, C=GB').replace('RootCAType         : Enterprise', 'RootCAType         : ThirdParty').replace('Services           : IMAP, POP, IIS, SMTP\nSubject            : CN=EX01\n', 'Services           : IMAP, POP, IIS\nSubject            : CN=EX01\n')}`,
      forbiddenCommands: [/Remove-ExchangeCertificate|Set-SendConnector|Enable-ExchangeCertificate/],
      data: { publicThumbprints: [PUBLIC, INTERNAL] },
    },
    {
      name: 'certificate list alone (no error): the latent KB 2888788 condition',
      input: `${certsList}\n${connector}`,
      commands: [`Set-SendConnector -Identity '${CONNECTOR}' -TlsCertificateName ${PIN}`],
      data: { trustedThumbprint: PUBLIC },
    },
  ],
  reject: [
    {
      name: 'the public certificate has no private key: import it with its key, do not pin to it',
      input: `${eventEn}\n${certsList.replace('NotAfter           : 9/14/2027 11:59:59 PM\nHasPrivateKey      : True', 'NotAfter           : 9/14/2027 11:59:59 PM\nHasPrivateKey      : False')}`,
    },
    {
      name: 'the only public certificate has expired: renew it, do not pin to it',
      input: `${eventEn}\n${certsList.replace('NotAfter           : 9/14/2027 11:59:59 PM', 'NotAfter           : 9/14/2025 11:59:59 PM').replace('Status             : Valid\nIsSelfSigned       : False\nNotAfter           : 9/14/2025', 'Status             : DateInvalid\nIsSelfSigned       : False\nNotAfter           : 9/14/2025')}`,
    },
    { name: 'a relay that never started TLS (no chain status)', input: '454 4.7.0 Failed to establish appropriate TLS channel: Access Denied' },
    { name: 'internal Exchange authentication failure', input: 'Event ID: 1035\nSource: MSExchangeFrontEndTransport\nInbound authentication failed with error UnexpectedExchangeAuthBlob for Receive connector Default Frontend EX01.\n454 4.7.0 Temporary authentication failure' },
    { name: 'UntrustedRoot on the receive side (Exchange Online to on-premises)', input: 'LED=450 4.4.317 Cannot connect to remote server [Message=UntrustedRoot]' },
    { name: 'certificate list with only one SMTP certificate per trust', input: sample('kb2888788/certs-internal-only-fl.txt') },
    { name: 'connectivity only', input: '451 4.4.0 Primary target IP address responded with: "421 4.4.1 Connection timed out." Attempted failover to alternate host, but that did not succeed.' },
  ],
};
