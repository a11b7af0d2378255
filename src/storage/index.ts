// Storage seam for the bot. Placeholder until the durable-state issue lands: the composition
// root calls createStorage(process.env) and closes what it returns on shutdown.
import { MemoryStorage, type Storage } from 'botbuilder';

export interface StorageHandle {
  storage: Storage;
  /** A short name for logs: "memory", "sqlite", "blob". */
  kind: string;
  close(): Promise<void>;
}

export async function createStorage(_env: NodeJS.ProcessEnv): Promise<StorageHandle> {
  return { storage: new MemoryStorage(), kind: 'memory', close: async () => undefined };
}
