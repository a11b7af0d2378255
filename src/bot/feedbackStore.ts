// "Helpful" / "Not helpful" on a diagnosis card, stored with the finding id: one vote per user per
// finding per conversation (a second click replaces the first).
import type { Storage, TurnContext } from 'botbuilder';

export interface FeedbackRecord {
  findingId: string;
  helpful: boolean;
  channelId: string;
  conversationId: string;
  userId: string;
  /** The card's activity, when the channel says which one was clicked. */
  replyToId?: string;
  at: string;
}

export class FeedbackStore {
  constructor(
    private readonly storage: Storage,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  static key(record: Pick<FeedbackRecord, 'channelId' | 'conversationId' | 'userId' | 'findingId'>): string {
    return `feedback/${record.channelId}/${record.conversationId}/${record.userId}/${record.findingId}`;
  }

  async record(context: TurnContext, findingId: string, helpful: boolean): Promise<FeedbackRecord> {
    const { channelId, conversation, from, replyToId } = context.activity;
    const record: FeedbackRecord = {
      findingId,
      helpful,
      channelId: channelId ?? '',
      conversationId: conversation?.id ?? '',
      userId: from?.id ?? '',
      ...(replyToId ? { replyToId } : {}),
      at: this.clock().toISOString(),
    };
    await this.storage.write({ [FeedbackStore.key(record)]: { ...record, eTag: '*' } });
    return record;
  }

  async read(key: Parameters<typeof FeedbackStore.key>[0]): Promise<FeedbackRecord | undefined> {
    const items = await this.storage.read([FeedbackStore.key(key)]);
    const item = items[FeedbackStore.key(key)] as (FeedbackRecord & { eTag?: string }) | undefined;
    if (!item) return undefined;
    const { eTag: _eTag, ...record } = item;
    return record;
  }
}
