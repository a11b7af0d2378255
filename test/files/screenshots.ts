// Screenshots drawn by the tests themselves in headless Chromium: an Event Viewer-like "General"
// tab and a PowerShell window showing Get-ExchangeCertificate output, English or Japanese, at a
// chosen device scale (1 = 100 %, 1.5 = 150 %).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'kb2888788');

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function eventViewerHtml(lang: 'en' | 'ja'): { html: string; text: string } {
  const text = fs.readFileSync(path.join(FIXTURES, lang === 'en' ? 'event-en.txt' : 'event-ja.txt'), 'utf8');
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /^(Description|説明):/.test(l));
  const description = lines.slice(at + 1).join(' ').trim();
  const fields = lines
    .slice(0, at)
    .filter((l) => l.includes(':') && l.trim())
    .map((l) => {
      const i = l.indexOf(':');
      return [l.slice(0, i + 1).trim(), l.slice(i + 1).trim()] as const;
    });
  const rows = fields.map(([k, v]) => `<tr><td>${escape(k)}</td><td>${escape(v)}</td></tr>`).join('');
  const html = `<html><body style="margin:0;background:#f0f0f0;font-family:'Segoe UI','Noto Sans CJK JP',sans-serif;font-size:15px">
    <div style="padding:8px 12px;background:#fff;border-bottom:1px solid #ccc">${lang === 'en' ? 'Event 2004, MSExchangeTransport' : 'イベント 2004, MSExchangeTransport'}</div>
    <div style="padding:6px 12px"><span style="border:1px solid #999;border-bottom:none;padding:3px 10px;background:#fff">${lang === 'en' ? 'General' : '全般'}</span> <span style="padding:3px 10px">${lang === 'en' ? 'Details' : '詳細'}</span></div>
    <div style="margin:0 12px;padding:10px;background:#fff;border:1px solid #999;width:980px">
      <div style="border:1px solid #bbb;padding:8px;min-height:90px;line-height:1.5">${escape(description)}</div>
      <table style="margin-top:10px;border-spacing:8px 4px">${rows}</table>
    </div></body></html>`;
  return { html, text };
}

export function powershellHtml(lang: 'en' | 'ja'): { html: string; text: string } {
  const text = fs.readFileSync(path.join(FIXTURES, 'certs-fl.txt'), 'utf8');
  const title = lang === 'en' ? 'Machine: EX01.contoso.com - Exchange Management Shell' : '管理者: Machine: EX01.contoso.com - Exchange 管理シェル';
  const html = `<html><body style="margin:0;background:#012456">
    <div style="background:#fff;color:#000;font-family:'Segoe UI','Noto Sans CJK JP',sans-serif;font-size:14px;padding:6px 10px">${escape(title)}</div>
    <pre style="margin:0;padding:10px;color:#eeedf0;font-family:'DejaVu Sans Mono',Consolas,monospace;font-size:15px;line-height:1.25;white-space:pre">${escape(text)}</pre>
    </body></html>`;
  return { html, text };
}

/** A PNG of the page at width × height CSS pixels and the given device scale. */
export async function screenshot(browser: Browser, html: string, scale: number, width = 1100, height = 760): Promise<Buffer> {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale });
  try {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.screenshot({ type: 'png', fullPage: true });
  } finally {
    await context.close();
  }
}
