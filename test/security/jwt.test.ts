// Bot Framework authentication with MicrosoftAppId set, tested offline: the server's real
// ConfigurationBotFrameworkAuthentication is pointed (through configuration) at a local OpenID
// metadata + JWKS server holding our own RSA key. Refused tokens get 401 and the turn never runs
// (nothing reaches storage); a correctly signed token for this bot is accepted, which shows that
// the refusals come from the checks and not from an unreachable key service.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../../src/index';
import { createLogger } from '../../src/logger';
import { cardOf, findingIdOf } from '../bot/harness';
import { KB_PASTE, post, teamsMessage } from './http';
import { CHANNEL_ISSUER, startOpenIdServer, type OpenIdServer } from './openIdServer';

const APP_ID = '3f9a1c2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
const SERVICE_URL = 'https://smba.trafficmanager.net/amer/';

describe('security: Bot Framework JWT with MicrosoftAppId set (local OpenID metadata)', () => {
  let openId: OpenIdServer;
  let server: RunningServer;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailflow-jwt-'));
  const sqlitePath = path.join(dir, 'bot.sqlite');
  const logLines: string[] = [];

  before(async () => {
    openId = await startOpenIdServer();
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      env: {
        STORAGE: 'sqlite',
        SQLITE_PATH: sqlitePath,
        SQLITE_LOCKING: 'normal', // the test reads the file with a second connection
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'not-a-real-secret',
        MicrosoftAppType: 'MultiTenant',
        ToBotFromChannelOpenIdMetadataUrl: openId.metadataUrl,
        ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
      },
      logger: createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } }),
    });
  });
  after(async () => {
    await server?.close();
    await openId?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const validClaims = { aud: APP_ID, serviceurl: SERVICE_URL };
  const message = (conversationId: string) =>
    teamsMessage(KB_PASTE(), { serviceUrl: SERVICE_URL, conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant-1' } });

  /** Storage keys written for a conversation: any turn that ran leaves state (and a dedupe marker). */
  function storedKeysFor(conversationId: string): string[] {
    const db = new Database(sqlitePath, { readonly: true });
    try {
      return (db.prepare('SELECT key FROM items').all() as { key: string }[]).map((row) => row.key).filter((key) => key.includes(conversationId));
    } finally {
      db.close();
    }
  }

  async function assertRefused(conversationId: string, headers: Record<string, string>): Promise<void> {
    const reply = await post(server, message(conversationId), headers);
    assert.equal(reply.status, 401);
    assert.deepEqual(reply.activities, []);
    assert.deepEqual(storedKeysFor(conversationId), [], 'the turn did not run');
  }

  it('no Authorization header → 401, the turn never runs', async () => {
    await assertRefused('a:jwt-missing', {});
  });

  it('malformed tokens → 401', async () => {
    await assertRefused('a:jwt-malformed-1', { Authorization: 'Bearer not.a.jwt' });
    await assertRefused('a:jwt-malformed-2', { Authorization: 'Bearer' });
    await assertRefused('a:jwt-malformed-3', { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` });
  });

  it('a token signed with a key the metadata does not publish (same key id) → 401', async () => {
    await assertRefused('a:jwt-wrong-key', { Authorization: `Bearer ${openId.sign(validClaims, { key: openId.strangerKey })}` });
  });

  it('an unknown key id → 401', async () => {
    await assertRefused('a:jwt-unknown-kid', { Authorization: `Bearer ${openId.sign(validClaims, { kid: 'someone-else' })}` });
  });

  it('an expired token (beyond the 5-minute clock tolerance) → 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = openId.sign({ ...validClaims, iat: now - 7200, nbf: now - 7200, exp: now - 3600 });
    await assertRefused('a:jwt-expired', { Authorization: `Bearer ${expired}` });
  });

  it('a token for another bot (wrong audience) → 401', async () => {
    await assertRefused('a:jwt-audience', { Authorization: `Bearer ${openId.sign({ ...validClaims, aud: '99999999-8888-7777-6666-555555555555' })}` });
  });

  it('a token from another issuer → 401', async () => {
    await assertRefused('a:jwt-issuer', { Authorization: `Bearer ${openId.sign({ ...validClaims, iss: 'https://evil.example' })}` });
  });

  it('a token issued for another serviceUrl → 401', async () => {
    await assertRefused('a:jwt-service-url', { Authorization: `Bearer ${openId.sign({ ...validClaims, serviceurl: 'https://evil.example/' })}` });
  });

  it('a correctly signed token for this bot → 200 and the diagnosis (the checks above are real)', async () => {
    const reply = await post(server, message('a:jwt-valid'), { Authorization: `Bearer ${openId.sign(validClaims)}` });
    assert.equal(reply.status, 200);
    assert.equal(findingIdOf(cardOf(reply.activities[0])), 'untrusted-cert-on-smtp');
    assert.ok(storedKeysFor('a:jwt-valid').length > 0, 'the turn ran and saved state');
  });

  it('the token never reaches the log', () => {
    const token = openId.sign(validClaims);
    const signature = token.split('.')[2]!;
    assert.ok(logLines.length > 0);
    assert.ok(!logLines.join('\n').includes(signature.slice(0, 40)));
    assert.ok(!/eyJ[\w-]{20,}/.test(logLines.join('\n')), 'no JWT in the log');
  });
});
