// What escalation needs from the bot, as small interfaces the composition root fills (the bot's
// MessageRouter, MailflowDoctorBot, language settings and last-diagnosis state satisfy them as
// they are). Escalation imports nothing from src/bot or dialogs/: it is handed these objects, the
// way a Teams SDK v2 plugin is handed its app.
import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import type { Lang } from '../diagnosis/types';
import type { StoredPaste } from '../storage';

/** Where typed commands and the "Escalate" button are registered. */
export interface CommandHost {
  onTextCommand(handler: (context: TurnContext, text: string) => Promise<boolean>): unknown;
  onCardAction(action: 'escalate', handler: (context: TurnContext) => Promise<void>): unknown;
}

/** Where `adaptiveCard/action` invokes (the ticket cards' buttons) are registered. */
export interface InvokeHost {
  onAdaptiveCardAction(handler: (context: TurnContext, value: AdaptiveCardInvokeValue) => Promise<AdaptiveCardInvokeResponse>): unknown;
}

/** The language a turn is answered in. */
export interface TurnLanguage {
  languageFor(context: TurnContext): Promise<Lang>;
}

/** The last diagnosis of this user in this conversation: only its paste is used. */
export interface LastPasteSource {
  get(context: TurnContext): Promise<{ paste?: StoredPaste } | undefined>;
}
