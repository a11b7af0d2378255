// The conversation as a thread (issue 14): a table of paths, each in English and Japanese, driven
// through the real DiagnoseDialog with DialogTestClient. Each turn states what came back (card
// ids or "text"), what the stored case then holds (its id, its answer's finding and confidence),
// and what the cards must or must not contain (thumbprints, commands). Wording is not asserted.
import { strict as assert } from 'node:assert';
import type { Activity } from 'botbuilder';
import { ASK_NOT_RECOGNISED_ID } from '../../src/cards';
import type { ConversationCase } from '../../src/conversation';
import { cardIds, cardOf, commandsIn, DECIDING_FIELDS, dialogHarness, ERROR_LINE, findingIdOf, hasKana, KB, pinnedConnector, submitData, TABLE, TRUSTED_THUMBPRINT, UNTRUSTED_THUMBPRINT, type Card, type DialogHarness } from './harness';

/** A compose box that drops line breaks (the Agents Playground's) sends only the text. */
const runTogether = (text: string): string => text.split('\n').join('');
/** Another error, on another server, with its own certificate. */
const OTHER_PROBLEM = [
  'Log Name:      Application',
  'Source:        MSExchangeFrontEndTransport',
  'Event ID:      12014',
  'Computer:      EDGE02.fabrikam.net',
  'Description:',
  "Microsoft Exchange couldn't find a certificate that contains the domain name mail.fabrikam.net in the personal store on the local computer. Therefore, it is unable to support the STARTTLS SMTP verb for the connector Default Frontend EDGE02 with a FQDN parameter of mail.fabrikam.net. If the connector's FQDN is not specified, the computer's FQDN is used. Verify the connector configuration and the installed certificates to make sure that there is a certificate with a domain name for that FQDN. If this certificate exists, run Enable-ExchangeCertificate -Services SMTP to make sure that the Microsoft Exchange Transport service has access to the certificate key.",
].join('\n');
const PIN_COMMAND = `-TlsCertificateName '<I>CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1`;

interface Turn {
  /** Text, an activity, or a function of the replies so far (to press a button of an earlier card). */
  send: string | Partial<Activity> | ((earlier: Card[]) => Partial<Activity>);
  replies: string[];
  finding?: string;
  /** The stored case's answer confidence after this turn. */
  confidence?: number;
  /** Values this turn's cards must name (thumbprints). */
  mentions?: string[];
  /** Commands this turn's cards must / must not show (substrings). */
  commands?: string[];
  noCommands?: string[];
  /** The case after this turn, compared with the case after turn `sameCaseAs` (1-based) or a new one. */
  sameCaseAs?: number;
  newCase?: boolean;
  notRecognised?: boolean;
  /** Whether the words of this turn's replies are Japanese. */
  japanese?: boolean;
}

interface Path {
  name: string;
  locale: string;
  turns: Turn[];
}

/** Each path of the "Done when", for one language. */
function paths(lang: 'en' | 'ja'): Path[] {
  const locale = lang === 'ja' ? 'ja-JP' : 'en-US';
  const japanese = lang === 'ja';
  const event = lang === 'ja' ? KB.eventJa() : KB.eventEn();
  const other = lang === 'ja' ? 'English' : '日本語';
  return [
    {
      name: 'error → table → "to be sure" paste → refined card',
      locale,
      turns: [
        { send: ERROR_LINE, replies: ['ask-config'], japanese },
        { send: TABLE, replies: ['diagnosis'], finding: 'untrusted-cert-on-smtp', confidence: 0.78, noCommands: [PIN_COMMAND], sameCaseAs: 1 },
        {
          send: DECIDING_FIELDS,
          replies: ['diagnosis', 'ask-verify'],
          finding: 'untrusted-cert-on-smtp',
          confidence: 0.95,
          mentions: [UNTRUSTED_THUMBPRINT, TRUSTED_THUMBPRINT],
          sameCaseAs: 1,
          japanese,
        },
      ],
    },
    {
      name: 'error → "I don\'t have it" → later paste',
      locale,
      turns: [
        { send: event, replies: ['ask-config'] },
        { send: (cards) => pressed(cards, 'noData'), replies: ['diagnosis'], finding: 'untrusted-cert-on-smtp', noCommands: [PIN_COMMAND], sameCaseAs: 1 },
        { send: KB.certs(), replies: ['diagnosis', 'ask-verify'], finding: 'untrusted-cert-on-smtp', confidence: 0.95, sameCaseAs: 1, japanese },
      ],
    },
    {
      name: 'answer → fix → verify',
      locale,
      turns: [
        { send: `${event}\n${KB.certs()}`, replies: ['diagnosis', 'ask-verify'], finding: 'untrusted-cert-on-smtp' },
        { send: pinnedConnector(), replies: ['verify-resolved'], sameCaseAs: 1, japanese },
        { send: KB.certs(), replies: ['verify-stillPresent'], sameCaseAs: 1 },
      ],
    },
    {
      name: 'language change mid-dialog: the next reply is in the new language, the case stays',
      locale,
      turns: [
        { send: ERROR_LINE, replies: ['ask-config'], japanese },
        { send: other, replies: ['text'], japanese: !japanese, sameCaseAs: 1 },
        { send: KB.certs(), replies: ['diagnosis', 'ask-verify'], finding: 'untrusted-cert-on-smtp', japanese: !japanese, sameCaseAs: 1 },
      ],
    },
    {
      name: "a stale card's button answers, and does not act on the current case",
      locale,
      turns: [
        { send: ERROR_LINE, replies: ['ask-config'] },
        { send: 'start over', replies: ['text', 'ask-error'], newCase: true },
        { send: (cards) => pressed(cards.slice(0, 1), 'skip'), replies: ['text'], sameCaseAs: 2, japanese },
        { send: (cards) => pressed(cards.slice(0, 1), 'noData'), replies: ['text'], sameCaseAs: 2 },
        { send: KB.certs(), replies: ['ask-error'], sameCaseAs: 2 },
      ],
    },
    {
      name: 'small talk gets a short answer, not a card, and the case stays',
      locale,
      turns: [
        { send: 'hi', replies: ['text'], japanese },
        { send: ERROR_LINE, replies: ['ask-config'] },
        { send: lang === 'ja' ? 'ありがとう' : 'thanks', replies: ['text'], sameCaseAs: 2, japanese },
        { send: lang === 'ja' ? 'Office 365 へのメールが止まるのはなぜですか？' : 'why does mail to Office 365 stop?', replies: ['text'], sameCaseAs: 2, japanese },
        { send: KB.certs(), replies: ['diagnosis', 'ask-verify'], finding: 'untrusted-cert-on-smtp', sameCaseAs: 2 },
      ],
    },
    {
      name: 'a run-together table is read; one that cannot be re-split is named as such',
      locale,
      turns: [
        { send: ERROR_LINE, replies: ['ask-config'] },
        { send: runTogether(TABLE), replies: ['text', 'diagnosis'], finding: 'untrusted-cert-on-smtp', confidence: 0.78, sameCaseAs: 1, japanese },
        { send: runTogether(DECIDING_FIELDS), replies: ['text', 'diagnosis', 'ask-verify'], confidence: 0.95, mentions: [UNTRUSTED_THUMBPRINT], sameCaseAs: 1 },
      ],
    },
    {
      name: 'a run-together table of another layout: the line breaks were lost, how to paste',
      locale,
      turns: [{ send: runTogether(TABLE.replace('Thumbprint  ', 'FriendlyName Thumbprint  ').replace('----------  ', '------------ ----------  ')), replies: ['text'], japanese }],
    },
    {
      name: 'a different problem on another server starts a new case, said in one line',
      locale,
      turns: [
        { send: `${event}\n${KB.certs()}`, replies: ['diagnosis', 'ask-verify'] },
        { send: OTHER_PROBLEM, replies: ['text', 'ask-config'], newCase: true },
      ],
    },
  ];
}

/** The activity a button of the newest card in `cards` sends (its data, as Teams sends it back). */
function pressed(cards: Card[], command: string): Partial<Activity> {
  for (const card of [...cards].reverse()) {
    const data = submitData(card).find((d) => d.command === command);
    if (data) return { value: data };
  }
  throw new Error(`no card with a ${command} button`);
}

function replyKind(activity: Partial<Activity>): string {
  const card = cardOf(activity);
  if (!card) return activity.type === 'message' ? 'text' : String(activity.type);
  return cardIds(card).find((id) => id !== ASK_NOT_RECOGNISED_ID) ?? 'card';
}

function storedCase(harness: DialogHarness): ConversationCase | undefined {
  const entry = Object.entries(harness.stored()).find(([key]) => key.startsWith('msteams/conversations/'));
  return entry?.[1].case as ConversationCase | undefined;
}

function words(replies: Partial<Activity>[]): string {
  return replies.map((r) => (cardOf(r) ? JSON.stringify(cardOf(r)?.body) : (r.text ?? ''))).join('\n');
}

/** Runs a path; returns the replies of every turn (for the transcript). */
export async function runPath(path: Path, check = true): Promise<Partial<Activity>[][]> {
  const harness = dialogHarness({ locale: path.locale });
  const cards: Card[] = [];
  const caseIds: (string | undefined)[] = [];
  const transcript: Partial<Activity>[][] = [];
  for (const [index, turn] of path.turns.entries()) {
    const label = `turn ${index + 1}`;
    const input = typeof turn.send === 'function' ? turn.send(cards) : turn.send;
    const first = await harness.send(input);
    const replies = [first, ...harness.rest()].filter((r) => r && r.type !== 'typing');
    transcript.push(replies);
    const turnCards = replies.map(cardOf).filter((c): c is Card => Boolean(c));
    cards.push(...turnCards);
    const current = storedCase(harness);
    caseIds.push(current?.id);
    if (!check) continue;
    assert.deepEqual(replies.map(replyKind), turn.replies, label);
    if (turn.finding) assert.equal(findingIdOf(turnCards.find((c) => cardIds(c).includes('diagnosis'))), turn.finding, label);
    if (turn.confidence !== undefined) assert.equal(current?.answer?.confidence, turn.confidence, `${label}: confidence`);
    const shown = turnCards.flatMap(commandsIn);
    for (const c of turn.commands ?? []) assert.ok(shown.some((s) => s.includes(c)), `${label}: no command contains ${c}`);
    for (const c of turn.noCommands ?? []) assert.ok(!shown.some((s) => s.includes(c)), `${label}: ${c} shown too early`);
    for (const value of turn.mentions ?? []) assert.ok(JSON.stringify(turnCards).includes(value), `${label}: ${value} not named`);
    if (turn.sameCaseAs) assert.equal(current?.id, caseIds[turn.sameCaseAs - 1], `${label}: the case of turn ${turn.sameCaseAs}`);
    if (turn.newCase) assert.ok(current?.id && !caseIds.slice(0, -1).includes(current.id), `${label}: a new case`);
    if (turn.notRecognised !== undefined) assert.equal(turnCards.some((c) => cardIds(c).includes(ASK_NOT_RECOGNISED_ID)), turn.notRecognised);
    if (turn.japanese !== undefined) assert.equal(hasKana(words(replies)), turn.japanese, `${label}: language`);
    // Every button of a case's card names the case it belongs to.
    for (const card of turnCards) for (const data of submitData(card)) if (data.action) assert.equal(data.caseId, current?.id, `${label}: button without the case id`);
  }
  return transcript;
}

export const PATHS = { en: paths('en'), ja: paths('ja') };

describe('the conversation is a thread (one case)', () => {
  for (const lang of ['en', 'ja'] as const) {
    describe(lang, () => {
      for (const path of PATHS[lang]) it(path.name, () => runPath(path).then(() => undefined));
    });
  }

  it('never says "no error was pasted" once the case holds the error', async () => {
    const harness = dialogHarness();
    await harness.send(ERROR_LINE);
    await harness.send(TABLE);
    await harness.send(DECIDING_FIELDS);
    const replies = [...harness.rest(), await harness.send('skip'), ...harness.rest()];
    assert.ok(!words(replies).includes('No error was pasted'));
    const current = storedCase(harness);
    assert.ok(current?.pastes.every((p) => typeof p.paste.text === 'string' && typeof p.paste.storedAt === 'string'), 'pastes are stored as { paste }');
  });

  it('does not ask again for what the case holds', async () => {
    const harness = dialogHarness();
    await harness.send(KB.certs());
    harness.rest();
    const ask = cardOf(await harness.send('skip'));
    // Certificates are in the case: the config question (if any) does not ask for them again.
    assert.ok(!commandsIn(ask).some((c) => c.startsWith('Get-ExchangeCertificate | fl')), 'asked for the certificate list the case holds');
  });
});
