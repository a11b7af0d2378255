import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as restify from 'restify';
import { buildDialogPage } from '../scripts/build-web';
import { FRAME_ANCESTORS, registerDialogRoutes } from '../src/web/dialogRoutes';

async function listen(assetsDir: string): Promise<{ base: string; server: restify.Server }> {
  const server = restify.createServer();
  registerDialogRoutes(server, { assetsDir });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name, values] as [string, string[]];
    }),
  );
}

describe('paste dialog routes', () => {
  const assetsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialog-page-'));
  let base: string;
  let server: restify.Server;

  before(async () => {
    await buildDialogPage(assetsDir);
    ({ base, server } = await listen(assetsDir));
  });
  after(() => server.close());

  it('serves the page with a CSP that lets only Teams and Microsoft 365 hosts frame it', async () => {
    const response = await fetch(`${base}/dialog?lang=ja`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    const csp = directives(response.headers.get('content-security-policy') ?? '');
    assert.deepEqual(csp.get('frame-ancestors'), [...FRAME_ANCESTORS]);
    for (const origin of ['https://teams.microsoft.com', 'https://*.teams.microsoft.com', 'https://*.cloud.microsoft', 'https://outlook.office.com']) {
      assert.ok(csp.get('frame-ancestors')?.includes(origin), origin);
    }
    assert.ok(!csp.get('frame-ancestors')?.some((source) => source === '*' || source === 'https:' || source === 'http:'));
    assert.deepEqual(csp.get('script-src'), ["'self'"]);
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(response.headers.get('referrer-policy'));
  });

  it('the page has no inline script or inline event handler', async () => {
    const html = await (await fetch(`${base}/dialog`)).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    assert.ok(scripts.length > 0);
    for (const [, attributes, body] of scripts) {
      assert.match(attributes, /\bsrc="\/dialog\/page\.js"/);
      assert.equal(body.trim(), '');
    }
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i);
    assert.doesNotMatch(html, /<style\b|\sstyle\s*=/i);
  });

  it('serves the bundle and stylesheet with the same headers, and nothing else', async () => {
    const script = await fetch(`${base}/dialog/page.js`);
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal(script.headers.get('x-content-type-options'), 'nosniff');
    assert.equal((await fetch(`${base}/dialog/page.css`)).status, 200);
    for (const probe of ['/dialog/dialog.js', '/dialog/..%2Fpackage.json', '/dialog/index.ts', '/dialog/page.js.map']) {
      assert.equal((await fetch(`${base}${probe}`)).status, 404, probe);
    }
  });

  it('answers 503 with a hint when the page was never built', async () => {
    const empty = await listen(fs.mkdtempSync(path.join(os.tmpdir(), 'dialog-unbuilt-')));
    try {
      const response = await fetch(`${empty.base}/dialog`);
      assert.equal(response.status, 503);
      assert.match(await response.text(), /npm run build/);
    } finally {
      empty.server.close();
    }
  });
});
