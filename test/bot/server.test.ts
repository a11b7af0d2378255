// The real server, started in-process on a free port. Activities are posted with
// deliveryMode "expectReplies", so the replies come back in the HTTP response (no connector).
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Activity } from 'botbuilder';
import { startServer, type RunningServer } from '../../src/index';
import { createLogger } from '../../src/logger';
import { validateCard } from '../support/cardValidation';
import { cardIds, cardOf, commandsIn, findingIdOf, hasKana, KB, TRUSTED_THUMBPRINT, UNTRUSTED_THUMBPRINT } from './harness';

const PIN = "Set-SendConnector -Identity 'Outbound to Office 365 - 6b3c8f2e-1d4a-4c3b-9d2e-7a1b2c3d4e5f' -TlsCertificateName '<I>CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1";

function teamsMessage(text: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: `1700000${Math.floor(Math.random() * 1e9)}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:1/',
    deliveryMode: 'expectReplies',
    from: { id: '29:1a2b-aiko', name: 'Aiko Tanaka', aadObjectId: randomUUID() },
    recipient: { id: '28:mailflow-doctor', name: 'Mailflow Doctor' },
    conversation: { id: 'a:1personal-chat-aiko', conversationType: 'personal', tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' } },
    locale: 'en-US',
    textFormat: 'plain',
    text,
    ...overrides,
  };
}

interface Reply {
  status: number;
  activities: Partial<Activity>[];
}

async function post(server: RunningServer, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const response = await fetch(`http://127.0.0.1:${server.port}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as { activities?: Partial<Activity>[] }) : {};
  return { status: response.status, activities: (parsed.activities ?? []).filter((a) => a.type === 'message') };
}

describe('server (real HTTP, expectReplies)', () => {
  let server: RunningServer;
  const logLines: string[] = [];

  before(async () => {
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } });
    server = await startServer({ port: 0, host: '127.0.0.1', env: { STORAGE: 'memory' }, logger });
  });
  after(async () => server?.close());

  it('GET /healthz → 200 with the package version', async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    assert.equal(response.status, 200);
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    assert.equal(((await response.json()) as { version: string }).version, pkg.version);
  });

  it('KB event + certificate list → a 1.5 card naming the untrusted thumbprint with the pin command', async () => {
    const reply = await post(server, teamsMessage(`${KB.eventEn()}\n${KB.certs()}`, { conversation: { id: 'a:kb-en', conversationType: 'personal' } }));
    assert.equal(reply.status, 200);
    const card = cardOf(reply.activities[0]);
    assert.deepEqual(validateCard(card), []);
    assert.equal(findingIdOf(card), 'untrusted-cert-on-smtp');
    assert.ok(JSON.stringify(card).includes(UNTRUSTED_THUMBPRINT));
    assert.ok(JSON.stringify(card).includes(TRUSTED_THUMBPRINT));
    assert.ok(commandsIn(card).some((c) => c.startsWith(PIN)), commandsIn(card).join('\n'));
    assert.ok(!hasKana(card));
  });

  it('the same with locale ja-JP → the same answer in Japanese', async () => {
    const reply = await post(server, teamsMessage(`${KB.eventEn()}\n${KB.certs()}`, { locale: 'ja-JP', conversation: { id: 'a:kb-ja', conversationType: 'personal' } }));
    const card = cardOf(reply.activities[0]);
    assert.deepEqual(validateCard(card), []);
    assert.equal(findingIdOf(card), 'untrusted-cert-on-smtp');
    assert.ok(hasKana(card));
    assert.ok(commandsIn(card).some((c) => c.startsWith(PIN)));
  });

  it('the error text alone → asks for Get-ExchangeCertificate output', async () => {
    const reply = await post(server, teamsMessage(KB.eventEn(), { conversation: { id: 'a:event-only', conversationType: 'personal' } }));
    const card = cardOf(reply.activities[0]);
    assert.deepEqual(cardIds(card).slice(0, 1), ['ask-config']);
    assert.ok(commandsIn(card).some((c) => c.startsWith('Get-ExchangeCertificate | fl')));
    assert.deepEqual(validateCard(card), []);
  });

  it('300 KB of garbage → a clear reply (200), and the next message is still answered', async () => {
    const conversation = { id: 'a:garbage', conversationType: 'personal' };
    const garbage = Array.from({ length: 300 * 1024 }, (_v, i) => String.fromCharCode(33 + ((i * 7919) % 90))).join('');
    const first = await post(server, teamsMessage(garbage, { conversation }));
    assert.equal(first.status, 200);
    assert.equal(first.activities.length, 1);
    assert.match(String(first.activities[0].text), /256 KB/);
    const next = await post(server, teamsMessage(`${KB.eventEn()}\n${KB.certs()}`, { conversation }));
    assert.equal(findingIdOf(cardOf(next.activities[0])), 'untrusted-cert-on-smtp');
  });

  it('a channel message with an @mention is answered in that thread', async () => {
    const reply = await post(
      server,
      teamsMessage(`<at>Mailflow Doctor</at> ${KB.eventEn()}\n${KB.certs()}`, {
        conversation: { id: '19:helpdesk@thread.tacv2;messageid=1700000000001', conversationType: 'channel', isGroup: true },
        entities: [{ type: 'mention', text: '<at>Mailflow Doctor</at>', mentioned: { id: '28:mailflow-doctor', name: 'Mailflow Doctor' } }],
      }),
    );
    assert.equal(findingIdOf(cardOf(reply.activities[0])), 'untrusted-cert-on-smtp');
    assert.equal(reply.activities[0].conversation?.id, '19:helpdesk@thread.tacv2;messageid=1700000000001');
  });

  it('logs nothing of the pasted content', () => {
    const logs = logLines.join('\n');
    assert.ok(logLines.length > 0, 'something was logged');
    for (const secret of [UNTRUSTED_THUMBPRINT, '454 4.7.0', 'contoso', 'Outbound to Office 365']) {
      assert.ok(!logs.includes(secret), `log contains ${secret}`);
    }
  });
});

describe('server with MicrosoftAppId set', () => {
  let server: RunningServer;
  // CloudAdapter prints each refused request with console.error; keep the test output readable.
  const consoleError = console.error;
  before(async () => {
    console.error = () => undefined;
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      env: { STORAGE: 'memory', MicrosoftAppId: '00000000-1111-2222-3333-444444444444', MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppType: 'MultiTenant' },
      logger: createLogger({ level: 'silent' }),
    });
  });
  after(async () => {
    console.error = consoleError;
    await server?.close();
  });

  it('refuses a request without a Bot Framework token: 401, no reply', async () => {
    const reply = await post(server, teamsMessage(KB.eventEn()));
    assert.equal(reply.status, 401);
    assert.deepEqual(reply.activities, []);
  });

  it('refuses a malformed bearer token: 401', async () => {
    const reply = await post(server, teamsMessage(KB.eventEn()), { Authorization: 'Bearer not.a.jwt' });
    assert.equal(reply.status, 401);
  });
});

describe('server turn errors', () => {
  let server: RunningServer;
  const logLines: string[] = [];
  before(async () => {
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } });
    server = await startServer({ port: 0, host: '127.0.0.1', env: { STORAGE: 'memory' }, logger });
  });
  after(async () => server?.close());

  // An activity without `from` cannot have per-user state: the turn throws inside the bot.
  it('a failing message turn gets an apology and is logged without its text', async () => {
    const reply = await post(server, teamsMessage(`secret-${UNTRUSTED_THUMBPRINT}`, { from: undefined, locale: 'ja-JP' }));
    assert.equal(reply.status, 200);
    assert.equal(reply.activities.length, 1);
    assert.ok(hasKana(reply.activities[0].text), 'apology in the activity locale');
    const logs = logLines.join('\n');
    assert.match(logs, /turn failed/);
    assert.ok(!logs.includes(UNTRUSTED_THUMBPRINT));
  });

  it('a failing non-message turn is not answered', async () => {
    const failures = (): number => logLines.filter((line) => line.includes('turn failed')).length;
    const before = failures();
    const reply = await post(server, teamsMessage('', { type: 'conversationUpdate', from: undefined, membersAdded: [{ id: '28:mailflow-doctor' }] }));
    assert.equal(reply.status, 200);
    assert.equal(failures(), before + 1, 'the turn failed');
    assert.deepEqual(reply.activities, []);
  });
});
