// Streaming .zip reading (yauzl) with zip-bomb limits: number of entries, total uncompressed size
// and compression ratio are checked from the central directory before anything is inflated, and
// again while inflating (the declared sizes are not trusted: yauzl checks them, we count bytes).
import type { Readable } from 'node:stream';
import * as yauzl from 'yauzl';

export interface ZipLimits {
  maxEntries: number;
  maxTotalUncompressed: number;
  /** Uncompressed / compressed, checked for entries above 1 MB uncompressed. */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: Number(process.env.ZIP_MAX_ENTRIES) || 1000,
  maxTotalUncompressed: Number(process.env.ZIP_MAX_UNCOMPRESSED_BYTES) || 4 * 1024 * 1024 * 1024,
  maxRatio: Number(process.env.ZIP_MAX_RATIO) || 200,
};

/** Why a zip is refused, as a machine word (the bot and the CLI translate it). */
export type ZipRefusal = 'zip-entries' | 'zip-size' | 'zip-ratio' | 'zip-invalid' | 'zip-encrypted';

export class ZipRefused extends Error {
  constructor(readonly reason: ZipRefusal, detail: string) {
    super(`${reason}: ${detail}`);
  }
}

/** The log-like entries we read; everything else (images, nested zips, binaries) is skipped. */
export const READABLE_ENTRY = /\.(?:log|txt|csv)$/i;

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) reject(new ZipRefused('zip-invalid', error?.message ?? 'unreadable'));
      else resolve(zip);
    });
  });
}

function listEntries(zip: yauzl.ZipFile, limits: ZipLimits): Promise<yauzl.Entry[]> {
  if (zip.entryCount > limits.maxEntries) return Promise.reject(new ZipRefused('zip-entries', `${zip.entryCount} entries`));
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (error: Error) => reject(new ZipRefused('zip-invalid', error.message)));
    zip.readEntry();
  });
}

function entryStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) reject(new ZipRefused('zip-invalid', error?.message ?? 'unreadable entry'));
      else resolve(stream);
    });
  });
}

/**
 * Calls `onEntry` for each readable entry in name order (so the result does not depend on the
 * order the archiver wrote them), with the entry's inflated chunks.
 */
export async function readZip(
  file: string,
  onEntry: (entry: ZipEntryInfo) => { chunk(data: Buffer): void; end(): void },
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<ZipEntryInfo[]> {
  const zip = await openZip(file);
  try {
    const all = await listEntries(zip, limits);
    const readable = all.filter((e) => !e.fileName.endsWith('/') && READABLE_ENTRY.test(e.fileName));
    let declared = 0;
    for (const entry of readable) {
      if (entry.generalPurposeBitFlag & 1) throw new ZipRefused('zip-encrypted', entry.fileName);
      declared += entry.uncompressedSize;
      if (entry.uncompressedSize > 1024 * 1024 && entry.uncompressedSize / Math.max(1, entry.compressedSize) > limits.maxRatio) {
        throw new ZipRefused('zip-ratio', `${entry.fileName} ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))}:1`);
      }
    }
    if (declared > limits.maxTotalUncompressed) throw new ZipRefused('zip-size', `${declared} bytes`);
    readable.sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));
    let inflated = 0;
    const read: ZipEntryInfo[] = [];
    for (const entry of readable) {
      const info = { name: entry.fileName, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize };
      const sink = onEntry(info);
      const stream = await entryStream(zip, entry);
      await new Promise<void>((resolve, reject) => {
        stream.on('data', (data: Buffer) => {
          inflated += data.length;
          if (inflated > limits.maxTotalUncompressed) {
            stream.destroy(new ZipRefused('zip-size', `more than ${limits.maxTotalUncompressed} bytes inflated`));
            return;
          }
          sink.chunk(data);
        });
        stream.on('end', () => resolve());
        stream.on('error', (error: Error) => reject(error instanceof ZipRefused ? error : new ZipRefused('zip-invalid', error.message)));
      });
      sink.end();
      read.push(info);
    }
    return read;
  } finally {
    zip.close();
  }
}

/** A zip starts with the local file header signature PK\x03\x04 (or PK\x05\x06 when empty). */
export function looksLikeZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6);
}
