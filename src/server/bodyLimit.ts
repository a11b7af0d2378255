// The largest request body the server accepts (MAX_REQUEST_BYTES, default 1 MB). The bot itself
// reads at most 256 KB of pasted text and answers a larger paste in the chat; a body over this limit
// is refused before it is read, with 413 and a JSON body saying why.
import type { Next, Request, Response } from 'restify';

export const DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

export function maxRequestBytes(env: NodeJS.ProcessEnv): number {
  const raw = (env.MAX_REQUEST_BYTES ?? '').trim();
  if (raw === '') return DEFAULT_MAX_REQUEST_BYTES;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1024) throw new Error(`MAX_REQUEST_BYTES must be a whole number of bytes ≥ 1024, got "${raw}"`);
  return value;
}

export function tooLargeBody(limitBytes: number): Record<string, unknown> {
  return {
    error: {
      code: 'RequestEntityTooLarge',
      message: `The request body is larger than ${limitBytes} bytes, the most this server accepts.`,
      limitBytes,
    },
  };
}

/** Refuses a declared Content-Length over the limit (restify's bodyParser counts chunked bodies). */
export function rejectLargeBodies(limitBytes: number) {
  return (req: Request, res: Response, next: Next): void => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limitBytes) {
      res.header('Connection', 'close');
      res.send(413, tooLargeBody(limitBytes));
      return next(false);
    }
    return next();
  };
}
