// Serves the paste dialog page (built by `npm run build:web` into dist/web/dialog) at /dialog,
// with headers fit for a page that only Teams and Microsoft 365 hosts may frame.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Next, Request, Response, Server } from 'restify';

export const DIALOG_PATH = '/dialog';

/**
 * Hosts allowed to frame the dialog, as Microsoft's Teams tab requirements list them
 * ("Microsoft 365 app host frame-ancestor permission"), plus 'self', the bot's own origin.
 */
export const FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.cloud.microsoft',
  'https://*.microsoft365.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook-sdf.office.com',
  'https://outlook-sdf.office365.com',
] as const;

/** teams-js fetches its current list of valid host origins from here, falling back to a bundled copy. */
const TEAMS_JS_ORIGINS_LIST = 'https://res.cdn.office.net';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  `connect-src 'self' ${TEAMS_JS_ORIGINS_LIST}`,
  "base-uri 'none'",
  "form-action 'none'",
  `frame-ancestors ${FRAME_ANCESTORS.join(' ')}`,
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

const ASSETS: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'page.js': 'text/javascript; charset=utf-8',
  'page.css': 'text/css; charset=utf-8',
};

export interface DialogRouteOptions {
  /** Where the built page lives; defaults to dist/web/dialog of this checkout. */
  assetsDir?: string;
}

function defaultAssetsDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 6 && !fs.existsSync(path.join(dir, 'package.json')); i++) dir = path.dirname(dir);
  return path.join(dir, 'dist', 'web', 'dialog');
}

function send(res: Response, status: number, contentType: string, body: Buffer | string, cache: string): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': contentType,
    'Cache-Control': cache,
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

function assetHandler(assetsDir: string, fixedName?: string) {
  const cache = new Map<string, Buffer>();
  return (req: Request, res: Response, next: Next): void => {
    const name = fixedName ?? String(req.params?.file ?? '');
    const contentType = ASSETS[name];
    if (!contentType) {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found', 'no-store');
      return next(false);
    }
    let body = cache.get(name);
    if (!body) {
      const file = path.join(assetsDir, name);
      if (!fs.existsSync(file)) {
        send(res, 503, 'text/plain; charset=utf-8', 'The paste dialog is not built: run npm run build.', 'no-store');
        return next(false);
      }
      body = fs.readFileSync(file);
      cache.set(name, body);
    }
    send(res, 200, contentType, body, name === 'index.html' ? 'no-cache' : 'public, max-age=300');
    return next(false);
  };
}

export function registerDialogRoutes(server: Server, options: DialogRouteOptions = {}): void {
  const assetsDir = options.assetsDir ?? defaultAssetsDir();
  server.get(DIALOG_PATH, assetHandler(assetsDir, 'index.html'));
  server.get(`${DIALOG_PATH}/:file`, assetHandler(assetsDir));
}
