// Reads a .log/.txt/.csv file or a .zip of them from disk into the streaming log analyser, in
// bounded memory (64 KB chunks; a zip entry at a time). Used by the CLI and by the bot after a
// download.
import * as fs from 'node:fs';
import { LogAnalyser, type AnalyserLimits, type LogSummary } from '../diagnosis/logs';
import { DEFAULT_ZIP_LIMITS, looksLikeZip, readZip, type ZipEntryInfo, type ZipLimits } from './zip';

export interface ReadResult {
  summary: LogSummary;
  /** The entries read (for a zip), or the one file. */
  entries: ZipEntryInfo[];
  zipped: boolean;
}

async function head(file: string): Promise<Buffer> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buffer, 0, 4, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export async function readLogFile(file: string, name = file, options: { limits?: Partial<AnalyserLimits>; zip?: ZipLimits } = {}): Promise<ReadResult> {
  const analyser = new LogAnalyser(options.limits);
  if (looksLikeZip(await head(file))) {
    const entries = await readZip(
      file,
      (entry) => {
        analyser.startFile(entry.name);
        return { chunk: (data) => analyser.push(data), end: () => analyser.endFile() };
      },
      options.zip ?? DEFAULT_ZIP_LIMITS,
    );
    return { summary: analyser.finish(), entries, zipped: true };
  }
  analyser.startFile(name);
  let size = 0;
  await new Promise<void>((resolve, reject) => {
    const stream = fs.createReadStream(file, { highWaterMark: 64 * 1024 });
    stream.on('data', (data) => {
      size += data.length;
      analyser.push(data as Buffer);
    });
    stream.on('end', () => resolve());
    stream.on('error', reject);
  });
  analyser.endFile();
  return { summary: analyser.finish(), entries: [{ name, compressedSize: size, uncompressedSize: size }], zipped: false };
}
