// Structured logs (pino). Pasted content never goes to the log: log ids, sizes and finding ids.
// As a second line of defence, fields that could carry a paste or a secret are redacted.
import pino, { type Logger } from 'pino';

export type { Logger };

export const REDACTED_PATHS = [
  'text',
  '*.text',
  'activity.text',
  'attachments',
  '*.attachments',
  'value',
  '*.value',
  'paste',
  '*.paste',
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'MicrosoftAppPassword',
  '*.MicrosoftAppPassword',
];

export interface LoggerOptions {
  level?: string;
  /** Where to write (tests capture the output); default stdout. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const settings: pino.LoggerOptions = {
    name: 'mailflow-doctor',
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/** The stack's "at …" lines only: the first line repeats the message, which may quote a paste. */
export function stackFrames(error: unknown): string | undefined {
  if (!(error instanceof Error) || !error.stack) return undefined;
  return error.stack
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .join('\n');
}
