// Pasted markdown, images, HTML and mentions must render inert in every card the bot sends. A real
// conversation through the server (error → ask for certificates → diagnosis → ask to verify →
// verify result) carries hostile markup inside the pasted error, certificate and connector output;
// every TextBlock and FactSet value of every card that comes back is checked. (Unit tests of
// escapeMarkdown itself are in test/cards.test.ts.)
import { strict as assert } from 'node:assert';
import type { Activity } from 'botbuilder';
import { startServer, type RunningServer } from '../../src/index';
import { createLogger } from '../../src/logger';
import { escalateNoteCard } from '../../src/cards/escalateNoteCard';
import { ticketCard } from '../../src/cards/ticketCard';
import { ticketListCard } from '../../src/cards/ticketListCard';
import { ticketView } from '../../src/escalation/ticketView';
import type { Ticket } from '../../src/escalation/types';
import { storePaste } from '../../src/storage';
import { cardIds, cardOf, KB, pinnedConnector, type Card } from '../bot/harness';
import { post, teamsMessage } from './http';

const HOSTILE = '[click](https://evil.example) ![x](https://evil.example/a.png) <b>x</b> <at>ceo</at> **bold** <img src=x onerror=alert(1)> [ref]: https://evil.example';
// Inside certificate and connector fields, markup without HTML tags: a tag there makes the
// normaliser read the whole paste as HTML and the list is no longer recognised (reported).
const HOSTILE_FIELD = '[click](https://evil.example) ![x](https://evil.example/a.png) **bold** __under__ www.evil.example [ref]: https://evil.example';

/** The markdown-rendered strings of a card: TextBlock texts and FactSet titles and values, anywhere. */
function renderedTexts(card: unknown): string[] {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const element = node as Record<string, unknown>;
    if (element.type === 'TextBlock' && typeof element.text === 'string') texts.push(element.text);
    if (element.type === 'FactSet' && Array.isArray(element.facts)) {
      for (const fact of element.facts as { title?: unknown; value?: unknown }[]) {
        if (typeof fact.title === 'string') texts.push(fact.title);
        if (typeof fact.value === 'string') texts.push(fact.value);
      }
    }
    Object.values(element).forEach(walk);
  };
  walk(card);
  return texts;
}

/** What is left live of the pasted markup in a markdown string (the cards' own https source links
 *  to learn.microsoft.com are built by the bot and allowed). */
function liveMarkup(text: string): string[] {
  const problems: string[] = [];
  for (const [, label, target] of text.matchAll(/(?<!\\)\[([^\]\n]*)(?<!\\)\]\(([^)\s]*)/g)) {
    if (!/^https:\/\/learn\.microsoft\.com\//.test(target!) || /evil|click/.test(label!)) problems.push(`link to ${target}`);
  }
  if (/(?<!\\)!(?<!\\)\[/.test(text)) problems.push('image');
  if (/(?<!\\)\*\*bold|(?<!\\)__under/.test(text)) problems.push('bold');
  if (/<\/?[a-z][^>]*>/i.test(text)) problems.push('HTML tag');
  if (/<at\b/i.test(text)) problems.push('mention');
  if (/https?:\/\/evil/i.test(text) || /\bwww\.evil/i.test(text)) problems.push('live URL');
  if (/^\s*\[[^\]]*\]:/m.test(text)) problems.push('reference definition');
  return problems;
}

/** A paste as Teams sends it: HTML, with the pasted characters entity-encoded, lines as <br>. */
function teamsHtml(text: string): string {
  const encoded = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<p>${encoded.split('\n').join('<br>\n')}</p>`;
}

const visible = (text: string): string => text.replace(/\\(.)/g, '$1').replace(/\u200B/g, '');

describe('security: pasted markup renders inert in every card', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', env: { STORAGE: 'memory' }, logger: createLogger({ level: 'silent' }) });
  });
  after(async () => server?.close());

  for (const locale of ['en-US', 'ja-JP']) {
    it(`error → ask → diagnosis → verify, all with hostile markup (${locale})`, async () => {
      const conversation = { id: `a:hostile-${locale}`, conversationType: 'personal', tenantId: 'tenant-1' };
      const from = { id: `29:hostile-${locale}`, aadObjectId: `aad-hostile-${locale}` };
      const event = KB.eventEn().replace('Access Denied.', `Access Denied. ${HOSTILE}`);
      const certs = KB.certs()
        .replace('Subject            : CN=EX01.contoso.com', `Subject            : CN=EX01.contoso.com, OU=${HOSTILE_FIELD}`)
        .replace(/^(Services\s*:.*)$/m, `$1\nFriendlyName       : ${HOSTILE_FIELD}`);
      const connector = pinnedConnector().replace(/^(Name\s*:.*)$/m, `$1\nComment                  : ${HOSTILE_FIELD}`);

      const cards: { id: string; card: Card }[] = [];
      const asHtml = (text: string) => ({ text: teamsHtml(text), textFormat: 'xml', attachments: [{ contentType: 'text/html', content: teamsHtml(text) }] });
      const htmlConversation = { ...conversation, id: `${conversation.id}-html` };
      const turns = [
        { text: `${event}\n${HOSTILE}`, conversation },
        { ...asHtml(certs), conversation },
        { ...asHtml(connector), conversation },
        // The same error as Teams sends a formatted paste: the markup arrives entity-encoded.
        { ...asHtml(`${event}\n${HOSTILE}`), conversation: htmlConversation },
        { ...asHtml(certs), conversation: htmlConversation },
      ];
      for (const turn of turns) {
        const reply = await post(server, teamsMessage(turn.text, { from, locale, ...turn }));
        assert.equal(reply.status, 200);
        for (const activity of reply.activities as Partial<Activity>[]) {
          const card = cardOf(activity);
          if (card) cards.push({ id: cardIds(card)[0] ?? '?', card });
        }
      }

      const kinds = cards.map((c) => c.id);
      assert.ok(kinds.includes('ask-config'), `ask card: ${kinds}`);
      assert.ok(kinds.some((k) => k.startsWith('verify-')), `verify card: ${kinds}`);
      assert.ok(cards.some((c) => JSON.stringify(c.card).includes('2F9C4B8A1E3D5C7B9A0F2E4D6C8B0A1928374655')), 'a diagnosis naming the thumbprint');

      const texts = cards.flatMap((c) => renderedTexts(c.card).map((text) => ({ card: c.id, text })));
      const live = texts.flatMap(({ card, text }) => liveMarkup(text).map((problem) => `${card}: ${problem} in ${JSON.stringify(text.slice(0, 200))}`));
      assert.deepEqual(live, []);
      // The pasted markup did reach the cards (quoted as evidence), so the check above is not empty.
      assert.ok(
        texts.some(({ text }) => visible(text).includes('evil.example')),
        'some card quotes the hostile paste',
      );
    });
  }

  it('ticket, ticket list and escalation note cards (en, ja; experts and requester)', () => {
    const person = { id: '29:hostile', name: `Mallory ${HOSTILE}`, aadObjectId: 'aad-hostile' };
    const reference = { serviceUrl: 'https://smba.trafficmanager.net/emea/', channelId: 'msteams', conversationId: 'a:hostile', botId: '28:mailflow-doctor' };
    const ticket: Ticket = {
      number: 7,
      idempotencyKey: 'hostile-1',
      status: 'resolved',
      createdAt: '2026-11-26T09:00:00Z',
      updatedAt: '2026-11-26T10:00:00Z',
      requester: { ...person, lang: 'en' },
      origin: { kind: 'channel', reference, link: 'https://teams.microsoft.com/l/message/19:x/1' },
      input: { paste: storePaste(`${KB.eventEn()}\n${HOSTILE}`) },
      findings: [
        {
          id: 'untrusted-cert-on-smtp',
          titles: { en: `Title ${HOSTILE}`, ja: `タイトル ${HOSTILE}` },
          confidence: 0.9,
          evidence: [{ source: 'windowsEvent', text: `454 4.7.0 ${HOSTILE}` }],
          steps: [{ kind: 'fix', title: `Fix ${HOSTILE}`, command: `Set-SendConnector -Identity '${HOSTILE}'` }],
        },
      ],
      note: `Please help ${HOSTILE}`,
      assignee: person,
      resolution: { note: `Done ${HOSTILE}`, by: person, at: '2026-11-26T10:00:00Z' },
      history: [{ at: '2026-11-26T09:00:00Z', by: person, action: 'created' }],
      delivery: { state: 'delivered', attempts: 1 },
    };
    const cards: { id: string; card: unknown }[] = [];
    for (const lang of ['en', 'ja'] as const) {
      for (const audience of ['experts', 'requester'] as const) {
        cards.push({ id: `ticket-${lang}-${audience}`, card: ticketCard(ticketView({ ...ticket, status: 'assigned' }, lang), { lang, audience, notice: `Notice ${HOSTILE}` }) });
        cards.push({ id: `ticket-resolved-${lang}-${audience}`, card: ticketCard(ticketView(ticket, lang), { lang, audience }) });
      }
      for (const kind of ['mine', 'open'] as const) {
        cards.push({ id: `list-${lang}-${kind}`, card: ticketListCard([ticketView(ticket, lang), ticketView({ ...ticket, number: 8, status: 'open' }, lang)], { lang, kind } as Parameters<typeof ticketListCard>[1]) });
      }
      cards.push({ id: `note-${lang}`, card: escalateNoteCard({ lang, key: 'hostile-1', findingTitle: `Title ${HOSTILE}` }) });
    }
    const texts = cards.flatMap((c) => renderedTexts(c.card).map((text) => ({ card: c.id, text })));
    const live = texts.flatMap(({ card, text }) => liveMarkup(text).map((problem) => `${card}: ${problem} in ${JSON.stringify(text.slice(0, 200))}`));
    assert.deepEqual(live, []);
    assert.ok(texts.some(({ text }) => visible(text).includes('evil.example')), 'some card shows the hostile text');
  });
});
