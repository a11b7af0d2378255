// Proactive calls to the Bot Connector for tickets: a new thread in the expert channel, updates of
// a posted card, messages to the requester. Connector clients come from the same
// BotFrameworkAuthentication as the adapter's (so with MicrosoftAppId set they carry the bot's
// token; without it they go unauthenticated, as local runs do), but outside any turn: no
// middleware (dedupe, rate limits) sees these calls.
import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  ClaimsIdentity,
  type BotFrameworkAuthentication,
  type ConnectorClient,
} from 'botframework-connector';
import { DEFAULT_CALL_TIMEOUT_MS, withCallTimeout, withRetry, withoutBuiltInRetry, type RetryPolicy } from './connectorRetry';
import type { ExpertChannel, StoredReference } from './types';

export interface PostedActivity {
  conversationId: string;
  activityId: string;
}

/** What the escalation needs from the Bot Connector; tests can use the real one against a local fake. */
export interface ConnectorGateway {
  /** Posts `activity` as a new thread in the channel. */
  createThread(channel: ExpertChannel, activity: Partial<Activity>, policy: RetryPolicy): Promise<PostedActivity>;
  /** Replaces a posted message (the same card, changed). */
  update(reference: StoredReference, posted: PostedActivity, activity: Partial<Activity>, policy: RetryPolicy): Promise<void>;
  /** A new message in the conversation; returns its activity id. */
  send(reference: StoredReference, activity: Partial<Activity>, policy: RetryPolicy): Promise<string | undefined>;
}

export class BotConnectorGateway implements ConnectorGateway {
  constructor(
    private readonly authentication: BotFrameworkAuthentication,
    private readonly appId: string,
    /** Each connector call is abandoned after this long (ConnectorTimeoutError, retried per policy). */
    private readonly callTimeoutMs: number = DEFAULT_CALL_TIMEOUT_MS,
  ) {}

  async createThread(channel: ExpertChannel, activity: Partial<Activity>, policy: RetryPolicy): Promise<PostedActivity> {
    const { reference } = channel;
    const client = await this.client(reference);
    const tenantId = channel.tenantId ?? reference.tenantId;
    const created = await withRetry(
      () =>
        client.conversations.createConversation({
          isGroup: true,
          bot: { id: reference.botId, name: reference.botName ?? '' },
          channelData: { channel: { id: channel.teamsChannelId }, ...(tenantId ? { tenant: { id: tenantId } } : {}) },
          ...(tenantId ? { tenantId } : {}),
          activity: { ...activity, type: 'message' } as Activity,
          members: [],
        }),
      policy,
    );
    const conversationId = created.id ?? '';
    const activityId = created.activityId ?? messageIdOf(conversationId) ?? '';
    return { conversationId, activityId };
  }

  async update(reference: StoredReference, posted: PostedActivity, activity: Partial<Activity>, policy: RetryPolicy): Promise<void> {
    const client = await this.client(reference);
    const full = this.outgoing(reference, posted.conversationId, { ...activity, id: posted.activityId });
    await withRetry(() => client.conversations.updateActivity(posted.conversationId, posted.activityId, full), policy);
  }

  async send(reference: StoredReference, activity: Partial<Activity>, policy: RetryPolicy): Promise<string | undefined> {
    const client = await this.client(reference);
    const full = this.outgoing(reference, reference.conversationId, activity);
    const sent = await withRetry(() => client.conversations.sendToConversation(reference.conversationId, full), policy);
    return sent.id;
  }

  private outgoing(reference: StoredReference, conversationId: string, activity: Partial<Activity>): Activity {
    return {
      type: 'message',
      ...activity,
      channelId: reference.channelId,
      serviceUrl: reference.serviceUrl,
      from: { id: reference.botId, name: reference.botName ?? '' },
      conversation: { id: conversationId, isGroup: reference.conversationType !== 'personal', conversationType: reference.conversationType ?? '', name: '', ...(reference.tenantId ? { tenantId: reference.tenantId } : {}) },
    } as Activity;
  }

  private async client(reference: StoredReference): Promise<ConnectorClient> {
    const identity = new ClaimsIdentity(
      [
        { type: AuthenticationConstants.AudienceClaim, value: this.appId },
        { type: AuthenticationConstants.AppIdClaim, value: this.appId },
      ],
      true,
    );
    const factory = this.authentication.createConnectorFactory(identity);
    const client = await factory.create(reference.serviceUrl, AuthenticationConstants.ToChannelFromBotOAuthScope);
    return withCallTimeout(withoutBuiltInRetry(client), this.callTimeoutMs);
  }
}

/** "19:…@thread.tacv2;messageid=1700000000000" → "1700000000000". */
export function messageIdOf(conversationId: string): string | undefined {
  return /;messageid=(\d+)/.exec(conversationId)?.[1];
}
