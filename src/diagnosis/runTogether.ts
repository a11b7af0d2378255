// Pastes whose line breaks were lost. Some compose boxes (the Agents Playground's, for one) send
// only the text of a paste: `Get-ExchangeCertificate | fl` output then arrives as
// "Thumbprint : 7D3E…Services : IMAP, SMTPSubject : CN=…", and the default certificate table as
// one line of header, dashes and rows. Both can be read again: Format-List keys are known
// property names followed by padding and a colon, and the table's rows start with a 40-digit
// thumbprint and the 7-character Services code. Pure: text in, text out.

/** Format-List keys of the cmdlets the bot asks for (Get-ExchangeCertificate, Get-SendConnector,
 *  Get-ReceiveConnector, Get-InboundConnector/Get-OutboundConnector, Get-Queue). Longest first. */
const LIST_KEYS = [
  'Thumbprint', 'Services', 'Subject', 'Issuer', 'CertificateDomains', 'RootCAType', 'Status', 'IsSelfSigned',
  'NotAfter', 'NotBefore', 'HasPrivateKey', 'FriendlyName', 'PublicKeySize', 'SerialNumber', 'ServicesStringForm',
  'PrivateKeyExportable', 'KeyIdentifier', 'AccessRules', 'Identity', 'AddressSpaces', 'SmartHosts', 'TlsCertificateName',
  'RequireTLS', 'TlsAuthLevel', 'TlsDomain', 'Fqdn', 'Enabled', 'CloudServicesMailEnabled', 'SourceTransportServers',
  'AuthMechanism', 'Bindings', 'PermissionGroups', 'TransportRole', 'TlsDomainCapabilities', 'RemoteIPRanges',
  'ConnectorType', 'ConnectorSource', 'TlsSenderCertificateName', 'RestrictDomainsToCertificate', 'SenderDomains',
  'RecipientDomains', 'UseMXRecord', 'TlsSettings', 'LastError', 'NextHopDomain', 'DeliveryType', 'MessageCount',
  'NextRetryTime', 'LastRetryTime', 'Server', 'MachineName', 'TimeCreated', 'ProviderName', 'LogName', 'Message',
  'Level', 'Name', 'Id',
].sort((a, b) => b.length - a.length);

const KEY = new RegExp(`(${LIST_KEYS.join('|')}) {0,40}: `, 'g');
const TABLE_HEAD = /Thumbprint {1,80}Services {1,80}Subject {0,80}-{10} {1,80}-{8} {1,80}-{7}/;
const HEX = /^[0-9A-Fa-f]$/;
const SERVICES_CODE = /^[A-Z.]{7}$/;
// Any other table: underlined headers (two or more runs of dashes) and a thumbprint on one line.
const DASHES = /^-{3,}$/;
const THUMBPRINT = /\b[0-9A-Fa-f]{40}\b/;
const MIN_KEYS = 3;

export type RunTogetherFormat = 'list' | 'table';

export interface RunTogether {
  format: RunTogetherFormat;
  /** The paste with its line breaks put back, when the format allows it. */
  text?: string;
}

/** The keys of a run-on line, where a real line would have started. */
function keyStarts(line: string): number[] {
  const starts: number[] = [];
  for (const match of line.matchAll(KEY)) {
    const at = match.index;
    const key = match[1] as string;
    const before = at === 0 ? ' ' : (line[at - 1] as string);
    // A short key glued to a word ("FriendlyName") is part of that word.
    if (key.length <= 4 && /[A-Za-z]/.test(before)) continue;
    // An upper-case letter before a key that starts with one would be the same identifier.
    if (/[a-z]/.test(before) && /[A-Z]/.test(key[0] as string) && !/ {2}:|\s$/.test(match[0]) && key.length <= 6) continue;
    starts.push(at);
  }
  return starts;
}

const keyOf = (field: string): string => field.slice(0, field.indexOf(':')).trim();

/** Format-List output: one line per key; a repeated first key starts a new record. */
function resplitList(line: string, starts: number[]): string {
  const fields = starts.map((start, i) => line.slice(start, starts[i + 1] ?? line.length).trim());
  const head = line.slice(0, starts[0]).trim();
  const firstKey = fields[0] === undefined ? undefined : keyOf(fields[0]);
  const out: string[] = head ? [head, ''] : [];
  fields.forEach((field, i) => {
    if (i > 0 && keyOf(field) === firstKey) out.push('');
    out.push(field);
  });
  return out.join('\n');
}

interface Row {
  index: number;
  end: number;
  thumbprint: string;
  services: string;
}

/** Where each table row starts: 40 hex digits, spaces, a 7-character Services code, a space. */
function tableRows(body: string): Row[] {
  const rows: Row[] = [];
  let run = 0;
  for (let i = 0; i < body.length; i++) {
    run = HEX.test(body[i] as string) ? run + 1 : 0;
    if (run < 40 || body[i + 1] !== ' ') continue;
    let j = i + 1;
    while (body[j] === ' ' && j - i < 80) j++;
    const services = body.slice(j, j + 7);
    if (!SERVICES_CODE.test(services) || body[j + 7] !== ' ') continue;
    rows.push({ index: i - 39, end: j + 8, thumbprint: body.slice(i - 39, i + 1), services });
    run = 0;
  }
  return rows;
}

/** The default Get-ExchangeCertificate table, rebuilt with its columns aligned. */
function resplitTable(line: string): string | undefined {
  const head = TABLE_HEAD.exec(line);
  if (!head) return undefined;
  const body = line.slice(head.index + head[0].length);
  const rows = tableRows(body);
  if (rows.length === 0 || rows[0]?.index !== 0) return undefined;
  const lines = [`${'Thumbprint'.padEnd(42)}${'Services'.padEnd(11)}Subject`, `${'-'.repeat(10).padEnd(42)}${'-'.repeat(8).padEnd(11)}-------`];
  rows.forEach((row, i) => {
    const subject = body.slice(row.end, rows[i + 1]?.index ?? body.length).trim();
    lines.push(`${row.thumbprint.toUpperCase().padEnd(42)}${row.services.padEnd(11)}${subject}`);
  });
  const before = line.slice(0, head.index).trim();
  return [...(before ? [before, ''] : []), ...lines].join('\n');
}

/**
 * Whether the paste is `fl` output or a certificate table that lost its line breaks; with the
 * text re-split when that can be done. Undefined for anything else (including a normal paste).
 */
export function runTogether(paste: string): RunTogether | undefined {
  const lines = paste.split('\n').filter((l) => l.trim() !== '');
  // A paste that kept its lines has many; a run-on one has one very long line holding the rest.
  const longest = lines.reduce((a, b) => (b.length > a.length ? b : a), '');
  if (longest.length < 80 || longest.length < paste.trim().length * 0.6) return undefined;
  if (TABLE_HEAD.test(longest)) {
    const text = resplitTable(longest);
    return { format: 'table', ...(text ? { text: paste.replace(longest, text) } : {}) };
  }
  const starts = keyStarts(longest);
  if (starts.length >= MIN_KEYS) return { format: 'list', text: paste.replace(longest, resplitList(longest, starts)) };
  const underlined = longest.split(' ').filter((word) => DASHES.test(word)).length >= 2;
  return underlined && THUMBPRINT.test(longest) ? { format: 'table' } : undefined;
}
