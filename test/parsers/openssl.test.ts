import { strict as assert } from 'node:assert';
import { parseOpenssl } from '../../src/diagnosis/parsers/openssl';
import { normalise } from '../../src/diagnosis/normalise';

const parse = (text: string) => parseOpenssl(normalise(text));

describe('parser: openssl', () => {
  it('reads a STARTTLS run with an incomplete chain (verify return code 21)', () => {
    const [session, ...rest] = parse(`$ openssl s_client -connect mail.contoso.com:25 -starttls smtp -crlf
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
   i:C = US, O = DigiCert Inc, CN = DigiCert Global G2 TLS RSA SHA256 2020 CA1
   a:PKEY: rsaEncryption, 2048 (bit); sigalg: RSA-SHA256
   v:NotBefore: Mar  4 00:00:00 2026 GMT; NotAfter: Mar 31 23:59:59 2027 GMT
---
Server certificate
subject=CN = mail.contoso.com
issuer=C = US, O = DigiCert Inc, CN = DigiCert Global G2 TLS RSA SHA256 2020 CA1
---
No client certificate CA names sent
---
SSL handshake has read 2190 bytes and written 443 bytes
Verification error: unable to verify the first certificate
---
New, TLSv1.2, Cipher is ECDHE-RSA-AES256-GCM-SHA384
Server public key is 2048 bit
SSL-Session:
    Protocol  : TLSv1.2
    Cipher    : ECDHE-RSA-AES256-GCM-SHA384
    Verify return code: 21 (unable to verify the first certificate)
---
250 XRDST`);
    assert.equal(rest.length, 0);
    assert.equal(session!.connected, true);
    assert.equal(session!.starttls, 'smtp');
    assert.equal(session!.verifyCode, 21);
    assert.equal(session!.verifyText, 'unable to verify the first certificate');
    assert.deepEqual(session!.chain, [
      { depth: 0, subject: 'CN = mail.contoso.com', issuer: 'C = US, O = DigiCert Inc, CN = DigiCert Global G2 TLS RSA SHA256 2020 CA1' },
    ]);
    assert.equal(session!.protocol, 'TLSv1.2');
    assert.equal(session!.cipher, 'ECDHE-RSA-AES256-GCM-SHA384');
    assert.deepEqual(session!.errors, []);
  });

  it('reads wrong version number (TLS spoken to a plain-text SMTP port)', () => {
    const [session] = parse(`openssl s_client -connect smtp.office365.com:587
CONNECTED(00000003)
40B7E3C1F47F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl/record/ssl3_record.c:354:
---
no peer certificate available
---
No client certificate CA names sent
---
SSL handshake has read 5 bytes and written 301 bytes
Verification: OK`);
    assert.equal(session!.connected, true);
    assert.equal(session!.starttls, undefined);
    assert.deepEqual(session!.errors, ['wrong-version-number', 'no-peer-certificate']);
  });

  it('reads a Go TLS client error on its own', () => {
    const [session] = parse('2026/11/26 10:02:11 smtp: tls: first record does not look like a TLS handshake');
    assert.equal(session!.connected, false);
    assert.deepEqual(session!.errors, ['not-tls-handshake']);
    assert.match(session!.line, /first record/);
  });

  it('reads two runs separately', () => {
    const sessions = parse(`CONNECTED(00000003)
    Verify return code: 0 (ok)
CONNECTED(00000004)
    Verify return code: 10 (certificate has expired)`);
    assert.deepEqual(sessions.map((s) => s.verifyCode), [0, 10]);
  });

  it('finds nothing in unrelated text', () => {
    assert.deepEqual(parse('Get-ExchangeCertificate | fl\nStatus : Valid'), []);
  });
});
