// `Get-ExchangeServer` as a table (Name, Site, ServerRole, Edition, AdminDisplayVersion) or
// `| fl` (Name, Fqdn, ServerRole, AdminDisplayVersion, IsEdgeServer …).
import type { Parser } from '../rule';
import type { ExchangeServerRecord } from '../types';
import { booleanValue, fieldValue, parseListRecords, presentValue, splitLines } from './listFormat';
import { readTables, uncut } from './table';

const SERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/;
const VERSION = /Version\s+(\d{1,2})\.(\d{1,2})/i;

export const patterns: RegExp[] = [SERVER_NAME, VERSION];

function fromTable(text: string): ExchangeServerRecord[] {
  const found: ExchangeServerRecord[] = [];
  for (const row of readTables(text, ['name', 'serverrole'])) {
    const name = row.cells.get('name') ?? '';
    if (!SERVER_NAME.test(name)) continue;
    const record: ExchangeServerRecord = { name };
    const role = uncut(row.cells.get('serverrole'));
    if (role) record.serverRole = role.value;
    const edition = uncut(row.cells.get('edition'));
    if (edition) record.edition = edition.value;
    const version = uncut(row.cells.get('admindisplayversion'));
    if (version && VERSION.test(version.value)) record.adminDisplayVersion = version.value;
    found.push(record);
  }
  return found;
}

function fromLists(text: string): ExchangeServerRecord[] {
  const found: ExchangeServerRecord[] = [];
  for (const record of parseListRecords(splitLines(text))) {
    const version = presentValue(fieldValue(record, 'AdminDisplayVersion'));
    const role = presentValue(fieldValue(record, 'ServerRole'));
    const name = presentValue(fieldValue(record, 'Name'));
    // A server record names its version or its role; a send connector or a certificate does not.
    if (!name || !SERVER_NAME.test(name) || (!version && !role)) continue;
    if (fieldValue(record, 'Thumbprint') !== undefined || fieldValue(record, 'AddressSpaces') !== undefined) continue;
    const server: ExchangeServerRecord = { name };
    const fqdn = presentValue(fieldValue(record, 'Fqdn'));
    if (fqdn) server.fqdn = fqdn;
    if (role) server.serverRole = role;
    if (version && VERSION.test(version)) server.adminDisplayVersion = version;
    const edition = presentValue(fieldValue(record, 'Edition'));
    if (edition) server.edition = edition;
    const edge = booleanValue(fieldValue(record, 'IsEdgeServer'));
    if (edge !== undefined) server.isEdgeServer = edge;
    found.push(server);
  }
  return found;
}

export const exchangeServerParser: Parser = {
  name: 'exchange-server',
  parse(text) {
    if (!/ServerRole|AdminDisplayVersion/i.test(text)) return {};
    const byName = new Map<string, ExchangeServerRecord>();
    for (const server of [...fromTable(text), ...fromLists(text)]) {
      const key = server.name.toLowerCase();
      const existing = byName.get(key);
      byName.set(key, existing ? { ...server, ...existing } : server);
    }
    return { exchangeServers: [...byName.values()].slice(0, 200) };
  },
};
