import type { RuleFixtureTable } from '../rule';
import { sample } from './sample';

const INTERNAL = '2F9C4B8A1E3D5C7B9A0F2E4D6C8B0A1928374655';
const SELF_SIGNED = 'BBA9F942B32F3E0F6E0C4E735BD1F38D4C06612E';
const internalOnly = sample('kb2888788/certs-internal-only-fl.txt');
const eventEn = sample('kb2888788/event-en.txt');
const connectorWithFqdn = sample('kb2888788/connector-fl.txt').replace('Fqdn                     :', 'Fqdn                     : mail.contoso.com');
const NEVER_REMOVE = [/Remove-ExchangeCertificate/];

const publicIisOnly = `
Thumbprint         : 9E8D7C6B5A4F3E2D1C0B9A8F7E6D5C4B3A2F1E0D
Services           : IIS
Subject            : CN=mail.contoso.com
Issuer             : CN=R11, O=Let's Encrypt, C=US
CertificateDomains : {mail.contoso.com, autodiscover.contoso.com}
RootCAType         : ThirdParty
Status             : Valid
IsSelfSigned       : False
NotAfter           : 1/20/2027 6:00:00 AM
HasPrivateKey      : True
`;

export const fixtures: RuleFixtureTable = {
  recognise: [
    {
      name: 'event 2004 + only internal-CA and self-signed SMTP certificates',
      input: `${eventEn}\n${internalOnly}`,
      commands: ['Import-ExchangeCertificate', 'Get-SendConnector | fl Name,TlsCertificateName'],
      forbiddenCommands: NEVER_REMOVE,
      data: { untrustedThumbprints: [INTERNAL, SELF_SIGNED] },
    },
    {
      name: 'certificate list + connector with its FQDN: request for the right name',
      input: `${internalOnly}\n${connectorWithFqdn}`,
      commands: ["New-ExchangeCertificate -GenerateRequest -SubjectName 'CN=mail.contoso.com' -DomainName 'mail.contoso.com'", "Get-ExchangeCertificate -DomainName 'mail.contoso.com'"],
      forbiddenCommands: NEVER_REMOVE,
      data: { fqdn: 'mail.contoso.com' },
    },
    {
      name: 'Japanese event + a public certificate bound to IIS only: enable SMTP on it and pin',
      input: `${sample('kb2888788/event-ja.txt')}\n${internalOnly}\n${publicIisOnly}`,
      commands: ['Enable-ExchangeCertificate -Thumbprint 9E8D7C6B5A4F3E2D1C0B9A8F7E6D5C4B3A2F1E0D -Services SMTP,IIS'],
      // The event names no connector: ask for it instead of piping every hybrid connector.
      needs: ['Get-SendConnector | fl Name,TlsCertificateName'],
      forbiddenCommands: [...NEVER_REMOVE, /CloudServicesMailEnabled\} \| Set-SendConnector/],
      data: { reusablePublicThumbprint: '9E8D7C6B5A4F3E2D1C0B9A8F7E6D5C4B3A2F1E0D' },
    },
  ],
  reject: [
    { name: 'a public and an internal certificate (the seed case)', input: `${eventEn}\n${sample('kb2888788/certs-fl.txt')}` },
    { name: 'table form cannot tell trust', input: `${eventEn}\n${sample('kb2888788/certs-table.txt')}` },
    { name: 'the error alone', input: eventEn },
  ],
};
