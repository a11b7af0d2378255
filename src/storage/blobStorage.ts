// Shared state for several instances: botbuilder-azure-blobs BlobsStorage, one JSON blob per key.
import { text } from 'node:stream/consumers';
import { ContainerClient, RestError } from '@azure/storage-blob';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { removePastesStoredBefore } from './retention';

export interface OpenedBlobStorage {
  storage: BlobsStorage;
  /** Removes pastes stored before `cutoffMs` from every blob. Returns how many blobs changed. */
  purgePastesStoredBefore(cutoffMs: number): Promise<number>;
}

export async function openBlobStorage(connectionString: string, containerName: string): Promise<OpenedBlobStorage> {
  const container = new ContainerClient(connectionString, containerName);
  await container.createIfNotExists();
  return {
    storage: new BlobsStorage(connectionString, containerName),
    purgePastesStoredBefore: (cutoffMs) => purgeContainer(container, cutoffMs),
  };
}

// A full scan: blobs carry no index of their pastes. Each rewrite is conditional on the eTag read,
// so a turn writing the same blob meanwhile wins and the next purge looks again.
async function purgeContainer(container: ContainerClient, cutoffMs: number): Promise<number> {
  let changed = 0;
  for await (const blob of container.listBlobsFlat()) {
    const client = container.getBlockBlobClient(blob.name);
    const downloaded = await client.download().catch(ignoreStatus(404));
    if (!downloaded?.etag || !downloaded.readableStreamBody) continue;
    const body = await text(downloaded.readableStreamBody);
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      continue; // not a state item
    }
    if (removePastesStoredBefore(value, cutoffMs) === 0) continue;
    const serialized = JSON.stringify(value);
    const written = await client
      .upload(serialized, Buffer.byteLength(serialized), {
        conditions: { ifMatch: downloaded.etag },
        blobHTTPHeaders: { blobContentType: 'application/json' },
      })
      .catch(ignoreStatus(412, 404));
    if (written) changed += 1;
  }
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
