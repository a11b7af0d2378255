// Small pure pieces: typed commands, backoff with Retry-After, deep links.
import { strict as assert } from 'node:assert';
import { backoffMs, isRetryable, retryAfterMs } from '../../src/escalation/connectorRetry';
import { parseEscalationCommand } from '../../src/escalation/escalationCommands';
import { chatWithLink, originLink } from '../../src/escalation/ticketLinks';

function connectorError(status: number, retryAfter?: string): Error {
  const error = new Error('fake') as Error & { statusCode: number; response: { headers: { get(name: string): string | undefined } } };
  error.statusCode = status;
  error.response = { headers: { get: (name) => (name === 'retry-after' ? retryAfter : undefined) } };
  return error;
}

describe('escalation commands', () => {
  const table: [string, ReturnType<typeof parseEscalationCommand>][] = [
    ['set escalation channel', { kind: 'setChannel' }],
    ['Set Escalation Channel.', { kind: 'setChannel' }],
    ['エスカレーションチャネルを設定', { kind: 'setChannel' }],
    ['my tickets', { kind: 'myTickets' }],
    ['自分のチケット', { kind: 'myTickets' }],
    ['open tickets', { kind: 'openTickets' }],
    ['未解決のチケット', { kind: 'openTickets' }],
    ['escalate', { kind: 'escalate' }],
    ['Escalate: customer down since 9:00', { kind: 'escalate', note: 'customer down since 9:00' }],
    ['エスカレーション 至急お願いします', { kind: 'escalate', note: '至急お願いします' }],
    ['escalated mail is stuck in the queue', undefined],
    ['454 4.7.0 Failed to establish appropriate TLS channel: UntrustedRoot', undefined],
    ['my tickets please tell me', undefined],
    [`escalate ${'x'.repeat(600)}`, undefined],
  ];
  for (const [text, expected] of table) {
    it(`${JSON.stringify(text.slice(0, 50))} → ${expected?.kind ?? 'not a command'}`, () => assert.deepEqual(parseEscalationCommand(text), expected));
  }
});

describe('connector retry', () => {
  const policy = { attempts: 3, baseDelayMs: 1000, maxDelayMs: 8000 };

  it('retries 429, 5xx (not 501) and network errors; not 400/403/404', () => {
    assert.deepEqual([429, 500, 502, 503, 504, 501, 400, 403, 404].map((s) => isRetryable(connectorError(s))), [true, true, true, true, true, false, false, false, false]);
    assert.equal(isRetryable(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })), true);
  });

  it('honours Retry-After in seconds or as a date, capped by the policy', () => {
    assert.equal(retryAfterMs(connectorError(429, '3')), 3000);
    assert.equal(retryAfterMs(connectorError(429, new Date(Date.UTC(2026, 0, 1, 0, 0, 10)).toUTCString()), Date.UTC(2026, 0, 1)), 10_000);
    assert.equal(backoffMs(0, policy, connectorError(429, '3')), 3000);
    assert.equal(backoffMs(0, policy, connectorError(429, '120')), 8000);
  });

  it('without Retry-After: exponential with jitter between half and the full step', () => {
    assert.equal(backoffMs(0, policy, connectorError(500), () => 0), 500);
    assert.equal(backoffMs(2, policy, connectorError(500), () => 1), 4000);
    assert.equal(backoffMs(5, policy, connectorError(500), () => 1), 8000);
  });
});

describe('deep links', () => {
  it('chat with a user by UPN', () => {
    assert.equal(chatWithLink('riku@contoso.example'), 'https://teams.microsoft.com/l/chat/0/0?users=riku%40contoso.example');
  });

  it('a channel thread links to its root post with the team group id', () => {
    const link = originLink({
      id: '1700000000123',
      conversation: { id: '19:abc@thread.tacv2;messageid=1700000000000', conversationType: 'channel', isGroup: true, name: '' },
      channelData: { team: { aadGroupId: 'g-1' }, tenant: { id: 't-1' } },
    });
    assert.equal(link, 'https://teams.microsoft.com/l/message/19%3Aabc%40thread.tacv2/1700000000000?tenantId=t-1&groupId=g-1&parentMessageId=1700000000000');
  });

  it('a personal chat has no link (the experts could not open it)', () => {
    assert.equal(originLink({ id: '1', conversation: { id: 'a:1', conversationType: 'personal', isGroup: false, name: '' } }), undefined);
  });
});
