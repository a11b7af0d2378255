// State per user per conversation: several people can talk to the bot in one channel thread,
// each with their own dialog. ConversationState would make them share one.
import { BotState, type Storage, type TurnContext } from 'botbuilder';

export function conversationUserKey(context: TurnContext): string {
  const { channelId, conversation, from } = context.activity;
  if (!channelId || !conversation?.id || !from?.id) {
    throw new Error('ConversationUserState needs activity.channelId, conversation.id and from.id');
  }
  return `${channelId}/conversations/${conversation.id}/users/${from.id}`;
}

export class ConversationUserState extends BotState {
  constructor(storage: Storage) {
    super(storage, async (context) => conversationUserKey(context));
  }
}
