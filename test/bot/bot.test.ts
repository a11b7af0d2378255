// The whole bot (composeBot, as the server builds it) through a TestAdapter with the mention
// middleware: Teams-shaped activities in, replies out.
import { strict as assert } from 'node:assert';
import { MemoryStorage, TestAdapter, type Activity, type ConversationAccount } from 'botbuilder';
import { RemoveMentionMiddleware, stripRecipientMention } from '../../src/bot/removeMentionMiddleware';
import { MAX_PASTE_BYTES, readTurnInput } from '../../src/bot/turnInput';
import { FeedbackStore } from '../../src/bot/feedbackStore';
import { composeBot } from '../../src/index';
import { cardsIn, validateCard } from '../support/cardValidation';
import { cardIds, cardOf, findingIdOf, hasKana, KB, UNTRUSTED_THUMBPRINT } from './harness';

const BOT = { id: '28:mailflow-doctor', name: 'Mailflow Doctor' };
const ALICE = { id: '29:alice', name: 'Alice' };
const BOB = { id: '29:bob', name: 'Bob' };
const conversation = (id: string, conversationType = 'personal', isGroup = false): ConversationAccount => ({ id, conversationType, isGroup, name: '' });
const CHANNEL_THREAD = conversation('19:helpdesk@thread.tacv2;messageid=1700000000000', 'channel', true);

/** Every reply any test here received: each card among them is validated at the end. */
const everyReply: Partial<Activity>[] = [];

function botHarness() {
  const memory: Record<string, string> = {};
  const storage = new MemoryStorage(memory);
  const { bot } = composeBot(storage);
  const adapter = new TestAdapter((context) => bot.run(context));
  adapter.use(new RemoveMentionMiddleware());
  let next = 0;
  const send = async (activity: Partial<Activity>): Promise<Partial<Activity>[]> => {
    await adapter.receiveActivity({
      type: 'message',
      id: `activity-${next++}`,
      channelId: 'msteams',
      serviceUrl: 'https://smba.example/teams/',
      from: ALICE,
      recipient: BOT,
      conversation: CHANNEL_THREAD,
      locale: 'en-US',
      ...activity,
    });
    const replies = adapter.activityBuffer.splice(0);
    everyReply.push(...replies);
    return replies;
  };
  const stored = (): Record<string, Record<string, unknown>> =>
    Object.fromEntries(Object.entries(memory).map(([key, value]) => [key, JSON.parse(value) as Record<string, unknown>]));
  return { send, stored, storage };
}

/** What came back, typing indicators left out (they have their own test). */
const kinds = (replies: Partial<Activity>[]): string[] =>
  replies.filter((r) => r.type !== 'typing').map((r) => (cardOf(r) ? (cardIds(cardOf(r))[0] ?? 'card') : 'text'));

const mention = (text: string): Partial<Activity> => ({
  text: `<at>${BOT.name}</at> ${text}`,
  entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }],
});

function asTeamsHtml(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<div><div>${escaped.split('\n').join('<br>')}</div></div>`;
}

describe('MailflowDoctorBot', () => {
  it('strips its own @mention before reading a channel message', async () => {
    const { send } = botHarness();
    const replies = await send(mention('help'));
    assert.deepEqual(kinds(replies), ['help']);
  });

  it('removes only its own mention, not a colleague\'s', () => {
    const activity: Partial<Activity> = {
      type: 'message',
      recipient: BOT,
      text: `<at>${BOT.name}</at> <at>Bob</at> sees this`,
      entities: [
        { type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT },
        { type: 'mention', text: '<at>Bob</at>', mentioned: BOB },
      ],
    };
    stripRecipientMention(activity);
    assert.equal(activity.text, '<at>Bob</at> sees this');
  });

  it('reads a plain-text paste that also @mentions a colleague line by line', async () => {
    const { send } = botHarness();
    const replies = await send({
      text: `<at>${BOT.name}</at> <at>Bob</at> this is what we see:\n${KB.eventEn()}\n${KB.certs()}`,
      entities: [
        { type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT },
        { type: 'mention', text: '<at>Bob</at>', mentioned: BOB },
      ],
    });
    assert.deepEqual(kinds(replies), ['diagnosis', 'ask-verify']);
  });

  it('renders pasted markdown, links and mentions inert in the diagnosis card', async () => {
    const { send } = botHarness();
    const hostile = '[click here](https://evil.example/login) ![x](https://evil.example/p.png) <at>Admin</at> **now**';
    const event = KB.eventEn().replace(/Computer:.*$/m, `Computer:      ${hostile}`).replace('Outbound to Office 365', `Outbound ${hostile}`);
    const replies = await send({ text: `${event}\n${KB.certs()}` });
    const card = cardOf(replies.find((r) => cardIds(cardOf(r)).includes('diagnosis')));
    assert.ok(card, 'a diagnosis card');
    const markdown: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (typeof node !== 'object' || node === null) return;
      const object = node as Record<string, unknown>;
      if (object.type === 'TextBlock') markdown.push(String(object.text));
      if (object.type === 'FactSet') for (const fact of object.facts as { title: string; value: string }[]) markdown.push(fact.value);
      Object.values(object).forEach(walk);
    };
    walk(card.body);
    const pasted = markdown.filter((text) => text.includes('click here'));
    assert.ok(pasted.length > 0, 'the hostile text is shown somewhere');
    for (const text of pasted) {
      assert.doesNotMatch(text, /(?<!\\)\]\(/, 'no link');
      assert.doesNotMatch(text, /[<>]/, 'no HTML or <at>');
      assert.doesNotMatch(text, /https:\/\//, 'no live URL');
      assert.doesNotMatch(text, /(?<!\\)\*\*/, 'no emphasis');
    }
  });

  it('diagnoses a paste that arrives only as a text/html attachment (mention inside)', async () => {
    const { send } = botHarness();
    const html = `<p><at>${BOT.name}</at></p>${asTeamsHtml(`${KB.eventEn()}\n${KB.certs()}`)}`;
    const replies = await send({
      text: '',
      attachments: [{ contentType: 'text/html', content: html }],
      entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }],
    });
    assert.deepEqual(kinds(replies), ['diagnosis', 'ask-verify']);
    const diagnosis = replies.find((r) => cardIds(cardOf(r)).includes('diagnosis'));
    assert.equal(findingIdOf(cardOf(diagnosis)), 'untrusted-cert-on-smtp');
    assert.ok(JSON.stringify(diagnosis).includes(UNTRUSTED_THUMBPRINT));
  });

  it('reads text and the same paste as HTML once', () => {
    const paste = `${KB.eventEn()}\n${KB.certs()}`;
    const count = (text: string): number => text.split(UNTRUSTED_THUMBPRINT).length - 1;
    const input = readTurnInput({ text: paste, attachments: [{ contentType: 'text/html', content: asTeamsHtml(paste) }] });
    assert.ok(count(paste) > 0);
    assert.equal(count(input.text), count(paste));
    const htmlOnly = readTurnInput({ text: 'see below', attachments: [{ contentType: 'text/html', content: asTeamsHtml(paste) }] });
    assert.ok(htmlOnly.text.startsWith('see below'));
    assert.equal(count(htmlOnly.text), count(paste));
  });

  it('shows a typing indicator in a personal chat while it works on a paste', async () => {
    const { send } = botHarness();
    const replies = await send({ text: KB.eventEn(), conversation: conversation('a:personal-typing') });
    assert.equal(replies[0]?.type, 'typing');
    const command = await send({ text: 'help', conversation: conversation('a:personal-typing') });
    assert.ok(!command.some((r) => r.type === 'typing'), 'no typing for a command');
  });

  it('welcomes once when installed (conversationUpdate and installationUpdate both arrive)', async () => {
    const { send } = botHarness();
    const added = await send({ type: 'conversationUpdate', membersAdded: [BOT], conversation: conversation('a:personal') });
    const installed = await send({ type: 'installationUpdate', action: 'add', conversation: conversation('a:personal') });
    assert.deepEqual(kinds(added), ['welcome']);
    assert.deepEqual(kinds(installed), []);
  });

  it('does not welcome when someone else joins', async () => {
    const { send } = botHarness();
    assert.deepEqual(kinds(await send({ type: 'conversationUpdate', membersAdded: [BOB] })), []);
  });

  it('welcomes in Japanese for a ja-JP client', async () => {
    const { send } = botHarness();
    const replies = await send({ type: 'conversationUpdate', membersAdded: [BOT], locale: 'ja-JP' });
    assert.ok(hasKana(cardOf(replies[0])));
  });

  it('keeps one dialog per user in the same channel thread', async () => {
    const { send } = botHarness();
    assert.deepEqual(kinds(await send({ text: KB.eventEn(), from: ALICE })), ['ask-config']);
    assert.deepEqual(kinds(await send({ text: KB.certs(), from: BOB })), ['ask-error']);
    const alice = await send({ text: KB.certs(), from: ALICE });
    assert.deepEqual(kinds(alice), ['diagnosis', 'ask-verify']);
  });

  it('stores feedback with the finding id and thanks the user', async () => {
    const { send, storage } = botHarness();
    const replies = await send({ value: { action: 'feedback', findingId: 'untrusted-cert-on-smtp', helpful: false }, replyToId: 'card-1' });
    assert.deepEqual(kinds(replies), ['text']);
    const record = await new FeedbackStore(storage).read({
      channelId: 'msteams',
      conversationId: CHANNEL_THREAD.id,
      userId: ALICE.id,
      findingId: 'untrusted-cert-on-smtp',
    });
    assert.equal(record?.helpful, false);
    assert.equal(record?.replyToId, 'card-1');
  });

  it('answers Escalate with a clear reply while escalation is not configured', async () => {
    const { send } = botHarness();
    assert.deepEqual(kinds(await send({ value: { action: 'escalate', findingId: 'untrusted-cert-on-smtp' } })), ['text']);
  });

  describe('bad input gets a clear reply and the conversation goes on', () => {
    const cases: { name: string; activity: Partial<Activity> }[] = [
      { name: 'over 256 KB', activity: { text: 'A'.repeat(MAX_PASTE_BYTES + 1) } },
      { name: 'binary', activity: { text: `MZ\u0000\u0001\u0002\u0003${'\u0000\u0007\u0008'.repeat(50)}` } },
      { name: 'empty', activity: { text: '' } },
      { name: 'only the mention', activity: mention('') },
      { name: 'nothing recognisable', activity: { text: 'lorem ipsum dolor sit amet' } },
      { name: 'an unknown card action', activity: { value: { action: 'nonsense' } } },
    ];
    for (const { name, activity } of cases) {
      it(name, async () => {
        const { send } = botHarness();
        const replies = await send(activity);
        assert.ok(replies.some((r) => r.type === 'message'), 'some reply');
        const next = await send({ text: `${KB.eventEn()}\n${KB.certs()}` });
        assert.ok(kinds(next).includes('diagnosis'), `then still answers: ${kinds(next).join(',')}`);
      });
    }

    it('an over-size paste in the middle of a dialog leaves the dialog where it was', async () => {
      const { send } = botHarness();
      await send({ text: KB.eventEn() });
      assert.deepEqual(kinds(await send({ text: 'x'.repeat(300 * 1024) })), ['text']);
      assert.deepEqual(kinds(await send({ text: KB.certs() })), ['diagnosis', 'ask-verify']);
    });
  });

  it('stores pastes only as { paste: { text, storedAt } } (the retention convention)', async () => {
    const { send, stored } = botHarness();
    await send({ text: KB.eventEn() });
    await send({ text: KB.certs() });
    const holders: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (typeof node === 'string' && (node.includes('454 4.7.0') || node.includes(UNTRUSTED_THUMBPRINT))) holders.push(where);
      if (typeof node !== 'object' || node === null) return;
      for (const [key, value] of Object.entries(node)) walk(value, `${where}.${key}`);
    };
    const state = stored();
    assert.ok(Object.keys(state).some((key) => key === `msteams/conversations/${CHANNEL_THREAD.id}/users/${ALICE.id}`), Object.keys(state).join(', '));
    walk(state, '$');
    assert.ok(holders.length > 0);
    for (const where of holders) assert.match(where, /\.paste\.text$/);
  });

  it('remembers "日本語" per user, across conversations', async () => {
    const { send } = botHarness();
    const confirmed = await send({ text: '日本語' });
    assert.ok(hasKana(confirmed[0]?.text));
    const elsewhere = await send({ text: 'help', conversation: conversation('a:personal-chat') });
    assert.ok(hasKana(cardOf(elsewhere[0])));
  });

  it('every card sent in these conversations is a valid 1.5 card under 25 KB', () => {
    const cards = cardsIn(everyReply);
    assert.ok(cards.length >= 10, `${cards.length} cards`);
    for (const card of cards) assert.deepEqual(validateCard(card), [], JSON.stringify(cardIds(card as never)));
  });
});
