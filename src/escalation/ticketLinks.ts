// Teams deep links for tickets: the thread or message an escalation came from, and a 1:1 chat with
// the requester. Only ids Teams itself sent go into them, each URI-encoded.
import type { Activity } from 'botbuilder';

const TEAMS = 'https://teams.microsoft.com';

/** Opens (or starts) a 1:1 chat with the user: a UPN or the Entra object id. */
export function chatWithLink(user: string): string {
  return `${TEAMS}/l/chat/0/0?users=${encodeURIComponent(user)}`;
}

interface TeamsChannelData {
  team?: { id?: string; aadGroupId?: string; name?: string };
  channel?: { id?: string; name?: string };
  tenant?: { id?: string };
}

/** The link to the thread (channel) or the message (group chat) the activity belongs to. */
export function originLink(activity: Partial<Activity>): string | undefined {
  const conversationId = activity.conversation?.id;
  if (!conversationId) return undefined;
  const type = activity.conversation?.conversationType;
  const data = (activity.channelData ?? {}) as TeamsChannelData;
  const tenantId = data.tenant?.id ?? activity.conversation?.tenantId;
  if (type === 'channel') {
    const [channelId, thread] = conversationId.split(';messageid=');
    const parent = thread ?? activity.id;
    if (!parent) return undefined;
    const params = new URLSearchParams();
    if (tenantId) params.set('tenantId', tenantId);
    if (data.team?.aadGroupId) params.set('groupId', data.team.aadGroupId);
    params.set('parentMessageId', parent);
    return `${TEAMS}/l/message/${encodeURIComponent(channelId)}/${encodeURIComponent(parent)}?${params.toString()}`;
  }
  if (type === 'groupChat') {
    const messageId = activity.replyToId ?? activity.id;
    if (!messageId) return undefined;
    return `${TEAMS}/l/message/${encodeURIComponent(conversationId)}/${encodeURIComponent(messageId)}?context=${encodeURIComponent('{"contextType":"chat"}')}`;
  }
  return undefined;
}
