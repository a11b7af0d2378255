// Screenshots in Teams over HTTP: an Event Viewer-like image drawn in headless Chromium, served by
// a local stand-in for the Teams attachment host (same host name as the activity's serviceUrl),
// read by OCR from node_modules only, and diagnosed like the text. Plus the OCR token repairs.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningServer } from '../../src/index';
import { diagnose } from '../../src/diagnosis';
import { recognise } from '../../src/ocr/ocr';
import { repairOcrText } from '../../src/ocr/repair';
import { attachmentUrl } from '../../src/bot/attachments';
import { FakeConnector, type RecordedCall } from '../escalation/fakeConnector';
import { activityOf, BOT, cardIdsOf, cardIn, newActivityId, personalChat, post, REQUESTER, startBot, TENANT } from '../escalation/teams';
import { CHROMIUM, eventViewerHtml, powershellHtml, screenshot } from './screenshots';

describe('OCR token repair', () => {
  it('repairs separators, look-alike hex in 40-character thumbprints, status codes and wrapped codes', () => {
    const { text, repairedThumbprints } = repairOcrText(
      ['Thumbprint + 7D3E1A90C4B5F6A7B8C9DOE1F2A3B4C5D6E7F809', 'Status © Valid', 'SMTP 応答 454', '4.7.O で確認', 'レベ ル : 情報', 'Event ID: 2OO4'].join('\n'),
    );
    assert.match(text, /^Thumbprint : 7D3E1A90C4B5F6A7B8C9D0E1F2A3B4C5D6E7F809$/m);
    assert.deepEqual(repairedThumbprints, ['7D3E1A90C4B5F6A7B8C9D0E1F2A3B4C5D6E7F809']);
    assert.match(text, /^Status : Valid$/m);
    assert.match(text, /454 4\.7\.0/);
    assert.match(text, /レベル/);
    assert.match(text, /Event ID: 2004/);
  });

  it('leaves a token alone when it is not exactly 40 hex characters after repair', () => {
    const { text, repairedThumbprints } = repairOcrText('Thumbprint : 2F9C4B8A1E3DS5C7BIAOF2E4D6CBBOA1928374655');
    assert.match(text, /2F9C4B8A1E3DS5C7BIAOF2E4D6CBBOA1928374655/);
    assert.deepEqual(repairedThumbprints, []);
  });

  it('sends the token only to the activity\'s own Teams host', () => {
    const service = 'https://smba.trafficmanager.net/amer/';
    assert.ok(attachmentUrl('https://smba.trafficmanager.net/amer/v3/attachments/0-x/views/original', service, []));
    assert.equal(attachmentUrl('https://files.example.net/v3/attachments/0-x/views/original', service, []), undefined);
    assert.equal(attachmentUrl('http://smba.trafficmanager.net/amer/v3/attachments/x', service, []), undefined);
    assert.equal(attachmentUrl('https://user:pw@smba.trafficmanager.net/x', service, []), undefined);
  });
});

describe('screenshots in Teams (HTTP, OCR offline)', function () {
  this.timeout(180_000);
  const hasChromium = fs.existsSync(CHROMIUM);
  let connector: FakeConnector;
  let server: RunningServer;
  let host: http.Server;
  let base: string;
  const requests: { url: string; authorization?: string }[] = [];
  const images = new Map<string, Buffer>();

  before(async function () {
    if (!hasChromium) {
      console.log(`      skipped: ${CHROMIUM} is missing (apt-get install -y chromium fonts-noto-cjk)`);
      this.skip();
    }
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      images.set('/v3/attachments/event-en/views/original', await screenshot(browser, eventViewerHtml('en').html, 1));
      if (process.env.OCR_SCREENSHOTS) {
        for (const [kind, html] of [['event', eventViewerHtml], ['ps', powershellHtml]] as const) {
          for (const lang of ['en', 'ja'] as const) for (const scale of [1, 1.5]) images.set(`/${kind}-${lang}-${scale}`, await screenshot(browser, html(lang).html, scale));
        }
      }
    } finally {
      await browser.close();
    }
    host = http.createServer((req, res) => {
      requests.push({ url: req.url ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
      const body = images.get(req.url ?? '');
      if (!body) {
        res.writeHead(404);
        res.end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': body.length });
      res.end(body);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    connector = await new FakeConnector().start();
    server = await startBot(connector, { NODE_ENV: 'test', TEST_FILE_DOWNLOAD_HOSTS: '127.0.0.1' });
  });

  after(async () => {
    await server?.close();
    await connector?.stop();
    await new Promise<void>((resolve) => (host ? host.close(() => resolve()) : resolve()));
  });

  const imageMessage = (conversationId: string, contentUrl: string): Record<string, unknown> => ({
    id: newActivityId(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: REQUESTER,
    recipient: BOT,
    conversation: { id: conversationId, conversationType: 'personal', tenantId: TENANT },
    channelData: personalChat(REQUESTER).channelData,
    locale: 'en-US',
    type: 'message',
    text: '',
    attachments: [{ contentType: 'image/png', contentUrl, name: 'event.png' }],
  });
  const posts = (id: string): RecordedCall[] => connector.calls.filter((c) => c.method === 'POST' && c.status < 300 && c.path.startsWith(`/v3/conversations/${id}/activities`));
  const puts = (id: string): RecordedCall[] => connector.calls.filter((c) => c.method === 'PUT' && c.status < 300 && c.path.startsWith(`/v3/conversations/${id}/activities/`));

  it('an Event Viewer screenshot: the card says the text came from an image, and the finding is the one from the text', async () => {
    const id = 'a:1image-event-en';
    const result = await post(server, imageMessage(id, `${base}/v3/attachments/event-en/views/original`));
    assert.equal(result.status, 200);
    const update = await connector.waitFor(() => puts(id).find((c) => cardIdsOf(cardIn(c)).includes('ocrText') || activityOf(c).text), 150_000);
    assert.deepEqual(requests.map((r) => r.url), ['/v3/attachments/event-en/views/original']);
    assert.ok(JSON.stringify(cardIn(update)).includes('454 4.7.0'));
    const diagnosis = await connector.waitFor(() => posts(id).map(cardIn).find((c) => cardIdsOf(c).includes('diagnosis')));
    const expected = diagnose(eventViewerHtml('en').text).findings[0]!.id;
    assert.ok(JSON.stringify(diagnosis).includes(expected));
  });

  it('an image on another host is refused unread', async () => {
    const id = 'a:1image-elsewhere';
    const before = requests.length;
    await post(server, imageMessage(id, 'https://files.example.net/v3/attachments/x/views/original'));
    const reply = await connector.waitFor(() => posts(id)[0]);
    assert.ok(String(activityOf(reply).text).length > 0);
    assert.equal(requests.length, before);
  });

  it('EN and JA, 100 % and 150 %, Event Viewer and PowerShell: same top finding as the text (OCR_SCREENSHOTS=1; slow)', async function () {
    if (!process.env.OCR_SCREENSHOTS) this.skip();
    this.timeout(1_200_000);
    const misses: string[] = [];
    for (const [name, png] of images) {
      if (!name.startsWith('/event-') && !name.startsWith('/ps-')) continue;
      const [kind, lang] = name.slice(1).split('-') as ['event' | 'ps', 'en' | 'ja'];
      const expected = diagnose((kind === 'event' ? eventViewerHtml : powershellHtml)(lang).text).findings[0]!.id;
      const read = await recognise(png, { langs: lang === 'ja' ? ['eng', 'jpn'] : ['eng'] });
      const got = diagnose(repairOcrText(read.text).text).findings[0]!.id;
      if (got !== expected) misses.push(`${name}: ${got} (text: ${expected})`);
    }
    assert.deepEqual(misses, []);
  });
});
