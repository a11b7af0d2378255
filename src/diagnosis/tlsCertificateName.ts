// TlsCertificateName (`<I>issuer<S>subject`): the one place it is read. Building it for a
// command is commands.ts' tlsCertificateName().

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
