// POST /api/messages accepts only `application/json` (any charset parameter): the Bot Framework
// channels always send JSON, and a browser cannot send JSON cross-site without a CORS preflight,
// which this server never grants. A cross-site HTML form post (urlencoded, multipart, text/plain)
// gets 415 with a JSON body before the body is read.
import type { Next, Request, Response } from 'restify';

export const MESSAGES_PATH = '/api/messages';

export function isJsonContentType(header: string | undefined): boolean {
  const mediaType = (header ?? '').split(';', 1)[0]!.trim().toLowerCase();
  return mediaType === 'application/json';
}

export function unsupportedMediaType(): Record<string, unknown> {
  return { error: { code: 'UnsupportedMediaType', message: `${MESSAGES_PATH} accepts only application/json.` } };
}

export function requireJsonOnMessages() {
  return (req: Request, res: Response, next: Next): void => {
    if (req.method === 'POST' && req.getPath() === MESSAGES_PATH && !isJsonContentType(req.headers['content-type'])) {
      res.header('Connection', 'close');
      res.send(415, unsupportedMediaType());
      return next(false);
    }
    return next();
  };
}
