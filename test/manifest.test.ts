import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { imageSize } from 'image-size';
import JSZip from 'jszip';
import { readSourceSvg, renderColorIcon, renderOutlineIcon } from '../scripts/icons';
import {
  MANIFEST_DIR,
  PackagingError,
  buildPackage,
  localisationProblems,
  localisationSchemaErrors,
  manifestSchemaErrors,
  placeholderValues,
  preparePackage,
  remainingPlaceholders,
  teamsSchemasDir,
} from '../scripts/package';

const BOT_ID = '2f5c9a43-6f0e-4b8e-9a41-3c1d7e0b5a12';
const ENV = { MicrosoftAppId: BOT_ID, BOT_DOMAIN: 'https://mailflow-doctor.contoso.example/' };

type Json = Record<string, any>;
const readJson = (file: string): Json => JSON.parse(fs.readFileSync(file, 'utf8')) as Json;

function copyManifestDir(change: (manifest: Json) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-'));
  for (const file of fs.readdirSync(MANIFEST_DIR)) fs.copyFileSync(path.join(MANIFEST_DIR, file), path.join(dir, file));
  const manifest = readJson(path.join(dir, 'manifest.json'));
  change(manifest);
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PackagingError) return error.problems;
    throw error;
  }
  return [];
}

describe('Teams app manifest', () => {
  const template = readJson(path.join(MANIFEST_DIR, 'manifest.json'));

  it('is on the newest Teams schema that @microsoft/app-manifest ships offline', () => {
    const versions = fs
      .readdirSync(teamsSchemasDir())
      .filter((name) => /^v\d+\.\d+$/.test(name))
      .map((name) => name.slice(1));
    const newest = versions.sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1])).at(-1);
    assert.equal(template.manifestVersion, newest);
    assert.equal(template.$schema, `https://developer.microsoft.com/en-us/json-schemas/teams/v${newest}/MicrosoftTeams.schema.json`);
  });

  it('validates against that schema once filled, and the validator rejects a broken manifest', async () => {
    const manifest = (await preparePackage(ENV)).manifest as Json;
    assert.deepEqual(await manifestSchemaErrors(manifest), []);
    const broken = { ...manifest, accentColor: 'blue', bots: [{ ...manifest.bots[0], scopes: ['everyone'] }] };
    const errors = await manifestSchemaErrors(broken);
    assert.ok(errors.some((e) => e.includes('accentColor')), errors.join('\n'));
    assert.ok(errors.some((e) => e.includes('/bots/0/scopes/0')), errors.join('\n'));
  });

  it('declares the bot in personal, team and group chat with command lists', () => {
    const bot = template.bots[0];
    assert.deepEqual([...bot.scopes].sort(), ['groupChat', 'personal', 'team']);
    const titles = bot.commandLists.flatMap((list: Json) => list.commands.map((c: Json) => c.title));
    for (const command of ['help', 'diagnose', 'set escalation channel', 'my tickets']) assert.ok(titles.includes(command), command);
  });

  it('has a message action on posts and a compose action, both fetching their task from the bot', () => {
    const commands: Json[] = template.composeExtensions[0].commands;
    const onMessage = commands.find((c) => c.context?.includes('message'));
    const onCompose = commands.find((c) => c.context?.includes('compose'));
    assert.equal(onMessage?.type, 'action');
    assert.deepEqual(onMessage?.context, ['message']);
    assert.equal(onMessage?.fetchTask, true);
    assert.equal(onCompose?.type, 'action');
    assert.equal(onCompose?.fetchTask, true);
    assert.equal(template.composeExtensions[0].botId, template.bots[0].botId);
  });

  it('reports every missing or malformed setting at once', () => {
    assert.throws(() => placeholderValues({}), (e: unknown) => e instanceof PackagingError && e.problems.length === 2);
    assert.throws(
      () => placeholderValues({ MicrosoftAppId: 'not-a-guid', BOT_DOMAIN: 'bot.example.com/api/messages' }),
      (e: unknown) => e instanceof PackagingError && e.problems.length === 2,
    );
    assert.equal(placeholderValues(ENV).BOT_DOMAIN, 'mailflow-doctor.contoso.example');
  });

  it('refuses a template placeholder that has no value', async () => {
    const dir = copyManifestDir((m) => (m.developer.mpnId = '${{MPN_ID}}'));
    const problems = await problemsOf(preparePackage(ENV, dir));
    assert.ok(problems.some((p) => p.includes('MPN_ID')), problems.join('\n'));
  });

  it('refuses a manifest that fails the schema before zipping', async () => {
    const dir = copyManifestDir((m) => (m.composeExtensions[0].commands[0].title = 'A title far longer than thirty-two characters'));
    const output = path.join(dir, 'out.zip');
    const problems = await problemsOf(buildPackage(ENV, output, dir));
    assert.ok(problems.some((p) => p.includes('/composeExtensions/0/commands/0/title')), problems.join('\n'));
    assert.equal(fs.existsSync(output), false);
  });
});

describe('manifest localisation', () => {
  const manifest = readJson(path.join(MANIFEST_DIR, 'manifest.json'));
  const en = readJson(path.join(MANIFEST_DIR, 'en.json'));
  const ja = readJson(path.join(MANIFEST_DIR, 'ja.json'));

  it('declares en-us as default and ja-jp as an additional language', () => {
    assert.equal(manifest.localizationInfo.defaultLanguageTag, 'en-us');
    assert.deepEqual(manifest.localizationInfo.additionalLanguages, [{ languageTag: 'ja-jp', file: 'ja.json' }]);
  });

  it('both files validate against the shipped Localization schema', () => {
    assert.deepEqual(localisationSchemaErrors(en), []);
    assert.deepEqual(localisationSchemaErrors(ja), []);
    assert.notDeepEqual(localisationSchemaErrors({ ...ja, 'description.short': 'x'.repeat(81) }), []);
  });

  it('every key names a manifest string, the files share keys, and en matches the manifest', () => {
    assert.deepEqual(localisationProblems(manifest, { 'en.json': en, 'ja.json': ja }, 'en.json'), []);
    const problems = localisationProblems(manifest, { 'en.json': en, 'ja.json': { ...ja, 'bots[0].commandLists[0].commands[9].title': 'x' } }, 'en.json');
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.equal(localisationProblems(manifest, { 'en.json': { ...en, 'name.short': 'Other' } }, 'en.json').length, 1);
  });

  it('translates the message extension titles into Japanese', () => {
    assert.notEqual(ja['composeExtensions[0].commands[0].title'], en['composeExtensions[0].commands[0].title']);
    assert.match(ja['composeExtensions[0].commands[0].title'], /[\u3040-\u30ff\u4e00-\u9fff]/);
  });
});

describe('app icons', () => {
  it('are 192x192 (color) and 32x32 (outline) PNGs', () => {
    assert.deepEqual(imageSize(fs.readFileSync(path.join(MANIFEST_DIR, 'color.png'))), { height: 192, width: 192, type: 'png' });
    assert.deepEqual(imageSize(fs.readFileSync(path.join(MANIFEST_DIR, 'outline.png'))), { height: 32, width: 32, type: 'png' });
  });

  it('the outline icon is white on transparent, the color icon is opaque', () => {
    const outline = renderOutlineIcon(readSourceSvg());
    let visible = 0;
    for (let i = 0; i < outline.pixels.length; i += 4) {
      const [r, g, b, a] = outline.pixels.subarray(i, i + 4);
      if (a === 0) continue;
      visible++;
      assert.ok(Math.min(r, g, b) >= a - 1, `pixel ${i / 4} is rgba(${r},${g},${b},${a}) premultiplied: not white`);
    }
    assert.ok(visible > 100 && visible < 32 * 32 - 100, `${visible} visible pixels`);
    const color = renderColorIcon(readSourceSvg());
    for (let i = 3; i < color.pixels.length; i += 4) assert.equal(color.pixels[i], 255);
  });

  it('the committed PNGs are what npm run icons renders from icon.svg', () => {
    const svg = readSourceSvg();
    assert.ok(renderColorIcon(svg).png.equals(fs.readFileSync(path.join(MANIFEST_DIR, 'color.png'))), 'run npm run icons');
    assert.ok(renderOutlineIcon(svg).png.equals(fs.readFileSync(path.join(MANIFEST_DIR, 'outline.png'))), 'run npm run icons');
  });
});

describe('npm run package', () => {
  let zip: JSZip;
  const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'app-package-')), 'mailflow-doctor.zip');

  before(async () => {
    await buildPackage(ENV, output);
    zip = await JSZip.loadAsync(fs.readFileSync(output));
  });

  it('zips the manifest, both icons and both localisation files at the root', () => {
    assert.deepEqual(Object.keys(zip.files).sort(), ['color.png', 'en.json', 'ja.json', 'manifest.json', 'outline.png']);
  });

  it('leaves no placeholder unfilled and puts the bot id and domain where Teams reads them', async () => {
    for (const name of ['manifest.json', 'en.json', 'ja.json']) {
      assert.deepEqual(remainingPlaceholders(await zip.file(name)!.async('string')), [], name);
    }
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as Json;
    assert.equal(manifest.bots[0].botId, BOT_ID);
    assert.equal(manifest.composeExtensions[0].botId, BOT_ID);
    assert.deepEqual(manifest.validDomains, ['mailflow-doctor.contoso.example']);
    assert.equal(manifest.developer.websiteUrl, 'https://mailflow-doctor.contoso.example/');
    assert.match(manifest.version, /^\d+\.\d+\.\d+/);
  });

  it('the packaged manifest, localisation files and icons validate', async () => {
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as Json;
    assert.deepEqual(await manifestSchemaErrors(manifest), []);
    for (const name of ['en.json', 'ja.json']) {
      assert.deepEqual(localisationSchemaErrors(JSON.parse(await zip.file(name)!.async('string'))), [], name);
    }
    assert.equal(imageSize(await zip.file(manifest.icons.color)!.async('nodebuffer')).width, 192);
    assert.equal(imageSize(await zip.file(manifest.icons.outline)!.async('nodebuffer')).width, 32);
  });
});
