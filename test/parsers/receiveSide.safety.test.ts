// The receive-side parsers (catalogue helper B) never throw and return plain JSON. (Regular
// expressions are checked for the whole of src/ in test/security/regexSafety.test.ts.)
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import * as chainCheck from '../../src/diagnosis/parsers/chainCheck';
import * as messageTrace from '../../src/diagnosis/parsers/messageTrace';
import * as receiveConnector from '../../src/diagnosis/parsers/receiveConnector';
import { normalise } from '../../src/diagnosis/normalise';
import type { Parser } from '../../src/diagnosis/rule';

const PARSERS: Parser[] = [receiveConnector.receiveConnectorParser, messageTrace.messageTraceParser, chainCheck.chainCheckParser];

const TOKENS = [
  '\n', '\n\n', '  ', '    ', ' : ', ':', '{', '}', '[', ']', ',', '.', 'Identity', 'Name', 'Fqdn', 'AuthMechanism', 'Tls, Integrated',
  'Bindings', '{[::]:25, 0.0.0.0:25}', 'TlsCertificateName', '<I>CN=R3, O=Let\'s Encrypt, C=US<S>CN=mail.contoso.com', 'EX01\\Default Frontend EX01',
  'Get-ReceiveConnector', '=== Receive connectors on EX01 ===', 'Status', 'Pending', 'Event', 'Defer', 'Detail', 'RecipientAddress',
  '450 4.4.317 Cannot connect to remote server [Message=', 'SubjectMismatch Expected Subject: ', 'Presented Subject: ', 'Thumbprint: ',
  'Date                   Event          Detail', '11/25/2026 9:14:05 PM  ', 'WARNING: Chain status:', 'CERT_TRUST_IS_UNTRUSTED_ROOT',
  'Test-Certificate : ', '0x800b0109', 'CertUtil: -verify command FAILED: ', 'At line:1 char:1', 'Expired',
];
const soup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 300 }).map((parts) => parts.join(''));
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), soup);

describe('receive-side parsers and rules: safety', () => {
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
