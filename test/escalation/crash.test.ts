// A ticket Teams accepted just before the bot died: the real server (a child process on SQLite) is
// killed with SIGKILL right after the fake Bot Connector took the post and before it answered;
// after a restart the retry loop posts the ticket again, and that second card says it may be a
// repeat (the Bot Connector offers no way to find the first one). Nothing is lost, and the copy
// whose buttons stay current is the one marked.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POSSIBLE_REPEAT_ID } from '../../src/cards/ticketCard';
import { t } from '../../src/i18n';
import type { RunningServer } from '../../src/index';
import { KB } from '../bot/harness';
import { startBot, type BotProcess } from '../storage/botProcess';
import { FakeConnector } from './fakeConnector';
import { activityOf, cardIdsOf, cardIn, EXPERT_CHANNEL_ID, message, messagesTo, newThreads, personalChat, post, REQUESTER, TENANT, ticketNumberOf } from './teams';

/** Every process below `pid` (tsx runs the server in a child of its own). */
function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((n) => Number.isInteger(n) && n > 0);
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/** SIGKILL for the bot and whatever it started, each by its own pid. */
async function killHard(bot: BotProcess): Promise<void> {
  const below = bot.child.pid ? descendants(bot.child.pid) : [];
  await bot.stop('SIGKILL');
  for (const pid of below) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

describe('escalation: a post accepted by Teams just before a crash', function () {
  this.timeout(180_000);
  let dir: string;
  let connector: FakeConnector;
  let bot: BotProcess | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mfd-crash-'));
    connector = await new FakeConnector().start();
  });
  afterEach(async () => {
    if (bot) await killHard(bot);
    bot = undefined;
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is posted again after the restart, once, and the repeat is marked on its card', async () => {
    const env = {
      STORAGE: 'sqlite',
      SQLITE_PATH: join(dir, 'state.sqlite'),
      DEDUPE_TTL_SECONDS: '0',
      RATE_LIMIT_PER_MINUTE: '0',
      ESCALATION_RETRY_BASE_MS: '10',
      ESCALATION_RETRY_LATER_MS: '20',
      ESCALATION_RETRY_INTERVAL_MS: '100',
      ESCALATION_CLAIM_MS: '500',
      ESCALATION_CHANNEL_ID: EXPERT_CHANNEL_ID,
      ESCALATION_SERVICE_URL: connector.url,
      ESCALATION_TENANT_ID: TENANT,
    };
    bot = await startBot(env);
    const server = (): RunningServer => ({ port: bot!.port }) as RunningServer;
    const chat = personalChat(REQUESTER);
    await post(server(), message(connector, chat, REQUESTER, `${KB.eventEn()}\n${KB.certs()}`));

    let killed!: () => void;
    const crashed = new Promise<void>((resolve) => (killed = resolve));
    const first = bot;
    connector.onNextThreadAccepted(async () => {
      await killHard(first);
      killed();
      return true;
    });
    const turn = post(server(), message(connector, chat, REQUESTER, 'escalate EX01 queues are growing')).catch(() => undefined);
    await crashed;
    await turn;
    assert.equal(newThreads(connector).length, 1, 'Teams took the first post');

    bot = await startBot(env);
    const [original, repeat] = await connector.waitFor(() => (newThreads(connector).length >= 2 ? newThreads(connector) : undefined), 30_000);
    // Give the loop a few more passes: no third copy.
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(newThreads(connector).length, 2, 'posted once more, not more');
    assert.equal(ticketNumberOf(cardIn(original)), ticketNumberOf(cardIn(repeat)), 'the same ticket');
    assert.ok(!cardIdsOf(cardIn(original)).includes(POSSIBLE_REPEAT_ID), 'the first post was not a repeat');
    assert.ok(cardIdsOf(cardIn(repeat)).includes(POSSIBLE_REPEAT_ID), 'the second post says it may be a repeat');
    const told = await connector.waitFor(() =>
      messagesTo(connector, chat.conversationId).find((c) => activityOf(c).text === t('en', 'escalation.deliveredLate', { number: ticketNumberOf(cardIn(repeat))! })),
    );
    assert.ok(told, 'the requester hears it reached the experts');
  });
});
