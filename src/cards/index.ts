// Every card the bot sends. One card per file; each builder returns plain Adaptive Card 1.5 JSON.
export * from './actionData';
export { askInputCard, type AskInputCardOptions, type AskItem, type AskKind } from './askInputCard';
export { diagnosisCard, type DiagnosisCardOptions } from './diagnosisCard';
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
export { helpCard, type HelpCardOptions } from './helpCard';
export { verifyResultCard, verifyVerdict, type VerifyOutcome, type VerifyVerdict } from './verifyResultCard';
export { welcomeCard, type WelcomeCardOptions } from './welcomeCard';
