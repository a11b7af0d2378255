// The bot's building blocks, wired together in src/index.ts.
export { parseChatCommand, type ChatCommand } from './chatCommands';
export { ConversationUserState, conversationUserKey } from './conversationUserState';
export { FeedbackStore, type FeedbackRecord } from './feedbackStore';
export { chooseLanguage, languageOfOwnWords, LanguageSettings, userWrittenLines, type TurnLanguage } from './language';
export { MailflowDoctorBot, type MailflowDoctorBotDeps } from './mailflowDoctorBot';
export { MessageRouter, type CardActionHandler, type MessageRouterDeps } from './messageRouter';
export { isFallback, pasteContents, type PasteContents } from './pasteContents';
export { RemoveMentionMiddleware, stripRecipientMention } from './removeMentionMiddleware';
export { looksBinary, MAX_PASTE_BYTES, readTurnInput, turnInput, type TurnInput } from './turnInput';
