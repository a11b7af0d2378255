// Exchange Online message trace: `Get-MessageTrace | fl` (Status Pending / Failed / Delivered …)
// and `Get-MessageTraceDetail` (`| fl` records or the Date / Event / Detail table), whose Detail
// carries what the on-premises side answered, e.g.
//   Reason: [{LED=450 4.4.317 Cannot connect to remote server [Message=SubjectMismatch …]};…]
import type { Parser } from '../rule';
import { findBetween } from './between';
import type { MessageTrace } from '../types';
import { fieldValue, parseListRecords, presentValue, splitLines, type ListRecord } from './listFormat';

const RESPONSE_CODE = /(?<![\w.])([2-5]\d\d) ([245]\.\d{1,3}\.\d{1,3})(?![\d.]\d)/;
const TABLE_DATE = /^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4} \d{1,2}:\d{2}(?::\d{2})?(?: ?[AP]M)?/i;
const COLUMN_GAP = / {2,}/;
const TRACE_STATUS = /^(?:Pending|Failed|Delivered|Expanded|FilteredAsSpam|Quarantined|GettingStatus|Resolved|None)$/i;

export const patterns: RegExp[] = [RESPONSE_CODE, TABLE_DATE, COLUMN_GAP, TRACE_STATUS];

function withResponse(trace: MessageTrace, detail: string | undefined): MessageTrace {
  if (!detail) return trace;
  trace.detail = detail.slice(0, 1000);
  const code = RESPONSE_CODE.exec(detail);
  if (code) {
    trace.code = Number(code[1]);
    trace.enhanced = code[2]!;
  }
  const remote = findBetween(detail, '[Message=', ']', 600)[0];
  if (remote) trace.remoteMessage = remote.value.trim();
  return trace;
}

function fromRecord(record: ListRecord): MessageTrace | undefined {
  const value = (key: string): string | undefined => presentValue(fieldValue(record, key));
  const event = value('event');
  const detail = value('detail');
  const status = value('status');
  const isDetail = event !== undefined || (detail !== undefined && value('messagetraceid') !== undefined);
  const isTrace = status !== undefined && TRACE_STATUS.test(status) && (value('recipientaddress') ?? value('senderaddress') ?? value('messagetraceid')) !== undefined;
  if (!isDetail && !isTrace) return undefined;
  const trace: MessageTrace = { form: isDetail ? 'detail' : 'trace' };
  if (status) trace.status = status;
  if (event) trace.event = event;
  const sender = value('senderaddress');
  if (sender) trace.senderAddress = sender;
  const recipient = value('recipientaddress');
  if (recipient) trace.recipientAddress = recipient;
  const messageId = value('messageid');
  if (messageId) trace.messageId = messageId;
  const date = value('date') ?? value('received');
  if (date) trace.date = date;
  return withResponse(trace, detail);
}

/** `Date  Event  Detail` table rows. */
function fromTable(lines: readonly string[]): MessageTrace[] {
  const found: MessageTrace[] = [];
  let inTable = false;
  for (const line of lines) {
    if (/^\s*Date\s+Event\s+Detail\s*$/i.test(line)) {
      inTable = true;
      continue;
    }
    if (!inTable) continue;
    if (line.trim() === '') {
      inTable = false;
      continue;
    }
    const date = TABLE_DATE.exec(line);
    if (!date) continue;
    const [event, ...rest] = line.slice(date[0].length).trim().split(COLUMN_GAP);
    if (!event) continue;
    found.push(withResponse({ form: 'detail', date: date[0], event }, rest.join('  ') || undefined));
  }
  return found;
}

export const messageTraceParser: Parser = {
  name: 'messageTrace',
  parse(text) {
    const lines = splitLines(text);
    const messageTraces: MessageTrace[] = [];
    for (const record of parseListRecords(lines)) {
      const trace = fromRecord(record);
      if (trace) messageTraces.push(trace);
    }
    messageTraces.push(...fromTable(lines));
    return { messageTraces };
  },
};
