// Certificate chain checks run on Windows: `Test-Certificate` (PowerShell PKI module) and
// `certutil -verify`, plus a bare `Chain status:` list. Each run becomes one ChainCheck with the
// CERT_TRUST_* tokens and HRESULTs it printed, and what they mean in machine words.
//   WARNING: Chain status:
//           CERT_TRUST_IS_UNTRUSTED_ROOT
//   Test-Certificate : A certificate chain processed, but terminated in a root certificate which is
//   not trusted by the trust provider. 0x800b0109 (-2146762487 CERT_E_UNTRUSTEDROOT)
//   CertUtil: -verify command FAILED: 0x800b010a (-2146762486 CERT_E_CHAINING)
import type { Parser } from '../rule';
import type { ChainCheck, ChainProblem } from '../types';
import { splitLines } from './listFormat';

const TRUST_TOKEN = /\bCERT_TRUST_[A-Z_]+/g;
const HRESULT = /\b0x8(?:00b01|0092|0096)[0-9a-f]{2,3}\b/gi;
const TEST_CERTIFICATE_END = /^\s*Test-Certificate\s*:/i;
const CERTUTIL_END = /^\s*CertUtil: -verify command/i;
const CERTUTIL_MARK = /\bCertUtil\b|dwErrorStatus|ChainContext|Missing Issuer|Incomplete certificate chain|Leaf certificate/i;
const CHAIN_STATUS_MARK = /Chain status:/i;
const UNTRUSTED_ROOT_TEXT = /terminated in a root certificate which is not trusted|CERT_E_UNTRUSTEDROOT/i;
const CHAINING_TEXT = /chain could not be built to a trusted root|Incomplete certificate chain|CERT_E_CHAINING|Missing Issuer/i;
const EXPIRED_TEXT = /not within its validity period|CERT_E_EXPIRED/i;
// A line of its own (lines are trimmed before they are read).
const EXPIRED_LINE = /^(?:Expired|Certificate is expired|Leaf certificate is expired)\.?$/;
const REVOKED_TEXT = /The certificate is revoked|CRYPT_E_REVOKED|Certificate is REVOKED/i;
const REVOCATION_UNKNOWN_TEXT = /revocation server was offline|CRYPT_E_REVOCATION_OFFLINE|CRYPT_E_NO_REVOCATION_CHECK|unable to check revocation/i;

// One cheap test per line before the dozen precise ones: every line those can match contains one of these.
const WORTH_READING = /CERT_|0x8|Test-Certificate|CertUtil|dwErrorStatus|ChainContext|Chain status|Missing Issuer|Incomplete|Expired|revoked|revocation|validity period|not trusted/i;

export const patterns: RegExp[] = [
  /^At line:\d/i,
  WORTH_READING,
  TRUST_TOKEN, HRESULT, TEST_CERTIFICATE_END, CERTUTIL_END, CERTUTIL_MARK, CHAIN_STATUS_MARK,
  UNTRUSTED_ROOT_TEXT, CHAINING_TEXT, EXPIRED_TEXT, EXPIRED_LINE, REVOKED_TEXT, REVOCATION_UNKNOWN_TEXT,
];

const TOKEN_PROBLEMS: Record<string, ChainProblem> = {
  CERT_TRUST_IS_UNTRUSTED_ROOT: 'untrusted-root',
  CERT_TRUST_IS_PARTIAL_CHAIN: 'partial-chain',
  CERT_TRUST_IS_NOT_TIME_VALID: 'expired',
  CERT_TRUST_IS_REVOKED: 'revoked',
  CERT_TRUST_REVOCATION_STATUS_UNKNOWN: 'revocation-unknown',
  CERT_TRUST_IS_OFFLINE_REVOCATION: 'revocation-unknown',
  CERT_TRUST_IS_NOT_VALID_FOR_USAGE: 'name-mismatch',
};
const HRESULT_PROBLEMS: Record<string, ChainProblem> = {
  '0x800b0109': 'untrusted-root',
  '0x800b010a': 'partial-chain',
  '0x800b0101': 'expired',
  '0x80092010': 'revoked',
  '0x80092012': 'revocation-unknown',
  '0x80092013': 'revocation-unknown',
  '0x800b010f': 'name-mismatch',
};

interface Pending {
  tool?: ChainCheck['tool'];
  statuses: Set<string>;
  errorCodes: Set<string>;
  problems: Set<ChainProblem>;
  line?: string;
}

const fresh = (): Pending => ({ statuses: new Set(), errorCodes: new Set(), problems: new Set() });

function readLine(pending: Pending, line: string): void {
  for (const match of line.matchAll(TRUST_TOKEN)) {
    const token = match[0];
    pending.statuses.add(token);
    const problem = TOKEN_PROBLEMS[token];
    if (problem) pending.problems.add(problem);
  }
  for (const match of line.matchAll(HRESULT)) {
    const code = match[0].toLowerCase();
    pending.errorCodes.add(code);
    const problem = HRESULT_PROBLEMS[code];
    if (problem) pending.problems.add(problem);
  }
  if (UNTRUSTED_ROOT_TEXT.test(line)) pending.problems.add('untrusted-root');
  if (CHAINING_TEXT.test(line)) pending.problems.add('partial-chain');
  if (EXPIRED_TEXT.test(line) || EXPIRED_LINE.test(line)) pending.problems.add('expired');
  if (REVOKED_TEXT.test(line)) pending.problems.add('revoked');
  if (REVOCATION_UNKNOWN_TEXT.test(line)) pending.problems.add('revocation-unknown');
}

function finish(pending: Pending): ChainCheck | undefined {
  if (pending.statuses.size === 0 && pending.errorCodes.size === 0 && pending.problems.size === 0) return undefined;
  return {
    tool: pending.tool ?? 'chain-status',
    statuses: [...pending.statuses],
    errorCodes: [...pending.errorCodes],
    problems: [...pending.problems],
    line: (pending.line ?? '').slice(0, 500),
  };
}

const AT_LINE = /^At line:\d/i;

export const chainCheckParser: Parser = {
  name: 'chainCheck',
  parse(text) {
    const chainChecks: ChainCheck[] = [];
    let pending = fresh();
    // After Test-Certificate's or certutil's closing line the message may wrap onto the next
    // lines; the run ends at the next blank line or PowerShell's "At line:" trailer.
    let ending = false;
    const flush = (): void => {
      const check = finish(pending);
      if (check) chainChecks.push(check);
      pending = fresh();
      ending = false;
    };
    for (const raw of splitLines(text)) {
      const line = raw.trim();
      if (ending && (line === '' || AT_LINE.test(line) || CHAIN_STATUS_MARK.test(line))) flush();
      if (line === '' || !WORTH_READING.test(line)) continue;
      const testCertificateEnd = TEST_CERTIFICATE_END.test(line);
      const certutilEnd = CERTUTIL_END.test(line);
      if (testCertificateEnd) pending.tool = 'test-certificate';
      else if (certutilEnd || CERTUTIL_MARK.test(line)) pending.tool = pending.tool ?? 'certutil';
      const before = pending.problems.size + pending.statuses.size + pending.errorCodes.size;
      readLine(pending, line);
      const grew = pending.problems.size + pending.statuses.size + pending.errorCodes.size > before;
      HRESULT.lastIndex = 0;
      if (grew && (!pending.line || testCertificateEnd || certutilEnd)) pending.line = line;
      if (testCertificateEnd || certutilEnd) ending = true;
    }
    flush();
    return { chainChecks };
  },
};
