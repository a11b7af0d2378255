// Builds the Teams app package: appPackage/mailflow-doctor.zip.
// Fills the ${{NAME}} placeholders of manifest/*.json from the environment (.env is read),
// validates the filled manifest and its localisation files against the schemas that
// @microsoft/app-manifest ships (offline, never fetched), checks the icon sizes, then zips.
// Usage: npm run package        (exits non-zero with the reasons when anything is missing or invalid)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { imageSize } from 'image-size';
import JSZip from 'jszip';

export const MANIFEST_DIR = path.join(__dirname, '..', 'manifest');
export const DEFAULT_OUTPUT = path.join(__dirname, '..', 'appPackage', 'mailflow-doctor.zip');
/** The Teams app id of Mailflow Doctor; a tenant that needs a second copy sets TEAMS_APP_ID. */
export const DEFAULT_TEAMS_APP_ID = '8db1aed6-cc80-42b6-bf0b-4f7bc6e103b9';
export const ICON_SIZES: Readonly<Record<string, number>> = { 'color.png': 192, 'outline.png': 32 };

const PLACEHOLDER = /\$\{\{([A-Z0-9_]+)\}\}/g;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i;
const SCHEMA_URL = /\/json-schemas\/teams\/(v\d+\.\d+)\/(MicrosoftTeams(?:\.Localization)?\.schema\.json)$/;

export class PackagingError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cannot build the Teams app package:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;
type Json = Record<string, unknown>;

/** "https://bot.example.com/" and "bot.example.com" both give "bot.example.com". */
export function botDomainFrom(value: string): string {
  return value.trim().replace(/^https?:\/\//i, '').replace(/\/+$/, '');
}

function appVersion(env: Env): string {
  if (env.APP_VERSION) return env.APP_VERSION;
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** The value of every placeholder, or a PackagingError naming each missing or malformed setting. */
export function placeholderValues(env: Env): Record<string, string> {
  const problems: string[] = [];
  const botId = env.MicrosoftAppId?.trim() ?? '';
  const botDomain = botDomainFrom(env.BOT_DOMAIN ?? '');
  const teamsAppId = env.TEAMS_APP_ID?.trim() || DEFAULT_TEAMS_APP_ID;
  if (!botId) problems.push('MicrosoftAppId is not set: the app (client) id of your Azure Bot resource.');
  else if (!GUID.test(botId)) problems.push(`MicrosoftAppId "${botId}" is not a GUID.`);
  if (!botDomain) problems.push('BOT_DOMAIN is not set: the public host name of the bot, e.g. mailflow-doctor.example.com.');
  else if (!HOST.test(botDomain)) problems.push(`BOT_DOMAIN "${botDomain}" is not a host name (no path, no spaces).`);
  if (!GUID.test(teamsAppId)) problems.push(`TEAMS_APP_ID "${teamsAppId}" is not a GUID.`);
  if (problems.length > 0) throw new PackagingError(problems);

  const website = env.DEVELOPER_WEBSITE_URL?.trim() || `https://${botDomain}/`;
  return {
    APP_VERSION: appVersion(env),
    TEAMS_APP_ID: teamsAppId,
    BOT_ID: botId,
    BOT_DOMAIN: botDomain,
    DEVELOPER_NAME: env.DEVELOPER_NAME?.trim() || 'Mailflow Doctor',
    DEVELOPER_WEBSITE_URL: website,
    PRIVACY_URL: env.PRIVACY_URL?.trim() || website,
    TERMS_URL: env.TERMS_URL?.trim() || website,
  };
}

/** Replaces every ${{NAME}} with its value, JSON-escaped; unknown names are an error. */
export function fillPlaceholders(template: string, values: Record<string, string>, fileName: string): string {
  const unknown = new Set<string>();
  const filled = template.replace(PLACEHOLDER, (whole, name: string) => {
    if (!(name in values)) {
      unknown.add(name);
      return whole;
    }
    return JSON.stringify(values[name]).slice(1, -1);
  });
  if (unknown.size > 0) throw new PackagingError([...unknown].map((name) => `${fileName}: no value for \${{${name}}}`));
  return filled;
}

export function remainingPlaceholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[0]);
}

/** The schema file @microsoft/app-manifest ships for a Teams `$schema` URL; never downloads. */
export function localSchemaPath(schemaUrl: unknown): string {
  const match = typeof schemaUrl === 'string' ? SCHEMA_URL.exec(schemaUrl) : null;
  if (!match) throw new PackagingError([`"$schema" ${JSON.stringify(schemaUrl)} is not a Teams manifest schema URL.`]);
  const file = path.join(teamsSchemasDir(), match[1], match[2]);
  if (!fs.existsSync(file)) throw new PackagingError([`schema ${match[1]}/${match[2]} is not shipped with @microsoft/app-manifest.`]);
  return file;
}

export function teamsSchemasDir(): string {
  const packageDir = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  return path.join(packageDir, 'build', 'json-schemas', 'teams');
}

function readSchema(schemaUrl: unknown): Json {
  return JSON.parse(fs.readFileSync(localSchemaPath(schemaUrl), 'utf8')) as Json;
}

/** Schema errors of a filled manifest, by @microsoft/app-manifest's own validator, offline. */
export async function manifestSchemaErrors(manifest: Json): Promise<string[]> {
  return AppManifestUtils.validateAgainstSchema(manifest as never, readSchema(manifest.$schema) as never);
}

/**
 * Schema errors of a localisation file. Not through AppManifestUtils: its Ajv compiles patterns
 * in Unicode mode, and the shipped Localization schema has a pattern (`\b]`) that Unicode mode rejects.
 */
export function localisationSchemaErrors(strings: Json): string[] {
  const ajv = new AjvDraft04({ allErrors: true, strictTypes: false, unicodeRegExp: false });
  addFormats(ajv, ['uri']);
  const validate = ajv.compile(readSchema(strings.$schema));
  if (validate(strings)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

function valueAtPath(document: unknown, dottedPath: string): unknown {
  const steps = dottedPath.split(/\.|(?=\[)/).map((step) => (step.startsWith('[') ? Number(step.slice(1, -1)) : step));
  let node: unknown = document;
  for (const step of steps) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return node;
}

/** Each localisation key must name a string of the manifest; the default file must match the manifest. */
export function localisationProblems(manifest: Json, files: Record<string, Json>, defaultFile: string): string[] {
  const problems: string[] = [];
  const keySets = Object.entries(files).map(([name, strings]) => [name, Object.keys(strings).filter((k) => k !== '$schema')] as const);
  for (const [name, keys] of keySets) {
    for (const key of keys) {
      const original = valueAtPath(manifest, key);
      if (typeof original !== 'string') problems.push(`${name}: "${key}" names no string in manifest.json`);
      else if (name === defaultFile && files[name][key] !== original) problems.push(`${name}: "${key}" differs from manifest.json`);
    }
  }
  const [first, ...others] = keySets;
  for (const [name, keys] of others) {
    const missing = first[1].filter((k) => !keys.includes(k));
    const extra = keys.filter((k) => !first[1].includes(k));
    if (missing.length > 0) problems.push(`${name} lacks keys of ${first[0]}: ${missing.join(', ')}`);
    if (extra.length > 0) problems.push(`${name} has keys ${first[0]} lacks: ${extra.join(', ')}`);
  }
  return problems;
}

export function iconProblems(icons: Record<string, Buffer>): string[] {
  const problems: string[] = [];
  for (const [name, size] of Object.entries(ICON_SIZES)) {
    const png = icons[name];
    if (!png) {
      problems.push(`${name} is missing (run npm run icons)`);
      continue;
    }
    const dimensions = imageSize(png);
    if (dimensions.type !== 'png') problems.push(`${name} is ${dimensions.type}, not PNG`);
    if (dimensions.width !== size || dimensions.height !== size) {
      problems.push(`${name} is ${dimensions.width}x${dimensions.height}, must be ${size}x${size}`);
    }
  }
  return problems;
}

function localisationFileNames(manifest: Json): { defaultFile?: string; all: string[] } {
  const info = (manifest.localizationInfo ?? {}) as { defaultLanguageFile?: string; additionalLanguages?: { file: string }[] };
  const all = [info.defaultLanguageFile, ...(info.additionalLanguages ?? []).map((l) => l.file)];
  return { defaultFile: info.defaultLanguageFile, all: all.filter((f): f is string => Boolean(f)) };
}

export interface PackageContents {
  /** File name in the zip → content. */
  files: Record<string, Buffer>;
  manifest: Json;
}

/** Fills, reads and validates everything that goes into the package; throws PackagingError with every problem found. */
export async function preparePackage(env: Env, manifestDir = MANIFEST_DIR): Promise<PackageContents> {
  const values = placeholderValues(env);
  const readFilled = (name: string): Json =>
    JSON.parse(fillPlaceholders(fs.readFileSync(path.join(manifestDir, name), 'utf8'), values, name)) as Json;
  const manifest = readFilled('manifest.json');
  const localisation = localisationFileNames(manifest);
  const problems: string[] = [];
  const files: Record<string, Buffer> = { 'manifest.json': Buffer.from(JSON.stringify(manifest, null, 2)) };
  const strings: Record<string, Json> = {};

  problems.push(...(await manifestSchemaErrors(manifest)).map((e) => `manifest.json: ${e}`));
  for (const name of localisation.all) {
    if (!fs.existsSync(path.join(manifestDir, name))) {
      problems.push(`${name} is named in localizationInfo but does not exist`);
      continue;
    }
    strings[name] = readFilled(name);
    files[name] = Buffer.from(JSON.stringify(strings[name], null, 2));
    problems.push(...localisationSchemaErrors(strings[name]).map((e) => `${name}: ${e}`));
  }
  problems.push(...localisationProblems(manifest, strings, localisation.defaultFile ?? ''));

  const iconNames = Object.values((manifest.icons ?? {}) as Record<string, string>);
  for (const name of iconNames) {
    const file = path.join(manifestDir, name);
    if (fs.existsSync(file)) files[name] = fs.readFileSync(file);
  }
  problems.push(...iconProblems(files));
  if (problems.length > 0) throw new PackagingError(problems);
  return { files, manifest };
}

export async function zipPackage(contents: PackageContents): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(contents.files)) zip.file(name, content);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

export async function buildPackage(env: Env, outputFile = DEFAULT_OUTPUT, manifestDir = MANIFEST_DIR): Promise<PackageContents> {
  const contents = await preparePackage(env, manifestDir);
  fs.mkdirSync(path.dirname(outputFile), { recursive: true });
  fs.writeFileSync(outputFile, await zipPackage(contents));
  return contents;
}

async function main(): Promise<void> {
  (await import('dotenv')).config({ quiet: true });
  try {
    const contents = await buildPackage(process.env);
    const manifest = contents.manifest as { version: string; bots: { botId: string }[]; validDomains: string[] };
    console.log(`${path.relative(process.cwd(), DEFAULT_OUTPUT)} written: app ${manifest.version}, bot ${manifest.bots[0].botId}, domain ${manifest.validDomains.join(', ')}`);
    console.log(`files: ${Object.keys(contents.files).join(', ')}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}

if (require.main === module) void main();
