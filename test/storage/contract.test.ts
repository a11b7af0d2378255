// Runs the one Storage contract against every backend: memory, SQLite (a temp file), Blob (Azurite).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerClient } from '@azure/storage-blob';
import { MemoryStorage } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { SqliteStorage } from '../../src/storage/sqliteStorage';
import { startAzurite, type Azurite } from './azurite';
import { storageContract } from './contract';

storageContract('MemoryStorage', async () => ({ storage: new MemoryStorage() }), {
  eTagOnMissingItemConflicts: false,
});

storageContract(
  'SqliteStorage',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mfd-sqlite-'));
    const storage = new SqliteStorage(join(dir, 'nested', 'state.sqlite'));
    return {
      storage,
      close: async () => {
        storage.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  { eTagOnMissingItemConflicts: true },
);

describe('Blob storage on Azurite', function () {
  let azurite: Azurite;
  let containers = 0;

  before(async function () {
    this.timeout(30000);
    azurite = await startAzurite();
  });

  after(async function () {
    await azurite?.stop();
  });

  storageContract(
    'BlobsStorage',
    async () => {
      const name = `contract-${++containers}`;
      await new ContainerClient(azurite.connectionString, name).createIfNotExists();
      return { storage: new BlobsStorage(azurite.connectionString, name) };
    },
    { eTagOnMissingItemConflicts: true },
  );
});
