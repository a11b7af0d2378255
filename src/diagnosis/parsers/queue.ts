// `Get-Queue` output that shows LastError: `| ft Identity,Status,MessageCount,NextHopDomain,LastError`
// tables and `| fl` blocks. The SMTP codes inside LastError are read by the smtpResponse parser;
// this keeps the queue, its server and its message count together.
import type { Parser } from '../rule';
import type { QueueRecord } from '../types';
import { fieldValue, parseListRecords, presentValue, splitLines } from './listFormat';
import { readTables } from './table';

const QUEUE_IDENTITY = /^([A-Za-z0-9][A-Za-z0-9-]{0,62})\\([\w.-]{1,80})$/;

export const patterns: RegExp[] = [QUEUE_IDENTITY];

function record(identity: string, values: { status?: string; count?: string; nextHop?: string; lastError?: string }): QueueRecord {
  const queue: QueueRecord = { identity };
  const match = QUEUE_IDENTITY.exec(identity);
  if (match) queue.server = match[1]!;
  if (values.status) queue.status = values.status;
  const count = Number(values.count);
  if (values.count && Number.isInteger(count)) queue.messageCount = count;
  if (values.nextHop) queue.nextHopDomain = values.nextHop;
  if (values.lastError) queue.lastError = values.lastError.slice(0, 1000);
  return queue;
}

export const queueParser: Parser = {
  name: 'queue',
  parse(text) {
    if (!/LastError/i.test(text)) return {};
    const found: QueueRecord[] = [];
    for (const row of readTables(text, ['identity', 'lasterror'])) {
      const identity = row.cells.get('identity');
      if (!identity || !QUEUE_IDENTITY.test(identity)) continue;
      found.push(record(identity, {
        status: row.cells.get('status'),
        count: row.cells.get('messagecount'),
        nextHop: row.cells.get('nexthopdomain'),
        lastError: row.cells.get('lasterror'),
      }));
    }
    for (const list of parseListRecords(splitLines(text))) {
      const lastError = presentValue(fieldValue(list, 'LastError'));
      const identity = presentValue(fieldValue(list, 'Identity'));
      if (lastError === undefined || !identity || !QUEUE_IDENTITY.test(identity)) continue;
      if (found.some((q) => q.identity === identity)) continue;
      found.push(record(identity, {
        status: presentValue(fieldValue(list, 'Status')),
        count: presentValue(fieldValue(list, 'MessageCount')),
        nextHop: presentValue(fieldValue(list, 'NextHopDomain')),
        lastError,
      }));
    }
    return { queues: found.slice(0, 200) };
  },
};
