// Text between two literal markers, found in one linear pass (no regular expression to backtrack).

/**
 * Every text between `start` and the next `end` (at most `maxLength` characters), found with
 * indexOf so a paste of any size is read in one pass: the position of the next `end` is shared
 * by all the starts before it, and once no `end` is left the search stops.
 */
export function findBetween(text: string, start: string, end: string, maxLength: number): { value: string; index: number }[] {
  const found: { value: string; index: number }[] = [];
  let nextEnd = -1;
  for (let at = text.indexOf(start); at !== -1; at = text.indexOf(start, at + 1)) {
    const from = at + start.length;
    if (nextEnd < from) {
      nextEnd = text.indexOf(end, from);
      if (nextEnd === -1) break;
    }
    if (nextEnd - from <= maxLength) found.push({ value: text.slice(from, nextEnd), index: at });
  }
  return found;
}
