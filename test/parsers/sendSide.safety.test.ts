// The send-side parsers (catalogue helper A) never throw and return plain JSON. (Regular
// expressions are checked for the whole of src/ in test/security/regexSafety.test.ts.)
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { normalise } from '../../src/diagnosis/normalise';
import * as ehlo from '../../src/diagnosis/parsers/ehlo';
import * as exoConnectors from '../../src/diagnosis/parsers/exoConnectors';
import * as mtaLog from '../../src/diagnosis/parsers/mtaLog';
import * as openssl from '../../src/diagnosis/parsers/openssl';
import * as protocolLog from '../../src/diagnosis/parsers/protocolLog';
import type { Parser } from '../../src/diagnosis/rule';

const PARSERS: Parser[] = [ehlo.ehloParser, exoConnectors.exoConnectorParser, protocolLog.protocolLogParser, openssl.opensslParser, mtaLog.mtaLogParser];

const TOKENS = [
  '\n', '\n\n', ' ', '  ', ',', '"', '""', ':', '-', '*', '<', '>', '[', ']', '(', ')', ';', '=',
  '250-', '250 ', '220 ', '220 2.0.0 SMTP server ready', 'mail.contoso.com Hello [1.2.3.4]', 'STARTTLS', 'SIZE 37748736', 'X-ANONYMOUSTLS', '<~  ', '<-  ',
  '2026-11-26T08:14:03.111Z,', 'Outbound to Office 365,', '08DE0D3A1C2B4F11,', '7,', '10.0.0.5:27716,', '52.101.68.4:25,', '*,', 'Sending certificate',
  'Certificate subject', 'Certificate thumbprint', 'CN=mail.contoso.com, O=Contoso', '3F2A9C1D7E5B8A04C6D2E1F0A9B8C7D6E5F4A3B2', '#Log-type: SMTP Send Protocol Log',
  'TLS negotiation failed with error NoCredentials', 'CONNECTED(00000003)', 'Certificate chain', ' 0 s:CN = mail.contoso.com', '   i:C = US', '---',
  'Verify return code: 21 (unable to verify the first certificate)', 'verify error:num=20:x', 'wrong version number', 'openssl s_client -starttls smtp',
  'postfix/smtp[2211]: ', '4F2A71C0B2: ', 'to=<a@b.c>, ', 'relay=x.mail.protection.outlook.com[1.2.3.4]:25, ', 'status=deferred (', 'host x[1.2.3.4] said: ',
  '451 5.7.3 STARTTLS is required to send mail', ' (in reply to MAIL FROM command))', 'TLS is required, but was not offered by host', '1rAbCd-000123-4F ', 'H=x [1.2.3.4]: ',
  'Name                         : ', 'TlsSenderCertificateName     : ', 'RestrictDomainsToCertificate : True', 'TlsSettings : DomainValidation', 'SmartHosts : {a, b}',
  '550 5.7.64 TenantAttribution; Relay Access Denied', 'ATTR36', '550 5.7.51 TenantInboundAttribution', 'These certificates are tagged with following Send Connectors : ',
  'RequiredTls flag should be set to true if TlsCertificateName is specified', '421 4.4.2 Connection dropped due to SocketError', 'TLS 1.2\\Client', 'Enabled    REG_DWORD    0x0',
  '421 4.7.66 TLS 1.0 and 1.1 are not supported', '<I>', '<S>', 'Send connector x: Message delivery was not successful',
];
const soup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 300 }).map((parts) => parts.join(''));
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), soup);

describe('send-side parsers and rules (helper A): safety', () => {
  for (const parser of PARSERS) {
    it(`${parser.name} never throws and returns plain JSON`, () => {
      fc.assert(
        fc.property(anyText, (text) => {
          const output = parser.parse(normalise(text));
          assert.deepEqual(JSON.parse(JSON.stringify(output)), output);
        }),
        { numRuns: 300 },
      );
    });
  }
});
