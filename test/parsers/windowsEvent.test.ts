import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { normalise } from '../../src/diagnosis/normalise';
import { windowsEventParser } from '../../src/diagnosis/parsers/windowsEvent';
import type { EventRecord } from '../../src/diagnosis/types';

const fixture = (name: string): string => readFileSync(path.join(__dirname, '..', 'fixtures', name), 'utf8');
const parse = (raw: string): EventRecord[] => windowsEventParser.parse(normalise(raw)).events ?? [];

const KB_DESCRIPTION =
  'Send connector Outbound to Office 365: Message delivery was not successful. The message with message ID <MessageID> was acknowledged with SMTP response 454 4.7.0 Failed to establish appropriate TLS channel: UntrustedRoot: Access Denied.';

describe('windowsEvent parser', () => {
  it('reads the KB article layout with several labels per line', () => {
    assert.deepEqual(parse(fixture('events/kb2888788-en.txt')), [
      {
        eventId: 2004,
        logName: 'Application',
        source: 'MSExchangeTransport',
        taskCategory: 'SmtpSend',
        level: 'Information',
        computer: 'exchange.contoso.com',
        description: KB_DESCRIPTION,
      },
    ]);
  });

  it('reads the Japanese KB layout (repeated event id, blank line after 説明, article text after)', () => {
    const events = parse(fixture('events/kb2888788-ja.txt'));
    assert.equal(events.length, 1);
    const [event] = events;
    assert.equal(event.eventId, 2004);
    assert.equal(event.source, 'MSExchangeTransport');
    assert.equal(event.logName, 'Application');
    assert.equal(event.level, 'Information');
    assert.equal(event.taskCategory, 'SmtpSend');
    assert.equal(event.computer, 'exchange.contoso.com');
    assert.equal(event.date, '<MM/DD/YY/YY><Hr:Min:Sec><AM/PM>');
    assert.match(event.description, /^Office 365にコネクタ送信を送信する: .*454 4\.7\.0 .*UntrustedRoot: Access Denied。$/);
    assert.doesNotMatch(event.description, /原因/);
  });

  it('reads the older Japanese KB wording', () => {
    const [event] = parse(fixture('events/kb2888788-ja-old.txt'));
    assert.equal(event.eventId, 2004);
    assert.equal(event.level, 'Information');
    assert.match(event.description, /権限のないルート/);
  });

  it('reads an Event Viewer copy with CRLF and stops the description at Event Xml', () => {
    const events = parse(fixture('events/viewer-copy-en-crlf.txt'));
    assert.equal(events.length, 1);
    assert.equal(events[0].eventId, 2004);
    assert.equal(events[0].date, '1/15/2024 9:41:07 AM');
    assert.equal(events[0].computer, 'EX01.contoso.com');
    assert.doesNotMatch(events[0].description, /Event|<System>/);
    assert.match(events[0].description, /^Send connector Outbound to Office 365 - 5b1c3a0e/);
  });

  it('reads two Japanese Event Viewer copies in one paste', () => {
    const events = parse(fixture('events/viewer-copy-ja.txt'));
    assert.deepEqual(
      events.map((e) => [e.eventId, e.source, e.level, e.taskCategory, e.date]),
      [
        [12014, 'MSExchangeFrontEndTransport', 'Error', 'TransportService', '2024/01/15 9:41:07'],
        [12015, 'MSExchangeTransport', 'Warning', 'TransportService', '2024/01/15 9:42:10'],
      ],
    );
    assert.match(events[0].description, /<I>CN=Contoso Issuing CA 1, DC=contoso, DC=com<S>CN=mail\.contoso\.com, O=Contoso Ltd, L=Tokyo, C=JP/);
    assert.equal(events[1].description, '内部トランスポート証明書の有効期限が切れています。拇印: 4CE834243B37D27F29379287D3DED6294935EB2D');
  });

  it('reads the preview pane: header, description first, labels after', () => {
    const events = parse(fixture('events/preview-pane-12014.txt'));
    assert.equal(events.length, 1);
    const [event] = events;
    assert.equal(event.eventId, 12014);
    assert.equal(event.source, 'MSExchangeFrontEndTransport');
    assert.equal(event.level, 'Error');
    assert.equal(event.computer, 'EX02.contoso.com');
    assert.equal(event.date, '3/4/2024 2:15:33 PM');
    assert.match(event.description, /^Microsoft Exchange could not find a certificate that contains the domain name mail\.contoso\.com/);
    assert.doesNotMatch(event.description, /General|Log Name/);
  });

  it('reads a Japanese preview pane header', () => {
    const [event] = parse('イベント 12014, MSExchangeFrontEndTransport\n全般  詳細\n\nMicrosoft Exchange could not find a certificate.');
    assert.equal(event.eventId, 12014);
    assert.equal(event.source, 'MSExchangeFrontEndTransport');
    assert.equal(event.description, 'Microsoft Exchange could not find a certificate.');
  });

  it('reads Get-WinEvent | fl, joining the wrapped message', () => {
    const events = parse(fixture('events/get-winevent-fl.txt'));
    assert.equal(events.length, 2);
    assert.deepEqual(
      events.map((e) => [e.eventId, e.source, e.date]),
      [
        [2004, 'MSExchangeTransport', '1/15/2024 9:41:07 AM'],
        [2004, 'MSExchangeTransport', '1/15/2024 9:31:02 AM'],
      ],
    );
    assert.match(events[0].description, /was not successful\. .* SMTP response 454 4\.7\.0 Failed to establish appropriate TLS channel: UntrustedRoot: Access Denied\.$/);
  });

  it('reads the Get-WinEvent table', () => {
    const events = parse(fixture('events/get-winevent-table.txt'));
    assert.deepEqual(
      events.map((e) => [e.eventId, e.source, e.level, e.date]),
      [
        [2004, 'MSExchangeTransport', 'Information', '1/15/2024 9:41:07 AM'],
        [12018, 'MSExchangeTransport', 'Warning', '1/15/2024 9:40:55 AM'],
        [2004, 'MSExchangeTransport', 'Information', '1/15/2024 9:31:02 AM'],
      ],
    );
    assert.match(events[1].description, /^The STARTTLS certificate will expire soon/);
  });

  it('makes no event from a bare description line or unlabelled text', () => {
    assert.deepEqual(parse(KB_DESCRIPTION), []);
    assert.deepEqual(parse('Event ID 2004 keeps appearing on our server since Monday'), []);
    assert.deepEqual(parse('Source: MSExchangeTransport\nDescription:\nsomething without an id'), []);
  });

  it('stops a description at following cmdlet output', () => {
    const text = `${fixture('events/kb2888788-en.txt')}\nGet-ExchangeCertificate | fl\n\nThumbprint         : BBA9F942B32F3E0F6E0C4E735BD1F38D4C06612E\n`;
    const [event] = parse(text);
    assert.equal(event.description, KB_DESCRIPTION);
  });
});

describe('windowsEvent parser: XML view', () => {
  it('reads the Event Viewer XML view, entities decoded, data strings as the description', () => {
    const events = parse(fixture('events/xml-view.txt'));
    assert.deepEqual(events, [
      {
        eventId: 2004,
        source: 'MSExchangeTransport',
        level: 'Information',
        logName: 'Application',
        computer: 'EX01.contoso.com',
        date: '2024-01-15T00:41:07.000000000Z',
        description:
          'Outbound to Office 365 - 5b1c3a0e-8f7d-4c2b-9e6a-1d2f3a4b5c6d\n<08DC1A2B3C4D5E6F@EX01.contoso.com>\n454 4.7.0 Failed to establish appropriate TLS channel: UntrustedRoot: Access Denied',
      },
    ]);
  });

  it('does not count the XML of a copied event twice', () => {
    const text = fixture('events/viewer-copy-en-crlf.txt').replace(/<Event xmlns[\s\S]*<\/Event>/, fixture('events/xml-view.txt').trim());
    assert.equal(parse(text).length, 1);
  });
});
