// What a file (a log, a zip of logs, the collector output) showed: how much was read, failing
// sessions per hour (Teams' Chart.VerticalBar, with a text fallback for clients without charts),
// the top failing groups with the certificate presented / received, and the top finding's title.
import type { LogSummary } from '../diagnosis/logs';
import type { Finding, Lang } from '../diagnosis/types';
import { t } from '../i18n';
import { adaptiveCard, cardBytes, facts, heading, MAX_CARD_BYTES, text, untrustedText, type AdaptiveCard, type CardElement } from './elements';

export const FILE_SUMMARY_CARD_ID = 'fileSummary';
const MAX_BARS = 48;

export interface FileSummaryCardOptions {
  lang: Lang;
  name: string;
  summary: Omit<LogSummary, 'text'>;
  top?: Finding;
}

function short(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** Failing sessions per hour as a Teams chart; clients without charts show the same as text. */
export function failuresChart(summary: Omit<LogSummary, 'text'>, lang: Lang): Record<string, unknown> | undefined {
  const hours = summary.failuresPerHour.slice(-MAX_BARS);
  if (hours.length === 0) return undefined;
  const label = (hour: string): string => `${hour.slice(5, 10)} ${hour.slice(11, 13)}h`;
  const fallback = text(t(lang, 'files.card.chartFallback', { hours: hours.map((h) => `${label(h.hour)} ${h.failures}`).join(', ') }), { isSubtle: true });
  return {
    type: 'Chart.VerticalBar',
    title: t(lang, 'files.card.chart'),
    data: hours.map((h) => ({ x: label(h.hour), y: h.failures })),
    fallback,
  };
}

function build(options: FileSummaryCardOptions, groups: number): AdaptiveCard {
  const { lang, summary } = options;
  const body: unknown[] = [
    untrustedText(t(lang, 'files.card.title', { name: short(options.name, 120) }), { id: FILE_SUMMARY_CARD_ID, size: 'medium', weight: 'bolder', style: 'heading' }),
    facts([
      { title: t(lang, 'files.card.facts.read'), value: t(lang, 'files.card.facts.readValue', { lines: summary.lines, sessions: summary.sessions, failed: summary.failedSessions }) },
      ...(summary.first ? [{ title: t(lang, 'files.card.facts.period'), value: `${summary.first.slice(0, 19)} – ${(summary.last ?? summary.first).slice(0, 19)}` }] : []),
    ]),
  ];
  if (options.top) body.push(untrustedText(options.top.title, { weight: 'bolder', color: options.top.severity === 'error' ? 'attention' : 'warning' }));
  else body.push(text(t(lang, 'files.card.noFinding'), { isSubtle: true }));
  const chart = failuresChart(summary, lang);
  if (chart) body.push(chart);
  const failing = summary.groups.filter((g) => g.failedSessions > 0).slice(0, groups);
  if (failing.length > 0 || summary.tracking.length > 0 || summary.hcwErrors.length > 0) body.push(heading(t(lang, 'files.card.topGroups')));
  for (const group of failing) {
    const words = [...Object.entries(group.tlsErrors), ...Object.entries(group.responses)].map(([k, v]) => `${k} ×${v}`).join(', ');
    body.push(untrustedText(t(lang, 'files.card.group', { connector: short(group.connector, 80), remote: group.remote, failed: group.failedSessions, sessions: group.sessions, words }), { spacing: 'small' }));
    for (const cert of group.sentCertificates.filter((c) => c.failedSessions > 0).slice(0, 2)) {
      body.push(untrustedText(t(lang, 'files.card.sent', { subject: short(cert.subject ?? '?', 120), thumbprint: cert.thumbprint ?? '?' }), { isSubtle: true, spacing: 'none' }));
    }
    if (group.receivedThenFailed > 0) {
      for (const cert of group.receivedCertificates.filter((c) => c.failedSessions > 0).slice(0, 1)) {
        body.push(untrustedText(t(lang, 'files.card.received', { subject: short(cert.subject ?? '?', 120) }), { isSubtle: true, spacing: 'none' }));
      }
    }
  }
  for (const row of summary.tracking.slice(0, groups)) body.push(untrustedText(t(lang, 'files.card.tracking', { event: row.event, count: row.count, status: short(row.recipientStatus, 200) }), { spacing: 'small' }));
  for (const row of summary.hcwErrors.slice(0, Math.min(3, groups))) body.push(untrustedText(t(lang, 'files.card.hcw', { count: row.count, text: short(row.text, 240) }), { spacing: 'small' }));
  return adaptiveCard(body as CardElement[]);
}

export function fileSummaryCard(options: FileSummaryCardOptions): AdaptiveCard {
  let card = build(options, 5);
  for (const groups of [3, 1, 0]) {
    if (cardBytes(card) < MAX_CARD_BYTES) break;
    card = build(options, groups);
  }
  return card;
}
