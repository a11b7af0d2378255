// The security middleware's time-dependent behaviour, with a controlled clock: token buckets
// refill, the "slow down" note comes once per minute, idle buckets are forgotten; dedupe markers
// expire and are purged from storage, and a failed turn leaves no marker (so Teams' retry works).
import { strict as assert } from 'node:assert';
import { MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { DedupeMiddleware, dedupeKey, TokenBuckets } from '../../src/security';

describe('security: token buckets (rate limit)', () => {
  it('allows the limit at once, then one more per 60/limit seconds', () => {
    let now = 0;
    const buckets = new TokenBuckets(6, () => now);
    for (let i = 0; i < 6; i++) assert.equal(buckets.take('u'), true, `turn ${i}`);
    assert.equal(buckets.take('u'), false);
    now += 9_000;
    assert.equal(buckets.take('u'), false, 'not yet a whole token');
    now += 1_000;
    assert.equal(buckets.take('u'), true, 'one token after 10 s');
    assert.equal(buckets.take('u'), false);
    assert.equal(buckets.take('someone else'), true, 'per key');
  });

  it('says "slow down" once per minute', () => {
    let now = 0;
    const buckets = new TokenBuckets(2, () => now);
    assert.equal(buckets.shouldNotify('u'), true);
    assert.equal(buckets.shouldNotify('u'), false);
    now += 59_000;
    assert.equal(buckets.shouldNotify('u'), false);
    now += 1_000;
    assert.equal(buckets.shouldNotify('u'), true);
  });

  it('forgets idle users once many are tracked, keeping busy ones', () => {
    let now = 0;
    const buckets = new TokenBuckets(1, () => now);
    buckets.take('busy');
    now += 1_000;
    for (let i = 0; i < 10_000; i++) buckets.take(`user-${i}`);
    now += 61_000; // every bucket has refilled; "busy" was noted meanwhile
    buckets.take('busy');
    buckets.shouldNotify('busy');
    buckets.take('newcomer');
    assert.ok(buckets.size < 100, `${buckets.size} buckets kept`);
    assert.equal(buckets.take('busy'), false, 'the busy user is still limited (not forgotten)');
  });
});

describe('security: dedupe middleware', () => {
  const message = (id: string): Partial<Activity> => ({ type: 'message', id, text: 'help', conversation: { id: 'a:dedupe' } as Activity['conversation'] });

  function adapterWith(dedupe: DedupeMiddleware, onMessage: () => void) {
    return new TestAdapter(async (context) => {
      if (context.activity.text === 'fail') throw new Error('boom');
      onMessage();
      await context.sendActivity('answer');
    }).use(dedupe);
  }

  it('runs a turn once per activity id until the marker expires, then removes the marker', async () => {
    let now = 1_000_000;
    const storage = new MemoryStorage();
    let runs = 0;
    const adapter = adapterWith(new DedupeMiddleware(storage, { ttlMs: 60_000, now: () => now }), () => runs++);
    await adapter.processActivity(message('1'));
    await adapter.processActivity(message('1'));
    assert.equal(runs, 1);
    const key = dedupeKey({ ...message('1'), channelId: 'test' })!;
    assert.ok((await storage.read([key]))[key], 'the marker is stored');

    now += 61_000;
    await adapter.processActivity(message('2')); // purges expired markers in the background
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal((await storage.read([key]))[key], undefined, 'the expired marker is removed');
    await adapter.processActivity(message('1'));
    assert.equal(runs, 3, 'an id seen longer ago than the TTL runs again');
  });

  it('a failed turn removes its marker, so the redelivery is processed', async () => {
    const storage = new MemoryStorage();
    const adapter = adapterWith(new DedupeMiddleware(storage), () => undefined);
    await assert.rejects(adapter.processActivity({ ...message('3'), text: 'fail' }));
    const key = dedupeKey({ ...message('3'), channelId: 'test' })!;
    assert.equal((await storage.read([key]))[key], undefined);
  });

  it('leaves activities without an id, and non-message activities, alone', async () => {
    let runs = 0;
    const adapter = new TestAdapter(async () => void runs++).use(new DedupeMiddleware(new MemoryStorage()));
    await adapter.processActivity({ type: 'conversationUpdate', id: 'x', conversation: { id: 'a:c' } as Activity['conversation'] });
    await adapter.processActivity({ type: 'conversationUpdate', id: 'x', conversation: { id: 'a:c' } as Activity['conversation'] });
    assert.equal(runs, 2);
  });
});
