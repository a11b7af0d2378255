// Every escalation card, in English and Japanese, in every ticket state: schema 1.5, the
// adaptivecards renderer's own checks, the 25 KB limit; pasted and typed text shown literally.
import { strict as assert } from 'node:assert';
import { escalateNoteCard } from '../../src/cards/escalateNoteCard';
import { ticketCard, type TicketAudience } from '../../src/cards/ticketCard';
import { ticketListCard } from '../../src/cards/ticketListCard';
import type { Lang } from '../../src/diagnosis/types';
import { ticketView } from '../../src/escalation/ticketView';
import type { Ticket } from '../../src/escalation/types';
import { validateCard } from '../support/cardValidation';

const LANGS: Lang[] = ['en', 'ja'];
const AUDIENCES: TicketAudience[] = ['experts', 'requester'];
const HOSTILE = '**bold** [click](https://evil.example) <at>Everyone</at> ![x](https://evil.example/x.png)';

function ticket(overrides: Partial<Ticket> = {}): Ticket {
  const at = '2026-11-26T09:00:00.000Z';
  return {
    number: 42,
    idempotencyKey: '29:riku|card:1',
    status: 'open',
    createdAt: at,
    updatedAt: at,
    requester: { id: '29:riku', name: 'Riku Helpdesk', aadObjectId: '0f1e2d3c-0000-4000-8000-00000000000d', lang: 'en' },
    origin: {
      kind: 'channel',
      reference: { serviceUrl: 'http://127.0.0.1:9/', channelId: 'msteams', conversationId: '19:h@thread.tacv2;messageid=1', botId: '28:bot' },
      link: 'https://teams.microsoft.com/l/message/19%3Ah%40thread.tacv2/1?parentMessageId=1',
    },
    findings: [
      {
        id: 'untrusted-cert-on-smtp',
        titles: { en: 'The SMTP certificate is not trusted', ja: 'SMTP 証明書が信頼されていません' },
        confidence: 0.92,
        evidence: Array.from({ length: 12 }, (_, i) => ({ source: 'event', text: `${'454 4.7.0 UntrustedRoot '.repeat(40)} ${i}` })),
        steps: Array.from({ length: 10 }, (_, i) => ({ kind: 'fix' as const, title: `Step ${i}`, command: `Set-SendConnector -Identity 'Outbound to Office 365' -TlsCertificateName '<I>CN=CA<S>CN=mail.contoso.com' # ${'x'.repeat(300)}` })),
      },
      { id: 'incomplete-chain', titles: { en: 'Incomplete chain', ja: 'チェーンが不完全' }, confidence: 0.4, evidence: [], steps: [] },
    ],
    note: HOSTILE,
    history: [],
    delivery: { state: 'delivered', attempts: 1, conversationId: '19:e@thread.tacv2;messageid=9', activityId: '9' },
    ...overrides,
  };
}

const STATES: [string, Partial<Ticket>][] = [
  ['open', {}],
  ['assigned', { status: 'assigned', assignee: { id: '29:akira', name: 'Akira Expert' } }],
  ['resolved', { status: 'resolved', assignee: { id: '29:akira', name: 'Akira' }, resolution: { note: HOSTILE, by: { id: '29:akira', name: 'Akira' }, at: '2026-11-26T10:00:00.000Z' } }],
  ['not delivered, no findings', { delivery: { state: 'failed', attempts: 3 }, findings: [] }],
];

describe('escalation cards', () => {
  for (const lang of LANGS) {
    for (const audience of AUDIENCES) {
      for (const [state, overrides] of STATES) {
        it(`ticket card, ${audience}, ${state}, ${lang}: valid`, () => {
          const card = ticketCard(ticketView(ticket(overrides), lang), { lang, audience, notice: 'Already assigned to <b>X</b>', chatLink: 'https://teams.microsoft.com/l/chat/0/0?users=riku%40contoso.example' });
          assert.deepEqual(validateCard(card), []);
          const json = JSON.stringify(card);
          assert.ok(!json.includes('[click](https://evil.example)'), 'typed text is never a link');
          assert.ok(!json.includes('<at>'), 'typed text is never a mention');
        });
      }
    }

    it(`ticket list cards (mine, open; empty and 20 tickets), ${lang}: valid`, () => {
      for (const kind of ['mine', 'open'] as const) {
        assert.deepEqual(validateCard(ticketListCard([], { lang, kind })), []);
        const many = Array.from({ length: 20 }, (_, i) => ticket({ number: i + 1, requester: { id: '29:r', name: HOSTILE, lang } }));
        const card = ticketListCard(many.map((x) => ticketView(x, lang)), { lang, kind });
        assert.deepEqual(validateCard(card), []);
        assert.ok(!JSON.stringify(card).includes('[click](https://evil.example)'));
      }
    });

    it(`escalate note card, with and without a finding, ${lang}: valid`, () => {
      assert.deepEqual(validateCard(escalateNoteCard({ lang, key: 'card:1', findingTitle: HOSTILE })), []);
      assert.deepEqual(validateCard(escalateNoteCard({ lang, key: 'card:1' })), []);
    });
  }

  it('the experts see Assign, then Unassign and Resolve with a required note, then Reopen', () => {
    const verbs = (t: Ticket) =>
      (ticketCard(ticketView(t, 'en'), { lang: 'en', audience: 'experts' }).actions ?? []).flatMap((a) =>
        a.type === 'Action.Execute' ? [a.verb] : a.type === 'Action.ShowCard' ? (a.card.actions ?? []).flatMap((i) => (i.type === 'Action.Execute' ? [i.verb] : [])) : [],
      );
    assert.deepEqual(verbs(ticket()), ['assign', 'resolve']);
    assert.deepEqual(verbs(ticket(STATES[1][1])), ['unassign', 'resolve']);
    assert.deepEqual(verbs(ticket(STATES[2][1])), ['reopen']);
    const resolveCard = ticketCard(ticketView(ticket(), 'en'), { lang: 'en', audience: 'experts' }).actions!.find((a) => a.type === 'Action.ShowCard');
    assert.ok(resolveCard && resolveCard.type === 'Action.ShowCard');
    assert.deepEqual(resolveCard.card.body.map((e) => [e.type, 'isRequired' in e ? e.isRequired : undefined]), [['Input.Text', true]]);
  });

  it('the card refreshes itself for the requester and the assignee', () => {
    const card = ticketCard(ticketView(ticket(STATES[1][1]), 'en'), { lang: 'en', audience: 'experts' });
    assert.deepEqual(card.refresh?.userIds, ['29:riku', '29:akira']);
    assert.equal(card.refresh?.action.verb, 'refresh');
  });
});
