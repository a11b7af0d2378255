// Secrets copied out of a paste or typed into a note never reach storage, a card or the expert
// channel: the real server on SQLite, a paste with a private key, a password and a SAS URL next to
// the KB 2888788 output, "escalate" with a note carrying a password; then the SQLite file is read
// back and everything the fake Bot Connector received is searched.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningServer } from '../../src/index';
import { t } from '../../src/i18n';
import { SqliteStorage } from '../../src/storage/sqliteStorage';
import { KB } from '../bot/harness';
import { FakeConnector } from '../escalation/fakeConnector';
import { cardIn, expertThread, helpdeskThread, message, newActivityId, newThreads, OWNER, post, REQUESTER, startBot } from '../escalation/teams';

const KEY_BODY = 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgm1tX8yv0nE0Z7o2q';
const SECRETS = ['Hunter2!Prod', KEY_BODY, 'AbCd%2BEfGh%2FIjKl%3D', 'Summer2026!x', 'Contoso!2026'];
const PASTE = [
  KB.eventEn(),
  KB.certs(),
  'the service account password is Hunter2!Prod',
  '-----BEGIN PRIVATE KEY-----',
  KEY_BODY,
  '-----END PRIVATE KEY-----',
  'log upload: https://contosologs.blob.core.windows.net/logs/x.txt?sv=2022-11-02&sp=r&sig=AbCd%2BEfGh%2FIjKl%3D',
  "Import-ExchangeCertificate -FileData $b -Password (ConvertTo-SecureString -String 'Contoso!2026' -AsPlainText -Force)",
].join('\n');

describe('security: secrets are redacted before a ticket is stored, shown or sent', function () {
  this.timeout(60_000);
  let dir: string;
  let connector: FakeConnector;
  let server: RunningServer | undefined;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mfd-redaction-'));
  });
  after(async () => {
    await server?.close();
    await connector?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the stored ticket, the stored paste, the expert card and every message hold "[redacted]", never the secret', async () => {
    const sqlitePath = join(dir, 'state.sqlite');
    connector = await new FakeConnector().start();
    connector.members.set(OWNER.id, { ...OWNER, userRole: 'owner' });
    server = await startBot(connector, { STORAGE: 'sqlite', SQLITE_PATH: sqlitePath, ESCALATION_LANG: 'ja' });
    const root = newActivityId();
    await post(server, message(connector, expertThread(root), OWNER, 'エスカレーションチャネルを設定', { id: root, locale: 'ja-JP' }));
    const thread = helpdeskThread(newActivityId());
    await post(server, message(connector, thread, REQUESTER, PASTE));
    await post(server, message(connector, thread, REQUESTER, 'escalate the password is Summer2026!x and EX01 queues'));
    const [created] = newThreads(connector);
    assert.ok(created, 'the ticket was posted');
    await server.close();
    server = undefined;

    const storage = new SqliteStorage(sqlitePath);
    try {
      const ticket = (await storage.read(['escalation/ticket/1']))['escalation/ticket/1'] as Record<string, unknown> & { note: string; input: { paste: { text: string } } };
      assert.ok(ticket, 'ticket 1 is stored');
      const stored = JSON.stringify(ticket);
      for (const secret of SECRETS) assert.ok(!stored.includes(secret), `stored ticket holds ${secret}`);
      assert.equal(ticket.note, 'the password is [redacted] and EX01 queues');
      assert.ok(ticket.input.paste.text.includes('password is [redacted]'));
      assert.ok(ticket.input.paste.text.includes('2F9C4B8A1E3D5C7B9A0F2E4D6C8B0A1928374655'), 'the certificate output is kept as it was');
      console.log(`      stored ticket (excerpt): ${JSON.stringify({ note: ticket.note, paste: ticket.input.paste.text.split('\n').filter((l) => l.includes('[redacted]') || l.includes('PRIVATE KEY')) })}`);
    } finally {
      storage.close();
    }

    const sent = JSON.stringify(connector.calls.map((c) => c.body));
    for (const secret of SECRETS) assert.ok(!sent.includes(secret), `sent to Teams: ${secret}`);
    const expertCard = JSON.stringify(cardIn(created));
    // Shown literally (escapeMarkdown escapes the brackets), in the experts' language.
    const word = t('ja', 'escalationSafety.redacted').replace(/[[\]]/g, '');
    assert.ok(expertCard.includes(word), 'the experts read the marker in their language');
    assert.ok(!expertCard.includes('redacted'));
  });
});
