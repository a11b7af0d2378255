// The `data` of every Action.Submit the bot's cards carry. The bot reads it back from
// activity.value; these shapes are the contract between the cards and src/bot/.

/** Buttons that answer the conversation like a typed command would. */
export type CardCommand = 'skip' | 'noData' | 'startOver' | 'help' | 'cancel';

export interface CommandData {
  action: 'command';
  command: CardCommand;
}

export interface FeedbackData {
  action: 'feedback';
  findingId: string;
  helpful: boolean;
}

export interface EscalateData {
  action: 'escalate';
  findingId?: string;
}

export type CardActionData = CommandData | FeedbackData | EscalateData;

export const commandData = (command: CardCommand): CommandData => ({ action: 'command', command });

export const feedbackData = (findingId: string, helpful: boolean): FeedbackData => ({
  action: 'feedback',
  findingId,
  helpful,
});

export const escalateData = (findingId?: string): EscalateData => ({
  action: 'escalate',
  ...(findingId ? { findingId } : {}),
});
