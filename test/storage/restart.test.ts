// A half-finished diagnosis survives SIGKILL: the real server on SQLite, killed between two turns.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cardsJson, everythingJson, newPersonalChat, say, startBot, type BotProcess } from './botProcess';
import { CERTIFICATE_LIST, CONNECTOR_GUID, EVENT_TEXT, FINDING_ID, UNTRUSTED_THUMBPRINT } from './kb2888788';

describe('Restart: a diagnosis survives a killed bot process (SQLite)', function () {
  this.timeout(120_000);
  let dir: string;
  let env: Record<string, string>;
  let bot: BotProcess | undefined;

  beforeEach(function () {
    dir = mkdtempSync(join(tmpdir(), 'mfd-restart-'));
    env = { STORAGE: 'sqlite', SQLITE_PATH: join(dir, 'data', 'state.sqlite') };
  });

  afterEach(async function () {
    await bot?.stop('SIGKILL');
    bot = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the certificate output sent after SIGKILL and restart with the diagnosis of the first message', async function () {
    const chat = newPersonalChat();
    bot = await startBot(env);
    const asked = await say(bot, chat, EVENT_TEXT);
    assert.match(everythingJson(asked), /Get-ExchangeCertificate/, 'the bot asks for the certificate list');
    assert.doesNotMatch(everythingJson(asked), new RegExp(UNTRUSTED_THUMBPRINT));

    await bot.stop('SIGKILL');
    bot = await startBot(env);

    const diagnosis = cardsJson(await say(bot, chat, CERTIFICATE_LIST));
    assert.match(diagnosis, new RegExp(FINDING_ID));
    assert.match(diagnosis, new RegExp(UNTRUSTED_THUMBPRINT));
    assert.match(diagnosis, new RegExp(CONNECTOR_GUID), 'the pin command names the connector from the first message');
  });

  it('(control) does not know the connector in a conversation that never sent the event', async function () {
    bot = await startBot(env);
    const replies = everythingJson(await say(bot, newPersonalChat(), CERTIFICATE_LIST));
    assert.doesNotMatch(replies, new RegExp(CONNECTOR_GUID));
  });
});
