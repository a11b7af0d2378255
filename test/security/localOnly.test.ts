// Without MicrosoftAppId the server is unauthenticated, so by default it is reachable from this
// machine only, and /api/messages takes nothing but application/json: a web page cannot make a
// visitor's browser drive the bot with a cross-site form post. Bodies that are not activities get a
// JSON 400, never a 500.
import { strict as assert } from 'node:assert';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { startServer, type RunningServer } from '../../src/index';
import { createLogger } from '../../src/logger';
import { post, teamsMessage } from './http';
import { startRecorder, type Recorder } from './recorder';

const externalAddress = (): string | undefined =>
  Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function capture(lines: string[]) {
  return createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
}

describe('security: without MicrosoftAppId the server is local only', () => {
  it('listens on 127.0.0.1 by default and says so in the start log line', async function () {
    const external = externalAddress();
    const lines: string[] = [];
    const server = await startServer({ port: 0, env: { STORAGE: 'memory' }, logger: capture(lines) });
    try {
      assert.equal(await canConnect('127.0.0.1', server.port), true);
      if (external) assert.equal(await canConnect(external, server.port), false, `not reachable on ${external}`);
      const started = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => String(entry.msg).startsWith('listening'));
      assert.ok(started, 'a start line');
      assert.equal(started.host, '127.0.0.1');
      assert.equal(started.authenticated, false);
      assert.equal(started.accepts, 'application/json');
      assert.match(String(started.msg), /WITHOUT authentication/);
      assert.match(String(started.msg), /application\/json only/);
    } finally {
      await server.close();
    }
    if (!external) this.skip();
  });

  it('(control) HOST set explicitly is honoured: 0.0.0.0 is reachable on the other addresses', async function () {
    const external = externalAddress();
    if (!external) this.skip();
    const server = await startServer({ port: 0, env: { STORAGE: 'memory', HOST: '0.0.0.0' }, logger: createLogger({ level: 'silent' }) });
    try {
      assert.equal(await canConnect(external!, server.port), true);
    } finally {
      await server.close();
    }
  });
});

describe('security: /api/messages accepts application/json only', () => {
  let server: RunningServer;
  let recorder: Recorder;
  before(async () => {
    recorder = await startRecorder();
    server = await startServer({ port: 0, env: { STORAGE: 'memory' }, logger: createLogger({ level: 'silent' }) });
  });
  after(async () => {
    await server?.close();
    await recorder?.close();
  });

  async function send(contentType: string, body: string): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`http://127.0.0.1:${server.port}/api/messages`, { method: 'POST', headers: { 'Content-Type': contentType }, body });
    const text = await response.text();
    return { status: response.status, json: JSON.parse(text) as Record<string, unknown> };
  }

  // What an HTML form on any web page can post cross-site, naming a serviceUrl for the replies.
  const form = (): string =>
    new URLSearchParams({
      type: 'message',
      id: String(Date.now()),
      channelId: 'msteams',
      serviceUrl: recorder.url,
      'conversation[id]': 'a:form-post',
      'from[id]': '29:form',
      'recipient[id]': '28:bot',
      text: 'help',
    }).toString();

  for (const contentType of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain']) {
    it(`${contentType.split(';')[0]} → 415 with a JSON error, and the bot calls no serviceUrl`, async () => {
      const reply = await send(contentType, contentType === 'text/plain' ? JSON.stringify(teamsMessage('help', { serviceUrl: recorder.url, deliveryMode: undefined })) : form());
      assert.equal(reply.status, 415);
      assert.equal((reply.json.error as { code?: string }).code, 'UnsupportedMediaType');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(recorder.requests, []);
    });
  }

  it('application/json; charset=utf-8 is accepted', async () => {
    const reply = await post(server, teamsMessage('help'), { 'Content-Type': 'application/json; charset=utf-8' });
    assert.equal(reply.status, 200);
    assert.ok(reply.activities.length > 0);
  });

  for (const [label, body] of [['{}', '{}'], ['[]', '[]'], ['an empty type', '{"type":""}'], ['a number', '42']] as const) {
    it(`${label} as the body → 400 with a JSON error (not 500)`, async () => {
      const reply = await post(server, body);
      assert.equal(reply.status, 400);
      assert.equal((reply.body.error as { code?: string } | undefined)?.code, 'BadRequest', JSON.stringify(reply.body));
    });
  }
});
