import { strict as assert } from 'node:assert';
import { parseMtaLog } from '../../src/diagnosis/parsers/mtaLog';
import { normalise } from '../../src/diagnosis/normalise';

const parse = (text: string) => parseMtaLog(normalise(text));

describe('parser: mtaLog', () => {
  it('reads a Postfix deferral with the remote 451 5.7.3 response', () => {
    const [entry] = parse(
      'Nov 26 10:12:01 relay01 postfix/smtp[2211]: 4F2A71C0B2: to=<j.tanaka@contoso.com>, relay=contoso-com.mail.protection.outlook.com[52.101.68.4]:25, delay=1.4, delays=0.08/0.01/0.9/0.41, dsn=4.7.3, status=deferred (host contoso-com.mail.protection.outlook.com[52.101.68.4] said: 451 5.7.3 STARTTLS is required to send mail [AM4PEPF00027A5C.eurprd04.prod.outlook.com 2026-11-26T10:12:01.512Z 08DE0C91D1E3A2B7] (in reply to MAIL FROM command))',
    );
    assert.deepEqual(entry, {
      mta: 'postfix',
      line: entry!.line,
      queueId: '4F2A71C0B2',
      to: 'j.tanaka@contoso.com',
      host: 'contoso-com.mail.protection.outlook.com',
      status: 'deferred',
      code: 451,
      enhanced: '5.7.3',
      responseText: 'STARTTLS is required to send mail [AM4PEPF00027A5C.eurprd04.prod.outlook.com 2026-11-26T10:12:01.512Z 08DE0C91D1E3A2B7]',
    });
  });

  it('reads Postfix TLS events', () => {
    const entries = parse(`Nov 26 10:14:22 relay01 postfix/smtp[2290]: 7C1E2A0F11: to=<info@contoso.com>, relay=none, delay=0.5, delays=0.01/0/0.49/0, dsn=4.7.4, status=deferred (TLS is required, but was not offered by host mail.contoso.com[203.0.113.5])
Nov 26 10:15:02 relay01 postfix/smtp[2301]: SSL_connect error to mail.contoso.com[203.0.113.5]:25: -1
Nov 26 10:16:40 relay01 postfix/smtp[2320]: Untrusted TLS connection established to contoso-com.mail.protection.outlook.com[52.101.68.4]:25: TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)
Nov 26 10:17:03 mx postfix/smtpd[811]: NOQUEUE: reject: MAIL from unknown[198.51.100.40]: 530 5.7.0 Must issue a STARTTLS command first; proto=ESMTP helo=<printer01>`);
    assert.deepEqual(entries.map((e) => e.tlsEvent), ['tls-required-not-offered', 'ssl-connect-error', 'untrusted-tls', 'must-issue-starttls']);
    assert.equal(entries[0]!.host, 'mail.contoso.com');
    assert.equal(entries[0]!.status, 'deferred');
    assert.equal(entries[1]!.host, 'mail.contoso.com');
    assert.equal(entries[2]!.tlsVersion, 'TLSv1.2');
    assert.equal(entries[2]!.host, 'contoso-com.mail.protection.outlook.com');
    assert.equal(entries[3]!.code, 530);
    assert.equal(entries[3]!.host, 'unknown');
  });

  it('reads an Exim deferral', () => {
    const [entry] = parse(
      '2026-11-26 10:12:01 1rAbCd-000123-4F == j.tanaka@contoso.com R=dnslookup T=remote_smtp defer (-45) H=contoso-com.mail.protection.outlook.com [52.101.68.4]: SMTP error from remote mail server after MAIL FROM:<scanner@fabrikam.com> SIZE=2211: 451 5.7.3 STARTTLS is required to send mail [AM4PEPF00027A5C.eurprd04.prod.outlook.com]',
    );
    assert.equal(entry!.mta, 'exim');
    assert.equal(entry!.queueId, '1rAbCd-000123-4F');
    assert.equal(entry!.host, 'contoso-com.mail.protection.outlook.com');
    assert.equal(entry!.code, 451);
    assert.equal(entry!.enhanced, '5.7.3');
  });

  it('ignores unrelated syslog lines', () => {
    assert.deepEqual(parse('Nov 26 10:12:01 relay01 postfix/qmgr[900]: 4F2A71C0B2: removed\nNov 26 10:12:01 relay01 sshd[77]: Accepted publickey'), []);
  });
});
