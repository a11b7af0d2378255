// Every card the bot sends. One card per file; each builder returns plain Adaptive Card 1.5 JSON.
export * from './actionData';
export { ASK_NOT_RECOGNISED_ID, askCardId, askInputCard, type AskInputCardOptions, type AskItem, type AskKind } from './askInputCard';
export { CARD_TARGET_BYTES, clip, FIELD_CHARS, fitCard, HARD_CARD_BYTES } from './budget';
export { DIAGNOSIS_CARD_ID, diagnosisCard, type DiagnosisCardOptions } from './diagnosisCard';
export { ESCALATE_NOTE_CARD_ID, ESCALATE_NOTE_INPUT, escalateNoteCard, type EscalateNoteCardOptions } from './escalateNoteCard';
export {
  adaptiveCard,
  cardAttachment,
  cardBytes,
  CARD_VERSION,
  MAX_CARD_BYTES,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
} from './elements';
export { escapeMarkdown, plainText, trimText } from './escape';
export { HELP_CARD_ID, helpCard, type HelpCardOptions } from './helpCard';
export {
  POSSIBLE_REPEAT_ID,
  RESOLUTION_NOTE_INPUT,
  TICKET_CARD_ID,
  ticketCard,
  type TicketAudience,
  type TicketCardOptions,
  type TicketCardVerb,
  type TicketFindingView,
  type TicketPersonView,
  type TicketView,
} from './ticketCard';
export { TICKET_LIST_CARD_ID, ticketListCard, type TicketListCardOptions, type TicketListKind } from './ticketListCard';
export { verifyResultCard, verifyVerdict, type VerifyOutcome, type VerifyVerdict } from './verifyResultCard';
export { WELCOME_CARD_ID, welcomeCard, type WelcomeCardOptions } from './welcomeCard';
export { pasteGuide, chatCommandsGuide, COLLECTOR_SCRIPT } from './pasteGuide';
