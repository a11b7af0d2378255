// Every card the bot sends. One card per file; each builder returns plain Adaptive Card 1.5 JSON.
export * from './actionData';
export { ASK_NOT_RECOGNISED_ID, askCardId, askInputCard, type AskInputCardOptions, type AskItem, type AskKind } from './askInputCard';
export { DIAGNOSIS_CARD_ID, diagnosisCard, type DiagnosisCardOptions } from './diagnosisCard';
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
export { verifyResultCard, verifyVerdict, type VerifyOutcome, type VerifyVerdict } from './verifyResultCard';
export { WELCOME_CARD_ID, welcomeCard, type WelcomeCardOptions } from './welcomeCard';
export { pasteGuide, chatCommandsGuide, COLLECTOR_SCRIPT } from './pasteGuide';
