// A Bot Connector that accepts connections and never answers: a turn still ends within its
// timeouts, the delivery retry loop is not held by it, and SIGTERM ends the process in seconds.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeliveryRetryLoop } from '../../src/escalation/deliveryRetryLoop';
import { deliver, startBotServer, stopBotServer, teamsMessage, type BotServer } from './botServer';

/** Reads each request and never answers it; counts them. */
async function hangingConnector(): Promise<{ url: string; requests: () => number; stop: () => Promise<void> }> {
  let count = 0;
  const server = http.createServer((req) => {
    count += 1;
    req.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests: () => count,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('A connector that never answers', function () {
  this.timeout(120_000);
  let connector: Awaited<ReturnType<typeof hangingConnector>>;
  let bot: BotServer | undefined;
  beforeEach(async () => (connector = await hangingConnector()));
  afterEach(async () => {
    await stopBotServer(bot);
    bot = undefined;
    await connector.stop();
  });

  it('does not hold a turn beyond the per-call timeout, and the bot keeps answering /healthz', async function () {
    bot = await startBotServer({ STORAGE: 'memory', CONNECTOR_TIMEOUT_MS: '1500' });
    const started = Date.now();
    const turns = Promise.all([1, 2, 3].map((n) => deliver(bot!.port, teamsMessage(connector.url, n, `9${n}`, 'help'), 20_000)));
    const health = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
    assert.equal(health.status, 200);
    const statuses = await turns;
    const elapsed = Date.now() - started;
    assert.ok(statuses.every((status) => status > 0), `every request was answered (${statuses.join(', ')})`);
    assert.ok(elapsed < 12_000, `turns ended in ${elapsed} ms, within Teams' 15 s`);
    assert.ok(connector.requests() >= 3, 'the replies did go to the connector');
    process.stdout.write(`      3 turns against a hung connector (1.5 s call timeout) ended after ${elapsed} ms\n`);
  });

  it('SIGTERM ends the process within a few seconds while turns hang on the connector', async function () {
    bot = await startBotServer({ STORAGE: 'memory' }); // default call timeout (5 s)
    const turns = [1, 2, 3, 4, 5].map((n) => deliver(bot!.port, teamsMessage(connector.url, n, `8${n}`, 'help'), 30_000));
    while (connector.requests() < 5) await new Promise((resolve) => setTimeout(resolve, 50));
    const sent = Date.now();
    bot.kill('SIGTERM');
    const exit = await bot.exited;
    const took = Date.now() - sent;
    await Promise.all(turns);
    assert.equal(exit.signal, null, 'it exited by itself, not killed');
    assert.ok(took < 8_000, `exited ${took} ms after SIGTERM`);
    process.stdout.write(`      SIGTERM with 5 turns hung on the connector: exit code ${exit.code} after ${took} ms\n`);
    bot = undefined;
  });

  it('the delivery retry loop: a pass that never ends neither blocks later passes nor stop()', async function () {
    let passes = 0;
    const hung = () => ((passes += 1), new Promise<number>(() => undefined));
    const loop = new DeliveryRetryLoop(hung, 50, undefined, Date.now, { passTimeoutMs: 100 });
    loop.start();
    await new Promise((resolve) => setTimeout(resolve, 450));
    await loop.stop();
    assert.ok(passes >= 2, `later passes ran (${passes})`);

    const stuck = new DeliveryRetryLoop(hung, 60_000, undefined, Date.now, { passTimeoutMs: 60_000, stopWaitMs: 200 });
    stuck.start();
    const started = Date.now();
    assert.equal(await stuck.stop(), false, 'the hung pass was abandoned');
    assert.ok(Date.now() - started < 1_000);
  });
});
