// `openssl s_client` output (OpenSSL 1.1 and 3.x), and the one-line TLS client errors that
// mean "this is not TLS here" (OpenSSL `wrong version number`, Go `first record does not
// look like a TLS handshake`). A run starts at `CONNECTED(…)`; lines before any run that
// carry such an error form a run of their own.
import type { Parser } from '../rule';
import type { OpensslSession } from '../types';

const CONNECTED = /^CONNECTED\(\w+\)/;
const CHAIN_SUBJECT = /^\s*(\d{1,2}) s:\s?(.*)$/;
const CHAIN_ISSUER = /^\s*i:\s?(.*)$/;
const VERIFY_RETURN_CODE = /^\s{0,8}Verify return code: (\d{1,3}) \(([^)]{0,200})\)/;
const VERIFY_ERROR = /^verify error:num=(\d{1,3}):(.*)$/;
const PROTOCOL = /^\s*Protocol\s*: (\S+)/;
const NEW_CIPHER = /^(?:New|Reused), (TLSv1(?:\.[0-3])?|SSLv3), Cipher is (\S+)/;
const S_CLIENT = /\bs_client\b/;
const STARTTLS_OPTION = /-starttls\s{1,4}(\w{1,20})/;
// OpenSSL 1.1+ says "wrong version number"; 1.0 said "SSL23_GET_SERVER_HELLO:unknown protocol".
const WRONG_VERSION = /wrong version number|GET_SERVER_HELLO:unknown protocol/i;
const NOT_TLS_HANDSHAKE = /first record does not look like a TLS handshake/i;
const NO_PEER_CERT = /no peer certificate available/i;
const STARTTLS_NOT_FOUND = /did(?:n't|n’t| not) find starttls in server response|didn't found starttls/i;
const HANDSHAKE_FAILURE = /sslv3 alert handshake failure|alert handshake failure|tlsv1 alert protocol version/i;
const UNSUPPORTED_PROTOCOL = /unsupported protocol|no protocols available/i;

// One pass over the whole paste decides whether any line can matter.
const ANY_SIGN = /CONNECTED\(|s_client|Verify return code|verify error|Certificate chain|Cipher is|wrong version number|GET_SERVER_HELLO:unknown protocol|first record does not look|no peer certificate|starttls in server response|alert handshake failure|alert protocol version|unsupported protocol|no protocols available/i;

export const patterns: RegExp[] = [
  CONNECTED, CHAIN_SUBJECT, CHAIN_ISSUER, VERIFY_RETURN_CODE, VERIFY_ERROR, PROTOCOL, NEW_CIPHER, S_CLIENT, STARTTLS_OPTION,
  WRONG_VERSION, NOT_TLS_HANDSHAKE, NO_PEER_CERT, STARTTLS_NOT_FOUND, HANDSHAKE_FAILURE, UNSUPPORTED_PROTOCOL, ANY_SIGN,
];


const ERROR_SIGNS: [RegExp, string][] = [
  [WRONG_VERSION, 'wrong-version-number'],
  [NOT_TLS_HANDSHAKE, 'not-tls-handshake'],
  [NO_PEER_CERT, 'no-peer-certificate'],
  [STARTTLS_NOT_FOUND, 'starttls-not-found'],
  [HANDSHAKE_FAILURE, 'handshake-failure'],
  [UNSUPPORTED_PROTOCOL, 'unsupported-protocol'],
];
const MAX_LINE = 4000;

function newSession(line: string, connected: boolean, starttls?: string): OpensslSession {
  return { connected, chain: [], errors: [], line: line.trim().slice(0, 500), ...(starttls ? { starttls } : {}) };
}

function isMeaningful(session: OpensslSession): boolean {
  return session.connected || session.errors.length > 0 || session.verifyCode !== undefined || session.chain.length > 0;
}

export function parseOpenssl(text: string): OpensslSession[] {
  const sessions: OpensslSession[] = [];
  if (!ANY_SIGN.test(text)) return sessions;
  let current: OpensslSession | undefined;
  let pendingStarttls: string | undefined;
  let inChain = false;

  const ensure = (line: string): OpensslSession => {
    if (!current) current = newSession(line, false, pendingStarttls);
    return current;
  };
  const close = (): void => {
    if (current && isMeaningful(current)) sessions.push(current);
    current = undefined;
    pendingStarttls = undefined;
  };

  for (const rawLine of text.split('\n')) {
    const line = rawLine.length > MAX_LINE ? rawLine.slice(0, MAX_LINE) : rawLine;
    if (S_CLIENT.test(line)) {
      close();
      pendingStarttls = STARTTLS_OPTION.exec(line)?.[1]?.toLowerCase();
      continue;
    }
    if (CONNECTED.test(line.trim())) {
      const starttls = pendingStarttls;
      close();
      current = newSession(line, true, starttls);
      continue;
    }
    if (/^Certificate chain\s*$/.test(line.trim())) {
      inChain = true;
      continue;
    }
    if (line.trim() === '---') inChain = false;
    const subject = inChain ? CHAIN_SUBJECT.exec(line) : null;
    if (subject) {
      ensure(line).chain.push({ depth: Number(subject[1]), subject: subject[2]!.trim(), issuer: '' });
      continue;
    }
    const issuer = inChain ? CHAIN_ISSUER.exec(line) : null;
    if (issuer && current && current.chain.length > 0) {
      current.chain[current.chain.length - 1]!.issuer = issuer[1]!.trim();
      continue;
    }
    const verify = VERIFY_RETURN_CODE.exec(line);
    if (verify) {
      const session = ensure(line);
      session.verifyCode = Number(verify[1]);
      session.verifyText = verify[2]!.trim();
      continue;
    }
    const verifyError = VERIFY_ERROR.exec(line.trim());
    if (verifyError) {
      // The closing "Verify return code" wins; until then the last per-depth error stands in.
      const session = ensure(line);
      session.verifyCode ??= Number(verifyError[1]);
      session.verifyText ??= verifyError[2]!.trim();
      continue;
    }
    const protocol = PROTOCOL.exec(line);
    if (protocol && current) current.protocol = protocol[1];
    const cipher = NEW_CIPHER.exec(line.trim());
    if (cipher) {
      const session = ensure(line);
      session.protocol ??= cipher[1];
      session.cipher = cipher[2];
    }
    for (const [pattern, name] of ERROR_SIGNS) {
      if (!pattern.test(line)) continue;
      const session = ensure(line);
      if (!session.errors.includes(name)) session.errors.push(name);
      if (!session.connected) session.line = line.trim().slice(0, 500);
    }
  }
  close();
  return sessions;
}

export const opensslParser: Parser = {
  name: 'openssl',
  parse(text: string) {
    const opensslSessions = parseOpenssl(text);
    return opensslSessions.length > 0 ? { opensslSessions } : {};
  },
};
