// ALLOWED_TENANTS trusts the tenant only where the Teams service writes it: msteams activities. A
// directline, webchat or emulator activity carries client-written channelData, so naming an
// allowed tenant there proves nothing: with a list set such activities are refused.
import { strict as assert } from 'node:assert';
import { startServer, type RunningServer } from '../../src/index';
import { createLogger } from '../../src/logger';
import { cardOf, findingIdOf } from '../bot/harness';
import { KB_PASTE, post, teamsMessage } from './http';

const ALLOWED = '6f1c2b3a-0000-4000-8000-00000000cccc';

function fromTenant(channelId: string, tenant: string): Record<string, unknown> {
  const message = teamsMessage(KB_PASTE(), { channelId });
  return { ...message, conversation: { ...(message.conversation as object), tenantId: tenant }, channelData: { tenant: { id: tenant } } };
}

describe('security: ALLOWED_TENANTS applies to Teams activities only', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', env: { STORAGE: 'memory', ALLOWED_TENANTS: ALLOWED }, logger: createLogger({ level: 'silent' }) });
  });
  after(async () => server?.close());

  it('(control) an msteams activity of the allowed tenant gets the diagnosis', async () => {
    const reply = await post(server, fromTenant('msteams', ALLOWED));
    assert.equal(findingIdOf(cardOf(reply.activities[0])), 'untrusted-cert-on-smtp');
  });

  for (const channelId of ['directline', 'webchat', 'emulator']) {
    it(`a ${channelId} activity claiming the allowed tenant in its channelData is refused (no diagnosis)`, async () => {
      const reply = await post(server, fromTenant(channelId, ALLOWED));
      assert.equal(reply.status, 200);
      assert.equal(reply.activities.length, 1);
      assert.equal(reply.activities[0]!.attachments, undefined, 'a refusal text, no card');
    });
  }

  it('(control) without ALLOWED_TENANTS a directline activity is answered', async () => {
    const open = await startServer({ port: 0, host: '127.0.0.1', env: { STORAGE: 'memory' }, logger: createLogger({ level: 'silent' }) });
    try {
      const reply = await post(open, fromTenant('directline', ALLOWED));
      assert.equal(findingIdOf(cardOf(reply.activities[0])), 'untrusted-cert-on-smtp');
    } finally {
      await open.close();
    }
  });
});
