import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diagnose } from '../src/diagnosis';
import { startServer, type RunningServer } from '../src/index';
import { createLogger } from '../src/logger';
import { MAX_PASTE_BYTES as BOT_MAX_PASTE_BYTES } from '../src/bot/turnInput';
import { DIAGNOSE_PASTE_COMMAND, DIAGNOSE_POST_COMMAND, OPEN_PASTE_DIALOG, pasteDialogUrl } from '../src/bot/taskModules';
import { MAX_PASTE_BYTES } from '../src/web/pastePayload';
import { validateCard } from './support/cardValidation';
import { cardStrings, invokeActivity, postInvoke, taskCard } from './support/invoke';

const fixture = (name: string): string => fs.readFileSync(path.join(__dirname, 'fixtures', 'kb2888788', name), 'utf8');
const EVENT = fixture('event-en.txt');
const CERTIFICATES = fixture('certs-fl.txt');
const CONNECTOR_NAME = 'Outbound to Office 365 - 6b3c8f2e-1d4a-4c3b-9d2e-7a1b2c3d4e5f';

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A post as Teams delivers it in messagePayload.body.content: HTML, one <p> per line, cmdlet output in <pre>. */
function teamsHtmlPost(event: string, certificates: string): string {
  const lines = event.trim().split('\n').map((line) => `<p>${escapeHtml(line) || '&nbsp;'}</p>`);
  return `<div>${lines.join('')}<pre>${escapeHtml(certificates)}</pre></div>`;
}

function messageActionValue(html: string): Record<string, unknown> {
  return {
    commandId: DIAGNOSE_POST_COMMAND,
    commandContext: 'message',
    context: { theme: 'default' },
    messagePayload: {
      id: '1732611243000',
      messageType: 'message',
      createdDateTime: '2026-11-26T09:14:03.000Z',
      importance: 'normal',
      locale: 'en-us',
      from: { user: { id: '8:orgid:2c4b', displayName: 'Ken Sato', userIdentityType: 'aadUser' } },
      body: { contentType: 'html', content: html },
      attachments: [],
      mentions: [],
    },
  };
}

function topFindingTitle(text: string, lang: 'en' | 'ja'): string {
  const [top] = diagnose(text, { lang }).findings;
  assert.ok(top, 'the engine finds something in the fixture');
  return top.title;
}

describe('paste dialog and message actions: invokes against the real server', () => {
  let server: RunningServer;

  before(async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', env: { STORAGE: 'memory' }, logger: createLogger({ level: 'silent' }) });
  });
  after(() => server?.close());

  it('the welcome card carries a button that Teams turns into task/fetch', async () => {
    const install = {
      ...invokeActivity('unused', undefined, 'ja-JP'),
      type: 'conversationUpdate',
      name: undefined,
      deliveryMode: 'expectReplies',
      membersAdded: [{ id: '28:mailflow-doctor-bot' }],
    };
    const reply = await postInvoke(server.endpoint, install);
    assert.equal(reply.status, 200);
    const cards = (reply.body.activities as any[]).flatMap((a) => a.attachments ?? []).map((a) => a.content);
    const buttons = cards.flatMap((card) => card.actions ?? []);
    const openDialog = buttons.find((action) => action.data?.msteams?.type === 'task/fetch');
    assert.ok(openDialog, JSON.stringify(buttons));
    assert.equal(openDialog.type, 'Action.Submit');
    assert.equal(openDialog.data.action, OPEN_PASTE_DIALOG);
    for (const card of cards) assert.deepEqual(validateCard(card), []);
  });

  it('task/fetch from the welcome card button opens the paste dialog in the invoke language', async () => {
    const reply = await postInvoke(server.endpoint, invokeActivity('task/fetch', { data: { action: OPEN_PASTE_DIALOG } }, 'ja-JP'));
    assert.equal(reply.status, 200);
    assert.equal(reply.body.task.type, 'continue');
    assert.equal(reply.body.task.value.url, pasteDialogUrl('ja'));
    assert.equal(new URL(reply.body.task.value.url).pathname, '/dialog');
    assert.equal(new URL(reply.body.task.value.url).searchParams.get('lang'), 'ja');
  });

  it('task/submit with both boxes answers with the diagnosis card', async () => {
    const payload = { errorText: EVENT, configText: CERTIFICATES };
    const card = taskCard(await postInvoke(server.endpoint, invokeActivity('task/submit', { data: payload })));
    assert.deepEqual(validateCard(card), []);
    assert.equal(card.type, 'AdaptiveCard');
    assert.equal(card.version, '1.5');
    const strings = cardStrings(card.body);
    assert.ok(strings.includes(topFindingTitle(`${EVENT}\n\n${CERTIFICATES}`, 'en')), 'top finding title shown');
    assert.ok(strings.some((s) => s.includes(CONNECTOR_NAME)), 'connector name from the paste shown');
    assert.deepEqual(card.actions.map((a: any) => a.data), [{ action: OPEN_PASTE_DIALOG }]);
  });

  it('answers in Japanese when the invoke comes from a Japanese client', async () => {
    const payload = { errorText: EVENT, configText: '' };
    const card = taskCard(await postInvoke(server.endpoint, invokeActivity('task/submit', { data: payload }, 'ja-JP')));
    assert.deepEqual(validateCard(card), []);
    assert.ok(cardStrings(card.body).includes(topFindingTitle(EVENT, 'ja')));
  });

  it('"Diagnose another paste" in a result card opens the paste dialog again', async () => {
    const reply = await postInvoke(server.endpoint, invokeActivity('task/submit', { data: { action: OPEN_PASTE_DIALOG } }));
    assert.equal(reply.body.task.value.url, pasteDialogUrl('en'));
  });

  it('a paste over the limit gets a card saying so, not a diagnosis', async () => {
    const payload = { errorText: EVENT, configText: 'x'.repeat(MAX_PASTE_BYTES) };
    const card = taskCard(await postInvoke(server.endpoint, invokeActivity('task/submit', { data: payload })));
    assert.deepEqual(validateCard(card), []);
    assert.ok(!cardStrings(card.body).includes(topFindingTitle(EVENT, 'en')));
    assert.ok(cardStrings(card.body).some((s) => s.includes(String(MAX_PASTE_BYTES / 1024))));
  });

  it('"Diagnose this post" diagnoses the post\'s HTML body at once', async () => {
    const html = teamsHtmlPost(EVENT, CERTIFICATES);
    const card = taskCard(await postInvoke(server.endpoint, invokeActivity('composeExtension/fetchTask', messageActionValue(html))));
    assert.deepEqual(validateCard(card), []);
    const strings = cardStrings(card.body);
    assert.ok(strings.includes(topFindingTitle(`${EVENT}\n\n${CERTIFICATES}`, 'en')), 'top finding title shown');
    assert.ok(strings.some((s) => s.includes(CONNECTOR_NAME)), 'connector name decoded from the HTML');
    assert.ok(!strings.some((s) => /<p>|&lt;|&amp;/.test(s)), 'no HTML left in the card');
  });

  it('"Diagnose this post" on a post without text says so', async () => {
    const card = taskCard(await postInvoke(server.endpoint, invokeActivity('composeExtension/fetchTask', messageActionValue('  '))));
    assert.deepEqual(validateCard(card), []);
    assert.ok(!cardStrings(card.body).includes(topFindingTitle(EVENT, 'en')));
  });

  it('the compose action "Diagnose…" opens the paste dialog, and its submit answers with the card', async () => {
    const fetched = await postInvoke(
      server.endpoint,
      invokeActivity('composeExtension/fetchTask', { commandId: DIAGNOSE_PASTE_COMMAND, commandContext: 'compose', context: { theme: 'dark' } }),
    );
    assert.equal(fetched.body.task.value.url, pasteDialogUrl('en'));
    const submitted = await postInvoke(
      server.endpoint,
      invokeActivity('composeExtension/submitAction', {
        commandId: DIAGNOSE_PASTE_COMMAND,
        commandContext: 'compose',
        data: { errorText: EVENT, configText: CERTIFICATES },
      }),
    );
    assert.ok(cardStrings(taskCard(submitted).body).some((s) => s.includes(CONNECTOR_NAME)));
  });

  it('handles exactly the command ids the manifest declares', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'manifest', 'manifest.json'), 'utf8'));
    const commands = manifest.composeExtensions[0].commands as { id: string; context: string[] }[];
    assert.deepEqual(commands.find((c) => c.context.includes('message'))?.id, DIAGNOSE_POST_COMMAND);
    assert.deepEqual(commands.find((c) => c.context.includes('compose'))?.id, DIAGNOSE_PASTE_COMMAND);
  });

  it('the dialog and the chat share one paste size limit', () => {
    assert.equal(MAX_PASTE_BYTES, BOT_MAX_PASTE_BYTES);
  });
});
