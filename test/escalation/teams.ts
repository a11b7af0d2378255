// Teams-shaped activities for the escalation tests: an expert team's channel, a helpdesk channel,
// a personal chat and a group chat; the people in them; posting to the real server.
import type { Activity } from 'botbuilder';
import { startServer, type RunningServer } from '../../src/index';
import { createLogger } from '../../src/logger';
import type { FakeConnector, RecordedCall } from './fakeConnector';

export const TENANT = 'tenant-contoso';
export const BOT = { id: '28:mailflow-doctor', name: 'Mailflow Doctor' };

export interface User {
  id: string;
  name: string;
  aadObjectId: string;
}

export const OWNER: User = { id: '29:olivia-owner', name: 'Olivia Owner', aadObjectId: '0f1e2d3c-0000-4000-8000-00000000000a' };
export const EXPERT_A: User = { id: '29:akira-expert', name: 'Akira Expert', aadObjectId: '0f1e2d3c-0000-4000-8000-00000000000b' };
export const EXPERT_B: User = { id: '29:bea-expert', name: 'Bea Expert', aadObjectId: '0f1e2d3c-0000-4000-8000-00000000000c' };
export const REQUESTER: User = { id: '29:riku-helpdesk', name: 'Riku Helpdesk', aadObjectId: '0f1e2d3c-0000-4000-8000-00000000000d' };

export interface Place {
  conversationId: string;
  conversationType: 'channel' | 'personal' | 'groupChat';
  channelData: Record<string, unknown>;
}

export const EXPERT_CHANNEL_ID = '19:experts-mailflow@thread.tacv2';
export const HELPDESK_CHANNEL_ID = '19:helpdesk-general@thread.tacv2';

/** A thread of a team channel, started by the post with id `rootId`. */
export function channelThread(channelId: string, teamId: string, rootId: string): Place {
  return {
    conversationId: `${channelId};messageid=${rootId}`,
    conversationType: 'channel',
    channelData: {
      tenant: { id: TENANT },
      team: { id: teamId, aadGroupId: `group-${teamId.slice(3, 12)}` },
      channel: { id: channelId },
    },
  };
}

export const expertThread = (rootId: string): Place => channelThread(EXPERT_CHANNEL_ID, '19:team-experts@thread.tacv2', rootId);
export const helpdeskThread = (rootId: string): Place => channelThread(HELPDESK_CHANNEL_ID, '19:team-helpdesk@thread.tacv2', rootId);

export function personalChat(user: User): Place {
  return { conversationId: `a:1personal-${user.id.slice(3)}`, conversationType: 'personal', channelData: { tenant: { id: TENANT } } };
}

export function groupChat(): Place {
  return { conversationId: '19:group-chat-ops@thread.v2', conversationType: 'groupChat', channelData: { tenant: { id: TENANT } } };
}

let nextId = 1_700_000_000_000;
export const newActivityId = (): string => String(nextId++);

function base(connector: FakeConnector, place: Place, from: User, id: string): Record<string, unknown> {
  return {
    id,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: connector.url,
    from,
    recipient: BOT,
    conversation: { id: place.conversationId, conversationType: place.conversationType, tenantId: TENANT, isGroup: place.conversationType !== 'personal' },
    channelData: place.channelData,
    locale: 'en-US',
  };
}

/** A typed message; in channels and group chats it @mentions the bot, as Teams requires. */
export function message(connector: FakeConnector, place: Place, from: User, text: string, options: { id?: string; locale?: string } = {}): Record<string, unknown> {
  const mention = `<at>${BOT.name}</at>`;
  const mentioned = place.conversationType !== 'personal';
  return {
    ...base(connector, place, from, options.id ?? newActivityId()),
    type: 'message',
    textFormat: 'plain',
    text: mentioned ? `${mention} ${text}` : text,
    ...(mentioned ? { entities: [{ type: 'mention', text: mention, mentioned: BOT }] } : {}),
    ...(options.locale ? { locale: options.locale } : {}),
  };
}

/** An Action.Submit press: the card's data (and inputs) in `value`, replyToId = the card's message. */
export function submit(connector: FakeConnector, place: Place, from: User, value: Record<string, unknown>, replyToId: string, id = newActivityId()): Record<string, unknown> {
  return { ...base(connector, place, from, id), type: 'message', replyToId, value };
}

/** An Action.Execute press (Universal Actions). */
export function execute(connector: FakeConnector, place: Place, from: User, verb: string, data: Record<string, unknown>, replyToId?: string): Record<string, unknown> {
  return {
    ...base(connector, place, from, newActivityId()),
    type: 'invoke',
    name: 'adaptiveCard/action',
    ...(replyToId ? { replyToId } : {}),
    value: { action: { type: 'Action.Execute', id: `${verb}-action`, verb, data }, trigger: 'manual' },
  };
}

export interface PostResult {
  status: number;
  body: unknown;
}

export async function post(server: RunningServer, activity: Record<string, unknown>): Promise<PostResult> {
  const response = await fetch(`http://127.0.0.1:${server.port}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

export async function startBot(connector: FakeConnector, env: Record<string, string> = {}): Promise<RunningServer> {
  const logger = createLogger({ level: process.env.ESCALATION_TEST_LOG ? 'debug' : 'silent', destination: { write: (line: string) => void (process.env.ESCALATION_TEST_LOG && process.stderr.write(line)) } });
  return startServer({
    port: 0,
    host: '127.0.0.1',
    logger,
    env: {
      STORAGE: 'memory',
      // The ticket layer's own duplicate handling is what these tests look at.
      DEDUPE_TTL_SECONDS: '0',
      RATE_LIMIT_PER_MINUTE: '0',
      ESCALATION_RETRY_BASE_MS: '10',
      ESCALATION_RETRY_LATER_MS: '20',
      ESCALATION_RETRY_INTERVAL_MS: '100',
      ...env,
    },
  });
}

// ---------------------------------------------------------------- reading what the bot sent

export type CardJson = { body?: unknown[]; actions?: { type: string; title?: string; verb?: string; url?: string; data?: Record<string, unknown>; card?: CardJson }[]; refresh?: unknown };

export function activityOf(call: RecordedCall): Partial<Activity> {
  return ((call.body as { activity?: Partial<Activity> }).activity ?? call.body) as Partial<Activity>;
}

export function cardIn(call: RecordedCall | undefined): CardJson | undefined {
  if (!call) return undefined;
  const attachment = activityOf(call).attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  return attachment?.content as CardJson | undefined;
}

/** Ids of the TextBlocks that mark what a card is ("ticket", "diagnosis", …). */
export function cardIdsOf(card: CardJson | undefined): string[] {
  const ids: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const object = node as Record<string, unknown>;
    if (typeof object.id === 'string' && object.type === 'TextBlock') ids.push(object.id);
    Object.values(object).forEach(walk);
  };
  walk(card?.body);
  return ids;
}

/** Bot messages to a conversation (new messages and replies), in order. */
export function messagesTo(connector: FakeConnector, conversationId: string): RecordedCall[] {
  return connector.calls.filter((call) => call.method === 'POST' && call.status < 300 && call.path.startsWith(`/v3/conversations/${conversationId}/activities`));
}

export function updatesOf(connector: FakeConnector, conversationId: string, activityId: string): RecordedCall[] {
  return connector.calls.filter((call) => call.method === 'PUT' && call.status < 300 && call.path === `/v3/conversations/${conversationId}/activities/${activityId}`);
}

export function newThreads(connector: FakeConnector): RecordedCall[] {
  return connector.succeeded('POST', /^\/v3\/conversations$/);
}

export function verbsOf(card: CardJson | undefined): string[] {
  const verbs: string[] = [];
  for (const action of card?.actions ?? []) {
    if (action.type === 'Action.Execute' && action.verb) verbs.push(action.verb);
    for (const inner of action.card?.actions ?? []) if (inner.type === 'Action.Execute' && inner.verb) verbs.push(inner.verb);
  }
  return verbs;
}

export function ticketNumberOf(card: CardJson | undefined): number | undefined {
  const data = card?.actions?.flatMap((a) => [a, ...(a.card?.actions ?? [])]).find((a) => a.type === 'Action.Execute')?.data;
  const fromRefresh = ((card?.refresh as { action?: { data?: { ticket?: number } } } | undefined)?.action?.data?.ticket);
  return (data?.ticket as number | undefined) ?? fromRefresh;
}
