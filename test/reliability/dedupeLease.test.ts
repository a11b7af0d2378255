// The dedupe marker as a lease (src/security/dedupe.ts): a redelivery during a live turn is
// dropped, one after a crash is processed once, a turn that failed before replying can be retried.
import assert from 'node:assert/strict';
import { MemoryStorage, TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { DedupeMiddleware, dedupeKey } from '../../src/security/dedupe';

const activity = (id: string): Partial<Activity> => ({
  type: 'message',
  id,
  channelId: 'msteams',
  conversation: { id: 'a:lease', isGroup: false, name: '', conversationType: 'personal' },
  from: { id: '29:u', name: 'u' },
  recipient: { id: '28:b', name: 'b' },
  text: 'help',
});

function harness(options: { singleProcess: boolean; now?: () => number }) {
  const storage = new MemoryStorage();
  const adapter = new TestAdapter();
  const dedupe = new DedupeMiddleware(storage, { singleProcess: options.singleProcess, ...(options.now ? { now: options.now } : {}) });
  let runs = 0;
  const deliver = (id: string, work: (context: TurnContext) => Promise<void> = async (context) => void (await context.sendActivity('answer'))) => {
    const context = new TurnContext(adapter, activity(id));
    return dedupe.onTurn(context, async () => {
      runs += 1;
      await work(context);
    });
  };
  return { storage, deliver, runs: () => runs };
}

describe('Dedupe lease', function () {
  it('drops a redelivery that arrives while the first delivery is still working, and after it answered', async function () {
    const bot = harness({ singleProcess: true });
    let release!: () => void;
    const first = bot.deliver('1', async () => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setImmediate(resolve));
    await bot.deliver('1');
    assert.equal(bot.runs(), 1, 'the redelivery during the live turn was dropped');
    release();
    await first;
    await bot.deliver('1');
    assert.equal(bot.runs(), 1, 'and after the turn, too');
  });

  it('processes, once, a redelivery whose lease was left by a crashed process (one process per storage)', async function () {
    const bot = harness({ singleProcess: true });
    const key = dedupeKey(activity('2'))!;
    const now = Date.now();
    await bot.storage.write({ [key]: { state: 'inProgress', owner: 'crashed-process', leaseUntil: now + 20_000, seenAt: now, expiresAt: now + 600_000 } });
    await bot.deliver('2');
    await bot.deliver('2');
    assert.equal(bot.runs(), 1);
  });

  it('on shared storage waits for the lease to lapse (another instance may be working), then processes it once', async function () {
    let clock = Date.now();
    const bot = harness({ singleProcess: false, now: () => clock });
    const key = dedupeKey(activity('3'))!;
    await bot.storage.write({ [key]: { state: 'inProgress', owner: 'other-instance', leaseUntil: clock + 20_000, seenAt: clock, expiresAt: clock + 600_000 } });
    await bot.deliver('3');
    assert.equal(bot.runs(), 0, 'dropped while the lease is live');
    clock += 21_000;
    await bot.deliver('3');
    await bot.deliver('3');
    assert.equal(bot.runs(), 1);
  });

  it('removes the marker of a turn that failed before any reply, so the redelivery is answered', async function () {
    const bot = harness({ singleProcess: true });
    await assert.rejects(bot.deliver('4', async () => Promise.reject(new Error('boom'))));
    await bot.deliver('4');
    assert.equal(bot.runs(), 2);
  });

  it('marks the message done with its first reply, so a failure after it does not answer twice', async function () {
    const bot = harness({ singleProcess: true });
    await assert.rejects(
      bot.deliver('5', async (context) => {
        await context.sendActivity('answer');
        throw new Error('state save failed');
      }),
    );
    await bot.deliver('5');
    assert.equal(bot.runs(), 1);
    const marker = (await bot.storage.read([dedupeKey(activity('5'))!]))[dedupeKey(activity('5'))!];
    assert.equal(marker.state, 'done');
    assert.equal(typeof marker.expiresAt, 'number', 'purged at rest once expired');
  });
});
