// Teams invoke activities as Teams sends them, posted to the real server's /api/messages.
// Without MicrosoftAppId the server accepts them unauthenticated; an invoke's answer comes back
// as the HTTP response body (no connector needed, nothing is sent to serviceUrl).
import { randomUUID } from 'node:crypto';

export interface InvokeReply {
  status: number;
  body: any;
}

export function invokeActivity(name: string, value: unknown, locale = 'en-US'): Record<string, unknown> {
  return {
    type: 'invoke',
    name,
    id: `f:${randomUUID()}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    // Nothing listens here: an invoke turn that tried to send activities would fail loudly.
    serviceUrl: 'http://127.0.0.1:9/',
    from: { id: '29:1a2b3c-user', name: 'Aiko Tanaka', aadObjectId: '6f1d2c3b-4a59-4e2d-8c7b-1a2b3c4d5e6f' },
    recipient: { id: '28:mailflow-doctor-bot', name: 'Mailflow Doctor' },
    conversation: { id: 'a:1personal-chat', conversationType: 'personal', tenantId: '72f988bf-0000-0000-0000-000000000000' },
    channelData: { tenant: { id: '72f988bf-0000-0000-0000-000000000000' }, source: { name: 'compose' } },
    locale,
    value,
  };
}

export async function postInvoke(endpoint: string, activity: Record<string, unknown>): Promise<InvokeReply> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** The Adaptive Card of a `{ task: { type: 'continue', value: { card } } }` answer. */
export function taskCard(reply: InvokeReply): any {
  const attachment = reply.body?.task?.value?.card;
  if (reply.status !== 200 || reply.body?.task?.type !== 'continue' || !attachment) {
    throw new Error(`expected a card task, got ${reply.status} ${JSON.stringify(reply.body)?.slice(0, 300)}`);
  }
  if (attachment.contentType !== 'application/vnd.microsoft.card.adaptive') throw new Error(`not an Adaptive Card: ${attachment.contentType}`);
  return attachment.content;
}

/** Every string in a card, in document order (for asserting extracted values appear). */
export function cardStrings(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(cardStrings);
  if (node && typeof node === 'object') return Object.values(node).flatMap(cardStrings);
  return [];
}
