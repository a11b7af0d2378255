// The paste dialog, opened by the bot as a Teams dialog (task module) at /dialog.
// Bundled with esbuild into dist/web/dialog/page.js (npm run build:web); strings and commands are
// bundled in, so the page needs nothing but its own origin (Content-Security-Policy script-src 'self').
import { app, dialog } from '@microsoft/teams-js';
import en from '../../locales/en/dialog.json';
import ja from '../../locales/ja/dialog.json';
import { commands } from '../../src/diagnosis/commands';
import { MAX_PASTE_BYTES, utf8Bytes, type PastePayload } from '../../src/web/pastePayload';

type Lang = 'en' | 'ja';
type StringKey = keyof typeof en;
type CommandName = 'transportEvents' | 'retryQueuesList' | 'listCertificates' | 'hybridSendConnectors';

const STRINGS: Record<Lang, Record<StringKey, string>> = { en, ja };
const SHOWN_COMMANDS: Record<CommandName, () => string> = {
  transportEvents: commands.transportEvents,
  retryQueuesList: commands.retryQueuesList,
  listCertificates: commands.listCertificates,
  hybridSendConnectors: commands.hybridSendConnectors,
};
/** Outside Teams, app.initialize() never settles inside a frame; give up after this. */
const INITIALIZE_TIMEOUT_MS = 10_000;

let lang: Lang = 'en';

function langOf(locale: string | null | undefined): Lang {
  return locale?.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

function message(key: StringKey, params: Record<string, string | number> = {}): string {
  return STRINGS[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} missing from index.html`);
  return found as T;
}

function applyLanguage(next: Lang): void {
  lang = next;
  document.documentElement.lang = next;
  document.querySelectorAll<HTMLElement>('[data-i18n]').forEach((node) => {
    node.textContent = message(node.dataset.i18n as StringKey);
  });
  document.querySelectorAll<HTMLTextAreaElement>('[data-i18n-placeholder]').forEach((node) => {
    node.placeholder = message(node.dataset.i18nPlaceholder as StringKey);
  });
}

function applyTheme(theme: string | undefined): void {
  document.documentElement.dataset.theme = theme === 'dark' || theme === 'contrast' ? theme : 'default';
}

function showCommands(): void {
  document.querySelectorAll<HTMLElement>('[data-command]').forEach((node) => {
    node.textContent = SHOWN_COMMANDS[node.dataset.command as CommandName]();
  });
}

function showStatus(text: string, kind: 'problem' | 'progress' = 'problem'): void {
  const status = element<HTMLParagraphElement>('status');
  status.textContent = text;
  status.dataset.kind = kind;
}

function readPayload(): PastePayload {
  return {
    errorText: element<HTMLTextAreaElement>('error-text').value,
    configText: element<HTMLTextAreaElement>('config-text').value,
  };
}

/** Why the payload cannot be sent, or undefined when it can. */
function payloadProblem(payload: PastePayload): string | undefined {
  if (!payload.errorText.trim() && !payload.configText.trim()) return message('dialog.empty');
  const bytes = utf8Bytes(payload.errorText) + utf8Bytes(payload.configText);
  if (bytes > MAX_PASTE_BYTES) {
    return message('dialog.tooLarge', { size: Math.ceil(bytes / 1024), limit: MAX_PASTE_BYTES / 1024 });
  }
  return undefined;
}

function onSubmit(event: SubmitEvent): void {
  event.preventDefault();
  const payload = readPayload();
  const problem = payloadProblem(payload);
  if (problem) {
    showStatus(problem);
    return;
  }
  element<HTMLButtonElement>('submit').disabled = true;
  showStatus(message('dialog.sending'), 'progress');
  dialog.url.submit(payload);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}

async function connectToTeams(): Promise<void> {
  await withTimeout(app.initialize(), INITIALIZE_TIMEOUT_MS);
  const context = await app.getContext();
  applyLanguage(langOf(context.app.locale));
  applyTheme(context.app.theme);
  app.registerOnThemeChangeHandler(applyTheme);
  element<HTMLButtonElement>('submit').disabled = false;
}

function start(): void {
  // The bot puts the invoke's locale in the URL, so the first paint is already in the right language.
  applyLanguage(langOf(new URLSearchParams(location.search).get('lang') ?? navigator.language));
  showCommands();
  element<HTMLFormElement>('paste-form').addEventListener('submit', onSubmit);
  connectToTeams().catch(() => showStatus(message('dialog.notInTeams')));
}

start();
