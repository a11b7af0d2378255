// Reads PowerShell `Format-Table` output: a header row, a row of dash groups under it, then rows
// cut at the column starts. Shared by the organisation parsers (Get-ExchangeServer,
// Get-EdgeSubscription, Get-Queue).
import { splitLines } from './listFormat';

const DASH_GROUP = /-+/g;
const UNDERLINE = /^ *-+(?: +-+)* *$/;

export const patterns: RegExp[] = [DASH_GROUP, UNDERLINE];

export interface TableRow {
  /** Lower-cased header → trimmed cell. */
  cells: Map<string, string>;
  line: number;
}

/**
 * Every table in the paste whose headers include all of `required` (lower-case); rows end at the
 * first blank line. The last column takes the rest of the row.
 */
export function readTables(text: string, required: readonly string[]): TableRow[] {
  const lines = splitLines(text);
  const rows: TableRow[] = [];
  for (let index = 1; index < lines.length; index++) {
    const underline = lines[index]!;
    if (!underline.includes('--') || !UNDERLINE.test(underline)) continue;
    const header = lines[index - 1]!;
    const columns: { name: string; start: number }[] = [];
    for (const group of underline.matchAll(DASH_GROUP)) {
      columns.push({ name: header.slice(group.index, group.index + group[0].length).trim().toLowerCase(), start: group.index });
    }
    if (!required.every((name) => columns.some((c) => c.name === name))) continue;
    let row = index + 1;
    for (; row < lines.length && lines[row]!.trim() !== ''; row++) {
      const line = lines[row]!;
      const cells = new Map<string, string>();
      columns.forEach((column, i) => {
        const end = i + 1 < columns.length ? columns[i + 1]!.start : line.length;
        cells.set(column.name, line.slice(column.start, end).trim());
      });
      rows.push({ cells, line: row });
    }
    index = row;
  }
  return rows;
}

/** A table cell PowerShell cut short ends with `...` (or `…`): the part before it. */
export function uncut(value: string | undefined): { value: string; cut: boolean } | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.endsWith('...')) return { value: value.slice(0, -3).trimEnd(), cut: true };
  if (value.endsWith('…')) return { value: value.slice(0, -1).trimEnd(), cut: true };
  return { value, cut: false };
}
