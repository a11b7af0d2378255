// What a user does in the Microsoft 365 Agents Playground (0.2.x), as Playwright steps. Every wait
// is on something visible in the page; no fixed sleeps.
import type { Locator, Page } from 'playwright-core';

/** The compose box: a Lexical editor (placeholder look-ups do not find it). In a channel the first
 *  one is "Start a new post"; the others are the reply boxes of the posts below it. */
const COMPOSER = '[contenteditable="true"][data-lexical-editor="true"]';
const CARD = '.ac-adaptiveCard';
/** A bot message in a chat (text or card). */
const BOT_MESSAGE = '.fai-OutputCard';

export class PlaygroundPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.composer().waitFor({ state: 'visible' });
  }

  /** "Personal Chat", "Group Chat", or a channel of "My Team": "General", "Announcements". */
  async openConversation(name: string): Promise<void> {
    await this.page.getByText(name, { exact: true }).first().click();
    await this.composer().waitFor({ state: 'visible' });
  }

  composer(): Locator {
    return this.page.locator(COMPOSER).first();
  }

  /** Types a one-line message (keyboard) without sending it. */
  async type(text: string): Promise<void> {
    await this.composer().click();
    await this.page.keyboard.type(text);
  }

  /** Pastes text the way Ctrl+V does (a clipboard `paste` event with text/plain). */
  async paste(text: string): Promise<void> {
    await this.composer().click();
    await this.composer().evaluate((editor, data) => {
      const clipboard = new DataTransfer();
      clipboard.setData('text/plain', data);
      editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: clipboard, bubbles: true, cancelable: true }));
    }, text);
  }

  /**
   * Puts multi-line text into the compose box with its line breaks. The Playground's composer sends
   * only its text nodes: the line breaks of a paste (or of Shift+Enter) are dropped, so "Thumbprint :
   * …\nServices : …" arrives as one run-on line, which real Teams never sends. Text appended as one
   * text node of the editor's state keeps its "\n" through to activity.text.
   */
  async putMultiline(text: string): Promise<void> {
    await this.composer().click();
    await this.composer().evaluate((editor, data) => {
      interface LexicalNodeJson {
        type: string;
        children?: LexicalNodeJson[];
        [key: string]: unknown;
      }
      interface LexicalEditor {
        getEditorState(): { toJSON(): { root: LexicalNodeJson } };
        parseEditorState(state: unknown): unknown;
        setEditorState(state: unknown): void;
      }
      const lexical = (editor as unknown as { __lexicalEditor?: LexicalEditor }).__lexicalEditor;
      if (!lexical) throw new Error('the compose box is not a Lexical editor any more');
      const state = lexical.getEditorState().toJSON();
      const paragraphs = (state.root.children ??= []);
      if (paragraphs.length === 0) paragraphs.push({ type: 'paragraph', children: [], direction: null, format: '', indent: 0, version: 1 });
      const last = paragraphs[paragraphs.length - 1];
      (last.children ??= []).push({ type: 'text', text: data, detail: 0, format: 0, mode: 'normal', style: '', version: 1 });
      lexical.setEditorState(lexical.parseEditorState(state));
    }, text);
    await this.composer().press('End');
  }

  /** @mentions a member through the compose box's mention picker. */
  async mention(name: string): Promise<void> {
    await this.type(`@${name.slice(0, 3)}`);
    await this.page.getByRole('menuitem', { name }).click();
    await this.page.keyboard.type(' ');
  }

  async send(): Promise<void> {
    await this.composer().press('Enter');
    await this.composerEmpty();
  }

  private async composerEmpty(): Promise<void> {
    await this.page.waitForFunction((selector) => (document.querySelector(selector)?.textContent ?? '').trim() === '', COMPOSER);
  }

  /** Cards whose body has an element with this id (the bot's cards give their title an id). */
  cards(id: string): Locator {
    return this.page.locator(CARD, { has: this.page.locator(`[id="${id}"]`) });
  }

  /** Runs `action`, then waits for one more card with this id than before, and returns it. */
  async nextCard(id: string, action: () => Promise<void>, timeout = 20_000): Promise<Locator> {
    const before = await this.cards(id).count();
    await action();
    const card = this.cards(id).nth(before);
    await card.waitFor({ state: 'visible', timeout });
    return card;
  }

  /** Runs `action`, then waits for one more element showing `text` than before (chat or channel). */
  async nextText(text: string, action: () => Promise<void>, timeout = 20_000): Promise<Locator> {
    const shown = this.page.getByText(text);
    const before = await shown.count();
    await action();
    const element = shown.nth(before);
    await element.waitFor({ state: 'visible', timeout });
    return element;
  }

  /** Runs `action`, then waits for a new bot message that contains `text`. */
  async nextBotMessage(text: string, action: () => Promise<void>, timeout = 20_000): Promise<Locator> {
    const messages = this.page.locator(BOT_MESSAGE, { hasText: text });
    const before = await messages.count();
    await action();
    const message = messages.nth(before);
    await message.waitFor({ state: 'visible', timeout });
    return message;
  }
}
