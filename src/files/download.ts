// Downloads a Teams file (the `downloadUrl` of a file.download.info attachment) to a private temp
// file, streaming, with a size cap and a time cap, only from SharePoint Online / OneDrive for
// Business hosts (`<tenant>.sharepoint.com`, `<tenant>-my.sharepoint.com`), without credentials
// (the URL is pre-authorised; the bot's token is never sent), and never following a redirect off
// those hosts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;
export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 120_000;
const MAX_REDIRECTS = 3;

/** Documented SharePoint Online / OneDrive for Business host suffix (commercial and GCC). */
const MICROSOFT_FILE_HOST = /^[a-z0-9-]{1,63}\.sharepoint\.com$/i;

export type DownloadRefusal = 'host' | 'redirect' | 'too-large' | 'timeout' | 'http';

export class DownloadRefused extends Error {
  constructor(readonly reason: DownloadRefusal, readonly status?: number) {
    super(`download refused: ${reason}${status ? ` (${status})` : ''}`);
  }
}

export interface DownloadOptions {
  maxBytes: number;
  timeoutMs: number;
  /** Extra allowed hosts (tests only: see downloadOptionsFromEnv). Plain http only for these. */
  testHosts?: readonly string[];
  /** Called once with the declared size (Content-Length), when the host gives one. */
  onLength?: (bytes: number) => void;
}

export function downloadOptionsFromEnv(env: NodeJS.ProcessEnv): DownloadOptions {
  const maxBytes = Number(env.MAX_FILE_BYTES) > 0 ? Number(env.MAX_FILE_BYTES) : DEFAULT_MAX_FILE_BYTES;
  const timeoutMs = Number(env.FILE_DOWNLOAD_TIMEOUT_MS) > 0 ? Number(env.FILE_DOWNLOAD_TIMEOUT_MS) : DEFAULT_DOWNLOAD_TIMEOUT_MS;
  // A local stand-in download host for the tests: honoured only when NODE_ENV=test.
  const testHosts = env.NODE_ENV === 'test' && env.TEST_FILE_DOWNLOAD_HOSTS ? env.TEST_FILE_DOWNLOAD_HOSTS.split(',').map((h) => h.trim()).filter(Boolean) : [];
  return { maxBytes, timeoutMs, ...(testHosts.length > 0 ? { testHosts } : {}) };
}

/** Whether we may fetch this URL: https on a SharePoint Online host (or a test host). */
export function allowedDownloadUrl(raw: string, options: Pick<DownloadOptions, 'testHosts'> = {}): URL | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.username || url.password) return undefined;
  if (url.protocol === 'https:' && MICROSOFT_FILE_HOST.test(url.hostname) && (url.port === '' || url.port === '443')) return url;
  if ((url.protocol === 'http:' || url.protocol === 'https:') && options.testHosts?.includes(url.hostname)) return url;
  return undefined;
}

export interface Downloaded {
  file: string;
  bytes: number;
  remove(): Promise<void>;
}

/** Streams the URL to a temp file (mode 0600); the caller removes it. Throws DownloadRefused. */
export async function download(raw: string, options: DownloadOptions): Promise<Downloaded> {
  let url = allowedDownloadUrl(raw, options);
  if (!url) throw new DownloadRefused('host');
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'mfd-file-'));
  const file = path.join(dir, 'download');
  const remove = (): Promise<void> => fs.promises.rm(dir, { recursive: true, force: true });
  try {
    let response: Response;
    for (let hop = 0; ; hop++) {
      const current: URL = url;
      response = await fetch(current, { redirect: 'manual', signal: controller.signal, headers: { Accept: '*/*' } });
      if (response.status < 300 || response.status >= 400) break;
      await response.body?.cancel();
      const location: string | null = response.headers.get('location');
      const next: URL | undefined = location ? allowedDownloadUrl(new URL(location, current).toString(), options) : undefined;
      if (!next || hop >= MAX_REDIRECTS) throw new DownloadRefused('redirect', response.status);
      url = next;
    }
    if (!response.ok || !response.body) throw new DownloadRefused('http', response.status);
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      await response.body.cancel();
      throw new DownloadRefused('too-large');
    }
    if (Number.isFinite(declared) && declared > 0) options.onLength?.(declared);
    let bytes = 0;
    const cap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        if (bytes > options.maxBytes) callback(new DownloadRefused('too-large'));
        else callback(null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), cap, fs.createWriteStream(file, { mode: 0o600 }), { signal: controller.signal });
    return { file, bytes, remove };
  } catch (error) {
    await remove();
    if (error instanceof DownloadRefused) throw error;
    if (controller.signal.aborted) throw new DownloadRefused('timeout');
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof DownloadRefused) throw cause;
    throw new DownloadRefused('http');
  } finally {
    clearTimeout(timer);
  }
}
