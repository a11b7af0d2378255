// Windows events, only where they are labelled:
// - Event Viewer "Copy details as text" in English or Japanese (`Log Name:` / `ログの名前:` …),
//   one label per line, or several per line separated by runs of spaces (the KB article layout);
// - the Event Viewer preview pane (`Event 12014, MSExchangeFrontEndTransport`, the description,
//   then the labels);
// - the Event Viewer XML view (`<Event xmlns=…>`), unless it follows a copied event's "Event Xml:";
// - Get-WinEvent output, as `| fl` (TimeCreated, ProviderName, Id, Message) or as its default table
//   (whose messages are cut short with '...').
// Levels are given in English (情報 → Information, 警告 → Warning, エラー → Error), log names too.
// A bare description line without labels makes no event: the SMTP parser still reads its response.
import type { Parser } from '../rule';
import type { EventRecord } from '../types';
import { fieldValue, parseListRecords, splitLines } from './listFormat';

type Label = 'logName' | 'source' | 'date' | 'eventId' | 'taskCategory' | 'level' | 'keywords' | 'user' | 'computer' | 'opcode' | 'moreInformation' | 'description';

const LABEL =
  /^(Log ?Name|ログの名前|ログ名|Source|ソース|Date|Logged|日付|ログの日付|Event ?ID|イベント ?ID|Task ?Category|タスクのカテゴリ|タスク ?カテゴリ|Level|レベル|Keywords|キーワード|User|ユーザー|Computer|コンピューター|コンピュータ|Op ?Code|オペコード|More Information|詳細情報|Description|説明) *:(.*)$/i;
const SEGMENT_SEPARATOR = / {2,}| [/|] /;
const PREVIEW_HEADER = /^ *(?:Event|イベント) (\d{1,5}), ?(\S[^,]{0,100})$/;
const PREVIEW_TABS = /^ *(?:General {1,4}Details|全般 {1,4}詳細) *$/;
const EVENT_XML = /^ *(?:Event Xml|イベント XML) *:/i;
const DESCRIPTION_END =
  /^ *(?:-----BEGIN |Thumbprint +Services|TimeCreated +Id|(?:Get|Set|New|Enable|Remove|Test|Import|Export|Retry|Start|Stop)-[A-Za-z]{2,}|[A-Za-z][\w.-]{0,80} +: )/;
const DIGITS = /\d{1,6}/;
const EVENT_ID = /^\d{1,5}$/;
const XML_PROVIDER = /<Provider Name=['"]([^'"<>]{1,200})['"]/;
const XML_EVENT_ID = /<EventID(?: [^<>]{0,200})?>(\d{1,5})<\/EventID>/;
const XML_LEVEL = /<Level>(\d)<\/Level>/;
const XML_CHANNEL = /<Channel>([^<]{1,200})<\/Channel>/;
const XML_COMPUTER = /<Computer>([^<]{1,255})<\/Computer>/;
const XML_TIME = /<TimeCreated SystemTime=['"]([^'"<>]{1,64})['"]/;
const XML_MESSAGE = /<Message>([^<]{1,8000})<\/Message>/;
const XML_DATA_OPEN = /^<Data(?: Name=['"][^'"<>]{0,100}['"])?>/;
const XML_AFTER_LABEL = /(?:Event Xml|イベント XML) *: *$/i;
const WINEVENT_TABLE_HEADER = /^ *TimeCreated +Id +LevelDisplayName +Message *$/;
const WINEVENT_PROVIDER = /^ *ProviderName: *(\S.{0,200})$/;
const TRAILING_ID = /(\d{1,5})$/;
const UNDERLINE = /^[- ]+$/;

export const patterns: RegExp[] = [
  LABEL,
  SEGMENT_SEPARATOR,
  PREVIEW_HEADER,
  PREVIEW_TABS,
  EVENT_XML,
  DESCRIPTION_END,
  DIGITS,
  EVENT_ID,
  XML_PROVIDER,
  XML_EVENT_ID,
  XML_LEVEL,
  XML_CHANNEL,
  XML_COMPUTER,
  XML_TIME,
  XML_MESSAGE,
  XML_DATA_OPEN,
  XML_AFTER_LABEL,
  WINEVENT_TABLE_HEADER,
  WINEVENT_PROVIDER,
  TRAILING_ID,
  UNDERLINE,
];

/** Records kept per paste: far more than any real paste holds, and the output stays bounded. */
const MAX_RECORDS = 500;

const LABEL_NAMES: Record<string, Label> = {
  'log name': 'logName', logname: 'logName', ログの名前: 'logName', ログ名: 'logName',
  source: 'source', ソース: 'source',
  date: 'date', logged: 'date', 日付: 'date', ログの日付: 'date',
  'event id': 'eventId', eventid: 'eventId', 'イベント id': 'eventId', イベントid: 'eventId',
  'task category': 'taskCategory', taskcategory: 'taskCategory', タスクのカテゴリ: 'taskCategory', 'タスク カテゴリ': 'taskCategory', タスクカテゴリ: 'taskCategory',
  level: 'level', レベル: 'level',
  keywords: 'keywords', キーワード: 'keywords',
  user: 'user', ユーザー: 'user',
  computer: 'computer', コンピューター: 'computer', コンピュータ: 'computer',
  opcode: 'opcode', 'op code': 'opcode', オペコード: 'opcode',
  'more information': 'moreInformation', 詳細情報: 'moreInformation',
  description: 'description', 説明: 'description',
};

const LEVELS: Record<string, string> = {
  情報: 'Information', 警告: 'Warning', エラー: 'Error', 重大: 'Critical', 詳細: 'Verbose',
  '0': 'Information', '1': 'Critical', '2': 'Error', '3': 'Warning', '4': 'Information', '5': 'Verbose',
};
const LOG_NAMES: Record<string, string> = { アプリケーション: 'Application', システム: 'System', セキュリティ: 'Security' };

const MAX_DESCRIPTION = 8000;

interface Draft {
  fields: Partial<Record<Label, string>>;
  /** Labels read from label lines (a header-set value may be confirmed by its label). */
  labelled: Set<Label>;
  description: string[];
  descriptionIndent: number;
}

function newDraft(): Draft {
  return { fields: {}, labelled: new Set(), description: [], descriptionIndent: -1 };
}

function labelPairs(line: string): { label: Label; value: string }[] {
  const pairs: { label: Label; value: string }[] = [];
  for (const segment of line.trim().split(SEGMENT_SEPARATOR)) {
    const match = LABEL.exec(segment);
    const label = match ? LABEL_NAMES[match[1].toLowerCase()] : undefined;
    if (match && label) {
      pairs.push({ label, value: match[2].trim() });
    } else if (pairs.length > 0) {
      const last = pairs[pairs.length - 1];
      last.value = last.value ? `${last.value} ${segment.trim()}` : segment.trim();
    } else {
      return [];
    }
  }
  return pairs;
}

function toRecord(draft: Draft): EventRecord | undefined {
  const id = DIGITS.exec(draft.fields.eventId ?? '');
  if (!id) return undefined;
  const record: EventRecord = { eventId: Number(id[0]), description: draft.description.join('\n').slice(0, MAX_DESCRIPTION) };
  const { source, logName, level, taskCategory, computer, date } = draft.fields;
  if (source) record.source = source;
  if (logName) record.logName = LOG_NAMES[logName] ?? logName;
  if (level) record.level = LEVELS[level] ?? level;
  if (taskCategory) record.taskCategory = taskCategory;
  if (computer) record.computer = computer;
  if (date) record.date = date;
  return record;
}

/** Event Viewer text (both languages, both layouts) and the preview pane. */
function labelledEvents(lines: readonly string[]): EventRecord[] {
  const events: EventRecord[] = [];
  let draft: Draft | undefined;
  let inDescription = false;
  let blankSeen = false;

  const finish = (): void => {
    const record = draft && toRecord(draft);
    if (record) events.push(record);
    draft = undefined;
    inDescription = false;
  };

  for (const line of lines) {
    const trimmed = line.trim();
    const header = PREVIEW_HEADER.exec(line);
    if (header) {
      finish();
      draft = newDraft();
      draft.fields.eventId = header[1];
      draft.fields.source = header[2].trim();
      inDescription = true;
      blankSeen = false;
      continue;
    }
    const pairs = trimmed.includes(':') ? labelPairs(line) : [];
    if (pairs.length > 0) {
      for (const { label, value } of pairs) {
        if (!draft || startsNewEvent(draft, label, value)) {
          finish();
          draft = newDraft();
        }
        inDescription = label === 'description';
        if (inDescription) {
          blankSeen = false;
          if (value) addDescriptionLine(draft, line, value);
          continue;
        }
        draft.labelled.add(label);
        draft.fields[label] = value;
      }
      continue;
    }
    if (!draft || !inDescription) continue;
    if (EVENT_XML.test(line) || DESCRIPTION_END.test(line)) {
      inDescription = false;
      continue;
    }
    if (PREVIEW_TABS.test(line)) continue;
    if (!trimmed) {
      blankSeen = draft.description.length > 0;
      continue;
    }
    const indent = line.length - line.trimStart().length;
    if (blankSeen && draft.descriptionIndent > 0 && indent < draft.descriptionIndent) {
      inDescription = false;
      continue;
    }
    blankSeen = false;
    addDescriptionLine(draft, line, trimmed);
  }
  finish();
  return events;
}

function startsNewEvent(draft: Draft, label: Label, value: string): boolean {
  if (!draft.labelled.has(label)) return false;
  return draft.fields[label] !== value || draft.description.length > 0;
}

function addDescriptionLine(draft: Draft, line: string, text: string): void {
  if (draft.descriptionIndent < 0) draft.descriptionIndent = line.length - line.trimStart().length;
  draft.description.push(text);
}

/** `Get-WinEvent | fl`: TimeCreated, ProviderName, Id, Message (and the `fl *` extras). */
function winEventListRecords(lines: readonly string[]): EventRecord[] {
  const events: EventRecord[] = [];
  for (const record of parseListRecords(lines)) {
    const id = fieldValue(record, 'Id');
    const message = fieldValue(record, 'Message');
    const provider = fieldValue(record, 'ProviderName');
    if (!id || !EVENT_ID.test(id) || (message === undefined && provider === undefined)) continue;
    const event: EventRecord = { eventId: Number(id), description: (message ?? '').slice(0, MAX_DESCRIPTION) };
    if (provider) event.source = provider;
    const logName = fieldValue(record, 'LogName');
    if (logName) event.logName = logName;
    const level = fieldValue(record, 'LevelDisplayName') ?? fieldValue(record, 'Level');
    if (level) event.level = LEVELS[level] ?? level;
    const task = fieldValue(record, 'TaskDisplayName');
    if (task) event.taskCategory = task;
    const machine = fieldValue(record, 'MachineName');
    if (machine) event.computer = machine;
    const time = fieldValue(record, 'TimeCreated');
    if (time) event.date = time;
    events.push(event);
  }
  return events;
}

interface TableColumns {
  /** End of the right-aligned Id column; start of LevelDisplayName and Message. */
  idEnd: number;
  levelStart: number;
  messageStart: number;
}

/** One row of Get-WinEvent's table, cut at the header's column positions. */
function winEventRow(line: string, columns: TableColumns, provider: string | undefined): EventRecord | undefined {
  const id = TRAILING_ID.exec(line.slice(0, columns.idEnd).trimEnd());
  if (!id) return undefined;
  const date = line.slice(0, columns.idEnd).trimEnd().slice(0, -id[1].length).trim();
  const level = line.slice(columns.levelStart, columns.messageStart).trim();
  const event: EventRecord = { eventId: Number(id[1]), description: line.slice(columns.messageStart).trim() };
  if (date) event.date = date;
  if (provider) event.source = provider;
  if (level) event.level = LEVELS[level] ?? level;
  return event;
}

/** Get-WinEvent's default table, grouped under `ProviderName: …`; messages are cut short. */
function winEventTableRows(lines: readonly string[]): EventRecord[] {
  const events: EventRecord[] = [];
  let provider: string | undefined;
  let columns: TableColumns | undefined;
  for (const line of lines) {
    const group = WINEVENT_PROVIDER.exec(line);
    if (group) {
      provider = group[1].trim();
      columns = undefined;
      continue;
    }
    if (WINEVENT_TABLE_HEADER.test(line)) {
      columns = {
        idEnd: line.indexOf(' Id ') + 3,
        levelStart: line.indexOf('LevelDisplayName'),
        messageStart: line.indexOf('Message'),
      };
      continue;
    }
    if (!columns) continue;
    const trimmed = line.trim();
    if (!trimmed || UNDERLINE.test(trimmed)) continue;
    const event = winEventRow(line, columns, provider);
    if (event) events.push(event);
    else columns = undefined;
  }
  return events;
}

const XML_BLOCK_START = '<Event ';
const XML_BLOCK_END = '</Event>';
const MAX_XML_BLOCK = 64 * 1024;

/**
 * Event Viewer's XML view (`<Event xmlns=…><System>…<EventData><Data>…`). The description is the
 * rendered message when the XML carries one, else the event's data strings, one per line. XML
 * that follows the "Event Xml:" label of a copied event belongs to that event and is skipped.
 */
function xmlEvents(text: string): EventRecord[] {
  const events: EventRecord[] = [];
  let from = 0;
  while (events.length < MAX_RECORDS) {
    const start = text.indexOf(XML_BLOCK_START, from);
    if (start < 0) break;
    const end = text.indexOf(XML_BLOCK_END, start);
    if (end < 0) break;
    from = end + XML_BLOCK_END.length;
    if (XML_AFTER_LABEL.test(text.slice(Math.max(0, start - 40), start).trimEnd())) continue;
    const event = xmlEvent(text.slice(start, Math.min(from, start + MAX_XML_BLOCK)));
    if (event) events.push(event);
  }
  return events;
}

/** `<Data>` values; found by position, since decoded entities may have put `<…>` inside them. */
function xmlDataStrings(block: string): string[] {
  const values: string[] = [];
  let from = 0;
  for (;;) {
    const start = block.indexOf('<Data', from);
    if (start < 0) return values;
    const open = XML_DATA_OPEN.exec(block.slice(start, start + 120));
    const end = block.indexOf('</Data>', start);
    if (end < 0) return values;
    from = end + 7;
    if (!open) continue;
    const value = block.slice(start + open[0].length, end).trim();
    if (value) values.push(value);
  }
}

function xmlEvent(block: string): EventRecord | undefined {
  const id = XML_EVENT_ID.exec(block);
  if (!id) return undefined;
  const message = XML_MESSAGE.exec(block)?.[1];
  const data = xmlDataStrings(block);
  const event: EventRecord = { eventId: Number(id[1]), description: (message ?? data.join('\n')).trim().slice(0, MAX_DESCRIPTION) };
  const provider = XML_PROVIDER.exec(block)?.[1];
  const level = XML_LEVEL.exec(block)?.[1];
  const channel = XML_CHANNEL.exec(block)?.[1];
  const computer = XML_COMPUTER.exec(block)?.[1];
  const time = XML_TIME.exec(block)?.[1];
  if (provider) event.source = provider;
  if (level) event.level = LEVELS[level] ?? level;
  if (channel) event.logName = channel;
  if (computer) event.computer = computer;
  if (time) event.date = time;
  return event;
}

export const windowsEventParser: Parser = {
  name: 'windows-event',
  parse(text) {
    const lines = splitLines(text);
    const events = labelledEvents(lines);
    if (text.includes(XML_BLOCK_START)) events.push(...xmlEvents(text));
    if (text.includes('ProviderName') || text.includes('TimeCreated')) {
      events.push(...winEventListRecords(lines), ...winEventTableRows(lines));
    }
    return { events: events.slice(0, MAX_RECORDS) };
  },
};
