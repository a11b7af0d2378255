// Whole turns fuzzed through the real bot and adapter (in-process, CloudAdapter with expectReplies):
// random and adversarial text (Exchange fragments, HTML nested 10,000 deep, lines up to 250 KB,
// lone surrogates, huge numbers), random attachments, card values and mentions, one to three turns
// per conversation so prompts see follow-ups. Every turn must finish without reaching
// onTurnError, and every message must get an answer. 10,000+ turns.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { inProcessBot, type TurnResult } from './inProcess';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'kb2888788');
const KB_PASTE = ['event-en.txt', 'certs-fl.txt'].map((f) => fs.readFileSync(path.join(FIXTURES, f), 'utf8')).join('\n');
/** Conversations of ordinary-sized turns (1–2 turns each), and of huge adversarial turns. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 7000);
const HUGE_RUNS = Number(process.env.FUZZ_HUGE_RUNS ?? 40);
/** Teams gives up on a turn after about 15 s; a turn that takes longer counts as hung. */
const HANG_MS = 15_000;

const TOKENS = [
  '\n', '\n\n', '\r\n', '  ', '\t', ' : ', ':', '=', ',', '{', '}', '[', ']', '(', ')', '"', "'", '*', '_', '`', '#', '|', '!', '<', '>', '&',
  'Thumbprint', 'Services', 'SMTP', 'Subject', 'Issuer', 'CN=mail.contoso.com', 'NotAfter', 'RootCAType', 'TlsCertificateName', '<I>', '<S>',
  'Get-SendConnector | fl', 'Get-ExchangeCertificate | fl', 'AddressSpaces', 'SmartHosts', 'RequireTLS', 'TlsAuthLevel',
  '454 4.7.0 ', '450 4.4.317 ', '421 4.4.2 ', '550 5.7.64 ', 'TenantAttribution', 'UntrustedRoot', 'SubjectMismatch',
  'Failed to establish appropriate TLS channel', 'Event ID: 2004', 'Event ID: 12014', 'Description:', 'LastError', '{LED=',
  '適切な TLS チャネル', 'イベント ID: 2004', '応答454で確認されました。', '-----BEGIN CERTIFICATE-----', '-----END CERTIFICATE-----', 'MIIB',
  '<p>', '</p>', '<br>', '<pre>', '</pre>', '<div>', '<at>Mailflow Doctor</at>', '<at>ceo</at>', '&lt;', '&gt;', '&amp;', '&#x0;', '&nbsp;',
  '[click](https://evil.example)', '![x](https://evil.example/a.png)', '**bold**', '<script>alert(1)</script>',
  'help', 'cancel', 'start over', 'language ja', '日本語', 'escalate', 'escalate please look', 'my tickets', 'open tickets', 'set escalation channel', '[PS] C:\\>', '\u200B', '\uFEFF', '\u202E', '\uD800', '\uDFFF', '\u0000',
  '2004', '9'.repeat(40), '1e309', '-0', 'NaN', '0x7fffffff', '18446744073709551616',
];

const codeUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 300 }).map((units) => String.fromCharCode(...units));
const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 120 }).map((parts) => parts.join(''));
const mutatedPaste = fc
  .array(fc.tuple(fc.nat({ max: KB_PASTE.length }), fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 20 }))), { maxLength: 8 })
  .map((edits) => edits.reduce((text, [at, piece]) => text.slice(0, at) + piece + text.slice(at), KB_PASTE));
const truncatedPaste = fc.nat({ max: KB_PASTE.length }).map((end) => KB_PASTE.slice(0, end));
const deepNesting = (maxDepth: number) => fc
  .tuple(fc.integer({ min: 1, max: maxDepth }), fc.constantFrom('div', 'p', 'span', 'at', 'pre', 'table', 'b'), fc.constantFrom('', '454 4.7.0 UntrustedRoot', KB_PASTE), fc.boolean())
  .map(([depth, tag, inner, closed]) => `<${tag}>`.repeat(depth) + inner + (closed ? `</${tag}>`.repeat(depth) : ''));
const longLine = (maxLength: number) => fc
  .tuple(fc.integer({ min: 1_000, max: maxLength }), fc.constantFrom('a', ' ', '454 4.7.0 ', 'Thumbprint : ', '<', '[', '*_', '\u3042', '\uD83D\uDE00', '&lt;'))
  .map(([length, piece]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));
const hugeNumbers = fc
  .tuple(fc.bigInt({ min: -(10n ** 400n), max: 10n ** 400n }), fc.constantFrom('Event ID: ', '454 ', 'NotAfter : ', 'ERROR ', 'Thumbprint : ', ''))
  .map(([n, label]) => `${label}${n}\n${label}${Number.MAX_VALUE}.${n}.${n}`);

const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  { weight: 3, arbitrary: codeUnits },
  { weight: 5, arbitrary: tokenSoup },
  { weight: 3, arbitrary: mutatedPaste },
  { weight: 1, arbitrary: truncatedPaste },
  { weight: 1, arbitrary: deepNesting(300) },
  { weight: 1, arbitrary: longLine(8_000) },
  { weight: 1, arbitrary: hugeNumbers },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'help', 'cancel', 'start over', 'language ja', '日本語', 'English', 'escalate', 'escalate it is urgent', 'my tickets', 'open tickets', 'set escalation channel', 'エスカレーション', KB_PASTE) },
);

// Up to the 256 KB paste limit and past it, 10,000 levels of nesting.
const hugeText = fc.oneof(deepNesting(10_000), longLine(300_000), fc.tuple(longLine(120_000), mutatedPaste).map(([line, paste]) => `${line}\n${paste}`));

const smallText = fc.oneof(fc.string({ maxLength: 40 }), codeUnits, fc.constantFrom(...TOKENS));
const attachment = fc.record(
  {
    contentType: fc.oneof(
      fc.constantFrom('text/html', 'text/plain', 'application/vnd.microsoft.card.adaptive', 'image/png', 'application/vnd.microsoft.teams.file.download.info'),
      fc.string({ maxLength: 30 }),
    ),
    content: fc.oneof(text, fc.jsonValue({ maxDepth: 4 }), fc.constant(null)),
    name: smallText,
    contentUrl: fc.constantFrom('https://evil.example/a.png', 'javascript:alert(1)', ''),
  },
  { requiredKeys: ['contentType'] },
);
const cardValue = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record({
    action: fc.oneof(fc.constantFrom('feedback', 'command', 'escalate', 'openPasteDialog'), smallText),
    findingId: fc.oneof(smallText, fc.constantFrom('untrusted-cert-on-smtp', 'x'.repeat(10_000))),
    helpful: fc.oneof(fc.boolean(), fc.jsonValue({ maxDepth: 1 })),
    command: fc.oneof(fc.constantFrom('skip', 'noData', 'startOver', 'help', 'cancel'), smallText),
  }, { requiredKeys: [] }),
);
const mention = fc.record({
  type: fc.constant('mention'),
  text: fc.oneof(fc.constant('<at>Mailflow Doctor</at>'), smallText),
  mentioned: fc.record({ id: fc.oneof(fc.constant('28:mailflow-doctor'), smallText), name: smallText }, { requiredKeys: [] }),
});

const turnShape = (textArbitrary: fc.Arbitrary<string>) => fc.record(
  {
    type: fc.oneof({ weight: 12, arbitrary: fc.constant('message') }, fc.constantFrom('invoke', 'conversationUpdate', 'installationUpdate', 'messageReaction', 'event'), smallText),
    name: fc.oneof(fc.constantFrom('task/fetch', 'task/submit', 'composeExtension/fetchTask', 'composeExtension/submitAction', 'adaptiveCard/action'), smallText),
    text: textArbitrary,
    textFormat: fc.constantFrom('plain', 'markdown', 'xml'),
    locale: fc.oneof(fc.constantFrom('en-US', 'ja-JP', 'ja', 'de-DE', ''), smallText),
    attachments: fc.array(attachment, { maxLength: 3 }),
    value: cardValue,
    entities: fc.array(mention, { maxLength: 2 }),
    conversationType: fc.constantFrom('personal', 'groupChat', 'channel'),
    membersAdded: fc.array(fc.record({ id: fc.oneof(fc.constant('28:mailflow-doctor'), smallText) }), { maxLength: 2 }),
  },
  { requiredKeys: ['type', 'text'] },
);

let counter = 0;
function activityOf(shape: Record<string, unknown>, conversationId: string, userId: string): Record<string, unknown> {
  counter += 1;
  const { conversationType, ...rest } = shape;
  return {
    ...rest,
    id: `fuzz-${counter}`,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:1/',
    deliveryMode: 'expectReplies',
    from: { id: userId, aadObjectId: `aad-${userId}` },
    recipient: { id: '28:mailflow-doctor', name: 'Mailflow Doctor' },
    conversation: { id: conversationId, conversationType: conversationType ?? 'personal', tenantId: 'tenant-fuzz' },
    channelData: { tenant: { id: 'tenant-fuzz' } },
  };
}

/** The error and where in our code it happened (no node_modules frames). */
function describeError(error: Error): string {
  const frames = (error.stack ?? '').split('\n').filter((line) => line.includes('/work/') && !line.includes('node_modules')).slice(0, 4);
  return [`${error.name}: ${String(error.message).slice(0, 300)}`, ...frames].join('\n');
}

function withHangGuard(promise: Promise<TurnResult>): Promise<TurnResult> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`turn did not finish within ${HANG_MS / 1000} s`)), HANG_MS);
  });
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer));
}

describe('robustness: fuzzed whole turns through the real bot and adapter', function () {
  this.timeout(300_000);

  async function fuzzConversations(
    shapes: fc.Arbitrary<Record<string, unknown>>,
    runs: number,
    maxTurns: number,
    examples: Record<string, unknown>[][] = [],
  ): Promise<number> {
    const bot = inProcessBot({ STORAGE: 'memory' });
    let turns = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(shapes, { minLength: 1, maxLength: maxTurns }), async (conversation) => {
        conversations += 1;
        const conversationId = `a:fuzz-conversation-${conversations}`;
        const userId = `29:fuzz-user-${conversations}`;
        for (const shape of conversation) {
          const activity = activityOf(shape, conversationId, userId);
          const result = await withHangGuard(bot.turn(activity));
          turns += 1;
          const errors = bot.turnErrors.splice(0).map(describeError);
          assert.deepEqual(errors, [], `onTurnError was reached for a ${String(activity.type)} activity`);
          assert.ok(result.status < 500, `status ${result.status}`);
          if (activity.type === 'message') {
            assert.equal(result.status, 200);
            assert.ok(result.replies.length >= 1, 'a message got no answer');
            for (const reply of result.replies) {
              assert.ok(typeof reply.text === 'string' || (reply.attachments?.length ?? 0) > 0, 'an empty reply');
              for (const card of reply.attachments ?? []) {
                assert.ok(JSON.stringify(card.content).length <= 28 * 1024, 'card over 28 KB');
              }
            }
          }
        }
      }),
      { numRuns: runs, endOnFailure: true, examples: examples.map((conversation) => [conversation]) },
    );
    return turns;
  }

  let conversations = 0;

  it(`${RUNS} conversations of 1–2 ordinary turns (10,000+ turns): no turn error, no hang, every message answered`, async () => {
    const turns = await fuzzConversations(turnShape(text), RUNS, 2);
    process.stdout.write(`      (${turns} turns)\n`);
    assert.ok(turns >= 10_000 || RUNS < 7000, `only ${turns} turns`);
  });

  it(`${HUGE_RUNS} conversations with huge turns (10,000-deep HTML, lines up to 300 KB): the same`, async () => {
    const message = (text: string) => ({ type: 'message', text });
    const extremes = [
      [message(`${'<div>'.repeat(10_000)}${KB_PASTE}${'</div>'.repeat(10_000)}`)],
      [message('<div>'.repeat(10_000)), message(KB_PASTE)],
      [message('454 4.7.0 '.repeat(26_000)), message('x')],
      [message('a'.repeat(300_000))],
      [message('\uD800'.repeat(100_000))],
      [message(`Event ID: ${'9'.repeat(200_000)}`)],
      [message(`${KB_PASTE}\nIssuer : ${' CA'.repeat(80_000)}`)],
    ];
    const turns = await fuzzConversations(turnShape(hugeText), HUGE_RUNS, 2, extremes);
    process.stdout.write(`      (${turns} turns)\n`);
  });
});
