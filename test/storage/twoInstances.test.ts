// Two bot processes sharing Blob state (Azurite) take alternate turns of one conversation.
import assert from 'node:assert/strict';
import { startAzurite, type Azurite } from './azurite';
import { cardsJson, everythingJson, newPersonalChat, say, startBot, type BotProcess } from './botProcess';
import { CERTIFICATE_LIST, CONNECTOR_GUID, EVENT_TEXT, FINDING_ID, UNTRUSTED_THUMBPRINT } from './kb2888788';

describe('Two instances on shared Blob state', function () {
  this.timeout(120_000);
  let azurite: Azurite;
  let first: BotProcess;
  let second: BotProcess;

  before(async function () {
    azurite = await startAzurite();
    const env = { STORAGE: 'blob', BLOB_CONNECTION_STRING: azurite.connectionString, BLOB_CONTAINER: 'two-instances' };
    [first, second] = await Promise.all([startBot(env), startBot(env)]);
  });

  after(async function () {
    await Promise.all([first?.stop(), second?.stop()]);
    await azurite?.stop();
  });

  it('continues one dialog across instances, in both directions', async function () {
    const chat = newPersonalChat();

    const asked = everythingJson(await say(first, chat, EVENT_TEXT));
    assert.match(asked, /Get-ExchangeCertificate/, 'instance 1 asks for the certificate list');

    const diagnosis = cardsJson(await say(second, chat, CERTIFICATE_LIST));
    assert.match(diagnosis, new RegExp(FINDING_ID), 'instance 2 continues the dialog instance 1 started');
    assert.match(diagnosis, new RegExp(UNTRUSTED_THUMBPRINT));
    assert.match(diagnosis, new RegExp(CONNECTOR_GUID));

    await say(first, chat, 'start over');
    const afterReset = everythingJson(await say(second, chat, CERTIFICATE_LIST));
    assert.doesNotMatch(afterReset, new RegExp(CONNECTOR_GUID), 'instance 2 sees the reset made on instance 1');
  });
});
