import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { normalise } from '../../src/diagnosis/normalise';
import { smtpResponseParser } from '../../src/diagnosis/parsers/smtpResponse';
import type { QueueError, SmtpResponse } from '../../src/diagnosis/types';

const fixture = (name: string): string => readFileSync(path.join(__dirname, '..', 'fixtures', name), 'utf8');

function parse(raw: string): { responses: SmtpResponse[]; queue: QueueError[] } {
  const result = smtpResponseParser.parse(normalise(raw));
  return { responses: result.smtpResponses ?? [], queue: result.queueErrors ?? [] };
}

const codes = (responses: SmtpResponse[]): string[] => responses.map((r) => `${r.code} ${r.enhanced ?? ''}`.trim());

const TLS_CHANNEL_TEXT = 'Failed to establish appropriate TLS channel: UntrustedRoot: Access Denied';

describe('smtpResponse parser', () => {
  describe('the KB 2888788 response in every wording', () => {
    const cases: [string, string][] = [
      ['English KB event', fixture('events/kb2888788-en.txt')],
      ['Japanese KB event (current)', fixture('events/kb2888788-ja.txt')],
      ['Japanese KB event (older, codes split)', fixture('events/kb2888788-ja-old.txt')],
      ['Event Viewer copy with CRLF', fixture('events/viewer-copy-en-crlf.txt')],
      ['full-width digits typed with an IME', 'SMTP 応答 ４５４　４．７．０ Failed to establish appropriate TLS channel: UntrustedRoot: Access Denied'],
      ['protocol log row', fixture('smtp/protocol-log.txt')],
    ];
    for (const [name, raw] of cases) {
      it(name, () => {
        const tls = parse(raw).responses.filter((r) => r.code === 454);
        assert.equal(tls.length, 1);
        assert.equal(tls[0].enhanced, '4.7.0');
        assert.equal(tls[0].chainStatus, 'UntrustedRoot');
        assert.equal(tls[0].kind, 'tls-channel');
        assert.equal(tls[0].text, TLS_CHANNEL_TEXT);
      });
    }

    it('keeps the original Japanese line as evidence', () => {
      const [response] = parse(fixture('events/kb2888788-ja-old.txt')).responses;
      assert.match(response.line, /権限のないルート/);
    });
  });

  it('reads chain status tokens inside brackets', () => {
    const { responses } = parse('450 4.4.317 Cannot connect to remote server [Message=UntrustedRoot]');
    assert.deepEqual(codes(responses), ['450 4.4.317']);
    assert.equal(responses[0].chainStatus, 'UntrustedRoot');
    assert.equal(responses[0].kind, undefined);

    const mismatch = parse(
      '450 4.4.317 Cannot connect to remote server [Message=SubjectMismatch Expected Subject: *.contoso.com. Presented Subject: CN=ExchangeServer01. Thumbprint: 0123456789ABCDEF0123456789ABCDEF01234567]',
    ).responses;
    assert.equal(mismatch[0].chainStatus, 'SubjectMismatch');
  });

  it('finds nested responses and ends them at their quote', () => {
    const { responses } = parse(
      '451 4.4.0 Primary target IP address responded with: "421 4.2.1 Unable to connect." Attempted failover to alternate host, but that did not succeed.',
    );
    assert.deepEqual(codes(responses), ['451 4.4.0', '421 4.2.1']);
    assert.equal(responses[1].text, 'Unable to connect');
    assert.equal(responses[1].nested, true);
    assert.equal(responses[0].nested, undefined);
  });

  it('reads a STARTTLS failure nested in an EXO trace', () => {
    const { responses } = parse('LED=450 4.4.317 Cannot connect to remote server [Message=451 5.7.3 STARTTLS is required to send mail]');
    assert.deepEqual(codes(responses), ['450 4.4.317', '451 5.7.3']);
    assert.equal(responses[1].text, 'STARTTLS is required to send mail');
  });

  it('reads the tenant attribution NDR with its generating server', () => {
    const { responses } = parse(fixture('smtp/ndr-tenantattribution.txt'));
    assert.equal(responses.length, 1);
    assert.deepEqual(codes(responses), ['550 5.7.64']);
    assert.equal(responses[0].text, 'TenantAttribution; Relay Access Denied SMTP');
    assert.equal(responses[0].context, 'ndr');
    assert.equal(responses[0].generatingServer, 'EX01.contoso.com');
  });

  it('reads the legacy #550 … ## NDR line', () => {
    const { responses } = parse(fixture('smtp/ndr-legacy-hash.txt'));
    assert.deepEqual(codes(responses), ['550 5.7.1']);
    assert.equal(responses[0].text, 'RESOLVER.RST.AuthRequired; authentication required');
    assert.equal(responses[0].context, 'ndr');
    assert.equal(responses[0].generatingServer, 'EX02.contoso.com');
  });

  it('reads Get-Queue | fl with a wrapped LED block and a plain LastError', () => {
    const { responses, queue } = parse(fixture('smtp/get-queue-fl.txt'));
    assert.deepEqual(queue, [
      {
        led: '451 4.4.395 Target host responded with error. -> 421 4.4.1 Connection timed out',
        fqdn: 'contoso-com.mail.protection.outlook.com',
        ip: '104.47.51.138',
        lrt: '1/2/2024 10:00:00 AM',
        identity: 'EX01\\12',
        nextHopDomain: 'contoso.mail.onmicrosoft.com',
      },
      {
        led: '451 4.4.0 DNS query failed. The error was: DNS query failed with error ErrorRetry. Attempted failover to alternate host, but that did not succeed.',
        identity: 'EX01\\15',
        nextHopDomain: 'fabrikam.com',
      },
    ]);
    assert.deepEqual(codes(responses), ['451 4.4.395', '421 4.4.1', '451 4.4.0']);
    assert.ok(responses.every((r) => r.context === 'queue'));
    assert.equal(responses[1].text, 'Connection timed out');
  });

  it('reads an LED block pasted on its own', () => {
    const { queue, responses } = parse(
      '[{LED=451 4.4.395 Target host responded with error. -> 421 4.4.1 Connection timed out};{MSG=};{FQDN=mail.contoso.com};{IP=10.0.0.5};{LRT=1/2/2024 10:00:00 AM}]',
    );
    assert.deepEqual(queue, [
      {
        led: '451 4.4.395 Target host responded with error. -> 421 4.4.1 Connection timed out',
        fqdn: 'mail.contoso.com',
        ip: '10.0.0.5',
        lrt: '1/2/2024 10:00:00 AM',
      },
    ]);
    assert.deepEqual(codes(responses), ['451 4.4.395', '421 4.4.1']);
  });

  it('accepts a basic code alone only after a phrase that introduces a response', () => {
    assert.deepEqual(codes(parse('Primary target IP address responded with: "421 Service not available"').responses), ['421']);
    assert.deepEqual(codes(parse('We waited 421 Seconds and 550 Users replied').responses), []);
  });

  it('does not read dates, versions, addresses, ports or thumbprints as responses', () => {
    const lookAlikes = [
      'NotAfter           : 02.02.2028 3:09:22',
      'Date: 2024-01-02 10:00:00 4.5.6',
      'Version 15.2.1118.7 build 454 4.7.0.1',
      'remote-endpoint 104.47.51.138:25 local 10.0.0.5:587',
      'Thumbprint : 4CE834243B37D27F29379287D3DED6294935EB2D',
      'A454 4.7.0 is part of a hex string',
      'SerialNumber : 454 4.7',
      '354 3.0.0 Start mail input',
      '250 5.0.0 class mismatch',
    ];
    for (const text of lookAlikes) assert.deepEqual(codes(parse(text).responses), [], text);
  });

  it('lists a response pasted twice once', () => {
    const line = '454 4.7.0 Failed to establish appropriate TLS channel: UntrustedRoot: Access Denied';
    assert.equal(parse(`${line}\n${line}`).responses.length, 1);
  });
});

describe('smtpResponse parser: more layouts', () => {
  it("reads Queue Viewer's Last Error line", () => {
    const { queue, responses } = parse('Next Hop Domain: contoso.mail.onmicrosoft.com\nLast Error: 451 4.4.0 DNS query failed. The error was: DNS query failed with error ErrorRetry');
    assert.deepEqual(queue, [{ led: '451 4.4.0 DNS query failed. The error was: DNS query failed with error ErrorRetry' }]);
    assert.deepEqual(codes(responses), ['451 4.4.0']);
  });

  it('reads a Japanese NDR', () => {
    const { responses } = parse(
      '管理者向けの診断情報:\n\n生成サーバー: EX01.contoso.co.jp\n\nkim@fabrikam.com\nリモート サーバーから \'550 5.7.64 TenantAttribution; Relay Access Denied SMTP\' が返されました',
    );
    assert.deepEqual(codes(responses), ['550 5.7.64']);
    assert.equal(responses[0].context, 'ndr');
    assert.equal(responses[0].generatingServer, 'EX01.contoso.co.jp');
  });
});
