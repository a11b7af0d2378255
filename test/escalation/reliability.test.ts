// Duplicates, connector failures and races, through the real server and the fake Bot Connector.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunningServer } from '../../src/index';
import { t } from '../../src/i18n';
import { KB } from '../bot/harness';
import { validateCard } from '../support/cardValidation';
import { FakeConnector } from './fakeConnector';
import {
  activityOf,
  cardIdsOf,
  cardIn,
  EXPERT_A,
  EXPERT_B,
  execute,
  expertThread,
  helpdeskThread,
  message,
  messagesTo,
  newActivityId,
  newThreads,
  OWNER,
  personalChat as personalChatOf,
  post,
  REQUESTER,
  startBot,
  submit,
  ticketNumberOf,
  updatesOf,
  verbsOf,
  type CardJson,
  type Place,
} from './teams';

const PASTE = `${KB.eventEn()}\n${KB.certs()}`;
const NEW_THREAD = /^\/v3\/conversations$/;

async function setUpExpertChannel(server: RunningServer, connector: FakeConnector): Promise<void> {
  connector.members.set(OWNER.id, { ...OWNER, userRole: 'owner' });
  const root = newActivityId();
  await post(server, message(connector, expertThread(root), OWNER, 'set escalation channel', { id: root }));
  assert.equal(activityOf(messagesTo(connector, expertThread(root).conversationId).at(-1)!).text, t('en', 'escalation.setChannel.done'));
}

/** A new helpdesk thread with a diagnosis in it; returns the thread. */
async function diagnosedThread(server: RunningServer, connector: FakeConnector): Promise<Place> {
  const root = newActivityId();
  const thread = helpdeskThread(root);
  await post(server, message(connector, thread, REQUESTER, PASTE, { id: root }));
  assert.ok(messagesTo(connector, thread.conversationId).some((c) => cardIdsOf(cardIn(c)).includes('diagnosis')));
  return thread;
}

function textsIn(connector: FakeConnector, thread: Place): string[] {
  return messagesTo(connector, thread.conversationId).map((c) => activityOf(c).text ?? '');
}

describe('escalation reliability (real server, fake Bot Connector)', () => {
  let connector: FakeConnector;
  let server: RunningServer;

  beforeEach(async () => {
    connector = await new FakeConnector().start();
    server = await startBot(connector);
    await setUpExpertChannel(server, connector);
  });
  afterEach(async () => {
    await server?.close();
    await connector?.stop();
  });

  it('a redelivered activity (same activity id) creates no second ticket', async () => {
    const thread = await diagnosedThread(server, connector);
    const escalate = message(connector, thread, REQUESTER, 'escalate EX01 queue has 400 messages');
    await post(server, escalate);
    await post(server, escalate);
    assert.equal(newThreads(connector).length, 1);
    const texts = textsIn(connector, thread);
    assert.ok(texts.includes(t('en', 'escalation.created', { number: 1 })));
    assert.ok(texts.includes(t('en', 'escalation.duplicate', { number: 1 })));
  });

  it('a double click on Escalate, then on Send, makes one ticket', async () => {
    const thread = await diagnosedThread(server, connector);
    const diagnosisId = String(messagesTo(connector, thread.conversationId).find((c) => cardIdsOf(cardIn(c)).includes('diagnosis'))!.response.id);
    const click = () => post(server, submit(connector, thread, REQUESTER, { action: 'escalate', findingId: 'untrusted-cert-on-smtp' }, diagnosisId));
    await Promise.all([click(), click()]);
    const noteCards = messagesTo(connector, thread.conversationId).map(cardIn).filter((card) => cardIdsOf(card).includes('escalateNote'));
    assert.equal(noteCards.length, 2);
    const keys = noteCards.map((card) => card!.actions!.find((a) => a.data?.send)!.data!.escalationKey);
    assert.equal(keys[0], keys[1], 'both cards carry the same escalation key');

    const send = (card: CardJson | undefined) => post(server, submit(connector, thread, REQUESTER, { ...card!.actions![0].data }, newActivityId()));
    await Promise.all([send(noteCards[0]), send(noteCards[1]), send(noteCards[0])]);
    assert.equal(newThreads(connector).length, 1);
    const numbers = messagesTo(connector, thread.conversationId)
      .map(cardIn)
      .filter((card) => cardIdsOf(card).includes('ticket'))
      .map(ticketNumberOf);
    assert.deepEqual(numbers, [1, 1, 1]);
  });

  it('throttled (429, Retry-After) and failing (500) posts are retried and delivered in the same turn', async () => {
    connector.failNext(1, 429, { method: 'POST', path: NEW_THREAD, retryAfterSeconds: 0 });
    connector.failNext(1, 500, { method: 'POST', path: NEW_THREAD });
    const thread = await diagnosedThread(server, connector);
    await post(server, message(connector, thread, REQUESTER, 'escalate please have a look'));
    const attempts = connector.calls.filter((c) => c.method === 'POST' && NEW_THREAD.test(c.path)).map((c) => c.status);
    assert.deepEqual(attempts, [429, 500, 201]);
    assert.ok(textsIn(connector, thread).includes(t('en', 'escalation.created', { number: 1 })));
  });

  it('a post that keeps failing leaves the ticket "not delivered", tells the requester, and the retry loop delivers it later', async () => {
    connector.failNext(1000, 503, { method: 'POST', path: NEW_THREAD });
    const thread = await diagnosedThread(server, connector);
    await post(server, message(connector, thread, REQUESTER, 'escalate urgent: all partner mail queued'));
    assert.equal(newThreads(connector).length, 0);
    const answer = messagesTo(connector, thread.conversationId).at(-1)!;
    assert.equal(activityOf(answer).text, t('en', 'escalation.createdNotDelivered', { number: 1 }));
    assert.deepEqual(validateCard(cardIn(answer)), []);
    assert.ok(JSON.stringify(cardIn(answer)).includes(t('en', 'escalation.card.notDelivered').slice(0, 30)));

    // The connector recovers: the loop posts the stored ticket and tells the requester.
    connector.clearFailures();
    const thread1 = await connector.waitFor(() => newThreads(connector)[0]);
    assert.equal(ticketNumberOf(cardIn(thread1)), 1);
    await connector.waitFor(() => textsIn(connector, thread).includes(t('en', 'escalation.deliveredLate', { number: 1 })) || undefined);
    const requesterCardId = String(answer.response.id);
    const updated = await connector.waitFor(() => updatesOf(connector, thread.conversationId, requesterCardId)[0]);
    assert.ok(JSON.stringify(cardIn(updated)).includes(t('en', 'escalation.card.delivered').slice(0, 30)));
    assert.equal(newThreads(connector).length, 1, 'posted once');
  });

  it('two experts press Assign at once: one wins, the other sees who', async () => {
    const thread = await diagnosedThread(server, connector);
    await post(server, message(connector, thread, REQUESTER, 'escalate'));
    const noteCard = cardIn(messagesTo(connector, thread.conversationId).at(-1));
    await post(server, submit(connector, thread, REQUESTER, { ...noteCard!.actions![0].data }, newActivityId()));
    const created = newThreads(connector)[0];
    const ticketThread = expertThread(String(created.response.activityId));

    const [a, b] = await Promise.all([
      post(server, execute(connector, ticketThread, EXPERT_A, 'assign', { ticket: 1 })),
      post(server, execute(connector, ticketThread, EXPERT_B, 'assign', { ticket: 1 })),
    ]);
    const cards = [a, b].map((r) => (r.body as { value: CardJson }).value);
    cards.forEach((card) => assert.deepEqual(validateCard(card), []));
    const notices = cards.map((card) => JSON.stringify(card.body?.[0]));
    const loserIndex = notices.findIndex((n) => n.includes('"style":"warning"'));
    assert.notEqual(loserIndex, -1, 'one of them is told it was already taken');
    assert.equal(notices.filter((n) => n.includes('"style":"warning"')).length, 1, 'only one is refused');
    const winner = loserIndex === 0 ? EXPERT_B : EXPERT_A;
    assert.ok(notices[loserIndex].includes(t('en', 'escalation.notice.alreadyAssigned', { name: winner.name })));

    // What is stored agrees: a refresh shows the winner, and only one change reached the channel.
    const refreshed = await post(server, execute(connector, ticketThread, OWNER, 'refresh', { ticket: 1 }));
    const refreshedCard = (refreshed.body as { value: CardJson }).value;
    assert.ok(JSON.stringify(refreshedCard).includes(winner.name));
    assert.ok(!JSON.stringify(refreshedCard).includes((winner === EXPERT_A ? EXPERT_B : EXPERT_A).name));
    await connector.waitFor(() => updatesOf(connector, ticketThread.conversationId, String(created.response.activityId))[0]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(updatesOf(connector, ticketThread.conversationId, String(created.response.activityId)).length, 1);
    assert.deepEqual(verbsOf(refreshedCard), ['unassign', 'resolve']);
  });
});

describe('escalation: an undelivered ticket survives a restart (SQLite) and is posted at start', () => {
  it('stored "not delivered" by one process, delivered by the next one on start', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'escalation-restart-'));
    const env = { STORAGE: 'sqlite', SQLITE_PATH: path.join(dir, 'bot.sqlite'), ESCALATION_RETRY_LATER_MS: '1' };
    const connector = await new FakeConnector().start();
    let server = await startBot(connector, env);
    try {
      await setUpExpertChannel(server, connector);
      connector.failNext(100_000, 500, { method: 'POST', path: NEW_THREAD });
      const thread = await diagnosedThread(server, connector);
      await post(server, message(connector, thread, REQUESTER, 'escalate connector to EXO broken after renewal'));
      assert.equal(activityOf(messagesTo(connector, thread.conversationId).at(-1)!).text, t('en', 'escalation.createdNotDelivered', { number: 1 }));
      await server.close();

      connector.clearFailures();
      const before = connector.calls.length;
      server = await startBot(connector, env);
      const posted = await connector.waitFor(() => newThreads(connector)[0]);
      assert.equal(ticketNumberOf(cardIn(posted)), 1);
      assert.ok(connector.calls.indexOf(posted) >= before, 'posted by the new process');
      await connector.waitFor(() => textsIn(connector, thread).includes(t('en', 'escalation.deliveredLate', { number: 1 })) || undefined);
    } finally {
      await server.close();
      await connector.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('escalation: two instances on one SQLite file', () => {
  it('the same Send delivered to both at once makes one ticket, posted once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'escalation-two-'));
    // Two processes on one file need shared locking (the default, exclusive, refuses the second).
    const env = { STORAGE: 'sqlite', SQLITE_PATH: path.join(dir, 'bot.sqlite'), SQLITE_LOCKING: 'normal' };
    const connector = await new FakeConnector().start();
    const first = await startBot(connector, env);
    const second = await startBot(connector, env);
    try {
      await setUpExpertChannel(first, connector);
      const thread = await diagnosedThread(first, connector);
      await post(first, message(connector, thread, REQUESTER, 'escalate'));
      const noteCard = cardIn(messagesTo(connector, thread.conversationId).at(-1));
      const send = submit(connector, thread, REQUESTER, { ...noteCard!.actions![0].data, note: 'EX02 too' }, newActivityId());
      // Teams redelivers to whichever instance the load balancer picks: here, both at the same time.
      await Promise.all([post(first, send), post(second, send), post(second, { ...send, id: newActivityId() })]);
      assert.equal(newThreads(connector).length, 1);
      const numbers = messagesTo(connector, thread.conversationId)
        .map(cardIn)
        .filter((card) => cardIdsOf(card).includes('ticket'))
        .map(ticketNumberOf);
      assert.deepEqual(numbers, [1, 1, 1]);
    } finally {
      await first.close();
      await second.close();
      await connector.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('escalation: who sees a ticket outside the expert channel', () => {
  it('a refresh from the requester gets their card; from anyone else, nothing', async () => {
    const connector = await new FakeConnector().start();
    const server = await startBot(connector);
    try {
      await setUpExpertChannel(server, connector);
      const chat = personalChatOf(REQUESTER);
      await post(server, message(connector, chat, REQUESTER, PASTE));
      await post(server, message(connector, chat, REQUESTER, 'escalate see the queue'));
      const own = await post(server, execute(connector, chat, REQUESTER, 'refresh', { ticket: 1 }));
      assert.equal(ticketNumberOf((own.body as { value: CardJson }).value), 1);
      assert.deepEqual(verbsOf((own.body as { value: CardJson }).value), []);
      const other = await post(server, execute(connector, personalChatOf(EXPERT_B), EXPERT_B, 'refresh', { ticket: 1 }));
      assert.equal((other.body as { type: string }).type, 'application/vnd.microsoft.activity.message');
      const assign = await post(server, execute(connector, chat, REQUESTER, 'assign', { ticket: 1 }));
      assert.deepEqual(verbsOf((assign.body as { value: CardJson }).value), [], 'no expert action from a 1:1 chat');
      assert.equal(updatesOf(connector, String(newThreads(connector)[0].response.id), String(newThreads(connector)[0].response.activityId)).length, 0);
    } finally {
      await server.close();
      await connector.stop();
    }
  });
});
