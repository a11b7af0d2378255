// Starts a private Azurite blob service on 127.0.0.1 for a test file, on a free port, in a temp dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnTracked } from '../support/childProcesses';
import { freePort, stopChild, waitForOutput } from './processes';

// The well-known development account of the storage emulators (public, not a secret).
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  connectionString: string;
  stop(): Promise<void>;
}

export async function startAzurite(): Promise<Azurite> {
  const port = await freePort();
  const location = mkdtempSync(join(tmpdir(), 'mfd-azurite-'));
  const child = spawnTracked(
    'azurite-blob',
    join('node_modules', '.bin', 'azurite-blob'),
    ['--silent', '--location', location, '--blobHost', '127.0.0.1', '--blobPort', String(port),
      '--skipApiVersionCheck', '--disableTelemetry'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await waitForOutput(child, 'successfully listens');
  return {
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};` +
      `BlobEndpoint=http://127.0.0.1:${port}/${DEV_ACCOUNT};`,
    stop: async () => {
      await stopChild(child);
      rmSync(location, { recursive: true, force: true });
    },
  };
}
