// The paste dialog in headless Chromium (Debian chromium + playwright-core), framed by a stand-in
// for the Teams client that speaks the teams-js postMessage protocol. The host page is served by the
// browser at the bot's own origin (Playwright route), so it is same-origin with /dialog, as teams-js
// requires of a host it does not know; the real server serves /dialog and answers the invokes.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import { buildDialogPage } from '../scripts/build-web';
import { diagnose } from '../src/diagnosis';
import { startServer, type RunningServer } from '../src/index';
import { createLogger } from '../src/logger';
import { cardStrings, invokeActivity, postInvoke, taskCard } from './support/invoke';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const HOST_PAGE = fs.readFileSync(path.join(__dirname, 'fixtures', 'dialog', 'teams-host.html'), 'utf8');
const HOST_PATH = '/__test__/teams-host.html';
const fixture = (name: string): string => fs.readFileSync(path.join(__dirname, 'fixtures', 'kb2888788', name), 'utf8');
const EVENT = fixture('event-en.txt');
const CERTIFICATES = fixture('certs-fl.txt');
const jaStrings = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'locales', 'ja', 'dialog.json'), 'utf8')) as Record<string, string>;

interface HostWindow {
  submitted: { result: unknown; appIds: unknown } | null;
  hostCalls: string[];
}

describe('paste dialog in headless Chromium', function () {
  this.timeout(60_000);
  let server: RunningServer;
  let browser: BrowserContext;
  let page: Page;
  let origin: string;
  const consoleMessages: string[] = [];

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`${CHROMIUM} is missing; .ci/run installs Debian's chromium before npm test`);
      console.log(`      skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);
      this.skip();
    }
    await buildDialogPage();
    server = await startServer({ port: 0, host: '127.0.0.1', env: { STORAGE: 'memory' }, logger: createLogger({ level: 'silent' }) });
    origin = `http://127.0.0.1:${server.port}`;
    // A fresh, empty profile every run.
    browser = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-')), {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    });
    page = await browser.newPage();
    page.on('console', (message) => consoleMessages.push(message.text()));
    await page.route(`${origin}${HOST_PATH}*`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: HOST_PAGE }));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openDialog(query: string): Promise<FrameLocator> {
    await page.goto(`${origin}${HOST_PATH}?${query}`);
    const frame = page.frameLocator('#dialog');
    await frame.locator('#submit:enabled').waitFor({ timeout: 20_000 });
    return frame;
  }

  const hostState = (): Promise<HostWindow> =>
    page.evaluate(() => {
      const host = window as unknown as HostWindow;
      return { submitted: host.submitted, hostCalls: host.hostCalls };
    });

  it('takes its language from the Teams context, not from the URL', async () => {
    const frame = await openDialog('locale=ja-jp&lang=en');
    assert.equal(await frame.locator('html').getAttribute('lang'), 'ja');
    assert.equal(await frame.locator('label[for="error-text"]').textContent(), jaStrings['dialog.error.label']);
    assert.equal(await frame.locator('#submit').textContent(), jaStrings['dialog.submit']);
    const shownCommands = await frame.locator('[data-command]').allTextContents();
    assert.ok(shownCommands.some((command) => command.startsWith('Get-ExchangeCertificate')));
    assert.ok(shownCommands.some((command) => command.startsWith('Get-SendConnector')));
    assert.deepEqual((await hostState()).hostCalls.slice(0, 2), ['initialize', 'getContext']);
  });

  it('refuses to submit two empty boxes', async () => {
    const frame = await openDialog('locale=en-us');
    await frame.locator('#submit').click();
    assert.notEqual((await frame.locator('#status').textContent())?.trim(), '');
    assert.equal((await hostState()).submitted, null);
  });

  it('submits both boxes with dialog.url.submit, and the server answers that payload with the diagnosis card', async () => {
    const frame = await openDialog('locale=en-us');
    await frame.locator('#error-text').fill(EVENT);
    await frame.locator('#config-text').fill(CERTIFICATES);
    await frame.locator('#submit').click();
    await page.waitForFunction(() => (window as unknown as HostWindow).submitted !== null, null, { timeout: 10_000 });
    const { submitted, hostCalls } = await hostState();
    assert.ok(hostCalls.includes('tasks.completeTask'));
    assert.deepEqual(submitted?.result, { errorText: EVENT, configText: CERTIFICATES });

    // What Teams does next: the submitted value arrives at the bot as task/submit.
    const reply = await postInvoke(server.endpoint, invokeActivity('task/submit', { data: submitted?.result }));
    const card = taskCard(reply);
    const [top] = diagnose(`${EVENT}\n\n${CERTIFICATES}`, { lang: 'en' }).findings;
    assert.ok(top);
    assert.ok(cardStrings(card.body).includes(top.title));
  });

  it('runs under its Content-Security-Policy without a violation', () => {
    const violations = consoleMessages.filter((text) => /Content Security Policy|Refused to (load|execute|apply|frame)/i.test(text));
    assert.deepEqual(violations, []);
  });
});
