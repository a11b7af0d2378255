// What escalation reads from a Teams activity: who, where, which tenant.
import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { OriginKind, Person, StoredReference } from './types';

export function person(context: TurnContext): Person {
  const from = context.activity.from ?? { id: '', name: '' };
  return { id: from.id, name: from.name ?? '', ...(from.aadObjectId ? { aadObjectId: from.aadObjectId } : {}) };
}

/** The tenant Teams names for this activity (channelData first, as Teams sends it). */
export function tenantOf(context: TurnContext): string | undefined {
  const { activity } = context;
  return (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? activity.conversation?.tenantId;
}

export function reference(context: TurnContext): StoredReference {
  const { activity } = context;
  const tenantId = tenantOf(context);
  return {
    serviceUrl: activity.serviceUrl,
    channelId: activity.channelId,
    conversationId: activity.conversation.id,
    ...(activity.conversation.conversationType ? { conversationType: activity.conversation.conversationType } : {}),
    ...(tenantId ? { tenantId } : {}),
    botId: activity.recipient?.id ?? '',
    ...(activity.recipient?.name ? { botName: activity.recipient.name } : {}),
  };
}

export function originKind(conversationType: string | undefined): OriginKind {
  if (conversationType === 'channel') return 'channel';
  if (conversationType === 'groupChat') return 'groupChat';
  return 'personal';
}

/** A conversation of the expert channel (its threads are "19:…;messageid=…"). */
export function sameChannel(conversationId: string | undefined, teamsChannelId: string): boolean {
  return conversationId !== undefined && conversationId.split(';')[0] === teamsChannelId;
}

export async function userPrincipalName(context: TurnContext): Promise<{ userPrincipalName?: string }> {
  try {
    const member = await TeamsInfo.getMember(context, context.activity.from.id);
    return member?.userPrincipalName ? { userPrincipalName: member.userPrincipalName } : {};
  } catch {
    return {};
  }
}

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : String(error);
}
