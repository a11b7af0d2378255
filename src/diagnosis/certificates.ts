// What a pasted Exchange certificate is, as far as the paste can tell: who trusts it, what
// Exchange uses it for, which names it covers. Rules decide; this only classifies.
import { parseLocaleDate } from './dates';
import type { ExchangeCertificate } from './types';

/** public: chains to a publicly trusted root; internal: an internal/enterprise CA; unknown: the paste cannot tell. */
export type Trust = 'public' | 'internal' | 'self-signed' | 'unknown';
/** Certificates Exchange itself needs: never advise removing them. */
export type Role = 'exchange-auth' | 'default-self-signed' | 'wmsvc' | 'other';

export interface ClassifiedCertificate {
  cert: ExchangeCertificate;
  trust: Trust;
  role: Role;
  /** Why the trust was decided (machine words, for evidence): 'RootCAType ThirdParty', 'issuer', … */
  trustReason: string;
  smtp: boolean;
}

// Issuer names of publicly trusted CAs seen on Exchange certificates. Used only when RootCAType
// is missing or Registry (a public root imported by hand shows Registry).
const PUBLIC_ISSUER =
  /DigiCert|Sectigo|COMODO|USERTrust|GlobalSign|Let's Encrypt|\bO=Let's Encrypt|\bCN=(?:R3|R1[0-4]|E[1-9])\b|GoDaddy|Go Daddy|Starfield|Entrust|QuoVadis|Thawte|GeoTrust|RapidSSL|Certum|Buypass|Amazon|SSL\.com|ZeroSSL|IdenTrust|Microsoft Azure (?:RSA |ECC )?TLS|SECOM|Cybertrust|JPRS|FujiSSL|Gandi|HARICA|Actalis|SwissSign|Network Solutions|Trustwave|Certigna|TWCA|Verisign|Symantec|AlphaSSL|Encryption Everywhere|GEANT|TERENA|InCommon/i;
// (`CA… DC=` needs no alternative of its own: `\bDC=` already matches it, and `CA\d*\b.*\bDC=`
// took quadratic time on a long issuer of repeated "CA" words.)
const INTERNAL_ISSUER_HINT = /\bDC=|-CA\b|\.local\b|\.internal\b|\.lan\b|\.corp\b/i;

export function isExchangeAuthCertificate(cert: ExchangeCertificate): boolean {
  return /Microsoft Exchange Server Auth Certificate/i.test(cert.subject ?? '') ||
    /Microsoft Exchange Server Auth Certificate/i.test(cert.friendlyName ?? '');
}

function isSelfSigned(cert: ExchangeCertificate): boolean {
  if (cert.isSelfSigned !== undefined) return cert.isSelfSigned;
  return !!cert.issuer && !!cert.subject && sameDn(cert.issuer, cert.subject);
}

export function sameDn(a: string, b: string): boolean {
  // split and trim: /\s*,\s*/g took quadratic time on long runs of spaces without a comma
  const canon = (dn: string): string => dn.split(',').map((part) => part.trim()).join(',').toLowerCase();
  return canon(a) === canon(b);
}

function roleOf(cert: ExchangeCertificate): Role {
  if (isExchangeAuthCertificate(cert)) return 'exchange-auth';
  if (/^CN=WMSvc-/i.test(cert.subject ?? '')) return 'wmsvc';
  const selfSigned = isSelfSigned(cert);
  const looksDefault =
    cert.friendlyName === 'Microsoft Exchange' ||
    (selfSigned && /^CN=[^,=]+$/i.test(cert.subject ?? '') && cert.services.includes('SMTP'));
  return looksDefault ? 'default-self-signed' : 'other';
}

function trustOf(cert: ExchangeCertificate): { trust: Trust; trustReason: string } {
  if (isSelfSigned(cert)) return { trust: 'self-signed', trustReason: 'IsSelfSigned' };
  const root = cert.rootCAType?.toLowerCase();
  const status = cert.status?.toLowerCase();
  if (root === 'thirdparty') return { trust: 'public', trustReason: 'RootCAType ThirdParty' };
  if (root === 'enterprise' || root === 'grouppolicy') {
    return { trust: 'internal', trustReason: `RootCAType ${cert.rootCAType}` };
  }
  if (status === 'untrusted' || root === 'unknown') return { trust: 'internal', trustReason: `Status ${cert.status ?? ''}`.trim() };
  if (cert.issuer) {
    if (PUBLIC_ISSUER.test(cert.issuer)) return { trust: 'public', trustReason: 'Issuer' };
    if (INTERNAL_ISSUER_HINT.test(cert.issuer) || root === 'registry') return { trust: 'internal', trustReason: root === 'registry' ? 'RootCAType Registry' : 'Issuer' };
  }
  return { trust: 'unknown', trustReason: '' };
}

export function classify(cert: ExchangeCertificate): ClassifiedCertificate {
  return { cert, ...trustOf(cert), role: roleOf(cert), smtp: cert.services.includes('SMTP') };
}

/** Host names the certificate covers: its CertificateDomains, else its subject CN. */
const COMMON_NAME = /(?:^|,)\s*CN\s*=\s*([^,]+)/i;

export const patterns: RegExp[] = [COMMON_NAME];

/** The CN of an X.500 name (`CN=mail.contoso.com, O=Contoso` → mail.contoso.com). */
export function commonName(dn: string | undefined): string | undefined {
  const match = COMMON_NAME.exec(dn ?? '');
  return match ? match[1]!.trim() : undefined;
}

export function namesOf(cert: ExchangeCertificate): string[] {
  if (cert.certificateDomains && cert.certificateDomains.length > 0) return cert.certificateDomains;
  const cn = commonName(cert.subject);
  return cn ? [cn] : [];
}

export function coversName(cert: ExchangeCertificate, host: string): boolean {
  const wanted = host.toLowerCase();
  return namesOf(cert).some((name) => {
    const n = name.toLowerCase();
    if (n === wanted) return true;
    if (n.startsWith('*.')) {
      const rest = wanted.slice(wanted.indexOf('.') + 1);
      return wanted.includes('.') && rest === n.slice(2);
    }
    return false;
  });
}

/** 'expired' and 'valid' only when every reading of the printed date agrees. */
export function expiryState(cert: ExchangeCertificate, now: Date): 'expired' | 'valid' | 'unknown' {
  const parsed = cert.notAfterText ? parseLocaleDate(cert.notAfterText) : undefined;
  if (!parsed) return cert.notAfter ? (new Date(cert.notAfter) < now ? 'expired' : 'valid') : 'unknown';
  if (parsed.latest < now) return 'expired';
  if (parsed.earliest > now) return 'valid';
  return 'unknown';
}
