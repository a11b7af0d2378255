// TlsCertificateName (`<I>issuer<S>subject`): the one place it is read and matched. Building it
// for a command is commands.ts' tlsCertificateName().
import { sameDn } from './certificates';
import type { ExchangeCertificate } from './types';

export interface TlsCertificateNameParts {
  issuer: string;
  subject: string;
}

/** Longer values are not a real X.500 issuer and subject (and would only cost time). */
const MAX_LENGTH = 1300;

/** `<I>issuer<S>subject`, tags in either case (the docs also write `<i>…<s>`), → its two parts. */
export function splitTlsCertificateName(value: string | undefined): TlsCertificateNameParts | undefined {
  const text = value?.trim();
  if (!text || text.length > MAX_LENGTH || !/^<I>/i.test(text)) return undefined;
  const subjectAt = text.toUpperCase().indexOf('<S>', 3);
  if (subjectAt < 0) return undefined;
  const issuer = text.slice(3, subjectAt).trim();
  const subject = text.slice(subjectAt + 3).trim();
  return issuer && subject ? { issuer, subject } : undefined;
}

/** Issuer and subject equal, ignoring case and the spaces a wrapped paste may add or drop. */
export function certificateMatchesTlsName(cert: ExchangeCertificate, name: TlsCertificateNameParts): boolean {
  if (!cert.issuer || !cert.subject) return false;
  const squash = (dn: string): string => dn.replace(/\s+/g, '').toLowerCase();
  return (sameDn(cert.issuer, name.issuer) || squash(cert.issuer) === squash(name.issuer)) &&
    (sameDn(cert.subject, name.subject) || squash(cert.subject) === squash(name.subject));
}
