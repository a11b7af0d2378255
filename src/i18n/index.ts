// Every user-facing string lives in locales/<lang>/*.json (flat keys, `{name}` placeholders).
// Files are merged per language, so each area (findings, bot, cards, …) keeps its own file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Lang, Message } from '../diagnosis/types';

export const LANGS: readonly Lang[] = ['en', 'ja'];
type Catalogue = Record<string, string>;

function findLocalesDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'locales');
    if (fs.existsSync(path.join(candidate, 'en'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('locales/ directory not found');
}

function loadLanguage(dir: string, lang: Lang): Catalogue {
  const folder = path.join(dir, lang);
  const merged: Catalogue = {};
  for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.json')).sort()) {
    const entries = JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')) as Catalogue;
    for (const [key, value] of Object.entries(entries)) {
      if (key in merged) throw new Error(`duplicate locale key ${key} in ${lang}/${file}`);
      merged[key] = value;
    }
  }
  return merged;
}

const localesDir = findLocalesDir();
const catalogues: Record<Lang, Catalogue> = {
  en: loadLanguage(localesDir, 'en'),
  ja: loadLanguage(localesDir, 'ja'),
};

export function hasKey(lang: Lang, key: string): boolean {
  return key in catalogues[lang];
}

export function keys(lang: Lang): string[] {
  return Object.keys(catalogues[lang]);
}

/** The message in `lang`, falling back to English, then to the key itself. */
export function t(lang: Lang, key: string, params?: Record<string, string | number>): string {
  const template = catalogues[lang][key] ?? catalogues.en[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function render(lang: Lang, message: Message): string {
  return t(lang, message.key, message.params);
}

export function toLang(value: string | undefined | null): Lang | undefined {
  if (!value) return undefined;
  const lower = value.toLowerCase();
  if (lower.startsWith('ja')) return 'ja';
  if (lower.startsWith('en')) return 'en';
  return undefined;
}
