// A full disk under the running bot (a small tmpfs, where the platform lets the test mount one):
// the process stays up (no SIGBUS: no memory-mapped WAL index), turns are diagnosed without state
// with "not saved", /healthz says 503 with SQLite's error, and all of it recovers once space is back.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { t } from '../../src/i18n';
import { startBotServer, stopBotServer, type BotServer } from '../reliability/botServer';
import { cardsJson, everythingJson, newPersonalChat, say, type BotProcess } from './botProcess';
import { CERTIFICATE_LIST, EVENT_TEXT, FINDING_ID } from './kb2888788';

function tryMount(dir: string): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m,mode=0700', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Fills the file system at `dir` to the last byte. */
function fill(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

describe('Storage faults: the disk fills up under the running bot (tmpfs)', function () {
  this.timeout(120_000);
  let dir: string;
  let mounted = false;
  let bot: BotServer | undefined;

  before(function () {
    dir = mkdtempSync(join(tmpdir(), 'mfd-full-'));
    mounted = tryMount(dir);
    if (!mounted) this.skip(); // needs root and mount(8); the in-process tests cover the logic
  });
  after(async function () {
    await stopBotServer(bot);
    if (mounted) execFileSync('umount', [dir], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  });

  it('stays up, answers without state and says "not saved", reports 503, and recovers when space is back', async function () {
    bot = await startBotServer({ STORAGE: 'sqlite', SQLITE_PATH: join(dir, 'state.sqlite') });
    const talk = { port: bot.port, stderr: () => bot!.output() } as BotProcess;
    await say(talk, newPersonalChat(), 'help');

    fill(join(dir, 'filler'));
    const paste = `${EVENT_TEXT}\n${CERTIFICATE_LIST}`;
    for (let i = 0; i < 3; i++) {
      const replies = await say(talk, newPersonalChat(), paste);
      assert.match(cardsJson(replies), new RegExp(FINDING_ID), 'diagnosed without state');
      assert.ok(replies.some((reply) => reply.text === t('en', 'storage.notSaved')), everythingJson(replies));
    }
    const failing = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
    const body = (await failing.json()) as { storageError?: { code?: string } };
    assert.equal(failing.status, 503);
    assert.match(String(body.storageError?.code), /SQLITE_(FULL|IOERR)/);
    assert.equal(bot.child.exitCode, null);
    assert.equal(bot.child.signalCode, null, 'no SIGBUS');
    assert.equal(bot.output().split('\n').filter((line) => line.includes('storage unavailable')).length, 1, 'one clear error');

    rmSync(join(dir, 'filler'));
    const chat = newPersonalChat();
    await say(talk, chat, EVENT_TEXT);
    assert.equal((await fetch(`http://127.0.0.1:${bot.port}/healthz`)).status, 200, 'recovered by itself');
    assert.match(cardsJson(await say(talk, chat, CERTIFICATE_LIST)), new RegExp(FINDING_ID), 'state is kept again');
    assert.ok(bot.output().includes('storage recovered'));
  });
});
