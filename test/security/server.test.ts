// Security limits of the real server (issue 7), over HTTP with expectReplies: tenant allow-list,
// per-user rate limit, request body limit, dedupe of redelivered activities, and logs that carry
// no pasted secrets.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OPEN_PASTE_DIALOG } from '../../src/bot/taskModules';
import { startServer, type RunningServer } from '../../src/index';
import { createLogger } from '../../src/logger';
import { cardOf, findingIdOf, hasKana } from '../bot/harness';
import { KB_PASTE, post, teamsMessage } from './http';

const ALLOWED = '6f1c2b3a-0000-4000-8000-00000000aaaa';
const OTHER = '9e8d7c6b-0000-4000-8000-00000000bbbb';

function capturedLogger(lines: string[], level = 'info') {
  return createLogger({ level, destination: { write: (line: string) => void lines.push(line) } });
}

function inTenant(tenant: string, text: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const message = teamsMessage(text, overrides);
  return {
    ...message,
    conversation: { ...(message.conversation as object), tenantId: tenant },
    channelData: { tenant: { id: tenant } },
  };
}

describe('security: tenant allow-list (ALLOWED_TENANTS)', () => {
  let server: RunningServer;
  const logLines: string[] = [];
  before(async () => {
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      env: { STORAGE: 'memory', ALLOWED_TENANTS: ` ${ALLOWED.toUpperCase()} , other-tenant-id ` },
      logger: capturedLogger(logLines),
    });
  });
  after(async () => server?.close());

  it('answers a message from an allowed tenant (tenant ids compare case-insensitively)', async () => {
    const reply = await post(server, inTenant(ALLOWED, KB_PASTE()));
    assert.equal(reply.status, 200);
    assert.equal(findingIdOf(cardOf(reply.activities[0])), 'untrusted-cert-on-smtp');
  });

  it('refuses a message from another tenant with one short text and no diagnosis', async () => {
    const reply = await post(server, inTenant(OTHER, KB_PASTE()));
    assert.equal(reply.status, 200);
    assert.equal(reply.activities.length, 1);
    assert.equal(reply.activities[0].attachments, undefined);
    assert.ok(!String(reply.activities[0].text).includes('2F9C4B8A'), 'no finding in the refusal');
  });

  it('refuses in Japanese for a ja-JP client', async () => {
    const reply = await post(server, inTenant(OTHER, 'hello', { locale: 'ja-JP' }));
    assert.equal(reply.activities.length, 1);
    assert.ok(hasKana(reply.activities[0].text));
  });

  it('refuses a message that carries no tenant at all', async () => {
    const message = teamsMessage(KB_PASTE());
    delete message.channelData;
    message.conversation = { id: 'a:no-tenant', conversationType: 'personal' };
    const reply = await post(server, message);
    assert.equal(reply.activities.length, 1);
    assert.equal(reply.activities[0].attachments, undefined);
  });

  it('answers an invoke from another tenant with 403 and does not run it (the same invoke from the allowed tenant opens the dialog)', async () => {
    const invoke = (tenant: string) => inTenant(tenant, '', { type: 'invoke', name: 'task/fetch', value: { data: { action: OPEN_PASTE_DIALOG } }, deliveryMode: undefined });
    const allowed = await post(server, invoke(ALLOWED));
    assert.equal(allowed.status, 200);
    assert.ok('task' in allowed.body);
    const refused = await post(server, invoke(OTHER));
    assert.equal(refused.status, 403);
    assert.ok(!('task' in refused.body));
  });

  it('sends no welcome to a conversation of another tenant (the allowed tenant gets one)', async () => {
    const update = (tenant: string) => {
      const activity = inTenant(tenant, '', { type: 'conversationUpdate', membersAdded: [{ id: '28:mailflow-doctor' }] });
      delete activity.text;
      return activity;
    };
    assert.equal((await post(server, update(ALLOWED))).activities.length, 1);
    assert.deepEqual((await post(server, update(OTHER))).activities, []);
  });

  it('logs the refusal with ids but without the pasted text', () => {
    const refusals = logLines.filter((line) => line.includes('not allowed'));
    assert.ok(refusals.length >= 3, 'each refusal is logged');
    assert.ok(refusals.some((line) => line.includes(OTHER)));
    const logs = logLines.join('\n');
    for (const pasted of ['454 4.7.0', '2F9C4B8A1E3D5C7B9A0F2E4D6C8B0A1928374655', 'contoso']) assert.ok(!logs.includes(pasted), pasted);
  });
});

describe('security: per-user rate limit (RATE_LIMIT_PER_MINUTE)', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', env: { STORAGE: 'memory', RATE_LIMIT_PER_MINUTE: '3' }, logger: createLogger({ level: 'silent' }) });
  });
  after(async () => server?.close());

  const from = (id: string) => ({ id: `29:${id}`, name: id, aadObjectId: `aad-${id}` });

  it('answers the first N messages of a user, then one polite note, then silence', async () => {
    const user = from('burst');
    const replies = [];
    for (let i = 0; i < 6; i++) replies.push(await post(server, teamsMessage('help', { from: user })));
    const counts = replies.map((r) => r.activities.length);
    assert.ok(counts.slice(0, 3).every((n) => n >= 1), `answered: ${counts}`);
    assert.equal(counts[3], 1, 'one note when the limit is reached');
    assert.equal(replies[3].activities[0].attachments, undefined);
    assert.match(String(replies[3].activities[0].text), /\b3\b/);
    assert.deepEqual(counts.slice(4), [0, 0], 'no note for every dropped message');
  });

  it('counts per user (Entra object id), across conversations', async () => {
    const user = from('two-chats');
    for (let i = 0; i < 3; i++) await post(server, teamsMessage('help', { from: user }));
    const elsewhere = await post(server, teamsMessage('help', { from: user, conversation: { id: 'a:another-chat', conversationType: 'personal' } }));
    assert.equal(elsewhere.activities.length, 1);
    assert.equal(elsewhere.activities[0].attachments, undefined, 'the note, not a help card');
    const someoneElse = await post(server, teamsMessage('help', { from: from('patient') }));
    assert.ok(someoneElse.activities[0].attachments?.length, 'another user is still answered');
  });

  it('answers a rate-limited invoke with 429', async () => {
    const user = from('invoker');
    for (let i = 0; i < 3; i++) await post(server, teamsMessage('help', { from: user }));
    const invoke = teamsMessage('', { from: user, type: 'invoke', name: 'task/fetch', value: { data: { action: OPEN_PASTE_DIALOG } }, deliveryMode: undefined });
    const reply = await post(server, invoke);
    assert.equal(reply.status, 429);
  });

  it('the note is in Japanese for a ja-JP client', async () => {
    const user = from('ja-user');
    for (let i = 0; i < 3; i++) await post(server, teamsMessage('help', { from: user, locale: 'ja-JP' }));
    const reply = await post(server, teamsMessage('help', { from: user, locale: 'ja-JP' }));
    assert.ok(hasKana(reply.activities[0].text));
  });
});

describe('security: request body limit', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', env: { STORAGE: 'memory' }, logger: createLogger({ level: 'silent' }) });
  });
  after(async () => server?.close());

  it('a body over 1 MB → 413 with a JSON body naming the limit, and the bot does not run', async () => {
    const reply = await post(server, teamsMessage('x'.repeat(1024 * 1024 + 10)));
    assert.equal(reply.status, 413);
    const error = reply.body.error as { code: string; limitBytes: number };
    assert.equal(error.code, 'RequestEntityTooLarge');
    assert.equal(error.limitBytes, 1024 * 1024);
    assert.deepEqual(reply.activities, []);
  });

  it('a chunked body over 1 MB (no Content-Length) is refused too', async () => {
    const body = JSON.stringify(teamsMessage('y'.repeat(1024 * 1024 + 10)));
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < body.length; i += 64 * 1024) controller.enqueue(new TextEncoder().encode(body.slice(i, i + 64 * 1024)));
        controller.close();
      },
    });
    const response = await fetch(`http://127.0.0.1:${server.port}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    assert.equal(response.status, 413);
    await response.text();
  });

  it('a 600 KB paste (under the body limit, over the 256 KB paste limit) → 200 and a polite note in chat', async () => {
    const reply = await post(server, teamsMessage(`${KB_PASTE()}\n${'Get-ExchangeCertificate | fl\n'.repeat(20000)}`));
    assert.equal(reply.status, 200);
    assert.equal(reply.activities.length, 1);
    assert.match(String(reply.activities[0].text), /256 KB/);
  });

  it('the server still answers after refusing a large body', async () => {
    const reply = await post(server, teamsMessage(KB_PASTE()));
    assert.equal(findingIdOf(cardOf(reply.activities[0])), 'untrusted-cert-on-smtp');
  });
});

describe('security: a redelivered activity id is answered once', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailflow-dedupe-'));
  const env = { STORAGE: 'sqlite', SQLITE_PATH: path.join(dir, 'bot.sqlite'), SQLITE_LOCKING: 'normal' }; // two instances on one file
  let server: RunningServer;
  before(async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', env, logger: createLogger({ level: 'silent' }) });
  });
  after(async () => {
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the same activity posted twice → one answer; a new id in the same conversation is answered', async () => {
    const message = teamsMessage(KB_PASTE());
    const first = await post(server, message);
    assert.equal(findingIdOf(cardOf(first.activities[0])), 'untrusted-cert-on-smtp');
    const retry = await post(server, message);
    assert.equal(retry.status, 200);
    assert.deepEqual(retry.activities, []);
    const next = await post(server, { ...message, id: `${String(message.id)}-next` });
    assert.ok(next.activities.length > 0);
  });

  it('the same activity id in another conversation is a different activity', async () => {
    const message = teamsMessage('help');
    await post(server, message);
    const other = await post(server, { ...message, conversation: { id: 'a:other-conversation', conversationType: 'personal' } });
    assert.ok(other.activities.length > 0);
  });

  it('holds across instances sharing the storage: the retry that lands on the other instance is dropped', async () => {
    const other = await startServer({ port: 0, host: '127.0.0.1', env, logger: createLogger({ level: 'silent' }) });
    try {
      const message = teamsMessage(KB_PASTE());
      assert.ok((await post(server, message)).activities.length > 0);
      assert.deepEqual((await post(other, message)).activities, []);
    } finally {
      await other.close();
    }
  });

  it('holds across a restart on the same storage (the marker is stored, not in memory)', async () => {
    const message = teamsMessage('help');
    assert.ok((await post(server, message)).activities.length > 0);
    await server.close();
    server = await startServer({ port: 0, host: '127.0.0.1', env, logger: createLogger({ level: 'silent' }) });
    assert.deepEqual((await post(server, message)).activities, []);
  });
});

describe('security: logs carry no pasted secrets, tokens or passwords', () => {
  let server: RunningServer;
  const logLines: string[] = [];
  const PRIVATE_KEY_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDfakeKeyForMailflowDoctorTests';
  const PASSWORD = 'Tr0ub4dor&3-not-real';
  const BEARER = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJmYWtlLXRva2VuLWZvci10ZXN0cyJ9.ZmFrZS1zaWduYXR1cmU';
  const SECRET_PASTE = [
    KB_PASTE(),
    '-----BEGIN PRIVATE KEY-----',
    PRIVATE_KEY_BODY,
    '-----END PRIVATE KEY-----',
    `$cred = New-Object PSCredential('admin', (ConvertTo-SecureString 'x' -AsPlainText)) ; password=${PASSWORD}`,
    `Authorization: Bearer ${BEARER}`,
  ].join('\n');

  before(async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', env: { STORAGE: 'memory', RATE_LIMIT_PER_MINUTE: '2' }, logger: capturedLogger(logLines) });
  });
  after(async () => server?.close());

  it('pastes with secrets are answered, and nothing of them reaches the info-level log', async () => {
    const user = { id: '29:leaky', aadObjectId: 'aad-leaky' };
    const headers = { Authorization: `Bearer ${BEARER}` };
    const conversation = { id: 'a:leaky-chat', conversationType: 'personal' };
    const first = await post(server, teamsMessage(SECRET_PASTE, { from: user, conversation }), headers);
    assert.ok(first.activities.length > 0);
    // the rate-limit, too-large and duplicate paths log as well
    await post(server, teamsMessage(SECRET_PASTE, { from: user, conversation }), headers);
    await post(server, teamsMessage(SECRET_PASTE, { from: user, conversation }), headers);
    await post(server, teamsMessage(`${SECRET_PASTE}\n${'x'.repeat(300 * 1024)}`, { from: { id: '29:big' } }), headers);
    await post(server, '{"type":"message", "text": "password=' + PASSWORD + '"', headers);

    assert.ok(logLines.length >= 3, 'the turns were logged');
    const logs = logLines.join('\n');
    for (const secret of [PRIVATE_KEY_BODY, PASSWORD, BEARER, 'BEGIN PRIVATE KEY', '2F9C4B8A1E3D5C7B9A0F2E4D6C8B0A1928374655']) {
      assert.ok(!logs.includes(secret), `the log contains ${secret.slice(0, 20)}`);
    }
  });

  it('the logger redacts fields that could carry a paste or a secret', () => {
    const lines: string[] = [];
    const logger = capturedLogger(lines);
    logger.info({ text: PASSWORD, activity: { text: PASSWORD, value: { paste: PASSWORD } }, req: { headers: { authorization: BEARER } } }, 'x');
    assert.ok(!lines.join('').includes(PASSWORD));
    assert.ok(!lines.join('').includes(BEARER));
  });
});
