// Which language to answer in, per turn, from state: the rules are in src/i18n/language.ts.
import type { BotState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { Lang } from '../diagnosis/types';
import { chooseLanguage, languageOfOwnWords } from '../i18n/language';
import { turnInput } from './turnInput';

export { chooseLanguage, languageOfOwnWords, userWrittenLines, type LanguageSignals } from '../i18n/language';

// ---------------------------------------------------------------- per turn, from state

export interface TurnLanguage {
  /** The language for this turn (computed once per turn). */
  languageFor(context: TurnContext): Promise<Lang>;
  /** Remembers the user's explicit choice; later turns use it first. */
  setPreference(context: TurnContext, lang: Lang): Promise<void>;
}

const TURN_LANGUAGE = Symbol('mailflowDoctor.language');

export class LanguageSettings implements TurnLanguage {
  private readonly preference: StatePropertyAccessor<Lang | undefined>;
  private readonly detected: StatePropertyAccessor<Lang | undefined>;

  /**
   * @param userState remembers the explicit choice per user, across conversations.
   * @param conversationUserState remembers the detected language per user in this conversation.
   */
  constructor(userState: BotState, conversationUserState: BotState) {
    this.preference = userState.createProperty<Lang | undefined>('language');
    this.detected = conversationUserState.createProperty<Lang | undefined>('detectedLanguage');
  }

  async languageFor(context: TurnContext): Promise<Lang> {
    const cached = context.turnState.get(TURN_LANGUAGE) as Lang | undefined;
    if (cached) return cached;
    const ownWords = languageOfOwnWords(turnInput(context).text);
    if (ownWords) await this.detected.set(context, ownWords);
    const lang = chooseLanguage({
      preference: await this.preference.get(context),
      ownWords,
      earlierWords: await this.detected.get(context),
      locale: context.activity.locale,
    });
    context.turnState.set(TURN_LANGUAGE, lang);
    return lang;
  }

  async setPreference(context: TurnContext, lang: Lang): Promise<void> {
    await this.preference.set(context, lang);
    context.turnState.set(TURN_LANGUAGE, lang);
  }
}
