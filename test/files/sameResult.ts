// Shared by the logs bench and the split/zip test: split a log into parts (each with its own
// header, as Exchange rolls its logs), zip them, and compare what the analyser keeps.
import * as fs from 'node:fs';
import JSZip from 'jszip';
import type { LogSummary } from '../../src/diagnosis/logs';
import { HEADER } from './generateLogs';

/** The part of a summary that must not depend on how the input was cut or packed. */
export function comparable(summary: LogSummary): unknown {
  const { groups, tracking, hcwErrors, failuresPerHour, sessions, failedSessions, protocolRows, first, last, text } = summary;
  return { groups, tracking, hcwErrors, failuresPerHour, sessions, failedSessions, protocolRows, first, last, text };
}

/** Splits at row boundaries into `parts` texts, each starting with the log header. */
export function splitLog(text: string, parts: number): string[] {
  const body = text.startsWith('#') ? text.slice(text.indexOf('\n#Fields:')).replace(/^\n#Fields:[^\n]*\n/, '') : text;
  const out: string[] = [];
  let start = 0;
  for (let i = 1; i <= parts; i++) {
    let end = i === parts ? body.length : Math.floor((body.length * i) / parts);
    if (i < parts) end = body.indexOf('\n', end) + 1 || body.length;
    out.push(`${HEADER}\n${body.slice(start, end)}`);
    start = end;
  }
  return out;
}

/** Writes a zip with the parts as SmtpSend/SEND2026112600-<n>.LOG, entries added in `order`. */
export async function writeZip(file: string, parts: string[], order: number[], level = 6): Promise<void> {
  const zip = new JSZip();
  for (const i of order) zip.file(`SmtpSend/SEND2026112600-${String(i + 1).padStart(2, '0')}.LOG`, parts[i]!, { compression: 'DEFLATE', compressionOptions: { level } });
  await new Promise<void>((resolve, reject) => {
    zip.generateNodeStream({ streamFiles: true, compression: 'DEFLATE' }).pipe(fs.createWriteStream(file)).on('finish', resolve).on('error', reject);
  });
}
