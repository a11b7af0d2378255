// Strips the bot's own @mention once, before any handler reads the text: from activity.text and
// from `text/html` attachments (Teams puts `<at>Mailflow Doctor</at>` in both).
import { TurnContext, type Activity, type Middleware } from 'botbuilder';

export function stripRecipientMention(activity: Partial<Activity>): void {
  const botId = activity.recipient?.id;
  if (!botId) return;
  const mentionTexts = TurnContext.getMentions(activity)
    .filter((mention) => mention.mentioned?.id === botId && typeof mention.text === 'string' && mention.text !== '')
    .map((mention) => mention.text);
  if (mentionTexts.length === 0) return;
  const strip = (value: string): string => mentionTexts.reduce((text, mention) => text.split(mention).join(''), value).trim();
  if (typeof activity.text === 'string') activity.text = strip(activity.text);
  for (const attachment of activity.attachments ?? []) {
    if (attachment?.contentType === 'text/html' && typeof attachment.content === 'string') {
      attachment.content = strip(attachment.content);
    }
  }
}

export class RemoveMentionMiddleware implements Middleware {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (context.activity.type === 'message') stripRecipientMention(context.activity);
    await next();
  }
}
