// Posting Teams-shaped activities to the real server (expectReplies: the replies come back in the body).
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { RunningServer } from '../../src/index';
import { KB } from '../bot/harness';

export const KB_PASTE = (): string => `${KB.eventEn()}\n${KB.certs()}`;

export function teamsMessage(text: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: `1700000${Math.floor(Math.random() * 1e9)}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:1/',
    deliveryMode: 'expectReplies',
    from: { id: `29:user-${randomUUID()}`, name: 'Aiko Tanaka', aadObjectId: randomUUID() },
    recipient: { id: '28:mailflow-doctor', name: 'Mailflow Doctor' },
    conversation: { id: `a:conversation-${randomUUID()}`, conversationType: 'personal', tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' } },
    locale: 'en-US',
    textFormat: 'plain',
    text,
    ...overrides,
  };
}

export interface Reply {
  status: number;
  /** Message activities the bot answered with. */
  activities: Partial<Activity>[];
  /** The parsed body (invoke responses, error bodies). */
  body: Record<string, unknown>;
}

export async function post(server: RunningServer | number, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const port = typeof server === 'number' ? server : server.port;
  const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { raw: text };
  }
  const activities = ((parsed.activities as Partial<Activity>[] | undefined) ?? []).filter((a) => a.type === 'message');
  return { status: response.status, activities, body: parsed };
}
