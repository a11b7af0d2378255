// Who may choose the escalation channel, and a channel fixed by the environment.
import { strict as assert } from 'node:assert';
import type { RunningServer } from '../../src/index';
import { t } from '../../src/i18n';
import { KB } from '../bot/harness';
import { FakeConnector } from './fakeConnector';
import {
  activityOf,
  cardIdsOf,
  cardIn,
  EXPERT_A,
  EXPERT_CHANNEL_ID,
  expertThread,
  groupChat,
  helpdeskThread,
  message,
  messagesTo,
  newActivityId,
  newThreads,
  OWNER,
  personalChat,
  post,
  REQUESTER,
  startBot,
  TENANT,
  type CardJson,
  type Place,
} from './teams';

const PASTE = `${KB.eventEn()}\n${KB.certs()}`;

async function lastText(server: RunningServer, connector: FakeConnector, place: Place, from: typeof OWNER, text: string, id = newActivityId()): Promise<string | undefined> {
  await post(server, message(connector, place, from, text, { id }));
  return activityOf(messagesTo(connector, place.conversationId).at(-1)!).text;
}

/** Whether a fresh diagnosis offers "Escalate" (it does only once a channel is configured). */
async function offersEscalate(server: RunningServer, connector: FakeConnector): Promise<boolean> {
  const root = newActivityId();
  const thread = helpdeskThread(root);
  await post(server, message(connector, thread, REQUESTER, PASTE, { id: root }));
  const card = messagesTo(connector, thread.conversationId).map(cardIn).find((c) => cardIdsOf(c).includes('diagnosis')) as CardJson;
  return Boolean(card?.actions?.some((a) => a.data?.action === 'escalate'));
}

describe('escalation: setting the expert channel', () => {
  let connector: FakeConnector;
  let server: RunningServer;

  beforeEach(async () => {
    connector = await new FakeConnector().start();
    connector.members.set(OWNER.id, { ...OWNER, userRole: 'owner' });
    connector.members.set(EXPERT_A.id, { ...EXPERT_A, userRole: 'user' });
    server = await startBot(connector);
  });
  afterEach(async () => {
    await server?.close();
    await connector?.stop();
  });

  it('a team member who is not an owner is refused, with the reason, and nothing is set', async () => {
    const root = newActivityId();
    assert.equal(await lastText(server, connector, expertThread(root), EXPERT_A, 'set escalation channel', root), t('en', 'escalation.setChannel.notOwner'));
    assert.ok(connector.calls.some((c) => c.method === 'GET' && c.path === `/v3/conversations/19:team-experts@thread.tacv2/members/${EXPERT_A.id}`));
    assert.equal(await offersEscalate(server, connector), false);
  });

  it('someone Teams does not know in this team (404) is refused as a non-owner', async () => {
    const root = newActivityId();
    assert.equal(await lastText(server, connector, expertThread(root), REQUESTER, 'set escalation channel', root), t('en', 'escalation.setChannel.notOwner'));
  });

  it('a user listed in ESCALATION_ADMINS may set it without the owner role', async () => {
    await server.close();
    server = await startBot(connector, { ESCALATION_ADMINS: `x, ${EXPERT_A.aadObjectId.toUpperCase()}` });
    const root = newActivityId();
    assert.equal(await lastText(server, connector, expertThread(root), EXPERT_A, 'set escalation channel', root), t('en', 'escalation.setChannel.done'));
    assert.equal(await offersEscalate(server, connector), true);
  });

  it('in a personal chat or a group chat it is refused without asking Teams', async () => {
    assert.equal(await lastText(server, connector, personalChat(OWNER), OWNER, 'set escalation channel'), t('en', 'escalation.setChannel.personal'));
    assert.equal(await lastText(server, connector, groupChat(), OWNER, 'set escalation channel'), t('en', 'escalation.setChannel.groupChat'));
    assert.ok(!connector.calls.some((c) => c.method === 'GET'), 'no member lookup');
    assert.equal(await offersEscalate(server, connector), false);
  });

  it('when Teams cannot say who the user is (member lookup fails), nothing changes', async () => {
    connector.failNext(5, 403, { method: 'GET' });
    const root = newActivityId();
    assert.equal(await lastText(server, connector, expertThread(root), OWNER, 'set escalation channel', root), t('en', 'escalation.setChannel.lookupFailed'));
    assert.equal(await offersEscalate(server, connector), false);
  });

  it('an owner sets it (in Japanese too), and from then on diagnoses offer Escalate', async () => {
    assert.equal(await offersEscalate(server, connector), false);
    const root = newActivityId();
    await post(server, message(connector, expertThread(root), OWNER, 'エスカレーションチャネルを設定', { id: root, locale: 'ja-JP' }));
    assert.equal(activityOf(messagesTo(connector, expertThread(root).conversationId).at(-1)!).text, t('ja', 'escalation.setChannel.done'));
    assert.equal(await offersEscalate(server, connector), true);
  });

  it('"open tickets" outside the expert channel points to "my tickets"', async () => {
    const root = newActivityId();
    await post(server, message(connector, expertThread(root), OWNER, 'set escalation channel', { id: root }));
    assert.equal(await lastText(server, connector, personalChat(REQUESTER), REQUESTER, 'open tickets'), t('en', 'escalation.openTickets.wrongPlace'));
  });
});

describe('escalation: channel from the environment', () => {
  let connector: FakeConnector;
  let server: RunningServer;

  before(async () => {
    connector = await new FakeConnector().start();
    server = await startBot(connector, {
      ESCALATION_CHANNEL_ID: EXPERT_CHANNEL_ID,
      ESCALATION_SERVICE_URL: connector.url,
      ESCALATION_TENANT_ID: TENANT,
      ESCALATION_LANG: 'ja',
    });
  });
  after(async () => {
    await server?.close();
    await connector?.stop();
  });

  it('escalations go to that channel (in its language) and the chat command cannot change it', async () => {
    connector.members.set(OWNER.id, { ...OWNER, userRole: 'owner' });
    const root = newActivityId();
    assert.equal(await lastText(server, connector, expertThread(root), OWNER, 'set escalation channel', root), t('en', 'escalation.setChannel.fixedByEnvironment'));

    const chat = personalChat(REQUESTER);
    await post(server, message(connector, chat, REQUESTER, PASTE));
    await post(server, message(connector, chat, REQUESTER, 'escalate could someone look today'));
    const [thread] = newThreads(connector);
    assert.ok(thread, 'posted to the configured channel');
    assert.equal((thread.body.channelData as { channel: { id: string }; tenant: { id: string } }).channel.id, EXPERT_CHANNEL_ID);
    assert.equal((thread.body.channelData as { tenant: { id: string } }).tenant.id, TENANT);
    assert.ok(/[\u3040-\u30FF]/.test(JSON.stringify(cardIn(thread))), 'the experts read it in ESCALATION_LANG');
    assert.equal(activityOf(messagesTo(connector, chat.conversationId).at(-1)!).text, t('en', 'escalation.created', { number: 1 }));
  });
});
