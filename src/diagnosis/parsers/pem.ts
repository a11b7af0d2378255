// PEM certificates and chains: what Exchange would show for each certificate (subject and issuer
// as .NET prints them, SANs, validity, SHA-1 thumbprint) and whether the pasted chain reaches a
// root in Node's public root store.
//
// node-forge reads RSA certificates; it throws "OID is not RSA" on ECDSA keys, so those are read
// with Node's crypto.X509Certificate. Chain checks use X509Certificate for both (it verifies RSA
// and EC signatures alike).
import { createHash, X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import forge from 'node-forge';
import type { Parser } from '../rule';
import type { PemCertificate, PemChainVerdict } from '../types';

const BEGIN = '-----BEGIN CERTIFICATE-----';
const END = '-----END CERTIFICATE-----';
const NOT_BASE64 = /[^A-Za-z0-9+/=]/g;
const NEEDS_QUOTES = /[,=+<>#;"\n]|^ | $/;
const QUOTE = /"/g;
const COLON = /:/g;
const OPENSSL_ESCAPE = /\\(.)/g;
const SAN_PREFIX = /^(?:DNS|IP Address|email|URI|othername|DirName|Registered ID):/i;
const SAN_SEPARATOR = /, (?=(?:DNS|IP Address|email|URI|othername|DirName|Registered ID):)/i;

export const patterns: RegExp[] = [NOT_BASE64, NEEDS_QUOTES, QUOTE, COLON, OPENSSL_ESCAPE, SAN_PREFIX, SAN_SEPARATOR];

const MAX_CERTIFICATES = 20;
const MAX_BLOCK = 64 * 1024;

// Attribute names as .NET's X500DistinguishedName prints them (Exchange shows S=, not ST=).
const NAMES_BY_OID: Record<string, string> = {
  '2.5.4.3': 'CN', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'S', '2.5.4.10': 'O', '2.5.4.11': 'OU',
  '2.5.4.9': 'STREET', '2.5.4.5': 'SERIALNUMBER', '2.5.4.12': 'T', '2.5.4.42': 'G', '2.5.4.4': 'SN',
  '2.5.4.43': 'I', '2.5.4.17': 'PostalCode', '1.2.840.113549.1.9.1': 'E', '0.9.2342.19200300.100.1.25': 'DC',
};
const NAMES_BY_OPENSSL: Record<string, string> = {
  CN: 'CN', C: 'C', L: 'L', ST: 'S', O: 'O', OU: 'OU', street: 'STREET', serialNumber: 'SERIALNUMBER',
  title: 'T', GN: 'G', SN: 'SN', initials: 'I', postalCode: 'PostalCode', emailAddress: 'E', DC: 'DC',
};

export interface ParsedPem {
  certificate?: PemCertificate;
  x509?: X509Certificate;
}

/** One attribute as .NET prints it: quoted when the value holds a separator. */
function formatAttribute(name: string, value: string): string {
  return NEEDS_QUOTES.test(value) ? `${name}="${value.replace(QUOTE, '""')}"` : `${name}=${value}`;
}

/** Exchange (.NET) prints a distinguished name most-specific first: the reverse of DER order. */
function dotNetName(attributes: { name: string; value: string }[]): string {
  return attributes
    .map((a) => formatAttribute(a.name, a.value))
    .reverse()
    .join(', ');
}

function forgeAttributes(name: forge.pki.Certificate['subject']): { name: string; value: string }[] {
  return name.attributes.map((attribute) => {
    const oid = attribute.type ?? '';
    let value = String(attribute.value ?? '');
    // forge keeps UTF8String values as raw bytes.
    if ((attribute.valueTagClass as unknown) === forge.asn1.Type.UTF8) {
      try {
        value = forge.util.decodeUtf8(value);
      } catch {
        // keep the bytes as they are
      }
    }
    return { name: NAMES_BY_OID[oid] ?? `OID.${oid}`, value };
  });
}

/** Node prints one `key=value` per line in DER order, escaping separators with a backslash. */
function opensslAttributes(name: string): { name: string; value: string }[] {
  return name
    .split('\n')
    .filter((line) => line.includes('='))
    .map((line) => {
      const at = line.indexOf('=');
      const key = line.slice(0, at);
      return { name: NAMES_BY_OPENSSL[key] ?? key, value: line.slice(at + 1).replace(OPENSSL_ESCAPE, '$1') };
    });
}

function subjectAltNames(x509: X509Certificate): string[] {
  const text = x509.subjectAltName;
  if (!text) return [];
  return text
    .split(SAN_SEPARATOR)
    .map((entry) => entry.replace(SAN_PREFIX, '').trim())
    .filter((entry) => entry.length > 0);
}

function keyAlgorithm(x509: X509Certificate): PemCertificate['keyAlgorithm'] {
  const type = x509.publicKey.asymmetricKeyType;
  if (type === 'rsa' || type === 'rsa-pss') return 'rsa';
  if (type === 'ec') return 'ec';
  return 'other';
}

function isSelfSigned(x509: X509Certificate): boolean {
  try {
    return x509.checkIssued(x509) && x509.verify(x509.publicKey);
  } catch {
    return false;
  }
}

function readCertificate(der: Buffer, index: number): ParsedPem {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(der);
  } catch {
    return {};
  }
  const thumbprint = createHash('sha1').update(der).digest('hex').toUpperCase();
  let subject: string;
  let issuer: string;
  try {
    const forgeCert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary'))));
    subject = dotNetName(forgeAttributes(forgeCert.subject));
    issuer = dotNetName(forgeAttributes(forgeCert.issuer));
  } catch {
    // ECDSA and other non-RSA keys: forge cannot read them, Node can.
    subject = dotNetName(opensslAttributes(x509.subject));
    issuer = dotNetName(opensslAttributes(x509.issuer));
  }
  const certificate: PemCertificate = {
    subject,
    issuer,
    subjectAltNames: subjectAltNames(x509),
    notBefore: new Date(x509.validFrom).toISOString(),
    notAfter: new Date(x509.validTo).toISOString(),
    thumbprint,
    serialNumber: x509.serialNumber.toUpperCase(),
    isSelfSigned: isSelfSigned(x509),
    keyAlgorithm: keyAlgorithm(x509),
    index,
  };
  return { certificate, x509 };
}

/** Every PEM certificate block, in pasted order (at most MAX_CERTIFICATES). */
export function pemBlocks(text: string): Buffer[] {
  const blocks: Buffer[] = [];
  let from = 0;
  while (blocks.length < MAX_CERTIFICATES) {
    const begin = text.indexOf(BEGIN, from);
    if (begin < 0) break;
    const end = text.indexOf(END, begin + BEGIN.length);
    if (end < 0) break;
    const body = text.slice(begin + BEGIN.length, Math.min(end, begin + BEGIN.length + MAX_BLOCK));
    blocks.push(Buffer.from(body.replace(NOT_BASE64, ''), 'base64'));
    from = end + END.length;
  }
  return blocks;
}

let publicRoots: Map<string, X509Certificate[]> | undefined;
let publicRootThumbprints: Set<string> | undefined;

/** Node's public root store, by subject, read once. */
function rootStore(): { bySubject: Map<string, X509Certificate[]>; thumbprints: Set<string> } {
  if (!publicRoots || !publicRootThumbprints) {
    publicRoots = new Map();
    publicRootThumbprints = new Set();
    for (const pem of rootCertificates) {
      try {
        const root = new X509Certificate(pem);
        const list = publicRoots.get(root.subject) ?? [];
        list.push(root);
        publicRoots.set(root.subject, list);
        publicRootThumbprints.add(root.fingerprint.replace(COLON, ''));
      } catch {
        // a root Node cannot read cannot anchor a chain
      }
    }
  }
  return { bySubject: publicRoots, thumbprints: publicRootThumbprints };
}

function issues(issuer: X509Certificate, subject: X509Certificate): boolean {
  try {
    return subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/**
 * Walks from the first certificate up through the pasted ones to a root. Trust is judged first,
 * expiry (at `now`) second: an untrusted chain is reported as untrusted even when also expired.
 */
export function verifyPemChain(chain: readonly X509Certificate[], now: Date = new Date()): PemChainVerdict {
  if (chain.length === 0) return { publiclyTrusted: false, reason: 'unparsable' };
  const store = rootStore();
  const used = new Set<X509Certificate>();
  let current = chain[0];
  for (let step = 0; step <= chain.length; step++) {
    used.add(current);
    if (store.thumbprints.has(current.fingerprint.replace(COLON, ''))) return expiryVerdict(chain, now);
    const anchor = (store.bySubject.get(current.issuer) ?? []).find((root) => issues(root, current));
    if (anchor) return expiryVerdict(chain, now);
    if (isSelfSigned(current)) return { publiclyTrusted: false, reason: 'untrusted-root' };
    const parent = chain.find((candidate) => !used.has(candidate) && issues(candidate, current));
    if (!parent) return { publiclyTrusted: false, reason: 'incomplete' };
    current = parent;
  }
  return { publiclyTrusted: false, reason: 'incomplete' };
}

function expiryVerdict(chain: readonly X509Certificate[], now: Date): PemChainVerdict {
  const time = now.getTime();
  const expired = chain.some((c) => Date.parse(c.validTo) < time || Date.parse(c.validFrom) > time);
  return expired ? { publiclyTrusted: false, reason: 'expired' } : { publiclyTrusted: true, reason: 'ok' };
}

/**
 * Leaf first, then its issuers as found in the paste, then anything unrelated in pasted order.
 * The leaf is the first certificate that issued none of the others.
 */
function chainOrder(parsed: readonly Required<ParsedPem>[]): Required<ParsedPem>[] {
  const leaf = parsed.find((p) => !parsed.some((other) => other !== p && !isSelfSigned(other.x509) && issues(p.x509, other.x509))) ?? parsed[0];
  const ordered = [leaf];
  let current = leaf;
  for (;;) {
    const parent = parsed.find((p) => !ordered.includes(p) && issues(p.x509, current.x509));
    if (!parent) break;
    ordered.push(parent);
    current = parent;
  }
  return [...ordered, ...parsed.filter((p) => !ordered.includes(p))];
}

export const pemParser: Parser = {
  name: 'pem',
  parse(text) {
    if (!text.includes(BEGIN)) return {};
    const parsed = pemBlocks(text).map((der, index) => readCertificate(der, index));
    if (parsed.length === 0) return {};
    const readable = parsed.filter((p): p is Required<ParsedPem> => p.certificate !== undefined && p.x509 !== undefined);
    if (readable.length === 0) return { pemCertificates: [], pemChain: { publiclyTrusted: false, reason: 'unparsable' } };
    const ordered = chainOrder(readable);
    const pemCertificates = ordered.map((p) => p.certificate);
    const pemChain: PemChainVerdict =
      readable.length < parsed.length
        ? { publiclyTrusted: false, reason: 'unparsable' }
        : verifyPemChain(ordered.map((p) => p.x509));
    return { pemCertificates, pemChain };
  },
};
