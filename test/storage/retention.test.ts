// Retention: pastes ({ paste: { text, storedAt } }) expire after RETENTION_DAYS; the rest stays.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { openBlobStorage } from '../../src/storage/blobStorage';
import { createStorage, storePaste, type StorageHandle } from '../../src/storage';
import { RetentionStorage, retentionFromEnv } from '../../src/storage/retention';
import { SqliteStorage } from '../../src/storage/sqliteStorage';
import { startAzurite, type Azurite } from './azurite';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date();
const daysBefore = (days: number) => new Date(NOW.getTime() - days * DAY);
const OLD_MARKER = 'EXPIRED-PASTE-4.7.0-UntrustedRoot-marker';
const FRESH_MARKER = 'FRESH-PASTE-Get-ExchangeCertificate-marker';

/** A conversation's state the way the bot keeps it: a dialog stack with pastes, plus a ticket. */
function conversationState() {
  return {
    dialogState: {
      dialogStack: [
        { id: 'diagnose', state: { values: { paste: storePaste(`${OLD_MARKER}\n`.repeat(500), daysBefore(31)), findingIds: ['untrusted-cert-on-smtp'] } } },
        { id: 'ask-certificates', state: { values: { paste: storePaste(FRESH_MARKER, daysBefore(2)) } } },
      ],
    },
    ticket: { id: 'T-17', status: 'open', findings: [{ id: 'untrusted-cert-on-smtp', thumbprint: 'A1B2C3' }] },
  };
}

function assertOldPasteGoneRestKept(item: ReturnType<typeof conversationState> | undefined) {
  assert.ok(item);
  const [diagnose, ask] = item.dialogState.dialogStack;
  assert.equal('paste' in diagnose.state.values, false);
  assert.deepEqual((diagnose.state.values as { findingIds?: string[] }).findingIds, ['untrusted-cert-on-smtp']);
  assert.equal(ask.state.values.paste?.text, FRESH_MARKER);
  assert.deepEqual(item.ticket, conversationState().ticket);
}

describe('Retention of pasted content', function () {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'mfd-retention-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads RETENTION_DAYS with a 30 day default and refuses nonsense', function () {
    assert.equal(retentionFromEnv({}).retentionMs, 30 * DAY);
    assert.equal(retentionFromEnv({ RETENTION_DAYS: '7' }).retentionMs, 7 * DAY);
    assert.throws(() => retentionFromEnv({ RETENTION_DAYS: '-1' }), /RETENTION_DAYS/);
    assert.throws(() => retentionFromEnv({ RETENTION_DAYS: 'thirty' }), /RETENTION_DAYS/);
  });

  it('SQLite purge removes expired pastes from the file itself and keeps findings and tickets', async function () {
    const path = join(dir, 'state.sqlite');
    const sqlite = new SqliteStorage(path);
    await sqlite.write({ conversation: conversationState(), prefs: { language: 'ja' } });
    const before = (await sqlite.read(['conversation'])).conversation;

    assert.equal(sqlite.purgePastesStoredBefore(daysBefore(30).getTime()), 1);
    const after = await sqlite.read(['conversation', 'prefs']);
    assertOldPasteGoneRestKept(after.conversation);
    assert.notEqual(after.conversation.eTag, before.eTag, 'a purge is a write: a turn holding the old eTag must not undo it');
    assert.equal(after.prefs.language, 'ja');
    assert.equal(sqlite.purgePastesStoredBefore(daysBefore(30).getTime()), 0);

    // Checked while the database is still open: nothing left in the file nor in the WAL.
    const bytes = [path, `${path}-wal`].filter(existsSync).map((file) => readFileSync(file).toString('latin1')).join('');
    assert.equal(bytes.includes(OLD_MARKER), false, 'expired paste still on disk');
    assert.equal(bytes.includes(FRESH_MARKER), true);
    sqlite.close();
  });

  it('treats a paste without a readable storedAt as expired', async function () {
    const sqlite = new SqliteStorage(join(dir, 'state.sqlite'));
    await sqlite.write({ a: { paste: 'raw text', keep: 1 }, b: { paste: { text: 'x', storedAt: 'yesterday' } } });
    assert.equal(sqlite.purgePastesStoredBefore(daysBefore(30).getTime()), 2);
    assert.deepEqual(Object.values(await sqlite.read(['a', 'b'])).map(({ eTag: _eTag, ...rest }) => rest), [{ keep: 1 }, {}]);
    sqlite.close();
  });

  it('never hands an expired paste to the bot, even before the purge has run', async function () {
    const inner = new MemoryStorage();
    const storage = new RetentionStorage(inner, 30 * DAY, () => NOW);
    await inner.write({ conversation: conversationState() });
    assertOldPasteGoneRestKept((await storage.read(['conversation'])).conversation);

    const handed = conversationState();
    await storage.write({ conversation: handed });
    assert.ok(handed.dialogState.dialogStack[0].state.values.paste?.text.startsWith(OLD_MARKER), 'caller object untouched');
    assertOldPasteGoneRestKept((await inner.read(['conversation'])).conversation);
  });

  for (const kind of ['sqlite', 'memory']) {
    it(`createStorage(STORAGE=${kind}) purges through the handle`, async function () {
      const handle = await createStorage({ STORAGE: kind, SQLITE_PATH: join(dir, 'deep', 'x.sqlite'), RETENTION_DAYS: '30' });
      try {
        // Written "now" through the handle: nothing expired yet; 31 days later the paste must go.
        await handle.storage.write({ conversation: { paste: storePaste(OLD_MARKER), ticket: { id: 'T-1' } } });
        assert.equal(await handle.purgeExpired(new Date()), 0);
        assert.equal(await handle.purgeExpired(new Date(Date.now() + 31 * DAY)), 1);
        const { conversation } = await handle.storage.read(['conversation']);
        assert.equal('paste' in conversation, false);
        assert.deepEqual(conversation.ticket, { id: 'T-1' });
      } finally {
        await handle.close();
      }
      if (kind === 'sqlite') assert.ok(existsSync(join(dir, 'deep', 'x.sqlite')));
    });
  }

  it('refuses an unknown STORAGE and explains that cosmos is documented only', async function () {
    await assert.rejects(createStorage({ STORAGE: 'redis' }), /Unknown STORAGE/);
    await assert.rejects(createStorage({ STORAGE: 'cosmos' }), /cosmos/);
    await assert.rejects(createStorage({ STORAGE: 'blob' }), /BLOB_CONNECTION_STRING/);
  });

  describe('on Blob storage (Azurite)', function () {
    let azurite: Azurite;
    let handle: StorageHandle | undefined;
    before(async function () {
      this.timeout(30000);
      azurite = await startAzurite();
    });
    after(async () => azurite?.stop());
    afterEach(async () => handle?.close());

    it('creates the container at start and purges expired pastes from the blobs', async function () {
      handle = await createStorage({
        STORAGE: 'blob',
        BLOB_CONNECTION_STRING: azurite.connectionString,
        BLOB_CONTAINER: 'retention-test',
      });
      assert.equal(handle.kind, 'blob');
      // Written below the retention wrapper (which would strip the old paste itself).
      const raw = new BlobsStorage(azurite.connectionString, 'retention-test');
      await raw.write({ 'msteams/conversations/a:1;messageid=2': conversationState(), other: { n: 1 } });
      assert.equal(await handle.purgeExpired(NOW), 1);
      const items = await raw.read(['msteams/conversations/a:1;messageid=2', 'other']);
      assertOldPasteGoneRestKept(items['msteams/conversations/a:1;messageid=2']);
      assert.equal(items.other.n, 1);
    });

    it('does not download unchanged blobs again on the next purge', async function () {
      const blob = await openBlobStorage(azurite.connectionString, 'retention-index');
      await blob.storage.write({ a: conversationState(), b: { n: 1 }, c: { n: 2 } });
      assert.equal(await blob.purgePastesStoredBefore(NOW.getTime() - 30 * DAY), 1);
      assert.deepEqual(blob.lastPurge(), { listed: 3, read: 3 });
      assert.equal(await blob.purgePastesStoredBefore(NOW.getTime() - 30 * DAY), 0);
      assert.deepEqual(blob.lastPurge(), { listed: 3, read: 0 }, 'nothing changed, nothing read');
      await blob.storage.write({ b: { n: 3 } });
      await blob.purgePastesStoredBefore(NOW.getTime() - 30 * DAY);
      assert.deepEqual(blob.lastPurge(), { listed: 3, read: 1 }, 'only the changed blob');
    });

    it('deletes blobs past their expiresAt (dedupe markers, ticket keys), reading again only when one falls due', async function () {
      const blob = await openBlobStorage(azurite.connectionString, 'retention-expiry');
      const now = NOW.getTime();
      await blob.storage.write({ marker: { state: 'done', expiresAt: now + 60_000 }, state: { n: 1 } });
      const cutoff = now - 30 * DAY;
      assert.equal(await blob.purgePastesStoredBefore(cutoff, now), 0);
      assert.deepEqual(blob.lastPurge(), { listed: 2, read: 2 });
      assert.equal(await blob.purgePastesStoredBefore(cutoff, now + 30_000), 0);
      assert.deepEqual(blob.lastPurge(), { listed: 2, read: 0 }, 'not due yet: nothing read');
      assert.equal(await blob.purgePastesStoredBefore(cutoff, now + 61_000), 1);
      assert.deepEqual(blob.lastPurge(), { listed: 2, read: 1 }, 'only the blob that fell due');
      assert.deepEqual(Object.keys(await blob.storage.read(['marker', 'state'])), ['state']);
    });
  });
});
