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

const VALUE = String.raw`(?:"[^"\n]{1,200}"|'[^'\n]{1,200}'|[^\s;,'"<>]{1,200})`;

const RULES: readonly Rule[] = [
  // A PEM private key block (RSA, EC, ENCRYPTED, OPENSSH…), also one cut off before its END line.
  {
    name: 'pem-private-key',
    pattern: /-----BEGIN ([A-Z0-9 ]{0,20}PRIVATE KEY)-----[\s\S]*?(?:-----END [A-Z0-9 ]{0,20}PRIVATE KEY-----|$)/g,
    replace: `-----BEGIN $1-----\n${REDACTED}\n-----END $1-----`,
  },
  // PowerShell: ConvertTo-SecureString 'P@ss' -AsPlainText, -Password 'P@ss'.
  { name: 'securestring', pattern: /(ConvertTo-SecureString\s+(?:-String\s+)?)("[^"\n]{0,200}"|'[^'\n]{0,200}'|[^\s)]{1,200})/gi, replace: `$1${REDACTED}` },
  { name: 'password-parameter', pattern: /(-(?:Password|Pwd|Secret|ClientSecret)\s+)("[^"\n]{0,200}"|'[^'\n]{0,200}')/gi, replace: `$1${REDACTED}` },
  // Authorization headers and bare JWTs.
  { name: 'bearer', pattern: /\b(Bearer\s+)[A-Za-z0-9\-._~+/]{8,}=*/g, replace: `$1${REDACTED}` },
  { name: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, replace: REDACTED },
  // Storage account keys, Service Bus / Event Hubs keys, SAS signatures and tokens.
  {
    name: 'connection-string-key',
    pattern: /\b(AccountKey|SharedAccessKey|SharedAccessSignature|PrimaryKey|SecondaryKey)(\s*=\s*)[^;\s'"]{4,}/gi,
    replace: `$1$2${REDACTED}`,
  },
  { name: 'sas-signature', pattern: /([?&;\s]sig=|^sig=)[A-Za-z0-9%+/=_-]{4,}/gim, replace: `$1${REDACTED}` },
  // "password is …", "password: …", "Password=…;" (SQL), "パスワードは …", client secrets.
  {
    name: 'password-phrase',
    pattern: new RegExp(String.raw`\b(passwords?|passwd|pwd|passphrase|pass)(\s*(?:[:=：]|\bis\b|\bwas\b)\s*)${VALUE}`, 'gi'),
    replace: `$1$2${REDACTED}`,
  },
  { name: 'password-ja', pattern: new RegExp(String.raw`(パスワード|暗証番号)(\s*(?:は|[:=：]|を)\s*)${VALUE}`, 'g'), replace: `$1$2${REDACTED}` },
  {
    name: 'client-secret',
    pattern: new RegExp(String.raw`\b(client[_ -]?secret|app[_ -]?secret|MicrosoftAppPassword|api[_ -]?key|secret)(\s*(?:[:=：]|\bis\b)\s*)${VALUE}`, 'gi'),
    replace: `$1$2${REDACTED}`,
  },
  // An Entra client secret on its own ("abc8Q~…", 40 characters).
  { name: 'entra-secret', pattern: /\b[A-Za-z0-9_-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}/g, replace: REDACTED },
];

/** The names of the rules, for the fixture table test. */
export const REDACTION_RULES: readonly string[] = RULES.map((rule) => rule.name);

/** `text` with every secret replaced by REDACTED (or `marker`). Text without secrets is returned as is. */
export function redactSecrets(text: string, marker: string = REDACTED): string {
  let result = text;
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
