import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  askInputCard,
  diagnosisCard,
  escapeMarkdown,
  helpCard,
  verifyResultCard,
  welcomeCard,
  type AdaptiveCard,
  type AskKind,
} from '../src/cards';
import { diagnose } from '../src/diagnosis';
import type { Finding, Lang } from '../src/diagnosis/types';
import { cardSize, MAX_CARD_BYTES, validateCard } from './support/cardValidation';

const LANGS: Lang[] = ['en', 'ja'];
const FIXTURES = path.join(__dirname, 'fixtures');
const NOW = new Date('2026-11-26T00:00:00Z');

function fixtureFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return fixtureFiles(full);
    return entry.name.endsWith('.txt') ? [full] : [];
  });
}

const read = (relative: string): string => fs.readFileSync(path.join(FIXTURES, relative), 'utf8');

/** Every finding the engine gives for the shared real-format pastes, alone and in KB combinations. */
function realFindings(lang: Lang): Finding[] {
  const pastes = fixtureFiles(FIXTURES).map((file) => fs.readFileSync(file, 'utf8'));
  pastes.push(
    `${read('kb2888788/event-en.txt')}\n${read('kb2888788/certs-fl.txt')}`,
    `${read('kb2888788/event-ja.txt')}\n${read('kb2888788/certs-fl.txt')}\n${read('kb2888788/connector-fl.txt')}`,
    'hello',
  );
  const byId = new Map<string, Finding>();
  for (const paste of pastes) {
    for (const finding of diagnose(paste, { lang, now: NOW }).findings) if (!byId.has(finding.id)) byId.set(finding.id, finding);
  }
  return [...byId.values()];
}

const hostile = '**bold** [click](https://evil.example/x) ![img](https://evil.example/i.png) <at>Admin</at> <b>html</b> @everyone # heading\n- list\n1. item | table | `code` &lt;script&gt;';

function syntheticFinding(evidenceCount: number, evidenceLength: number): Finding {
  return {
    id: 'untrusted-cert-on-smtp',
    title: `Title ${hostile}`,
    summary: `Summary ${hostile}`,
    severity: 'error',
    confidence: 0.9,
    evidence: Array.from({ length: evidenceCount }, (_v, i) => ({
      source: 'certificate' as const,
      text: `${i} ${hostile} ${'x'.repeat(evidenceLength)}`,
    })),
    steps: [
      { kind: 'check', title: `Check ${hostile}`, command: 'Get-ExchangeCertificate -DomainName \'mail.contoso.com\' | fl' },
      { kind: 'fix', title: 'Pin', command: "Set-SendConnector -Identity 'Outbound to Office 365' -TlsCertificateName '<I>CN=CA<S>CN=mail.contoso.com'" },
      { kind: 'verify', title: 'Verify', command: 'Get-SendConnector | fl Name,TlsCertificateName' },
    ],
    needs: [{ what: 'The connector', command: 'Get-SendConnector | fl' }],
    sources: ['https://learn.microsoft.com/exchange/troubleshoot/email-delivery/mail-flow-stops-event-2004', 'javascript:alert(1)'],
  };
}

function everyCard(lang: Lang): { name: string; card: AdaptiveCard }[] {
  const cards: { name: string; card: AdaptiveCard }[] = [
    { name: 'welcome', card: welcomeCard({ lang }) },
    { name: 'help', card: helpCard({ lang }) },
  ];
  for (const kind of ['error', 'config', 'verify'] as AskKind[]) {
    for (const notRecognised of [false, true]) {
      cards.push({
        name: `ask ${kind}${notRecognised ? ' (not recognised)' : ''}`,
        card: askInputCard({ lang, kind, notRecognised, items: [{ what: `what ${hostile}`, command: 'Get-ExchangeCertificate | fl' }] }),
      });
    }
  }
  const findings = realFindings(lang);
  for (const finding of findings) {
    cards.push({ name: `diagnosis ${finding.id}`, card: diagnosisCard(finding, { lang, otherFindings: findings.slice(0, 3) }) });
    cards.push({ name: `diagnosis ${finding.id} (escalation)`, card: diagnosisCard(finding, { lang, escalation: true }) });
  }
  cards.push({ name: 'diagnosis, huge evidence', card: diagnosisCard(syntheticFinding(400, 2000), { lang, escalation: true }) });
  const outcomes = [
    { resolved: true, stillPresent: false, newFindings: [], changes: ['SMTP removed from 2F9C…'] },
    { resolved: false, stillPresent: true, newFindings: [], changes: [] },
    { resolved: true, stillPresent: false, newFindings: ['cert-expired'], changes: Array.from({ length: 40 }, () => hostile) },
    { resolved: false, stillPresent: false, newFindings: [], changes: [] },
  ];
  for (const outcome of outcomes) {
    cards.push({
      name: `verify result ${JSON.stringify(outcome).slice(0, 60)}`,
      card: verifyResultCard({ findingId: 'untrusted-cert-on-smtp', ...outcome }, { lang }),
    });
  }
  return cards;
}

describe('cards', () => {
  for (const lang of LANGS) {
    describe(`every card the bot can send (${lang})`, () => {
      const cards = everyCard(lang);
      it('includes diagnosis cards for real findings', () => {
        assert.ok(cards.filter((c) => c.name.startsWith('diagnosis ')).length >= 3);
      });
      for (const { name, card } of cards) {
        it(`${name}: valid 1.5 (schema + adaptivecards) and under 25 KB`, () => {
          assert.deepEqual(validateCard(card), []);
        });
      }
    });
  }

  it('trims long evidence with a note and stays under 25 KB', () => {
    const card = diagnosisCard(syntheticFinding(400, 2000), { lang: 'en' });
    assert.ok(cardSize(card) < MAX_CARD_BYTES, `${cardSize(card)} bytes`);
    const json = JSON.stringify(card);
    assert.match(json, /Evidence shortened/);
    assert.match(json, /Set-SendConnector -Identity 'Outbound to Office 365' -TlsCertificateName '<I>CN=CA<S>CN=mail.contoso.com'/);
  });

  it('shows commands literally, in a monospace TextRun', () => {
    const card = diagnosisCard(syntheticFinding(1, 10), { lang: 'en' });
    const runs = JSON.stringify(card.body).match(/"type":"TextRun","text":"[^"]*","fontType":"monospace"/g) ?? [];
    assert.ok(runs.some((r) => r.includes("-TlsCertificateName '<I>CN=CA<S>CN=mail.contoso.com'")));
  });

  it('offers Escalate only when escalation is configured', () => {
    const actions = (escalation: boolean) =>
      (diagnosisCard(syntheticFinding(1, 10), { lang: 'en', escalation }).actions ?? []).map((a) => (a.type === 'Action.Submit' ? a.data.action : a.type));
    assert.deepEqual(actions(false), ['feedback', 'feedback', 'command']);
    assert.deepEqual(actions(true), ['feedback', 'feedback', 'command', 'escalate']);
  });

  it('links only https sources', () => {
    const json = JSON.stringify(diagnosisCard(syntheticFinding(1, 10), { lang: 'en' }));
    assert.match(json, /\]\(https:\/\/learn\.microsoft\.com\/exchange\/troubleshoot/);
    assert.doesNotMatch(json, /javascript:alert/);
  });
});

describe('escapeMarkdown', () => {
  const escaped = escapeMarkdown(hostile);

  it('leaves no markdown link, image, emphasis, HTML or mention syntax', () => {
    assert.doesNotMatch(escaped, /(?<!\\)\[[^\]]*(?<!\\)\]\(/, 'link');
    assert.doesNotMatch(escaped, /(?<!\\)!(?<!\\)\[/, 'image');
    assert.doesNotMatch(escaped, /(?<!\\)\*\*/, 'bold');
    assert.doesNotMatch(escaped, /[<>]/, 'html / <at>');
    assert.doesNotMatch(escaped, /https:\/\//, 'bare URL scheme');
    assert.doesNotMatch(escaped, /(?<!\\)&lt;/, 'entity');
    assert.doesNotMatch(escaped, /^(?:- |#|1\. )/m, 'block markers');
  });

  it('keeps the visible text', () => {
    const visible = escaped.replace(/\\(.)/g, '$1').replace(/\u200B/g, '').replace(/\uFF1C/g, '<').replace(/\uFF1E/g, '>');
    assert.equal(visible, hostile);
  });

  it('drops control and bidirectional override characters', () => {
    assert.equal(escapeMarkdown('a\u202Eb\u0000c\u0007d'), 'abcd');
  });
});
