// The real server (startServer, port 0) against a fake Bot Connector on 127.0.0.1: activities are
// posted without expectReplies, so every reply, new thread, update and notification goes to the
// fake, which records it. No MicrosoftAppId: the bot calls the connector without a token.
import { strict as assert } from 'node:assert';
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
  EXPERT_CHANNEL_ID,
  execute,
  expertThread,
  helpdeskThread,
  message,
  messagesTo,
  newThreads,
  OWNER,
  personalChat,
  post,
  REQUESTER,
  startBot,
  submit,
  ticketNumberOf,
  updatesOf,
  verbsOf,
  type CardJson,
} from './teams';

const PASTE = `${KB.eventEn()}\n${KB.certs()}`;

function findingIdOf(card: CardJson | undefined): string | undefined {
  const escalate = card?.actions?.find((a) => a.data?.action === 'escalate');
  return escalate?.data?.findingId as string | undefined;
}

describe('escalation: full round trip through the real server and a fake Bot Connector', () => {
  let connector: FakeConnector;
  let server: RunningServer;

  before(async () => {
    connector = await new FakeConnector().start();
    connector.members.set(OWNER.id, { ...OWNER, userPrincipalName: 'olivia@contoso.example', userRole: 'owner' });
    connector.members.set(REQUESTER.id, { ...REQUESTER, userPrincipalName: 'riku@contoso.example', userRole: 'user' });
    server = await startBot(connector);
  });
  after(async () => {
    await server?.close();
    await connector?.stop();
  });

  it('set channel → diagnose → Escalate → ticket thread → assign → resolve → requester told, cards updated in place', async () => {
    // 1. An owner makes the experts' channel the escalation channel.
    const setup = expertThread('1000');
    const setActivity = message(connector, setup, OWNER, 'set escalation channel', { id: '1000' });
    assert.equal((await post(server, setActivity)).status, 200);
    const confirmation = messagesTo(connector, setup.conversationId).at(-1);
    assert.equal(activityOf(confirmation!).text, t('en', 'escalation.setChannel.done'));
    assert.ok(connector.calls.some((c) => c.method === 'GET' && c.path.endsWith(`/members/${OWNER.id}`)), 'the owner check asked Teams');

    // 2. A helpdesk engineer pastes the error in a helpdesk thread: the diagnosis offers Escalate.
    const thread = helpdeskThread('2000');
    assert.equal((await post(server, message(connector, thread, REQUESTER, PASTE, { id: '2000' }))).status, 200);
    const diagnosisCall = messagesTo(connector, thread.conversationId).find((c) => cardIdsOf(cardIn(c)).includes('diagnosis'));
    const diagnosis = cardIn(diagnosisCall);
    assert.ok(diagnosis, 'a diagnosis card was sent to the thread');
    assert.equal(findingIdOf(diagnosis), 'untrusted-cert-on-smtp');
    const diagnosisMessageId = String(diagnosisCall!.response.id);

    // 3. Escalate → a card asking for an optional note.
    await post(server, submit(connector, thread, REQUESTER, { action: 'escalate', findingId: 'untrusted-cert-on-smtp' }, diagnosisMessageId));
    const noteCard = cardIn(messagesTo(connector, thread.conversationId).at(-1));
    assert.deepEqual(cardIdsOf(noteCard), ['escalateNote']);
    assert.deepEqual(validateCard(noteCard), []);
    const send = noteCard!.actions!.find((a) => a.data?.send === true)!;
    const threadsBefore = newThreads(connector).length;

    // 4. Send with a note → the ticket is posted as a new thread in the expert channel.
    const note = 'Partner mail to contoso.example bounces since 09:00';
    await post(server, submit(connector, thread, REQUESTER, { ...send.data, note }, '2002'));
    const created = newThreads(connector);
    assert.equal(created.length, threadsBefore + 1);
    const createCall = created.at(-1)!;
    assert.equal(createCall.body.isGroup, true);
    assert.equal((createCall.body.channelData as { channel: { id: string } }).channel.id, EXPERT_CHANNEL_ID);
    const expertCard = cardIn(createCall)!;
    assert.deepEqual(validateCard(expertCard), []);
    assert.deepEqual(cardIdsOf(expertCard), ['ticket']);
    const number = ticketNumberOf(expertCard)!;
    assert.equal(number, 1);
    const json = JSON.stringify(expertCard);
    assert.ok(json.includes('2F9C4B8A1E3D5C7B9A0F2E4D6C8B0A1928374655'), 'the evidence names the untrusted certificate');
    assert.ok(json.includes('Set-SendConnector'), 'the commands already suggested are on the card');
    assert.ok(json.includes('Partner mail to contoso.example bounces since 09:00'), 'the requester note is on the card');
    const chat = expertCard.actions!.find((a) => a.type === 'Action.OpenUrl' && a.url?.startsWith('https://teams.microsoft.com/l/chat/0/0?users='));
    assert.equal(chat?.url, 'https://teams.microsoft.com/l/chat/0/0?users=riku%40contoso.example');
    const origin = expertCard.actions!.find((a) => a.type === 'Action.OpenUrl' && a.url?.includes('/l/message/'));
    assert.ok(origin?.url?.includes(encodeURIComponent('19:helpdesk-general@thread.tacv2')) && origin.url.includes('parentMessageId=2000'), origin?.url);
    assert.deepEqual(verbsOf(expertCard), ['assign', 'resolve']);

    // The requester got the ticket number and their own ticket card.
    const answer = messagesTo(connector, thread.conversationId).at(-1)!;
    assert.equal(activityOf(answer).text, t('en', 'escalation.created', { number }));
    const requesterCard = cardIn(answer);
    assert.deepEqual(validateCard(requesterCard), []);
    assert.equal(ticketNumberOf(requesterCard), number);
    assert.deepEqual(verbsOf(requesterCard), [], 'the requester card has no expert actions');
    const requesterCardId = String(answer.response.id);

    // 5. An expert presses "Assign to me" in the ticket's thread.
    const posted = { conversationId: String(createCall.response.id), activityId: String(createCall.response.activityId) };
    const threadOfTicket = expertThread(posted.activityId);
    assert.equal(threadOfTicket.conversationId, posted.conversationId);

    const assigned = await post(server, execute(connector, threadOfTicket, EXPERT_A, 'assign', { ticket: number }, posted.activityId));
    assert.equal(assigned.status, 200);
    const assignedResponse = assigned.body as { statusCode: number; type: string; value: CardJson };
    assert.equal(assignedResponse.statusCode, 200);
    assert.equal(assignedResponse.type, 'application/vnd.microsoft.card.adaptive');
    assert.deepEqual(validateCard(assignedResponse.value), []);
    assert.deepEqual(verbsOf(assignedResponse.value), ['unassign', 'resolve']);
    assert.ok(JSON.stringify(assignedResponse.value).includes(EXPERT_A.name));

    // Everyone's copy in the channel is replaced, and the requester hears who took it.
    const channelUpdate = await connector.waitFor(() => updatesOf(connector, posted.conversationId, posted.activityId)[0]);
    assert.deepEqual(verbsOf(cardIn(channelUpdate)), ['unassign', 'resolve']);
    const assignedNote = await connector.waitFor(() =>
      messagesTo(connector, thread.conversationId).find((c) => activityOf(c).text === t('en', 'escalation.notify.assigned', { number, name: EXPERT_A.name })),
    );
    assert.ok(assignedNote);

    // 6. Resolve with a resolution note.
    const resolution = 'Imported the DigiCert intermediate on EX01 and re-ran the HCW';
    const resolved = await post(server, execute(connector, threadOfTicket, EXPERT_A, 'resolve', { ticket: number, resolutionNote: resolution }, posted.activityId));
    const resolvedCard = (resolved.body as { value: CardJson }).value;
    assert.deepEqual(validateCard(resolvedCard), []);
    assert.deepEqual(verbsOf(resolvedCard), ['reopen']);
    await connector.waitFor(() => updatesOf(connector, posted.conversationId, posted.activityId).find((c) => verbsOf(cardIn(c)).join() === 'reopen'));
    const resolvedNote = await connector.waitFor(() =>
      messagesTo(connector, thread.conversationId).find((c) => activityOf(c).text?.startsWith(t('en', 'escalation.notify.resolved', { number, name: EXPERT_A.name, note: '' }))),
    );
    assert.ok(activityOf(resolvedNote).text!.includes('Imported the DigiCert intermediate on EX01 and re\\-ran the HCW') || activityOf(resolvedNote).text!.includes(resolution));

    // The requester's own ticket card was updated in place too (a PUT on the thread's conversation).
    const requesterUpdates = await connector.waitFor(() => {
      const updates = updatesOf(connector, thread.conversationId, requesterCardId);
      return updates.length >= 2 ? updates : undefined;
    });
    assert.ok(JSON.stringify(cardIn(requesterUpdates.at(-1))).includes(resolution.slice(0, 20)));

    // 7. Lists: "my tickets" for the requester, "open tickets" in the expert channel.
    await post(server, message(connector, thread, REQUESTER, 'my tickets'));
    const mine = cardIn(messagesTo(connector, thread.conversationId).at(-1));
    assert.deepEqual(cardIdsOf(mine), ['ticketList']);
    assert.deepEqual(validateCard(mine), []);
    assert.ok(JSON.stringify(mine).includes(`#${number}`));

    await post(server, message(connector, expertThread('3000'), EXPERT_B, 'open tickets', { id: '3000' }));
    const open = cardIn(messagesTo(connector, expertThread('3000').conversationId).at(-1));
    assert.deepEqual(cardIdsOf(open), ['ticketList']);
    assert.ok(!JSON.stringify(open).includes(`#${number}**`), 'a resolved ticket is not listed as open');

    // Without MicrosoftAppId every call to the connector went out unauthenticated, and worked.
    assert.deepEqual(connector.calls.filter((c) => c.authorization !== undefined), []);
    assert.ok(connector.calls.length > 15);
  });

  it('a Japanese requester in a 1:1 chat is answered and notified in Japanese; the experts read English', async () => {
    const chat = personalChat(REQUESTER);
    await post(server, message(connector, chat, REQUESTER, `${KB.eventJa()}\n${KB.certs()}`, { locale: 'ja-JP' }));
    await post(server, message(connector, chat, REQUESTER, 'エスカレーション 至急お願いします', { locale: 'ja-JP' }));
    const answer = messagesTo(connector, chat.conversationId).at(-1)!;
    const number = ticketNumberOf(cardIn(answer))!;
    assert.equal(activityOf(answer).text, t('ja', 'escalation.created', { number }));
    assert.deepEqual(validateCard(cardIn(answer)), []);
    const created = newThreads(connector).at(-1)!;
    assert.equal(ticketNumberOf(cardIn(created)), number);
    const expertJson = JSON.stringify(cardIn(created));
    assert.ok(expertJson.includes(t('en', 'escalation.card.evidence')) && !expertJson.includes(t('ja', 'escalation.card.evidence')), 'the experts channel was set in English');
    const origin = cardIn(created)!.actions!.filter((a) => a.url?.includes('/l/message/'));
    assert.equal(origin.length, 0, 'a 1:1 chat has no link the experts could open');

    const ticketThread = expertThread(String(created.response.activityId));
    await post(server, execute(connector, ticketThread, EXPERT_B, 'resolve', { ticket: number, resolutionNote: 'Fixed' }));
    await connector.waitFor(() =>
      messagesTo(connector, chat.conversationId).find((c) => activityOf(c).text === t('ja', 'escalation.notify.resolved', { number, name: EXPERT_B.name, note: 'Fixed' })),
    );
  });
});
