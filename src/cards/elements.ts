// Small typed builders for the Adaptive Card 1.5 elements the bot uses. Cards are plain JSON.
import { CardFactory, type Attachment } from 'botbuilder';
import type { Lang } from '../diagnosis/types';
import { CARD_TARGET_BYTES, fitCard } from './budget';
import { escapeMarkdown, plainText } from './escape';

export const CARD_VERSION = '1.5';
export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
/** Teams refuses large cards; every card is built to stay below this. */
export const MAX_CARD_BYTES = CARD_TARGET_BYTES;

export type TextColor = 'default' | 'dark' | 'light' | 'accent' | 'good' | 'warning' | 'attention';
export type Spacing = 'none' | 'small' | 'default' | 'medium' | 'large' | 'extraLarge' | 'padding';

export interface TextBlock {
  type: 'TextBlock';
  /** Marks what a card is (tests and other areas recognise cards by it). */
  id?: string;
  text: string;
  wrap: true;
  size?: 'small' | 'default' | 'medium' | 'large' | 'extraLarge';
  weight?: 'lighter' | 'default' | 'bolder';
  color?: TextColor;
  isSubtle?: boolean;
  style?: 'default' | 'heading';
  spacing?: Spacing;
  separator?: boolean;
}

export interface TextRun {
  type: 'TextRun';
  text: string;
  fontType?: 'default' | 'monospace';
  weight?: 'lighter' | 'default' | 'bolder';
  isSubtle?: boolean;
}

export interface RichTextBlock {
  type: 'RichTextBlock';
  inlines: TextRun[];
  spacing?: Spacing;
}

export interface FactSet {
  type: 'FactSet';
  facts: { title: string; value: string }[];
  spacing?: Spacing;
}

export interface Container {
  type: 'Container';
  items: CardElement[];
  style?: 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';
  spacing?: Spacing;
  separator?: boolean;
}

/** A one-line or multi-line text box; Teams merges its value into the action's data under `id`. */
export interface TextInput {
  type: 'Input.Text';
  id: string;
  label: string;
  placeholder?: string;
  isMultiline?: boolean;
  maxLength?: number;
  isRequired?: boolean;
  errorMessage?: string;
  spacing?: Spacing;
}

/**
 * Teams' code block (a copy button, PowerShell highlighting). Not part of Adaptive Cards 1.5:
 * clients that do not know it (the Agents Playground, the adaptivecards renderer, older
 * Teams) render its `fallback`, a monospace RichTextBlock.
 */
export interface CodeBlock {
  type: 'CodeBlock';
  codeSnippet: string;
  language: 'PowerShell';
  spacing?: Spacing;
  fallback: RichTextBlock;
}

/** Element types beyond the 1.5 schema; each must carry a 1.5 `fallback`. */
export const TEAMS_EXTENSION_TYPES: readonly string[] = ['CodeBlock'];

export type CardElement = TextBlock | RichTextBlock | FactSet | Container | TextInput | CodeBlock;

export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: Record<string, unknown>;
  style?: 'default' | 'positive' | 'destructive';
}

export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

/** Universal Actions: an `adaptiveCard/action` invoke whose response replaces the card in place. */
export interface ExecuteAction {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data?: Record<string, unknown>;
  style?: 'default' | 'positive' | 'destructive';
}

/** A card revealed under the buttons (for example a text box and its own button). */
export interface ShowCardAction {
  type: 'Action.ShowCard';
  title: string;
  card: { type: 'AdaptiveCard'; body: CardElement[]; actions?: CardAction[] };
}

export type CardAction = SubmitAction | OpenUrlAction | ExecuteAction | ShowCardAction;

/** Teams asks the bot for a fresh card (an `adaptiveCard/action` invoke) when one of `userIds` views it. */
export interface CardRefresh {
  action: ExecuteAction;
  userIds?: string[];
}

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: typeof CARD_VERSION;
  body: CardElement[];
  actions?: CardAction[];
  fallbackText?: string;
  refresh?: CardRefresh;
}

/**
 * `lang` is accepted for the callers' convenience but not written: the adaptivecards library
 * validates it with a /g regex that fails every other call, and Teams does not need it.
 */
export function adaptiveCard(body: CardElement[], actions: CardAction[] = [], _lang?: string): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: CARD_VERSION,
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

/** The attachment a card is sent as; a card over HARD_CARD_BYTES is shortened first (budget.ts). */
export function cardAttachment(card: AdaptiveCard, lang?: Lang): Attachment {
  return CardFactory.adaptiveCard(fitCard(card, lang));
}

export function cardBytes(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

type TextOptions = Omit<TextBlock, 'type' | 'text' | 'wrap'>;

/** Our own words (from the locale files). They may use the markdown the locale author wrote. */
export function text(value: string, options: TextOptions = {}): TextBlock {
  return { type: 'TextBlock', text: value, wrap: true, ...options };
}

/** Words that came from a paste or from the engine's rendering of one: shown literally. */
export function untrustedText(value: string, options: TextOptions = {}): TextBlock {
  return text(escapeMarkdown(value), options);
}

export function heading(value: string, options: TextOptions = {}): TextBlock {
  return text(value, { size: 'medium', weight: 'bolder', style: 'heading', spacing: 'medium', ...options });
}

/** A command in Teams' CodeBlock (copy button); elsewhere a monospace TextRun that wraps. Neither
 *  is parsed as markdown, so the command a user copies is exactly the command that was built. */
export function commandBlock(command: string): CodeBlock {
  const snippet = plainText(command);
  return {
    type: 'CodeBlock',
    codeSnippet: snippet,
    language: 'PowerShell',
    spacing: 'small',
    fallback: { type: 'RichTextBlock', spacing: 'small', inlines: [{ type: 'TextRun', text: wrappable(snippet), fontType: 'monospace' }] },
  };
}

/**
 * The same command with a space after each comma and semicolon outside quotes (`fl Name, Fqdn` is
 * the same PowerShell as `fl Name,Fqdn`, `@{a='x'; b='y'}` as `@{a='x';b='y'}`), so a long property list can wrap where the client breaks no word.
 * Quoted values (a TlsCertificateName) are left exactly as they are.
 */
export function wrappable(command: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i] as string;
    out += c;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if ((c === ',' || c === ';') && command[i + 1] !== ' ' && command[i + 1] !== undefined) out += ' ';
  }
  return out;
}

export function facts(entries: { title: string; value: string }[]): FactSet {
  return { type: 'FactSet', facts: entries };
}

export function container(items: CardElement[], options: Omit<Container, 'type' | 'items'> = {}): Container {
  return { type: 'Container', items, ...options };
}

export function submit(title: string, data: Record<string, unknown>, style?: SubmitAction['style']): SubmitAction {
  return { type: 'Action.Submit', title, data, ...(style ? { style } : {}) };
}
