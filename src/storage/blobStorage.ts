// Shared state for several instances: botbuilder-azure-blobs BlobsStorage, one JSON blob per key.
import { text } from 'node:stream/consumers';
import { ContainerClient, RestError } from '@azure/storage-blob';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { oldestPasteTime, removePastesStoredBefore } from './retention';
import { EXPIRES_PROPERTY } from './sqliteStorage';

export interface OpenedBlobStorage {
  storage: BlobsStorage;
  /**
   * Removes pastes stored before `cutoffMs` from every blob, and deletes blobs whose `expiresAt` is
   * before `nowMs` (dedupe markers, ticket idempotency keys). Returns how many blobs changed.
   */
  purgePastesStoredBefore(cutoffMs: number, nowMs?: number): Promise<number>;
  /** The last purge: blobs listed, and blobs it had to download. */
  lastPurge(): { listed: number; read: number };
}

export async function openBlobStorage(connectionString: string, containerName: string): Promise<OpenedBlobStorage> {
  const container = new ContainerClient(connectionString, containerName);
  await container.createIfNotExists();
  const index: PasteIndex = new Map();
  const stats = { listed: 0, read: 0 };
  return {
    storage: new BlobsStorage(connectionString, containerName),
    purgePastesStoredBefore: (cutoffMs, nowMs = Date.now()) => purgeContainer(container, { cutoffMs, nowMs }, index, stats),
    lastPurge: () => ({ ...stats }),
  };
}

/** Per blob, the eTag last read, the oldest paste it held then and its `expiresAt` (undefined: none). */
type PasteIndex = Map<string, { etag: string; oldest: number | undefined; expires: number | undefined }>;

// The listing (names and eTags only) is read every pass; a blob is downloaded only when it changed
// since this process last read it, or when its oldest paste is now past the cutoff: an unchanged
// blob without an expiring paste costs nothing; a blob past its own `expiresAt` is deleted.
// (After a restart the first pass reads everything.)
// Each rewrite is conditional on the eTag read, so a turn writing the same blob meanwhile wins and
// the next purge looks again.
async function purgeContainer(
  container: ContainerClient,
  { cutoffMs, nowMs }: { cutoffMs: number; nowMs: number },
  index: PasteIndex,
  stats: { listed: number; read: number },
): Promise<number> {
  let changed = 0;
  stats.listed = 0;
  stats.read = 0;
  const seen = new Set<string>();
  for await (const blob of container.listBlobsFlat()) {
    stats.listed += 1;
    seen.add(blob.name);
    const known = index.get(blob.name);
    if (known && known.etag === bare(blob.properties.etag) && !due(known, cutoffMs, nowMs)) continue;
    const client = container.getBlockBlobClient(blob.name);
    const downloaded = await client.download().catch(ignoreStatus(404));
    if (!downloaded?.etag || !downloaded.readableStreamBody) continue;
    stats.read += 1;
    const body = await text(downloaded.readableStreamBody);
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      index.set(blob.name, { etag: bare(downloaded.etag), oldest: undefined, expires: undefined });
      continue; // not a state item
    }
    const expires = expiresAt(value);
    if (expires !== undefined && expires < nowMs) {
      const deleted = await client.delete({ conditions: { ifMatch: downloaded.etag } }).catch(ignoreStatus(412, 404));
      if (deleted) {
        changed += 1;
        index.delete(blob.name);
      }
      continue;
    }
    const removed = removePastesStoredBefore(value, cutoffMs);
    index.set(blob.name, { etag: bare(downloaded.etag), oldest: oldestPasteTime(value), expires });
    if (removed === 0) continue;
    const serialized = JSON.stringify(value);
    const written = await client
      .upload(serialized, Buffer.byteLength(serialized), {
        conditions: { ifMatch: downloaded.etag },
        blobHTTPHeaders: { blobContentType: 'application/json' },
      })
      .catch(ignoreStatus(412, 404));
    if (written) {
      changed += 1;
      if (written.etag) index.set(blob.name, { etag: bare(written.etag), oldest: oldestPasteTime(value), expires });
    }
  }
  for (const name of index.keys()) if (!seen.has(name)) index.delete(name);
  return changed;
}

function ignoreStatus(...statuses: number[]) {
  return (error: unknown): undefined => {
    if (error instanceof RestError && error.statusCode !== undefined && statuses.includes(error.statusCode)) {
      return undefined;
    }
    throw error;
  };
}

function due(known: { oldest: number | undefined; expires: number | undefined }, cutoffMs: number, nowMs: number): boolean {
  return (known.oldest !== undefined && known.oldest < cutoffMs) || (known.expires !== undefined && known.expires < nowMs);
}

function expiresAt(value: unknown): number | undefined {
  const expires = value && typeof value === 'object' ? (value as Record<string, unknown>)[EXPIRES_PROPERTY] : undefined;
  return typeof expires === 'number' && Number.isFinite(expires) ? expires : undefined;
}

/** The listing gives eTags without quotes, downloads with them. */
function bare(etag: string | undefined): string {
  return (etag ?? '').replace(/^"|"$/g, '');
}
