// The `data` of every Action.Submit the bot's cards carry. The bot reads it back from
// activity.value; these shapes are the contract between the cards and src/bot/.

/** Buttons that answer the conversation like a typed command would. */
export type CardCommand = 'skip' | 'noData' | 'startOver' | 'help' | 'cancel';

/** Every button of a case's cards names the case, so an old card cannot act on a newer case. */
interface CaseScoped {
  caseId?: string;
}

export interface CommandData extends CaseScoped {
  action: 'command';
  command: CardCommand;
}

export interface FeedbackData extends CaseScoped {
  action: 'feedback';
  findingId: string;
  helpful: boolean;
}

export interface EscalateData extends CaseScoped {
  action: 'escalate';
  findingId?: string;
}

export type CardActionData = CommandData | FeedbackData | EscalateData;

const scoped = (caseId: string | undefined): CaseScoped => (caseId ? { caseId } : {});

export const commandData = (command: CardCommand, caseId?: string): CommandData => ({ action: 'command', command, ...scoped(caseId) });

export const feedbackData = (findingId: string, helpful: boolean, caseId?: string): FeedbackData => ({
  action: 'feedback',
  findingId,
  helpful,
  ...scoped(caseId),
});

export const escalateData = (findingId?: string, caseId?: string): EscalateData => ({
  action: 'escalate',
  ...(findingId ? { findingId } : {}),
  ...scoped(caseId),
});
