// Dates as Exchange prints them: in the server's locale, whatever that is.
//   02.02.2028 3:09:22        (de, ru …: day first)
//   12/02/2018 1:53:00 PM     (en-US month first, en-GB day first: ambiguous)
//   2028/02/02 3:09:22        (ja-JP)    2028-02-02 03:09:22 (ISO-like)
//   2028年2月2日 午後 3:09:22   February 2, 2028 3:09:22 AM    2 February 2028 03:09
// The time is the server's local time; it is read as UTC (a few hours do not change a verdict
// about certificate expiry, which rules judge by the day).

export interface LocaleDate {
  /** The earlier of the possible readings (equal to `latest` when unambiguous). */
  earliest: Date;
  latest: Date;
}

const YEAR_FIRST = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?![\d])/;
const YEAR_LAST = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d])/;
const JAPANESE = /^(\d{4}) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?日/;
const MONTH_NAME_FIRST = /^(?:[A-Za-z]{3,9},? )?([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})/;
const DAY_FIRST_MONTH_NAME = /^(?:[A-Za-z]{3,9},? )?(\d{1,2})\.? ([A-Za-z]{3,9})\.? (\d{4})/;
const TIME = /^[ T,]*(午前|午後|AM|PM)? ?(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d{1,7})? ?(AM|PM|午前|午後|a\.m\.|p\.m\.)?/i;
const DAY_OF_WEEK_JA = /^\([日月火水木金土]\)/;

export const patterns: RegExp[] = [YEAR_FIRST, YEAR_LAST, JAPANESE, MONTH_NAME_FIRST, DAY_FIRST_MONTH_NAME, TIME, DAY_OF_WEEK_JA];

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

interface DatePart {
  year: number;
  /** [month, day] readings; two when the order is ambiguous. */
  readings: [number, number][];
  rest: string;
}

function fullYear(text: string): number {
  const year = Number(text);
  return text.length === 2 ? 2000 + year : year;
}

function monthNumber(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

function readDatePart(text: string): DatePart | undefined {
  let match = JAPANESE.exec(text) ?? YEAR_FIRST.exec(text);
  if (match) {
    return { year: Number(match[1]), readings: [[Number(match[2]), Number(match[3])]], rest: text.slice(match[0].length) };
  }
  match = YEAR_LAST.exec(text);
  if (match) {
    const first = Number(match[1]);
    const second = Number(match[3]);
    const rest = text.slice(match[0].length);
    const year = fullYear(match[4]);
    // Dotted dates are day-first in every locale that prints them.
    if (match[2] === '.') return { year, readings: [[second, first]], rest };
    const readings: [number, number][] = [];
    if (first <= 12) readings.push([first, second]);
    if (second <= 12 && first !== second) readings.push([second, first]);
    return { year, readings, rest };
  }
  match = MONTH_NAME_FIRST.exec(text);
  if (match && monthNumber(match[1]) > 0) {
    return { year: Number(match[3]), readings: [[monthNumber(match[1]), Number(match[2])]], rest: text.slice(match[0].length) };
  }
  match = DAY_FIRST_MONTH_NAME.exec(text);
  if (match && monthNumber(match[2]) > 0) {
    return { year: Number(match[3]), readings: [[monthNumber(match[2]), Number(match[1])]], rest: text.slice(match[0].length) };
  }
  return undefined;
}

/** Seconds after midnight, or undefined when the text has no time (midnight is then used). */
function readTime(text: string): number | undefined {
  const match = TIME.exec(text.replace(DAY_OF_WEEK_JA, ''));
  if (!match) return undefined;
  let hours = Number(match[2]);
  const minutes = Number(match[3]);
  const seconds = Number(match[4] ?? 0);
  const marker = (match[1] ?? match[5] ?? '').toLowerCase();
  const pm = marker === 'pm' || marker === '午後' || marker === 'p.m.';
  const am = marker === 'am' || marker === '午前' || marker === 'a.m.';
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  if (pm && hours < 12) hours += 12;
  if (am && hours === 12) hours = 0;
  return hours * 3600 + minutes * 60 + seconds;
}

function validDate(year: number, month: number, day: number, seconds: number): Date | undefined {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day) + seconds * 1000);
  return date.getUTCDate() === day && date.getUTCMonth() === month - 1 ? date : undefined;
}

/** Reads a date in any of the server locales above; both readings when day/month could swap. */
export function parseLocaleDate(text: string): LocaleDate | undefined {
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim().slice(0, 100);
  const part = readDatePart(trimmed);
  if (!part) return undefined;
  const seconds = readTime(part.rest) ?? 0;
  const dates = part.readings
    .map(([month, day]) => validDate(part.year, month, day, seconds))
    .filter((date): date is Date => date !== undefined)
    .sort((a, b) => a.getTime() - b.getTime());
  if (dates.length === 0) return undefined;
  return { earliest: dates[0], latest: dates[dates.length - 1] };
}

/** ISO 8601 when the reading is certain to the day, else undefined. */
export function unambiguousIso(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const date = parseLocaleDate(text);
  if (!date) return undefined;
  const sameDay = date.earliest.toISOString().slice(0, 10) === date.latest.toISOString().slice(0, 10);
  return sameDay ? date.earliest.toISOString() : undefined;
}
