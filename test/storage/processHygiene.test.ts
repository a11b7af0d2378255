// The bot server the storage tests run (tsx → node src/index.ts, two processes) is stopped as a
// whole: SIGKILL to its process group leaves no process behind; it listens on 127.0.0.1 only.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { groupMembers } from '../support/childProcesses';
import { startBot, type BotProcess } from './botProcess';

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** A process that exists and is not a zombie. */
function isLive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

const externalAddress = (): string | undefined =>
  Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

describe('Test processes: a stopped bot server leaves nothing running', function () {
  this.timeout(90_000);
  let bot: BotProcess | undefined;
  afterEach(async () => {
    await bot?.stop('SIGKILL');
    bot = undefined;
  });

  it('SIGKILL stops the tsx wrapper and the node server under it', async () => {
    bot = await startBot({ STORAGE: 'memory' });
    const pgid = bot.child.pid!;
    const members = groupMembers(pgid);
    assert.ok(members.length >= 2, `tsx and the server it runs share the group (members: ${members.join(', ')})`);
    await bot.stop('SIGKILL');
    assert.deepEqual(groupMembers(pgid), [], 'no process of the group is left');
    assert.deepEqual(members.filter(isLive), [], 'none of the processes that were in the group is alive');
    bot = undefined;
  });

  it('listens on 127.0.0.1 only, not on the machine\'s other addresses', async function () {
    const external = externalAddress();
    if (!external) this.skip();
    bot = await startBot({ STORAGE: 'memory' });
    assert.equal(await canConnect('127.0.0.1', bot.port), true);
    assert.equal(await canConnect(external!, bot.port), false, `not reachable on ${external}`);
  });
});
