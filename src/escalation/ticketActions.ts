// What Assign to me, Unassign, Resolve and Reopen do to a ticket, decided on the version just read
// (TicketStore.update re-runs this after an eTag conflict, so the loser of a race sees the winner).
import { redactSecrets } from '../security/redactSecrets';
import type { Mutation } from './ticketStore';
import type { Person, Ticket, TicketChange, TicketVerb } from './types';

export const MAX_RESOLUTION_CHARS = 1000;

export type { TicketChange } from './types';

export interface ActionResult {
  change?: TicketChange;
  /** Told to the person who pressed the button, on their copy of the card. */
  notice?: { key: string; params?: Record<string, string> };
}

export function applyTicketAction(ticket: Ticket, verb: TicketVerb, actor: Person, resolutionNote: string | undefined, now: Date): Mutation<ActionResult> {
  const at = now.toISOString();
  switch (verb) {
    case 'assign':
      if (ticket.status === 'resolved') return refused('escalation.notice.alreadyResolved', ticket.resolution?.by ?? actor);
      if (ticket.assignee && ticket.assignee.id !== actor.id) return refused('escalation.notice.alreadyAssigned', ticket.assignee);
      if (ticket.assignee) return { refused: {} };
      ticket.assignee = actor;
      ticket.status = 'assigned';
      ticket.history.push({ at, by: actor, action: 'assigned' });
      return { ticket, result: { change: 'assigned' } };
    case 'unassign':
      if (ticket.status === 'resolved') return refused('escalation.notice.alreadyResolved', ticket.resolution?.by ?? actor);
      if (!ticket.assignee) return { refused: {} };
      delete ticket.assignee;
      ticket.status = 'open';
      ticket.history.push({ at, by: actor, action: 'unassigned' });
      return { ticket, result: { change: 'unassigned' } };
    case 'resolve': {
      if (ticket.status === 'resolved') return refused('escalation.notice.alreadyResolved', ticket.resolution?.by ?? actor);
      const note = resolutionNote?.trim().slice(0, MAX_RESOLUTION_CHARS);
      if (!note) return { refused: { notice: { key: 'escalation.notice.noteRequired' } } };
      ticket.status = 'resolved';
      ticket.resolution = { note: redactSecrets(note), by: actor, at };
      ticket.assignee ??= actor;
      ticket.history.push({ at, by: actor, action: 'resolved' });
      return { ticket, result: { change: 'resolved' } };
    }
    case 'reopen':
      if (ticket.status !== 'resolved') return { refused: { notice: { key: 'escalation.notice.notResolved' } } };
      delete ticket.resolution;
      ticket.status = ticket.assignee ? 'assigned' : 'open';
      ticket.history.push({ at, by: actor, action: 'reopened' });
      return { ticket, result: { change: 'reopened' } };
    case 'refresh':
      return { refused: {} };
  }
}

function refused(key: string, person: Person): Mutation<ActionResult> {
  return { refused: { notice: { key, params: { name: person.name || person.id } } } };
}
