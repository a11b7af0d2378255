// With MicrosoftAppId set, a leaked secret must not turn the bot into a token forwarder, and
// refused requests are answered in JSON and logged through pino at a bounded rate, never on stderr.
// Tokens are signed with our own key and served by the local OpenID metadata + JWKS stand-in, for
// the channel path and the SDK's emulator path alike.
import { strict as assert } from 'node:assert';
import { startServer, type RunningServer } from '../../src/index';
import { createLogger } from '../../src/logger';
import { cardOf, findingIdOf } from '../bot/harness';
import { KB_PASTE, post, teamsMessage } from './http';
import { CHANNEL_ISSUER, startOpenIdServer, type OpenIdServer } from './openIdServer';
import { startRecorder, type Recorder } from './recorder';

const APP_ID = '5d2c9b1e-7a3f-4c8d-9e0f-1a2b3c4d5e6f';
const TEAMS_SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
// Issuers the SDK's emulator path accepts: the Microsoft tenant, and the botframework.com tenant
// that issues the bot's own outbound tokens (aud https://api.botframework.com, appid = the bot).
const MICROSOFT_TENANT_ISSUER = 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/';
const BOTFRAMEWORK_TENANT_ISSUER = 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/';

describe('security: no token forwarding with MicrosoftAppId set (local OpenID metadata)', () => {
  let openId: OpenIdServer;
  let recorder: Recorder;
  let server: RunningServer;
  const logLines: string[] = [];

  before(async () => {
    openId = await startOpenIdServer();
    recorder = await startRecorder();
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      env: {
        STORAGE: 'memory',
        RATE_LIMIT_PER_MINUTE: '0',
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'not-a-real-secret',
        MicrosoftAppType: 'MultiTenant',
        ToBotFromChannelOpenIdMetadataUrl: openId.metadataUrl,
        ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
        ToBotFromEmulatorOpenIdMetadataUrl: openId.metadataUrl,
      },
      logger: createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } }),
    });
  });
  after(async () => {
    await server?.close();
    await recorder?.close();
    await openId?.close();
  });

  const bearer = (claims: Record<string, unknown>): Record<string, string> => ({ Authorization: `Bearer ${openId.sign(claims)}` });
  const emulatorPathToken = (): Record<string, string> =>
    bearer({ iss: MICROSOFT_TENANT_ISSUER, aud: APP_ID, appid: APP_ID, ver: '1.0', tid: '72f988bf-86f1-41af-91ab-2d7cd011db47' });
  const ownOutboundToken = (): Record<string, string> =>
    bearer({ iss: BOTFRAMEWORK_TENANT_ISSUER, aud: 'https://api.botframework.com', appid: APP_ID, ver: '1.0', tid: 'd6d49420-f39b-4df7-a1dc-d59a935871db' });

  it('(control) a channel token for a Teams serviceUrl → 200 and the diagnosis', async () => {
    const reply = await post(server, teamsMessage(KB_PASTE(), { serviceUrl: TEAMS_SERVICE_URL }), bearer({ aud: APP_ID, serviceurl: TEAMS_SERVICE_URL }));
    assert.equal(reply.status, 200);
    assert.equal(findingIdOf(cardOf(reply.activities[0])), 'untrusted-cert-on-smtp');
  });

  it('an Entra token for the bot (the emulator path) on an msteams activity → 401, even for a Teams serviceUrl', async () => {
    const reply = await post(server, teamsMessage(KB_PASTE(), { serviceUrl: TEAMS_SERVICE_URL }), emulatorPathToken());
    assert.equal(reply.status, 401);
    assert.deepEqual(reply.activities, []);
    assert.equal((reply.body.error as { code?: string }).code, 'Unauthorized');
  });

  it('the same token on an msteams activity naming a foreign serviceUrl → 401, nothing is sent there', async () => {
    const reply = await post(server, teamsMessage('help', { serviceUrl: recorder.url, deliveryMode: undefined }), emulatorPathToken());
    assert.equal(reply.status, 401);
    assert.deepEqual(recorder.requests, []);
  });

  it('(control) the emulator path still works for the emulator channel and a Teams serviceUrl', async () => {
    const reply = await post(server, teamsMessage('help', { channelId: 'emulator', serviceUrl: TEAMS_SERVICE_URL }), emulatorPathToken());
    assert.equal(reply.status, 200);
    assert.ok(reply.activities.length > 0);
  });

  it('the emulator channel with a foreign serviceUrl → 401, nothing is sent there', async () => {
    const reply = await post(server, teamsMessage('help', { channelId: 'emulator', serviceUrl: recorder.url, deliveryMode: undefined }), emulatorPathToken());
    assert.equal(reply.status, 401);
    assert.deepEqual(recorder.requests, []);
  });

  it('a channel token whose serviceurl claim names a foreign host → 401, nothing is sent there', async () => {
    const reply = await post(server, teamsMessage('help', { serviceUrl: recorder.url, deliveryMode: undefined }), bearer({ aud: APP_ID, serviceurl: recorder.url }));
    assert.equal(reply.status, 401);
    assert.deepEqual(recorder.requests, []);
  });

  for (const channelId of ['msteams', 'emulator']) {
    it(`the bot's own outbound token replayed inbound (${channelId}) → 401 with a JSON error, not 500 "Invalid appId."`, async () => {
      const reply = await post(server, teamsMessage('help', { channelId, serviceUrl: TEAMS_SERVICE_URL }), ownOutboundToken());
      assert.equal(reply.status, 401, JSON.stringify(reply.body));
      assert.equal((reply.body.error as { code?: string }).code, 'Unauthorized');
    });
  }

  it('{} with a valid token → 400 with a JSON error', async () => {
    const reply = await post(server, {}, bearer({ aud: APP_ID, serviceurl: TEAMS_SERVICE_URL }));
    assert.equal(reply.status, 400);
    assert.equal((reply.body.error as { code?: string }).code, 'BadRequest');
  });

  it('60 refused requests write nothing to stderr; the log holds at most 10 refusal lines a minute', async () => {
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    const before = logLines.length;
    process.stderr.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      const now = Math.floor(Date.now() / 1000);
      const kinds: Record<string, string>[] = [
        {},
        { Authorization: 'Bearer not.a.jwt' },
        { Authorization: `Bearer ${openId.sign({ aud: APP_ID, serviceurl: TEAMS_SERVICE_URL }, { key: openId.strangerKey })}` },
        { Authorization: `Bearer ${openId.sign({ aud: APP_ID, serviceurl: TEAMS_SERVICE_URL, iat: now - 7200, nbf: now - 7200, exp: now - 3600 })}` },
        ownOutboundToken(),
        emulatorPathToken(),
      ];
      for (let i = 0; i < 60; i++) {
        const reply = await post(server, teamsMessage('help', { serviceUrl: TEAMS_SERVICE_URL }), kinds[i % kinds.length]!);
        assert.equal(reply.status, 401);
      }
    } finally {
      process.stderr.write = write;
    }
    assert.equal(written.join(''), '', 'nothing on stderr');
    const refusals = logLines.slice(before).filter((line) => /request refused|token validation/.test(line));
    assert.ok(refusals.length > 0, 'refusals are logged');
    assert.ok(refusals.length <= 10, `at most 10 lines, got ${refusals.length}`);
    assert.ok(!/eyJ[\w-]{20,}/.test(refusals.join('\n')), 'no token in the log');
    assert.ok(!/\n\s+at /.test(refusals.map((line) => String((JSON.parse(line) as { detail?: string }).detail ?? '')).join('\n')), 'no stack trace');
  });
});
