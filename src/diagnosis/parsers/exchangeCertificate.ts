// Get-ExchangeCertificate output, in its two shapes:
// - `| fl` (any field set, any order, wrapped values, several records);
// - the default table `Thumbprint  Services  Subject`, where Services is the 7-character
//   ServicesStringForm (I P U W S F C = IMAP POP UM IIS SMTP Federation UMCallRouter, '.' = off)
//   and a long Subject is cut with '...'.
// The same thumbprint pasted twice (table and list, or two servers) becomes one certificate.
import { unambiguousIso } from '../dates';
import type { Parser } from '../rule';
import type { ExchangeCertificate } from '../types';
import { booleanValue, fieldValue, listValue, parseListRecords, presentValue, splitLines, type ListRecord } from './listFormat';

const THUMBPRINT = /^[0-9A-F]{40}$/;
const SPACES = /\s+/g;
// Exchange 2013+ prints 7 flags (IPUWSFC); Exchange 2010 has no UMCallRouter and prints 6.
const TABLE_ROW = /^ *([0-9A-Fa-f]{40}) +([I.][P.][U.][W.][S.][F.][C.]?) +(\S.*)?$/;
const THUMBPRINT_IN_COMMAND = /Get-ExchangeCertificate\b.{0,200}?-Thumbprint:? +['"]?([0-9A-Fa-f]{40})\b/i;
const THUMBPRINT_WORD = /thumbprint/i;
const TRUNCATION = /(?:\.\.\.|…)$/;
const PUBLIC_KEY_SIZE = /^\d{3,5}$/;
const SERVICE_FLAGS_FORM = /^[I.][P.][U.][W.][S.][F.][C.]?$/;
const UNDERLINE = /^ *-+(?: +-+)* *$/;
const DASH_GROUP = /-+/g;

export const patterns: RegExp[] = [THUMBPRINT, SPACES, TABLE_ROW, THUMBPRINT_IN_COMMAND, THUMBPRINT_WORD, TRUNCATION, PUBLIC_KEY_SIZE, SERVICE_FLAGS_FORM, UNDERLINE, DASH_GROUP];

/** Records kept per paste: far more than any real paste holds, and the output stays bounded. */
const MAX_RECORDS = 500;

const SERVICE_FLAGS = ['IMAP', 'POP', 'UM', 'IIS', 'SMTP', 'FEDERATION', 'UMCALLROUTER'];
const KNOWN_SERVICES = new Set([...SERVICE_FLAGS, 'NONE']);
// Fields Get-ExchangeCertificate shows and a plain X509Certificate2 listing does not.
const EXCHANGE_ONLY_FIELDS = ['services', 'servicesstringform', 'rootcatype', 'certificatedomains', 'isselfsigned', 'accessrules', 'status'];

export function normaliseThumbprint(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const hex = value.replace(SPACES, '').toUpperCase();
  return THUMBPRINT.test(hex) ? hex : undefined;
}

/** `IP.WS..` → ['IMAP','POP','IIS','SMTP']. */
export function servicesFromFlags(flags: string): string[] {
  const services: string[] = [];
  for (let i = 0; i < SERVICE_FLAGS.length && i < flags.length; i++) {
    if (flags[i] !== '.') services.push(SERVICE_FLAGS[i]);
  }
  return services;
}

/** `IMAP, POP, IIS, SMTP` → upper-case names; `None` → []. Undefined when not a services list. */
function servicesFromList(value: string): string[] | undefined {
  const names = listValue(value).map((name) => name.toUpperCase());
  if (names.length === 0 || !names.every((name) => KNOWN_SERVICES.has(name))) return undefined;
  return names.filter((name) => name !== 'NONE');
}

function isCertificateRecord(record: ListRecord): boolean {
  // `Status` alone is shared with Get-Queue and Get-MessageTrace records.
  return EXCHANGE_ONLY_FIELDS.some((key) => key !== 'status' && record.byKey.has(key)) ||
    (record.byKey.has('status') && ['thumbprint', 'issuer', 'notafter'].some((key) => record.byKey.has(key)));
}

function fromListRecord(record: ListRecord, commandThumbprint: string | undefined): ExchangeCertificate | undefined {
  const thumbprint = normaliseThumbprint(fieldValue(record, 'Thumbprint')) ?? commandThumbprint ?? '';
  const servicesText = presentValue(fieldValue(record, 'Services'));
  const flags = presentValue(fieldValue(record, 'ServicesStringForm'));
  let services = servicesText !== undefined ? servicesFromList(servicesText) : [];
  if (services === undefined) return undefined;
  if (servicesText === undefined && flags) services = servicesFromFlags(flags);

  const certificate: ExchangeCertificate = { form: 'list', thumbprint, services };
  const text = (key: string): string | undefined => presentValue(fieldValue(record, key));
  const subject = text('Subject');
  const issuer = text('Issuer');
  const domains = fieldValue(record, 'CertificateDomains');
  if (subject) certificate.subject = subject;
  if (issuer) certificate.issuer = issuer;
  if (domains !== undefined) certificate.certificateDomains = listValue(domains);
  const rootCAType = text('RootCAType');
  const status = text('Status');
  const friendlyName = text('FriendlyName');
  const serialNumber = text('SerialNumber');
  const identity = text('Identity');
  if (rootCAType) certificate.rootCAType = rootCAType;
  if (status) certificate.status = status;
  if (friendlyName) certificate.friendlyName = friendlyName;
  if (serialNumber) certificate.serialNumber = serialNumber.replace(SPACES, '').toUpperCase();
  if (identity) certificate.identity = identity;
  const isSelfSigned = booleanValue(fieldValue(record, 'IsSelfSigned'));
  const hasPrivateKey = booleanValue(fieldValue(record, 'HasPrivateKey'));
  if (isSelfSigned !== undefined) certificate.isSelfSigned = isSelfSigned;
  if (hasPrivateKey !== undefined) certificate.hasPrivateKey = hasPrivateKey;
  const keySize = text('PublicKeySize');
  if (keySize && PUBLIC_KEY_SIZE.test(keySize)) certificate.publicKeySize = Number(keySize);
  setDates(certificate, text('NotAfter'), text('NotBefore'));
  return certificate;
}

function setDates(certificate: ExchangeCertificate, notAfterText: string | undefined, notBeforeText: string | undefined): void {
  if (notAfterText) {
    certificate.notAfterText = notAfterText;
    const iso = unambiguousIso(notAfterText);
    if (iso) certificate.notAfter = iso;
  }
  if (notBeforeText) {
    certificate.notBeforeText = notBeforeText;
    const iso = unambiguousIso(notBeforeText);
    if (iso) certificate.notBefore = iso;
  }
}

function fromTableRow(line: string): ExchangeCertificate | undefined {
  const match = TABLE_ROW.exec(line);
  if (!match) return undefined;
  const certificate: ExchangeCertificate = {
    form: 'table',
    thumbprint: match[1].toUpperCase(),
    services: servicesFromFlags(match[2]),
  };
  const subject = (match[3] ?? '').trim();
  if (TRUNCATION.test(subject)) {
    certificate.subject = subject.replace(TRUNCATION, '').trimEnd();
    certificate.subjectTruncated = true;
  } else if (subject) {
    certificate.subject = subject;
  }
  return certificate;
}

// Columns a `Get-ExchangeCertificate | ft …` table may show, by lower-cased header.
const TABLE_COLUMNS = new Set(['thumbprint', 'services', 'subject', 'issuer', 'friendlyname', 'notafter', 'notbefore', 'rootcatype', 'status', 'isselfsigned', 'hasprivatekey', 'servicesstringform']);

interface Column {
  name: string;
  start: number;
}

/** A header row naming Thumbprint and another certificate column, underlined with dashes. */
function tableColumns(header: string, underline: string): Column[] | undefined {
  if (!UNDERLINE.test(underline)) return undefined;
  const columns: Column[] = [];
  for (const group of underline.matchAll(DASH_GROUP)) {
    const name = header.slice(group.index, group.index + group[0].length).trim().toLowerCase();
    if (!TABLE_COLUMNS.has(name)) return undefined;
    columns.push({ name, start: group.index });
  }
  return columns.length >= 2 && columns.some((c) => c.name === 'thumbprint') ? columns : undefined;
}

function cell(line: string, columns: Column[], index: number): string {
  const end = index + 1 < columns.length ? columns[index + 1].start : line.length;
  return line.slice(columns[index].start, end).trim();
}

/** One row of a `| ft` table; undefined when its thumbprint is missing or cut short. */
function fromCustomTableRow(line: string, columns: Column[]): ExchangeCertificate | undefined {
  const values = new Map(columns.map((column, index) => [column.name, cell(line, columns, index)]));
  const thumbprint = normaliseThumbprint(values.get('thumbprint'));
  if (!thumbprint) return undefined;
  const certificate: ExchangeCertificate = { form: 'table', thumbprint, services: [] };
  const services = values.get('services') ?? values.get('servicesstringform');
  if (services) certificate.services = SERVICE_FLAGS_FORM.test(services) ? servicesFromFlags(services) : completeServiceNames(services);
  for (const [name, property] of [['subject', 'subject'], ['issuer', 'issuer'], ['friendlyname', 'friendlyName']] as const) {
    const value = values.get(name);
    if (!value) continue;
    if (TRUNCATION.test(value)) {
      if (name === 'subject') {
        certificate.subject = value.replace(TRUNCATION, '').trimEnd();
        certificate.subjectTruncated = true;
      }
      continue;
    }
    certificate[property] = value;
  }
  const rootCAType = values.get('rootcatype');
  const status = values.get('status');
  if (rootCAType && !TRUNCATION.test(rootCAType)) certificate.rootCAType = rootCAType;
  if (status && !TRUNCATION.test(status)) certificate.status = status;
  const isSelfSigned = booleanValue(values.get('isselfsigned'));
  const hasPrivateKey = booleanValue(values.get('hasprivatekey'));
  if (isSelfSigned !== undefined) certificate.isSelfSigned = isSelfSigned;
  if (hasPrivateKey !== undefined) certificate.hasPrivateKey = hasPrivateKey;
  const notAfter = values.get('notafter');
  const notBefore = values.get('notbefore');
  setDates(certificate, notAfter && !TRUNCATION.test(notAfter) ? notAfter : undefined, notBefore && !TRUNCATION.test(notBefore) ? notBefore : undefined);
  return certificate;
}

/** Service names of a list the table may have cut (`IMAP, POP, IIS, S...`): the complete ones. */
function completeServiceNames(value: string): string[] {
  const names = listValue(value.replace(TRUNCATION, '')).map((name) => name.toUpperCase());
  return names.filter((name) => KNOWN_SERVICES.has(name) && name !== 'NONE');
}

/** Rows of every `| ft` table in the paste, with the line each came from. */
function customTableRows(lines: readonly string[]): { line: number; certificate: ExchangeCertificate }[] {
  const rows: { line: number; certificate: ExchangeCertificate }[] = [];
  for (let index = 1; index < lines.length; index++) {
    if (!lines[index].includes('-') || !THUMBPRINT_WORD.test(lines[index - 1])) continue;
    const columns = tableColumns(lines[index - 1], lines[index]);
    if (!columns) continue;
    let row = index + 1;
    for (; row < lines.length && lines[row].trim() !== ''; row++) {
      const certificate = fromCustomTableRow(lines[row], columns);
      if (certificate) rows.push({ line: row, certificate });
    }
    index = row;
  }
  return rows;
}

/** Thumbprints named by `Get-ExchangeCertificate -Thumbprint X` commands, by line. */
function commandThumbprints(lines: readonly string[]): { line: number; thumbprint: string }[] {
  const found: { line: number; thumbprint: string }[] = [];
  lines.forEach((line, index) => {
    if (!line.includes('-') || !THUMBPRINT_WORD.test(line)) return;
    const match = THUMBPRINT_IN_COMMAND.exec(line);
    if (match) found.push({ line: index, thumbprint: match[1].toUpperCase() });
  });
  return found;
}

/** The list form wins over the table form; fields missing on one side are filled from the other. */
function merge(into: ExchangeCertificate, other: ExchangeCertificate): void {
  const target = into as unknown as Record<string, unknown>;
  const source = other as unknown as Record<string, unknown>;
  if (into.form === 'table' && other.form === 'list') {
    if (other.subject !== undefined) delete into.subjectTruncated;
    // A list that did not show Services (`fl Thumbprint,Issuer,RootCAType,Status`) keeps the table's.
    for (const [key, value] of Object.entries(source)) if (!(key === 'services' && other.services.length === 0)) target[key] = value;
    return;
  }
  for (const [key, value] of Object.entries(source)) {
    if (target[key] === undefined) target[key] = value;
  }
}

export const exchangeCertificateParser: Parser = {
  name: 'exchange-certificate',
  parse(text) {
    const lines = splitLines(text);
    const found: { line: number; certificate: ExchangeCertificate }[] = [];
    lines.forEach((line, index) => {
      const row = fromTableRow(line);
      if (row) found.push({ line: index, certificate: row });
    });
    found.push(...customTableRows(lines));
    const commands = commandThumbprints(lines);
    let nextCommand = 0;
    let command: string | undefined;
    for (const record of parseListRecords(lines)) {
      const first = record.fields[0].line;
      while (nextCommand < commands.length && commands[nextCommand].line < first) command = commands[nextCommand++].thumbprint;
      if (!isCertificateRecord(record)) continue;
      const certificate = fromListRecord(record, command);
      if (certificate) found.push({ line: first, certificate });
    }
    found.sort((a, b) => a.line - b.line);

    const byThumbprint = new Map<string, ExchangeCertificate>();
    const certificates: ExchangeCertificate[] = [];
    for (const { certificate } of found) {
      const existing = certificate.thumbprint ? byThumbprint.get(certificate.thumbprint) : undefined;
      if (existing) {
        merge(existing, certificate);
        continue;
      }
      if (certificate.thumbprint) byThumbprint.set(certificate.thumbprint, certificate);
      certificates.push(certificate);
    }
    return { certificates: certificates.slice(0, MAX_RECORDS) };
  },
};
