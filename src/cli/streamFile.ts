// The CLI's streaming path: a .zip, or a file larger than STREAM_ABOVE bytes, goes through the
// log analyser chunk by chunk instead of being read whole.
import * as fs from 'node:fs';
import { compactSummary, diagnoseSummary, type LogSummary } from '../diagnosis/logs';
import type { Diagnosis, Lang } from '../diagnosis/types';
import { readLogFile } from '../files/readLogFile';
import { ZipRefused } from '../files/zip';
import { t } from '../i18n';

export const STREAM_ABOVE = 1024 * 1024;

export async function isStreamed(file: string): Promise<boolean> {
  if (file === '-') return false;
  try {
    const stat = await fs.promises.stat(file);
    return stat.isFile() && (stat.size > STREAM_ABOVE || /\.zip$/i.test(file));
  } catch {
    return false;
  }
}

export async function streamDiagnose(file: string, lang: Lang): Promise<{ diagnosis: Diagnosis; summary: Omit<LogSummary, 'text'> } | { error: string }> {
  try {
    const { summary } = await readLogFile(file);
    const { diagnosis } = diagnoseSummary(summary, { lang });
    return { diagnosis, summary: compactSummary(summary) };
  } catch (error) {
    if (error instanceof ZipRefused) return { error: t(lang, 'files.cli.refused', { file, reason: t(lang, `files.refused.${error.reason}`) }) };
    return { error: t(lang, 'cli.error.unreadable', { file, reason: (error as NodeJS.ErrnoException).code ?? String(error) }) };
  }
}

export function formatLogSummary(summary: Omit<LogSummary, 'text'>, lang: Lang): string {
  const lines = [t(lang, 'files.cli.summary', { lines: summary.lines, sessions: summary.sessions, failed: summary.failedSessions, first: summary.first ?? '-', last: summary.last ?? '-' })];
  for (const group of summary.groups.filter((g) => g.failedSessions > 0).slice(0, 5)) {
    const words = [...Object.entries(group.tlsErrors), ...Object.entries(group.responses)].map(([k, v]) => `${k} ×${v}`).join(', ');
    lines.push(`  - ${group.connector} → ${group.remote}: ${group.failedSessions}/${group.sessions} ${words}`);
    for (const cert of group.sentCertificates.filter((c) => c.failedSessions > 0).slice(0, 2)) lines.push(`      ${t(lang, 'files.cli.sent')} ${cert.subject ?? ''} (${cert.thumbprint ?? '?'}) ×${cert.failedSessions}`);
  }
  for (const row of summary.tracking.slice(0, 5)) lines.push(`  - ${row.event} ×${row.count}: ${row.recipientStatus}`);
  for (const row of summary.hcwErrors.slice(0, 5)) lines.push(`  - HCW ×${row.count}: ${row.text.slice(0, 200)}`);
  return `${lines.join('\n')}\n\n`;
}
