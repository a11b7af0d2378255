import { strict as assert } from 'node:assert';
import { normalise } from '../../src/diagnosis/normalise';
import { messageTraceParser } from '../../src/diagnosis/parsers/messageTrace';

const parse = (text: string) => messageTraceParser.parse(normalise(text)).messageTraces ?? [];

describe('parser: messageTrace', () => {
  it('reads Get-MessageTrace | fl with Status Pending', () => {
    const traces = parse(`PS C:\\> Get-MessageTrace -RecipientAddress bob@contoso.com -StartDate 11/24/2026 -EndDate 11/26/2026 | fl

Organization     : contoso.onmicrosoft.com
MessageId        : <DB7PR04MB4321A1B2C3D4E5F6A7B8C9D0E1F2@DB7PR04MB4321.eurprd04.prod.outlook.com>
Received         : 11/25/2026 9:14:02 PM
SenderAddress    : alice@contoso.com
RecipientAddress : bob@contoso.com
Subject          : Quarterly figures
Status           : Pending
ToIP             :
FromIP           : 2a01:111:e400:fc1f::31
Size             : 48213
MessageTraceId   : 3c1e6f0a-9b2d-4c8e-a1f7-0d5e6b7c8a90
StartDate        : 11/24/2026 12:00:00 AM
EndDate          : 11/26/2026 12:00:00 AM
Index            : 0
`);
    assert.equal(traces.length, 1);
    assert.equal(traces[0]!.form, 'trace');
    assert.equal(traces[0]!.status, 'Pending');
    assert.equal(traces[0]!.recipientAddress, 'bob@contoso.com');
    assert.equal(traces[0]!.date, '11/25/2026 9:14:02 PM');
  });

  it('reads Get-MessageTraceDetail | fl with a 450 4.4.317 deferral', () => {
    const traces = parse(`Organization   : contoso.onmicrosoft.com
MessageId      : <DB7PR04MB4321A1B2C3D4E5F6A7B8C9D0E1F2@DB7PR04MB4321.eurprd04.prod.outlook.com>
MessageTraceId : 3c1e6f0a-9b2d-4c8e-a1f7-0d5e6b7c8a90
Date           : 11/25/2026 9:14:05 PM
Event          : Defer
Action         :
Detail         : The message was deferred. Reason: [{LED=450 4.4.317 Cannot connect to remote server
                 [Message=SubjectMismatch Expected Subject: mail.contoso.com. Presented Subject: CN=EX01. Thumbprint:
                 C07B19E88671134C4C4A38D72F0A587974CE137D.] [LastAttemptedServerName=mail.contoso.com]
                 [LastAttemptedIP=203.0.113.10:25]};{MSG=};{FQDN=mail.contoso.com};{IP=203.0.113.10};{LRT=11/25/2026 9:14:05 PM}]
Data           : <root><MEP Name="Connector" String="Outbound to 3f2a1c9e-0b1d-4e55-9a77-6a1f0c2b8d10" /></root>
`);
    assert.equal(traces.length, 1);
    assert.equal(traces[0]!.form, 'detail');
    assert.equal(traces[0]!.event, 'Defer');
    assert.equal(traces[0]!.code, 450);
    assert.equal(traces[0]!.enhanced, '4.4.317');
    assert.equal(
      traces[0]!.remoteMessage,
      'SubjectMismatch Expected Subject: mail.contoso.com. Presented Subject: CN=EX01. Thumbprint: C07B19E88671134C4C4A38D72F0A587974CE137D.',
    );
  });

  it('reads the Date / Event / Detail table', () => {
    const traces = parse(`Date                   Event          Detail
----                   -----          ------
11/25/2026 9:14:02 PM  Receive        Message received by: DB7PR04MB4321.eurprd04.prod.outlook.com
11/25/2026 9:14:05 PM  Defer          The message was deferred. Reason: 450 4.4.317 Cannot connect to remote server [Message=451 5.7.3 STARTTLS is required to send mail] [LastAttemptedServerName=mail.contoso.com]
`);
    assert.equal(traces.length, 2);
    assert.equal(traces[0]!.event, 'Receive');
    assert.equal(traces[1]!.event, 'Defer');
    assert.equal(traces[1]!.enhanced, '4.4.317');
    assert.equal(traces[1]!.remoteMessage, '451 5.7.3 STARTTLS is required to send mail');
  });

  it('does not read queues or certificates as traces', () => {
    assert.deepEqual(parse(`Identity      : EX01\\7
NextHopDomain : contoso.mail.onmicrosoft.com
Status        : Retry
MessageCount  : 12

Status             : Valid
Thumbprint         : C07B19E88671134C4C4A38D72F0A587974CE137D`), []);
  });
});
