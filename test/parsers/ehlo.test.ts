import { strict as assert } from 'node:assert';
import { ehloParser } from '../../src/diagnosis/parsers/ehlo';
import { normalise } from '../../src/diagnosis/normalise';

const parse = (text: string) => ehloParser.parse(normalise(text)).ehlo ?? [];

describe('parser: ehlo', () => {
  it('reads a telnet transcript that offers STARTTLS', () => {
    const ehlo = parse(`220 mail.contoso.com Microsoft ESMTP MAIL Service ready at Thu, 26 Nov 2026 09:12:44 +0900
EHLO test.fabrikam.com
250-mail.contoso.com Hello [203.0.113.25]
250-SIZE 37748736
250-PIPELINING
250-DSN
250-ENHANCEDSTATUSCODES
250-STARTTLS
250-X-ANONYMOUSTLS
250-AUTH NTLM
250-X-EXPS GSSAPI NTLM
250-8BITMIME
250-BINARYMIME
250-CHUNKING
250 XRDST`);
    assert.equal(ehlo.length, 1);
    assert.equal(ehlo[0]!.host, 'mail.contoso.com');
    assert.equal(ehlo[0]!.startTls, true);
    assert.equal(ehlo[0]!.afterStartTls, false);
    assert.equal(ehlo[0]!.form, 'multiline');
    assert.deepEqual(ehlo[0]!.extensions, [
      'SIZE', 'PIPELINING', 'DSN', 'ENHANCEDSTATUSCODES', 'STARTTLS', 'X-ANONYMOUSTLS', 'AUTH', 'X-EXPS',
      '8BITMIME', 'BINARYMIME', 'CHUNKING', 'XRDST',
    ]);
  });

  it('reads a transcript without STARTTLS', () => {
    const ehlo = parse(`220 EX01.contoso.com Microsoft ESMTP MAIL Service ready at Thu, 26 Nov 2026 10:01:02 +0000
ehlo me
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
250 XRDST`);
    assert.equal(ehlo.length, 1);
    assert.equal(ehlo[0]!.host, 'EX01.contoso.com');
    assert.equal(ehlo[0]!.startTls, false);
  });

  it('reads the one-line form of a receive protocol log', () => {
    const ehlo = parse(
      '2026-11-26T08:14:03.221Z,EX01\\Default Frontend EX01,08DE0D3A1C2B4F11,2,10.0.0.5:25,104.47.58.43:27716,>,"250  EX01.contoso.com Hello [104.47.58.43] SIZE 37748736 PIPELINING DSN ENHANCEDSTATUSCODES X-ANONYMOUSTLS AUTH NTLM X-EXPS GSSAPI NTLM 8BITMIME BINARYMIME CHUNKING SMTPUTF8 XRDST",',
    );
    assert.equal(ehlo.length, 1);
    assert.equal(ehlo[0]!.form, 'single-line');
    assert.equal(ehlo[0]!.host, 'EX01.contoso.com');
    assert.equal(ehlo[0]!.startTls, false);
    assert.ok(ehlo[0]!.extensions.includes('X-ANONYMOUSTLS'));
    assert.ok(!ehlo[0]!.extensions.includes('37748736'));
  });

  it('marks the EHLO answer after a completed STARTTLS', () => {
    const ehlo = parse(`=== Trying mail.contoso.com:25...
=== Connected to mail.contoso.com.
<-  220 mail.contoso.com Microsoft ESMTP MAIL Service ready at Thu, 26 Nov 2026 10:01:02 +0000
 -> EHLO relay.fabrikam.com
<-  250-mail.contoso.com Hello [198.51.100.7]
<-  250-SIZE 37748736
<-  250-STARTTLS
<-  250 CHUNKING
 -> STARTTLS
<-  220 2.0.0 SMTP server ready
=== TLS started with cipher TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384:256
 ~> EHLO relay.fabrikam.com
<~  250-mail.contoso.com Hello [198.51.100.7]
<~  250-SIZE 37748736
<~  250-AUTH NTLM LOGIN
<~  250 CHUNKING`);
    assert.equal(ehlo.length, 2);
    assert.deepEqual(ehlo.map((e) => [e.startTls, e.afterStartTls]), [[true, false], [false, true]]);
  });

  it('ignores other 250 replies', () => {
    assert.deepEqual(parse(`250 2.1.0 Sender OK
250 2.1.5 Recipient OK
250 2.6.0 <a1b2@contoso.com> [InternalId=1234] Queued mail for delivery`), []);
  });
});

describe('parser: ehlo (send log)', () => {
  it('reads the peer EHLO answer logged as 250- on one row', () => {
    const ehlo = parse(
      '2026-11-26T08:14:03.077Z,Outbound to Office 365,08DE0D3A1C2B4F11,4,10.0.0.5:27716,52.101.68.4:25,<,"250-AM4PEPF00027A5C.mail.protection.outlook.com Hello [198.51.100.20] SIZE 157286400 PIPELINING DSN ENHANCEDSTATUSCODES STARTTLS 8BITMIME BINARYMIME CHUNKING SMTPUTF8",',
    );
    assert.equal(ehlo.length, 1);
    assert.equal(ehlo[0]!.host, 'AM4PEPF00027A5C.mail.protection.outlook.com');
    assert.equal(ehlo[0]!.startTls, true);
  });
});

describe('parser: ehlo (older send log, one extension per row)', () => {
  it('reads 250- rows of a send protocol log as one EHLO answer without STARTTLS', () => {
    const ehlo = parse(`2013-12-06T21:54:51.891Z,Outbound to Office 365,08D0C0DE40C1BF74,3,10.0.0.5:64526,207.46.163.138:25,>,EHLO contoso.com,
2013-12-06T21:54:52.001Z,Outbound to Office 365,08D0C0DE40C1BF74,4,10.0.0.5:64526,207.46.163.138:25,<,250-BL2FFO11FD012.mail.protection.outlook.com Hello [198.51.100.20],
2013-12-06T21:54:52.001Z,Outbound to Office 365,08D0C0DE40C1BF74,5,10.0.0.5:64526,207.46.163.138:25,<,250-SIZE 157286400,
2013-12-06T21:54:52.001Z,Outbound to Office 365,08D0C0DE40C1BF74,6,10.0.0.5:64526,207.46.163.138:25,<,250-PIPELINING,
2013-12-06T21:54:52.001Z,Outbound to Office 365,08D0C0DE40C1BF74,7,10.0.0.5:64526,207.46.163.138:25,<,250-DSN,
2013-12-06T21:54:52.001Z,Outbound to Office 365,08D0C0DE40C1BF74,8,10.0.0.5:64526,207.46.163.138:25,<,250-ENHANCEDSTATUSCODES,
2013-12-06T21:54:52.001Z,Outbound to Office 365,08D0C0DE40C1BF74,9,10.0.0.5:64526,207.46.163.138:25,<,250-8BITMIME,
2013-12-06T21:54:52.001Z,Outbound to Office 365,08D0C0DE40C1BF74,10,10.0.0.5:64526,207.46.163.138:25,<,250 BINARYMIME,`);
    assert.equal(ehlo.length, 1);
    assert.equal(ehlo[0]!.host, 'BL2FFO11FD012.mail.protection.outlook.com');
    assert.equal(ehlo[0]!.startTls, false);
    assert.deepEqual(ehlo[0]!.extensions, ['SIZE', 'PIPELINING', 'DSN', 'ENHANCEDSTATUSCODES', '8BITMIME', 'BINARYMIME']);
  });
});
