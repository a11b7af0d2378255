// Renders the experts' ticket card to docs/images/ticket-card.png for the README: the card the bot
// builds for a real diagnosis (the KB 2888788 event and certificate list from test/fixtures),
// rendered by the `adaptivecards` library in headless Debian Chromium (playwright-core).
//
//   npm run render:card                 # → docs/images/ticket-card.png
//   npm run render:card -- --lang ja    # the Japanese card (docs/images/ticket-card.ja.png)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { ticketCard } from '../src/cards/ticketCard';
import { ticketView } from '../src/escalation/ticketView';
import type { Lang } from '../src/diagnosis/types';
import { ticketFindings } from '../src/escalation/ticketFindings';
import { chatWithLink } from '../src/escalation/ticketLinks';
import type { Ticket } from '../src/escalation/types';

const ROOT = path.resolve(__dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const AT = '2026-11-26T09:12:00.000Z';

function sampleTicket(lang: Lang): Ticket {
  const fixtures = path.join(ROOT, 'test', 'fixtures', 'kb2888788');
  const paste = ['event-en.txt', 'certs-fl.txt'].map((file) => fs.readFileSync(path.join(fixtures, file), 'utf8')).join('\n');
  return {
    number: 17,
    idempotencyKey: 'sample',
    status: 'assigned',
    createdAt: AT,
    updatedAt: AT,
    requester: { id: '29:riku', name: 'Riku Sato', aadObjectId: '0f1e2d3c-0000-4000-8000-00000000000d', userPrincipalName: 'riku.sato@contoso.com', lang },
    origin: {
      kind: 'channel',
      reference: { serviceUrl: 'https://smba.trafficmanager.net/emea/', channelId: 'msteams', conversationId: '19:helpdesk@thread.tacv2;messageid=1', botId: '28:bot' },
      link: 'https://teams.microsoft.com/l/message/19%3Ahelpdesk%40thread.tacv2/1?parentMessageId=1',
    },
    findings: ticketFindings(paste, lang, new Date(AT)),
    note: lang === 'ja' ? '9:00 以降、Exchange Online からのメールがすべてキューに溜まっています。' : 'All mail from Exchange Online has been queuing since 09:00.',
    assignee: { id: '29:akira', name: 'Akira Tanaka' },
    history: [],
    delivery: { state: 'delivered', attempts: 1, conversationId: '19:experts@thread.tacv2;messageid=9', activityId: '9' },
  };
}

/** Close to Teams' light theme: Segoe UI, its text colours and its button look. */
const HOST_CONFIG = {
  fontFamily: "'Segoe UI', 'Noto Sans CJK JP', 'Noto Sans', Helvetica, Arial, sans-serif",
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  fontSizes: { small: 12, default: 14, medium: 16, large: 20, extraLarge: 24 },
  containerStyles: {
    default: {
      backgroundColor: '#FFFFFF',
      foregroundColors: {
        default: { default: '#242424', subtle: '#616161' },
        accent: { default: '#5B5FC7', subtle: '#5B5FC7' },
        attention: { default: '#C4314B', subtle: '#C4314B' },
        good: { default: '#237B4B', subtle: '#237B4B' },
        warning: { default: '#835C00', subtle: '#835C00' },
      },
    },
    warning: { backgroundColor: '#FBF6D9', foregroundColors: { default: { default: '#242424', subtle: '#616161' } } },
  },
  actions: { maxActions: 6, buttonSpacing: 8, actionsOrientation: 'horizontal', actionAlignment: 'left', showCard: { actionMode: 'inline', inlineTopMargin: 12 } },
};

const PAGE_CSS = `
  body { margin: 0; padding: 24px; background: #F5F5F5; font-family: ${HOST_CONFIG.fontFamily}; }
  #frame { width: 640px; background: #FFFFFF; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.15); overflow: hidden; }
  .ac-pushButton { font-family: inherit; font-size: 14px; font-weight: 600; padding: 5px 12px; border-radius: 4px; border: 1px solid #D1D1D1; background: #FFFFFF; color: #242424; cursor: pointer; }
  .ac-pushButton.style-positive { background: #5B5FC7; border-color: #5B5FC7; color: #FFFFFF; }
  .ac-richTextBlock span[style*="monospace"], .ac-textRun { word-break: break-all; }
`;

/**
 * Runs in the page. Teams renders the cards' markdown subset; without a processor the library
 * would show the escapes literally. This handles what the bot's cards use: backslash escapes,
 * **bold**, paragraphs and line breaks.
 */
function processMarkdown(text: string, result: { outputHtml?: string; didProcess?: boolean }): void {
  result.outputHtml = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\\([\\`*_{}[\]()#+\-.!|~>])/g, (_whole, c: string) => `&#${c.charCodeAt(0)};`)
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .split(/\n{2,}/)
    .map((paragraph) => `<p style="margin:0">${paragraph.replace(/\n/g, '<br>')}</p>`)
    .join('');
  result.didProcess = true;
}

async function render(lang: Lang, output: string): Promise<void> {
  const card = ticketCard(ticketView(sampleTicket(lang), lang), { lang, audience: 'experts', chatLink: chatWithLink('riku.sato@contoso.com') });
  const library = fs.readFileSync(require.resolve('adaptivecards/dist/adaptivecards.min.js'), 'utf8');
  const html = `<!doctype html><html><head><meta charset="utf-8"><style>${PAGE_CSS}</style></head><body><div id="frame"></div>
    <script>${library}</script>
    <script>
      AdaptiveCards.AdaptiveCard.onProcessMarkdown = ${processMarkdown.toString()};
      const card = new AdaptiveCards.AdaptiveCard();
      card.hostConfig = new AdaptiveCards.HostConfig(${JSON.stringify(HOST_CONFIG)});
      card.parse(${JSON.stringify(card)});
      document.getElementById('frame').appendChild(card.render());
    </script></body></html>`;

  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'render-card-'));
  const browser = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: { width: 720, height: 800 }, deviceScaleFactor: 1.5 });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    fs.mkdirSync(path.dirname(output), { recursive: true });
    await page.locator('#frame').screenshot({ path: output });
  } finally {
    await browser.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const langIndex = process.argv.indexOf('--lang');
  const lang: Lang = langIndex > 0 && process.argv[langIndex + 1] === 'ja' ? 'ja' : 'en';
  const output = path.join(ROOT, 'docs', 'images', lang === 'en' ? 'ticket-card.png' : 'ticket-card.ja.png');
  await render(lang, output);
  process.stdout.write(`${path.relative(ROOT, output)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`render-card failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
