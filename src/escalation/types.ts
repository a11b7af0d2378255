// What a ticket is, as stored. Pasted text lives only in `input.paste` (src/storage retention
// convention), so it expires after RETENTION_DAYS while the rest of the ticket stays.
import type { Lang, StepKind } from '../diagnosis/types';
import type { StoredPaste } from '../storage';

export type TicketStatus = 'open' | 'assigned' | 'resolved';
/** What the ticket card's buttons ask for (Action.Execute verbs). */
export const TICKET_VERBS = ['assign', 'unassign', 'resolve', 'reopen', 'refresh'] as const;
export type TicketVerb = (typeof TICKET_VERBS)[number];
export type TicketChange = 'assigned' | 'unassigned' | 'resolved' | 'reopened';
export type DeliveryState = 'pending' | 'sending' | 'delivered' | 'failed';
export type OriginKind = 'personal' | 'groupChat' | 'channel';

/** Enough of a Bot Framework ConversationReference to continue that conversation later. */
export interface StoredReference {
  serviceUrl: string;
  channelId: string;
  conversationId: string;
  conversationType?: string;
  tenantId?: string;
  botId: string;
  botName?: string;
}

export interface Person {
  /** Teams user id (29:…). */
  id: string;
  name: string;
  aadObjectId?: string;
}

export interface Requester extends Person {
  /** The language the requester is answered in. */
  lang: Lang;
  /** For the "Chat with" link, when Teams told us. */
  userPrincipalName?: string;
}

export interface TicketOrigin {
  kind: OriginKind;
  /** Where to tell the requester about changes (the 1:1 chat, or the thread they asked from). */
  reference: StoredReference;
  /** Deep link to the message or thread (channels and group chats). */
  link?: string;
}

export interface TicketStep {
  kind: StepKind;
  title: string;
  command?: string;
}

export interface TicketFinding {
  id: string;
  /** The title in each language (experts and requester may read different ones). */
  titles: Record<Lang, string>;
  confidence: number;
  evidence: { source: string; text: string }[];
  steps: TicketStep[];
}

export interface Delivery {
  state: DeliveryState;
  attempts: number;
  /** ISO time; the retry loop leaves the ticket alone before it. */
  nextAttemptAt?: string;
  /** ISO time until which one instance holds the right to post it. */
  claimedUntil?: string;
  lastError?: string;
  /** The thread created in the expert channel: its conversation id and the card's activity id. */
  conversationId?: string;
  activityId?: string;
  deliveredAt?: string;
  /**
   * The last attempt may have reached Teams without us hearing back (the process died while
   * posting, or the connection broke after the request went out): the next post may be a repeat.
   */
  uncertain?: boolean;
  /** This post followed an uncertain one, so Teams may show an earlier copy; the card says so. */
  possibleRepeat?: boolean;
}

export interface TicketEvent {
  at: string;
  by: Person;
  action: 'created' | 'assigned' | 'unassigned' | 'resolved' | 'reopened';
}

export interface Ticket {
  number: number;
  /** What makes a second escalation of the same thing the same ticket. */
  idempotencyKey: string;
  status: TicketStatus;
  createdAt: string;
  updatedAt: string;
  requester: Requester;
  origin: TicketOrigin;
  input?: { paste: StoredPaste };
  findings: TicketFinding[];
  note?: string;
  assignee?: Person;
  resolution?: { note: string; by: Person; at: string };
  history: TicketEvent[];
  delivery: Delivery;
  /** The ticket card the requester got, updated in place when the ticket changes. */
  requesterCard?: { conversationId: string; activityId: string };
}

/** The channel tickets are posted to. */
export interface ExpertChannel {
  reference: StoredReference;
  /** Teams channel id (19:…@thread.tacv2); new threads are created in it. */
  teamsChannelId: string;
  teamId?: string;
  tenantId?: string;
  lang: Lang;
  setBy?: Person;
  setAt?: string;
  /** "environment" when it comes from ESCALATION_CHANNEL_ID and friends. */
  source: 'command' | 'environment';
}
