// DiagnoseDialog driven by DialogTestClient from a table of conversations: what the user sends,
// which cards come back (by their ids), the finding, the commands and the dialog's status.
import { strict as assert } from 'node:assert';
import type { Activity } from 'botbuilder';
import { ASK_NOT_RECOGNISED_ID } from '../../src/cards';
import type { LastDiagnosis } from '../../src/conversation';
import {
  cardIds,
  cardOf,
  commandsIn,
  dialogHarness,
  findingIdOf,
  hasKana,
  KB,
  pinnedConnector,
  TRUSTED_THUMBPRINT,
  UNTRUSTED_THUMBPRINT,
  visibleTexts,
  type Card,
} from './harness';

const PIN_TO_PUBLIC_CERT =
  "-TlsCertificateName '<I>CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US<S>CN=mail.contoso.com, O=Contoso Ltd, L=Redmond, S=Washington, C=US'";
const CERTIFICATE_LIST = 'Get-ExchangeCertificate | fl';

interface Turn {
  send: string | Partial<Activity>;
  /** What came back, in order: a card's id ("ask-config", "diagnosis", …) or "text". */
  replies: string[];
  finding?: string;
  /** Substrings some command shown in this turn's cards must contain. */
  commands?: string[];
  /** Values this turn's cards must mention (thumbprints). */
  mentions?: string[];
  notRecognised?: boolean;
  /** Whether the user-visible words are Japanese. */
  japanese?: boolean;
  status?: 'waiting' | 'complete' | 'cancelled';
}

interface Flow {
  name: string;
  locale?: string;
  turns: Turn[];
}

const both = (): string => `${KB.eventEn()}\n${KB.certs()}`;

const FLOWS: Flow[] = [
  {
    name: 'error first, then certificates',
    turns: [
      { send: KB.eventEn(), replies: ['ask-config'], commands: [CERTIFICATE_LIST], status: 'waiting' },
      {
        send: KB.certs(),
        replies: ['diagnosis', 'ask-verify'],
        finding: 'untrusted-cert-on-smtp',
        commands: ['Set-SendConnector', PIN_TO_PUBLIC_CERT],
        mentions: [UNTRUSTED_THUMBPRINT, TRUSTED_THUMBPRINT],
        status: 'waiting',
      },
    ],
  },
  {
    name: 'certificates first, then the error',
    turns: [
      { send: KB.certs(), replies: ['ask-error'], status: 'waiting' },
      { send: KB.eventEn(), replies: ['diagnosis', 'ask-verify'], finding: 'untrusted-cert-on-smtp', commands: [PIN_TO_PUBLIC_CERT] },
    ],
  },
  {
    name: 'one paste with both goes straight to the answer',
    turns: [{ send: both(), replies: ['diagnosis', 'ask-verify'], finding: 'untrusted-cert-on-smtp', commands: [PIN_TO_PUBLIC_CERT], mentions: [UNTRUSTED_THUMBPRINT] }],
  },
  {
    name: '"skip" the certificates: answer with what there is, and say what to run',
    turns: [
      { send: KB.eventEn(), replies: ['ask-config'] },
      { send: 'skip', replies: ['diagnosis'], finding: 'untrusted-cert-on-smtp', commands: [CERTIFICATE_LIST], status: 'waiting' },
    ],
  },
  {
    name: '"I don\'t have it" button',
    turns: [
      { send: KB.eventEn(), replies: ['ask-config'] },
      { send: { value: { action: 'command', command: 'noData' } }, replies: ['diagnosis'], finding: 'untrusted-cert-on-smtp', status: 'waiting' },
    ],
  },
  {
    name: 'cancel, then a new conversation',
    turns: [
      { send: KB.eventEn(), replies: ['ask-config'] },
      { send: 'cancel', replies: ['text'], status: 'complete' },
      { send: 'lorem ipsum dolor', replies: ['ask-error'], notRecognised: true, status: 'waiting' },
    ],
  },
  {
    name: 'help at a step keeps the step',
    turns: [
      { send: KB.eventEn(), replies: ['ask-config'] },
      { send: 'help', replies: ['help'], status: 'waiting' },
      { send: KB.certs(), replies: ['diagnosis', 'ask-verify'], finding: 'untrusted-cert-on-smtp' },
    ],
  },
  {
    name: 'start over from the card button',
    turns: [
      { send: KB.eventEn(), replies: ['ask-config'] },
      { send: { value: { action: 'command', command: 'startOver' } }, replies: ['text', 'ask-error'], status: 'waiting' },
      { send: 'skip', replies: ['ask-config'], status: 'waiting' },
    ],
  },
  {
    name: 'verify after the fix: the cause is gone',
    turns: [
      { send: both(), replies: ['diagnosis', 'ask-verify'] },
      { send: pinnedConnector(), replies: ['verify-resolved'], status: 'waiting' },
    ],
  },
  {
    name: 'verify after the fix: the same output again, the cause is still there',
    turns: [
      { send: both(), replies: ['diagnosis', 'ask-verify'] },
      { send: KB.certs(), replies: ['verify-stillPresent'], status: 'waiting' },
    ],
  },
  {
    name: 'verify declined',
    turns: [
      { send: both(), replies: ['diagnosis', 'ask-verify'] },
      { send: { value: { action: 'command', command: 'skip' } }, replies: ['text'], status: 'waiting' },
    ],
  },
  {
    name: 'nothing recognisable, twice',
    turns: [
      { send: 'lorem ipsum dolor', replies: ['ask-error'], notRecognised: true },
      { send: 'sit amet consectetur', replies: ['ask-error'], notRecognised: true, status: 'waiting' },
    ],
  },
  {
    name: '"language ja" at a step: confirmed and remembered',
    turns: [
      { send: KB.eventEn(), replies: ['ask-config'], japanese: false },
      { send: 'language ja', replies: ['text'], japanese: true, status: 'waiting' },
      { send: KB.certs(), replies: ['diagnosis', 'ask-verify'], japanese: true },
    ],
  },
  {
    name: 'a question in Japanese from an English client gets Japanese',
    turns: [{ send: `このエラーの原因を教えてください。\n${KB.eventEn()}`, replies: ['ask-config'], japanese: true }],
  },
  {
    name: 'a Japanese event pasted from an English client stays English',
    turns: [{ send: KB.eventJa(), replies: ['ask-config'], japanese: false }],
  },
  {
    name: 'ja-JP locale answers in Japanese',
    locale: 'ja-JP',
    turns: [{ send: both(), replies: ['diagnosis', 'ask-verify'], finding: 'untrusted-cert-on-smtp', commands: [PIN_TO_PUBLIC_CERT], japanese: true }],
  },
];

function replyKind(activity: Partial<Activity>): string {
  const card = cardOf(activity);
  if (!card) return activity.type === 'message' ? 'text' : String(activity.type);
  return cardIds(card).find((id) => id !== ASK_NOT_RECOGNISED_ID) ?? 'card';
}

function userWords(replies: Partial<Activity>[]): string {
  return replies.map((r) => (cardOf(r) ? visibleTexts(cardOf(r)) : (r.text ?? ''))).join('\n');
}

describe('DiagnoseDialog', () => {
  for (const flow of FLOWS) {
    it(flow.name, async () => {
      const harness = dialogHarness({ locale: flow.locale });
      for (const [index, turn] of flow.turns.entries()) {
        const label = `turn ${index + 1}`;
        const first = await harness.send(turn.send);
        const replies = [first, ...harness.rest()].filter((r) => r && r.type !== 'typing');
        assert.deepEqual(replies.map(replyKind), turn.replies, label);
        const cards = replies.map(cardOf).filter((c): c is Card => Boolean(c));
        if (turn.finding) assert.equal(findingIdOf(cards.find((c) => cardIds(c).includes('diagnosis'))), turn.finding, label);
        const commands = cards.flatMap(commandsIn);
        for (const expected of turn.commands ?? []) {
          assert.ok(commands.some((c) => c.includes(expected)), `${label}: no command contains ${expected}\n${commands.join('\n')}`);
        }
        for (const value of turn.mentions ?? []) assert.ok(JSON.stringify(cards).includes(value), `${label}: ${value} not shown`);
        if (turn.notRecognised !== undefined) {
          assert.equal(cards.some((c) => cardIds(c).includes(ASK_NOT_RECOGNISED_ID)), turn.notRecognised, `${label}: not-recognised note`);
        }
        if (turn.japanese !== undefined) assert.equal(hasKana(userWords(replies)), turn.japanese, `${label}: language`);
        if (turn.status) assert.equal(harness.client.dialogTurnResult.status, turn.status, `${label}: status`);
      }
    });
  }

  function lastDiagnosis(harness: ReturnType<typeof dialogHarness>): LastDiagnosis | undefined {
    const entry = Object.entries(harness.stored()).find(([key]) => key.startsWith('msteams/conversations/'));
    return entry?.[1].lastDiagnosis as LastDiagnosis | undefined;
  }

  it('start over forgets what was pasted before', async () => {
    const harness = dialogHarness();
    await harness.send(KB.eventEn());
    await harness.send('start over');
    harness.rest();
    await harness.send(KB.certs());
    await harness.send('skip');
    const last = lastDiagnosis(harness);
    assert.ok(last, 'an answer was given');
    assert.ok(!last.paste.text.includes('454 4.7.0'), 'the event pasted before "start over" is not part of the answer');
    assert.ok(last.paste.text.includes(UNTRUSTED_THUMBPRINT));
  });
});
