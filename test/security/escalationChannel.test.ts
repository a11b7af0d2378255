// Nobody can take the escalation channel (and every later ticket, with its evidence) by saying
// "set escalation channel" in a team they own: once a channel is set, moving it needs
// ESCALATION_ADMINS, never crosses tenants, and the old and new channels are both told.
// Real server, the fake Bot Connector on 127.0.0.1.
import { strict as assert } from 'node:assert';
import type { RunningServer } from '../../src/index';
import { t } from '../../src/i18n';
import { KB } from '../bot/harness';
import { FakeConnector } from '../escalation/fakeConnector';
import {
  activityOf,
  channelThread,
  EXPERT_A,
  EXPERT_CHANNEL_ID,
  expertThread,
  HELPDESK_CHANNEL_ID,
  helpdeskThread,
  message,
  messagesTo,
  newActivityId,
  newThreads,
  OWNER,
  post,
  REQUESTER,
  startBot,
  type Place,
  type User,
} from '../escalation/teams';

const PASTE = `${KB.eventEn()}\n${KB.certs()}`;
const HELPDESK_OWNER: User = { id: '29:hana-helpdesk-owner', name: 'Hana Helpdesk Owner', aadObjectId: '0f1e2d3c-0000-4000-8000-0000000000a1' };
const FOREIGN_OWNER: User = { id: '29:fabrikam-owner', name: 'Felix Fabrikam', aadObjectId: '0f1e2d3c-0000-4000-8000-0000000000f1' };
const ADMIN: User = { id: '29:ada-admin', name: 'Ada Admin', aadObjectId: '0f1e2d3c-0000-4000-8000-0000000000ad' };
const FOREIGN_CHANNEL_ID = '19:fabrikam-general@thread.tacv2';

/** A channel thread of a team in another tenant. */
function foreignThread(rootId: string): Place {
  const place = channelThread(FOREIGN_CHANNEL_ID, '19:team-fabrikam@thread.tacv2', rootId);
  return { ...place, channelData: { ...place.channelData, tenant: { id: 'tenant-fabrikam' } } };
}

function foreign(activity: Record<string, unknown>): Record<string, unknown> {
  return { ...activity, conversation: { ...(activity.conversation as Record<string, unknown>), tenantId: 'tenant-fabrikam' } };
}

async function say(server: RunningServer, connector: FakeConnector, place: Place, from: User, text: string, wrap = (a: Record<string, unknown>) => a): Promise<string | undefined> {
  const root = newActivityId();
  await post(server, wrap(message(connector, place, from, text, { id: root })));
  return activityOf(messagesTo(connector, place.conversationId).at(-1)!).text;
}

/** A diagnosis and an escalation from a helpdesk thread; returns the channel the ticket went to. */
async function escalateOnce(server: RunningServer, connector: FakeConnector): Promise<string> {
  const root = newActivityId();
  const thread = helpdeskThread(root);
  await post(server, message(connector, thread, REQUESTER, PASTE, { id: root }));
  const before = newThreads(connector).length;
  await post(server, message(connector, thread, REQUESTER, 'escalate please look'));
  const created = newThreads(connector);
  assert.equal(created.length, before + 1, 'one ticket posted');
  return (created.at(-1)!.body.channelData as { channel: { id: string } }).channel.id;
}

describe('security: the escalation channel cannot be hijacked', () => {
  let connector: FakeConnector;
  let server: RunningServer;

  beforeEach(async () => {
    connector = await new FakeConnector().start();
    for (const user of [OWNER, HELPDESK_OWNER, FOREIGN_OWNER]) connector.members.set(user.id, { ...user, userRole: 'owner' });
    connector.members.set(ADMIN.id, { ...ADMIN, userRole: 'user' });
    server = await startBot(connector, { ESCALATION_ADMINS: `${ADMIN.aadObjectId},${FOREIGN_OWNER.aadObjectId}` });
    const root = newActivityId();
    assert.equal(await say(server, connector, expertThread(root), OWNER, 'set escalation channel'), t('en', 'escalation.setChannel.done'));
  });
  afterEach(async () => {
    await server?.close();
    await connector?.stop();
  });

  it('an owner of another team in the same tenant is refused once a channel is set; tickets still go to the experts', async () => {
    const text = await say(server, connector, helpdeskThread(newActivityId()), HELPDESK_OWNER, 'set escalation channel');
    assert.equal(text, t('en', 'escalationSafety.setChannel.notAdmin'));
    assert.equal(await escalateOnce(server, connector), EXPERT_CHANNEL_ID);
  });

  it("another tenant's team owner cannot take it, even when listed in ESCALATION_ADMINS", async () => {
    const text = await say(server, connector, foreignThread(newActivityId()), FOREIGN_OWNER, 'set escalation channel', foreign);
    assert.equal(text, t('en', 'escalationSafety.setChannel.otherTenant'));
    assert.equal(await escalateOnce(server, connector), EXPERT_CHANNEL_ID);
    assert.equal(messagesTo(connector, EXPERT_CHANNEL_ID).length, 0, 'nothing to announce: nothing moved');
  });

  it('an ESCALATION_ADMINS user moves it: the old channel is told, the new one confirms, tickets follow', async () => {
    const text = await say(server, connector, helpdeskThread(newActivityId()), ADMIN, 'set escalation channel');
    assert.equal(text, t('en', 'escalationSafety.setChannel.movedHere'));
    // The old channel gets a new post saying who moved it.
    const toldOld = messagesTo(connector, EXPERT_CHANNEL_ID).map((c) => activityOf(c).text ?? '');
    assert.equal(toldOld.length, 1, 'one announcement as a new post in the old channel');
    assert.ok(toldOld[0].includes(ADMIN.name), toldOld[0]);
    assert.equal(await escalateOnce(server, connector), HELPDESK_CHANNEL_ID);
  });

  it('setting the same channel again changes nothing and announces nothing', async () => {
    const text = await say(server, connector, expertThread(newActivityId()), OWNER, 'set escalation channel');
    assert.equal(text, t('en', 'escalationSafety.setChannel.alreadyHere'));
    assert.equal(messagesTo(connector, EXPERT_CHANNEL_ID).length, 0);
  });

  it('a non-owner is still refused before anything else (the owner lookup comes first)', async () => {
    connector.members.set(EXPERT_A.id, { ...EXPERT_A, userRole: 'user' });
    const text = await say(server, connector, helpdeskThread(newActivityId()), EXPERT_A, 'set escalation channel');
    assert.equal(text, t('en', 'escalation.setChannel.notOwner'));
  });
});
