// Property-based checks of the normaliser and the parsers: they never throw, their output is
// plain JSON, and it stays bounded on adversarial input up to 1 MB. (That no regular expression
// can backtrack catastrophically is checked for the whole of src/ in test/security/regexSafety.)
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import * as dates from '../src/diagnosis/dates';
import * as normaliseModule from '../src/diagnosis/normalise';
import { parsers } from '../src/diagnosis/parsers';
import * as exchangeCertificate from '../src/diagnosis/parsers/exchangeCertificate';
import * as pem from '../src/diagnosis/parsers/pem';
import * as sendConnector from '../src/diagnosis/parsers/sendConnector';
import * as smtpResponse from '../src/diagnosis/parsers/smtpResponse';
import * as windowsEvent from '../src/diagnosis/parsers/windowsEvent';
import type { Parser } from '../src/diagnosis/rule';

const { normalise } = normaliseModule;

const OWN_PARSERS: Parser[] = [
  smtpResponse.smtpResponseParser,
  windowsEvent.windowsEventParser,
  exchangeCertificate.exchangeCertificateParser,
  sendConnector.sendConnectorParser,
  pem.pemParser,
];

// Pieces of every format the parsers look for, to build inputs that reach deep into them.
const TOKENS = [
  '\n', '\n\n', '  ', '    ', '\t', ' : ', ':', '=', ',', ';', '{', '}', '[', ']', '"', "'", '#', '.', '...',
  'Thumbprint', 'Services', 'IMAP, POP, IIS, SMTP', 'None', 'Subject', 'Issuer', 'CN=mail.contoso.com', 'NotAfter',
  '02.02.2028 3:09:22', '12/02/2018 1:53:00 PM', '2028年2月2日 午後 3:09:22', 'IP.WS..', 'BBA9F942B32F3E0F6E0C4E735BD1F38D4C06612E',
  'Thumbprint                                Services   Subject\n', 'CertificateDomains', 'RootCAType', 'True', 'False',
  'Name', 'TlsCertificateName', '<I>', '<S>', '<i>', 'AddressSpaces', '{smtp:contoso.mail.onmicrosoft.com;1}', 'SmartHosts',
  'Get-SendConnector | fl', 'Get-ReceiveConnector', 'Get-ExchangeCertificate -Thumbprint ', 'Identity', 'AddressSpaces Enabled',
  '454 4.7.0 ', '450 4.4.317 ', '421 ', '4.7.0', 'responded with: "', 'LED=', '{LED=', '};{', 'LastError', 'UntrustedRoot',
  'Failed to establish appropriate TLS channel', '応答454で確認されました。', '適切な TLS チャネル', '権限のないルート',
  'Remote Server returned \'', 'Generating server: ', 'Diagnostic information for administrators:',
  'Event ID: 2004', 'Log Name: Application', 'Description:', 'イベント ID: 2004', '説明:', 'レベル: 情報', 'Event 12014, MSExchangeFrontEndTransport',
  'Event Xml:', '<Event xmlns="x">', '<EventID>2004</EventID>', '<Data>', '</Data>', '</Event>', 'TimeCreated', 'ProviderName: MSExchangeTransport', 'TimeCreated                      Id LevelDisplayName Message',
  'Id           : 2004', 'Message      : ', '-----BEGIN CERTIFICATE-----', '-----END CERTIFICATE-----', 'MIIB', 'AAAA',
  '<p>', '</p>', '<br>', '<pre>', '</pre>', '<at>Mailflow Doctor</at>', '&lt;', '&gt;', '&amp;', '&nbsp;', '＜', '４５４',
  '[PS] C:\\Windows\\system32>', 'PS C:\\> ', '\u200B', '\uFEFF', '\uD800', '\uDC00', '\r\n', '\u3000',
];

const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 300 }).map((parts) => parts.join(''));
const codeUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 400 }).map((units) => String.fromCharCode(...units));
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), codeUnits, tokenSoup);

function assertPlainJson(value: unknown, label: string): void {
  assert.deepEqual(JSON.parse(JSON.stringify(value)), value, `${label} output is not plain JSON`);
}

describe('normaliser and parsers: properties', function () {
  this.timeout(120000);

  it('normalise never throws and always returns a string', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        assert.equal(typeof normalise(text), 'string');
      }),
      { numRuns: 400 },
    );
  });

  it('every registered parser never throws, on raw or normalised text, and returns plain JSON', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const input of [text, normalise(text)]) {
          for (const parser of parsers) {
            const result = parser.parse(input);
            assertPlainJson(result, parser.name);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('parseLocaleDate never throws and its readings are ordered', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.stringMatching(/^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}( \d{1,2}:\d{2}(:\d{2})?( [AP]M)?)?$/)), (text) => {
        const date = dates.parseLocaleDate(text);
        if (date) assert.ok(date.earliest.getTime() <= date.latest.getTime());
      }),
      { numRuns: 400 },
    );
  });

  describe('adversarial inputs up to 1 MB finish and give bounded output', () => {
    const MB = 1024 * 1024;
    const repeat = (piece: string, size: number): string => piece.repeat(Math.ceil(size / piece.length)).slice(0, size);
    const adversarial: [string, string][] = [
      ['one long line of spaces', ' '],
      ['one long line of letters', 'a'],
      ['responses on one line', '454 4.7.0 '],
      ['nested openers', 'responded with: "421 4.2.1 '],
      ['split Japanese responses', '応答454で確認されました。4.7.0 '],
      ['LED blocks without closing braces', '{LED=451 4.4.395 x'],
      ['list keys without values', 'Thumbprint : '],
      ['list records', 'Thumbprint : BBA9F942B32F3E0F6E0C4E735BD1F38D4C06612E\nServices : SMTP\n\n'],
      ['endless continuation', 'Message : x\n                   y\n'],
      ['table rows', 'BBA9F942B32F3E0F6E0C4E735BD1F38D4C06612E  IP.WS..    CN=EX01...\n'],
      ['event labels on one line', 'Event ID: 2004   Log Name: Application   '],
      ['event labels on lines', 'Event ID: 2004\nDescription:\nx\n'],
      ['preview headers', 'Event 2004, MSExchangeTransport\n'],
      ['XML event openers', '<Event <EventID>2004</EventID><Data>x'],
      ['XML events', '<Event x><EventID>2004</EventID><Data>&lt;a&gt;</Data></Event>\n'],
      ['ft tables', 'Thumbprint Services\n---------- --------\n'],
      ['ft table rows', 'Thumbprint Services\n---------- --------\n' + 'BBA9F942B32F3E0F6E0C4E735BD1F38D4C06612E IP.WS..\n'.repeat(3)],
      ['TLS names', '<I><S><I><S>'],
      ['PEM openers', '-----BEGIN CERTIFICATE-----\nMIIB'],
      ['HTML tags', '<p><br><pre>'],
      ['HTML entities', '&lt;I&gt;&amp;&nbsp;'],
      ['prompts', '[PS] C:\\Windows\\system32>'],
      ['commands', 'Get-ExchangeCertificate -Thumbprint '],
    ];
    for (const [name, piece] of adversarial) {
      it(name, () => {
        for (const size of [100 * 1024, MB]) {
          const text = normalise(repeat(piece, size));
          for (const parser of OWN_PARSERS) {
            const output = JSON.stringify(parser.parse(text)).length;
            // Records are capped and each record's text is bounded, so output cannot grow
            // faster than the input (a quadratic blow-up would exceed this by orders of magnitude).
            assert.ok(output <= 4 * size + MB, `${parser.name}: ${output} characters of output for ${size} of input`);
          }
        }
      });
    }
  });
});
