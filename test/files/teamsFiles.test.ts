// Files in Teams over HTTP: the real server, a fake Bot Connector and a local stand-in for the
// SharePoint download host (allowed only through the test-only TEST_FILE_DOWNLOAD_HOSTS with
// NODE_ENV=test). The Agents Playground has no file upload, so these are the file tests.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { RunningServer } from '../../src/index';
import { FakeConnector, type RecordedCall } from '../escalation/fakeConnector';
import { activityOf, cardIdsOf, cardIn, groupChat, newActivityId, personalChat, post, REQUESTER, startBot, TENANT, BOT } from '../escalation/teams';
import { generateSendLogText, INTERNAL_THUMBPRINT } from './generateLogs';
import { splitLog, writeZip } from './sameResult';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const MAX_FILE_BYTES = 2 * 1024 * 1024;

interface Served {
  requests: string[];
  /** Bytes written per path (what left the host). */
  sent: Map<string, number>;
  closedEarly: Set<string>;
}

function startHost(files: Map<string, Buffer>, served: Served): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    served.requests.push(url);
    if (req.headers.authorization || req.headers.cookie) served.requests.push(`CREDENTIALS ${url}`);
    if (url === '/redirect-away') {
      res.writeHead(302, { Location: 'https://files.example.net/collect.zip' });
      res.end();
      return;
    }
    if (url === '/endless.log') {
      // No Content-Length: the cap must stop the read while the host is still sending.
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      const line = Buffer.from(`${'2026-11-26T00:00:00.000Z,x,1,0,,,*,,padding '.padEnd(200, 'x')}\n`);
      let sent = 0;
      const pump = (): void => {
        while (sent < 64 * 1024 * 1024) {
          sent += line.length;
          served.sent.set(url, sent);
          if (!res.write(line)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => {
        if (sent < 64 * 1024 * 1024) served.closedEarly.add(url);
      });
      pump();
      return;
    }
    const body = files.get(url);
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
    res.end(body);
    served.sent.set(url, body.length);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function fileMessage(connector: FakeConnector, place: ReturnType<typeof personalChat>, name: string, downloadUrl: string): Record<string, unknown> {
  return {
    id: newActivityId(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: REQUESTER,
    recipient: BOT,
    conversation: { id: place.conversationId, conversationType: place.conversationType, tenantId: TENANT, isGroup: place.conversationType !== 'personal' },
    channelData: place.channelData,
    locale: 'en-US',
    type: 'message',
    text: '',
    attachments: [{ contentType: 'application/vnd.microsoft.teams.file.download.info', name, contentUrl: 'https://contoso-my.sharepoint.com/personal/riku/Documents/Microsoft%20Teams%20Chat%20Files/' + name, content: { downloadUrl, uniqueId: '1F2E3D4C-0000-4000-8000-000000000001', fileType: name.split('.').pop() } }],
  };
}

/** A one-entry zip whose central directory claims a huge, highly compressed entry. */
function bombZip(): Buffer {
  const raw = Buffer.alloc(40 * 1024 * 1024, 'A');
  const data = zlib.deflateRawSync(raw, { level: 9 });
  const name = Buffer.from('SmtpSend/SEND.LOG');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(raw.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(raw.length, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

describe('files in Teams (HTTP, fake Bot Connector, local download host)', function () {
  this.timeout(60_000);
  let connector: FakeConnector;
  let server: RunningServer;
  let host: http.Server;
  let base: string;
  let dir: string;
  const served: Served = { requests: [], sent: new Map(), closedEarly: new Set() };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfd-teams-files-'));
    const zip = path.join(dir, 'send.zip');
    await writeZip(zip, splitLog(generateSendLogText({ bytes: 600_000, failing: 0.03, seed: 3 }), 3), [0, 1, 2]);
    const files = new Map<string, Buffer>([
      ['/send.zip', fs.readFileSync(zip)],
      ['/collect.txt', fs.readFileSync(path.join(FIXTURES, 'collect-sample.txt'))],
      ['/big.zip', Buffer.alloc(MAX_FILE_BYTES + 1024, 1)],
      ['/bomb.zip', bombZip()],
    ]);
    host = await startHost(files, served);
    base = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    connector = await new FakeConnector().start();
    server = await startBot(connector, { NODE_ENV: 'test', TEST_FILE_DOWNLOAD_HOSTS: '127.0.0.1', MAX_FILE_BYTES: String(MAX_FILE_BYTES), FILE_DOWNLOAD_TIMEOUT_MS: '20000' });
  });

  after(async () => {
    await server?.close();
    await connector?.stop();
    await new Promise<void>((resolve) => host?.close(() => resolve()));
    host?.closeAllConnections?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let chat = 0;
  const freshChat = (): ReturnType<typeof personalChat> => ({ ...personalChat(REQUESTER), conversationId: `a:1files-${++chat}` });

  const posts = (conversationId: string): RecordedCall[] => connector.calls.filter((c) => c.method === 'POST' && c.status < 300 && c.path.startsWith(`/v3/conversations/${conversationId}/activities`));
  const puts = (conversationId: string): RecordedCall[] => connector.calls.filter((c) => c.method === 'PUT' && c.status < 300 && c.path.startsWith(`/v3/conversations/${conversationId}/activities/`));

  /** Sends the file; returns the progress message id and the final update of it. */
  async function send(name: string, url: string): Promise<{ conversationId: string; progress: RecordedCall; final: RecordedCall }> {
    const place = freshChat();
    const result = await post(server, fileMessage(connector, place, name, url));
    assert.equal(result.status, 200);
    const progress = posts(place.conversationId)[0];
    assert.ok(progress, 'progress message sent in the turn');
    const progressId = String(progress.response.id);
    const final = await connector.waitFor(() => puts(place.conversationId).find((c) => c.path.endsWith(`/${progressId}`) && (activityOf(c).attachments?.length || !/Reading/.test(String(activityOf(c).text)))), 30_000);
    return { conversationId: place.conversationId, progress, final };
  }

  it('a .zip of send logs: progress at once, then the summary card in place and the KB 2888788 diagnosis', async () => {
    const { conversationId, progress, final } = await send('SmtpSend.zip', `${base}/send.zip`);
    assert.match(String(activityOf(progress).text), /SmtpSend\.zip/);
    const card = cardIn(final);
    assert.ok(cardIdsOf(card).includes('fileSummary'));
    const json = JSON.stringify(card);
    assert.ok(json.includes('Chart.VerticalBar'));
    assert.ok(json.includes('"fallback"'));
    assert.ok(json.includes(INTERNAL_THUMBPRINT));
    const diagnosis = await connector.waitFor(() => posts(conversationId).map(cardIn).find((c) => cardIdsOf(c).includes('diagnosis')));
    assert.ok(JSON.stringify(diagnosis).includes('untrusted-cert-on-smtp'));
    assert.ok(!served.requests.some((r) => r.startsWith('CREDENTIALS')));
  });

  it('the collector output as a .txt gives the same finding as the paste', async () => {
    const { conversationId } = await send('collect.txt', `${base}/collect.txt`);
    const diagnosis = await connector.waitFor(() => posts(conversationId).map(cardIn).find((c) => cardIdsOf(c).includes('diagnosis')));
    assert.ok(JSON.stringify(diagnosis).includes('untrusted-cert-on-smtp'));
  });

  it('never fetches from a host that is not SharePoint / OneDrive, and never sends a token', async () => {
    const before = served.requests.length;
    const place = freshChat();
    const result = await post(server, fileMessage(connector, place, 'collect.zip', 'https://files.example.net/collect.zip'));
    assert.equal(result.status, 200);
    const reply = await connector.waitFor(() => posts(place.conversationId)[0]);
    assert.match(String(activityOf(reply).text), /collect\.zip/);
    assert.equal(puts(place.conversationId).length, 0);
    assert.equal(served.requests.length, before);
    // A redirect off the allowed host is not followed.
    const { final } = await send('away.zip', `${base}/redirect-away`);
    assert.equal(activityOf(final).attachments?.length ?? 0, 0);
    assert.ok(!served.requests.some((r) => r.includes('files.example.net')));
  });

  it('refuses an oversized file (declared or streamed) without reading past the cap', async () => {
    const declared = await send('big.zip', `${base}/big.zip`);
    assert.equal(activityOf(declared.final).attachments?.length ?? 0, 0);
    const streamed = await send('endless.log', `${base}/endless.log`);
    assert.equal(activityOf(streamed.final).attachments?.length ?? 0, 0);
    await connector.waitFor(() => served.closedEarly.has('/endless.log') || undefined, 10_000);
    assert.ok((served.sent.get('/endless.log') ?? 0) < 32 * 1024 * 1024, `host sent ${served.sent.get('/endless.log')} bytes`);
    assert.ok(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('mfd-file-')).length === 0, 'temp download removed');
  });

  it('refuses a zip bomb', async () => {
    const { final } = await send('bomb.zip', `${base}/bomb.zip`);
    assert.equal(activityOf(final).attachments?.length ?? 0, 0);
    assert.ok(String(activityOf(final).text).length > 0);
  });

  it('in a group chat says in one line that files reach the bot only in 1:1 chat', async () => {
    const place = groupChat();
    const before = served.requests.length;
    const result = await post(server, fileMessage(connector, place, 'collect.zip', `${base}/send.zip`));
    assert.equal(result.status, 200);
    const reply = await connector.waitFor(() => posts(place.conversationId).find((c) => /1:1/.test(String(activityOf(c).text))));
    assert.ok(reply);
    assert.equal(served.requests.length, before);
  });
});
