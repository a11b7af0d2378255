// Secrets people paste or type next to the output the bot asks for: private keys, passwords,
// bearer tokens and JWTs, SAS signatures, storage and SQL connection strings, client secrets.
// Whatever is kept (a stored paste, a ticket note, evidence) or shown (a card, the expert channel)
// passes through redactSecrets first; each secret becomes REDACTED, which cards show in the
// reader's language. Pure: no I/O, no Bot Framework.
//
// The label stays ("password is [redacted]", "AccountKey=[redacted]") so an expert still sees what
// was there; only the value goes. The patterns are linear (no nested quantifiers over the same
// characters), so a hostile paste cannot make them slow (see test/security/regexSafety.test.ts).

/** What a secret becomes in stored text; cards replace it with the locale's word. */
export const REDACTED = '[redacted]';

interface Rule {
  name: string;
  pattern: RegExp;
  /** The replacement; `$1`… keep the label in front of the secret. */
  replace: string;
}

const VALUE = String.raw`(?:"[^"\n]*"|'[^'\n]*'|[^\s;,'"<>]+)`;

const RULES: readonly Rule[] = [
  // Authorization headers and bare JWTs.
  { name: 'bearer', pattern: /\b(Bearer\s+)[\w.~+/-]+=*/g, replace: `$1${REDACTED}` },
  // Storage account keys, Service Bus / Event Hubs keys, SAS signatures and tokens.
  { name: 'sas-signature', pattern: /([?&;\s]sig=|^sig=)[\w%+/=-]+/gim, replace: `$1${REDACTED}` },
  // "password is …", "password: …", "Password=…;" (SQL), "パスワードは …", client secrets.
  {
    name: 'password-phrase',
    pattern: new RegExp(String.raw`\b(passwords?|passwd|pwd|passphrase)(\s*(?:[:=：]|\bis\b|\bwas\b)\s*)${VALUE}`, 'gi'),
    replace: `$1$2${REDACTED}`,
  },
  { name: 'password-ja', pattern: /(パスワード[はを:：=]\s*)[^\s、。]+/g, replace: `$1${REDACTED}` },
  {
    name: 'client-secret',
    pattern: new RegExp(String.raw`\b(client[_ -]?secret|app[_ -]?secret|MicrosoftAppPassword|api[_ -]?key|secret)(\s*(?:[:=：]|\bis\b)\s*)${VALUE}`, 'gi'),
    replace: `$1$2${REDACTED}`,
  },
  // An Entra client secret on its own ("abc8Q~…").
  { name: 'entra-secret', pattern: /\b[\w-]{3}\dQ~[\w~.-]+/g, replace: REDACTED },
];

/** Every expression, for test/security/regexSafety.test.ts (which checks `patterns` exports). */
export const patterns: RegExp[] = RULES.map((rule) => rule.pattern);

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]{0,20}PRIVATE KEY)-----/g;

// A JWT is three base64url parts joined by dots, the first starting "eyJ" ({"…). Found as whole
// tokens first (each character is looked at once), then the token itself is checked.
const TOKEN = /[\w.-]+/g;
const JWT = /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/;

function redactJwts(text: string, marker: string): string {
  return text.replace(TOKEN, (token) => (token.startsWith('eyJ') && JWT.test(token) ? marker : token));
}

// Secrets after a fixed label, found by plain string search (no regex): PowerShell's
// `ConvertTo-SecureString 'P@ss'` and `-Password 'P@ss'` (a quoted value), and the keys of storage
// and Service Bus connection strings (`AccountKey=…;`).
interface Labelled {
  name: string;
  labels: string[];
  value: 'quoted' | 'untilSemicolon';
}

const LABELLED: readonly Labelled[] = [
  { name: 'securestring', labels: ['convertto-securestring -string', 'convertto-securestring'], value: 'quoted' },
  { name: 'password-parameter', labels: ['-password'], value: 'quoted' },
  { name: 'connection-string-key', labels: ['accountkey=', 'sharedaccesskey='], value: 'untilSemicolon' },
];

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

function redactLabelled(text: string, rule: Labelled, marker: string): string {
  const lower = text.toLowerCase();
  let out = '';
  let from = 0;
  for (let at = 0; at < text.length; ) {
    let found = -1;
    let label = '';
    for (const candidate of rule.labels) {
      const index = lower.indexOf(candidate, at);
      if (index !== -1 && (found === -1 || index < found || (index === found && candidate.length > label.length))) {
        found = index;
        label = candidate;
      }
    }
    if (found === -1) break;
    let start = found + label.length;
    let end = -1;
    if (rule.value === 'quoted') {
      while (isSpace(text[start])) start++;
      const quote = text[start];
      if (quote === "'" || quote === '"') {
        const close = text.indexOf(quote, start + 1);
        const line = text.indexOf('\n', start + 1);
        if (close !== -1 && (line === -1 || close < line)) end = close + 1;
      }
    } else {
      end = start;
      while (end < text.length && !/[;\s'"]/.test(text[end])) end++;
      if (end === start) end = -1;
    }
    if (end === -1) {
      at = found + label.length;
      continue;
    }
    out += text.slice(from, start) + marker;
    from = end;
    at = end;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** PEM private key blocks (RSA, EC, ENCRYPTED, OPENSSH…), also one cut off before its END line. */
function redactPrivateKeys(text: string, marker: string): string {
  let out = '';
  let from = 0;
  PEM_BEGIN.lastIndex = 0;
  for (let begin = PEM_BEGIN.exec(text); begin; begin = PEM_BEGIN.exec(text)) {
    const label = begin[1];
    const endLine = `-----END ${label}-----`;
    const end = text.indexOf(endLine, PEM_BEGIN.lastIndex);
    const stop = end === -1 ? text.length : end + endLine.length;
    out += `${text.slice(from, begin.index)}-----BEGIN ${label}-----\n${marker}\n${endLine}`;
    from = stop;
    PEM_BEGIN.lastIndex = stop;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** The names of the rules, for the fixture table test. */
export const REDACTION_RULES: readonly string[] = ['pem-private-key', 'jwt', ...LABELLED.map((rule) => rule.name), ...RULES.map((rule) => rule.name)];

/** `text` with every secret replaced by REDACTED (or `marker`). Text without secrets is returned as is. */
export function redactSecrets(text: string, marker: string = REDACTED): string {
  let result = redactJwts(redactPrivateKeys(text, marker), marker);
  for (const rule of LABELLED) result = redactLabelled(result, rule, marker);
  for (const rule of RULES) {
    rule.pattern.lastIndex = 0;
    result = result.replace(rule.pattern, rule.replace.split(REDACTED).join(marker.replace(/\$/g, '$$$$')));
  }
  return result;
}

/** Stored text (already redacted) with the marker in the reader's language. */
export function showRedactions(text: string, word: string): string {
  return word === REDACTED ? text : text.split(REDACTED).join(word);
}
