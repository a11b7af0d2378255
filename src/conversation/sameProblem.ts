// Whether a new paste belongs to the case or to a different problem: another error on another
// server. Decided from the names both texts carry (servers, certificates, connectors); a paste
// that names nothing is taken as part of the case.
const THUMBPRINT = /\b[0-9A-F]{40}\b/gi;
const NOT_HOST_CHARACTER = /[^A-Za-z0-9.-]+/;
const LABEL = /^[a-z0-9-]{1,63}$/;
const TOP_LEVEL = /^[a-z]{2,24}$/;
const NETBIOS = /\b(?:server|computer|machine|host)[\s:=]{1,5}([A-Z][A-Z0-9-]{1,14})\b/gi;
// Names every hybrid paste mentions: they say nothing about which server it is.
const COMMON_HOSTS = /(?:^|\.)(?:outlook\.com|office365\.com|microsoft\.com|office\.com|digicert\.com|windows\.net|onmicrosoft\.com)$/i;

/** Without the dots and hyphens around a token ("mail.contoso.com." at the end of a sentence). */
function trimDots(token: string): string {
  let start = 0;
  let end = token.length;
  while (start < end && (token[start] === '.' || token[start] === '-')) start++;
  while (end > start && (token[end - 1] === '.' || token[end - 1] === '-')) end--;
  return token.slice(start, end);
}

/** The identifiers a text names: thumbprints, host names, server names (lower case). */
export function identifiers(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(THUMBPRINT)) names.add(match[0].toLowerCase());
  for (const token of text.split(NOT_HOST_CHARACTER)) {
    const host = trimDots(token.toLowerCase());
    const labels = host.split('.');
    if (labels.length < 2 || labels.length > 9 || !labels.every((label) => LABEL.test(label))) continue;
    if (TOP_LEVEL.test(labels[labels.length - 1] as string) && !COMMON_HOSTS.test(host)) names.add(host);
  }
  for (const match of text.matchAll(NETBIOS)) names.add((match[1] as string).toLowerCase());
  return names;
}

/** The same server: the same name, or a short name and an FQDN that starts with it. */
function sameName(a: string, b: string): boolean {
  return a === b || (!a.includes('.') && b.split('.')[0] === a) || (!b.includes('.') && a.split('.')[0] === b);
}

/**
 * A different problem: the paste shows an error whose leading cause differs from the case's, and
 * it names servers or certificates of its own, none of which the case names.
 */
export function isDifferentProblem(input: { caseText: string; caseFindingId?: string; paste: string; pasteHasError: boolean; pasteFindingId?: string }): boolean {
  if (!input.pasteHasError || !input.pasteFindingId || !input.caseFindingId) return false;
  if (input.pasteFindingId === input.caseFindingId) return false;
  const own = identifiers(input.paste);
  if (own.size === 0) return false;
  const known = identifiers(input.caseText);
  for (const name of own) for (const other of known) if (sameName(name, other)) return false;
  return true;
}
