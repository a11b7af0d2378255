// The secrets people paste next to Exchange output, each in the form it really takes, and the
// Exchange output that must come through untouched (thumbprints, certificate blocks, cmdlets).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REDACTED, REDACTION_RULES, redactSecrets, showRedactions } from '../../src/security/redactSecrets';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

// A throwaway key generated for this table (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256), never used anywhere.
const PEM_KEY = [
  '-----BEGIN PRIVATE KEY-----',
  'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgm1tX8yv0nE0Z7o2q',
  'bWlcHYm8b5pC7dQKq4hS0k8Vw0mhRANCAAQ3uCkcZr1l3K5y5x9f7cCk3r6q0Yh4',
  '-----END PRIVATE KEY-----',
].join('\n');

interface Case {
  rule: string;
  input: string;
  /** The secret itself: gone after redaction. */
  secret: string;
  /** What stays for the reader. */
  kept?: string;
}

const CASES: Case[] = [
  { rule: 'pem-private-key', input: `cert.pfx contents:\n${PEM_KEY}\nend`, secret: 'MIGHAgEAMBMGByqGSM49', kept: 'BEGIN PRIVATE KEY' },
  { rule: 'pem-private-key', input: '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx7\nProc-Type: 4', secret: 'MIIEowIBAAKCAQEAx7' },
  { rule: 'securestring', input: "Import-ExchangeCertificate -FileData $b -Password (ConvertTo-SecureString -String 'Contoso!2026' -AsPlainText -Force)", secret: 'Contoso!2026', kept: 'ConvertTo-SecureString' },
  { rule: 'securestring', input: 'ConvertTo-SecureString "Pa$$w0rd-99" -AsPlainText', secret: 'Pa$$w0rd-99' },
  { rule: 'password-parameter', input: "Export-ExchangeCertificate -Thumbprint 2F9C -Password 'Winter#77'", secret: 'Winter#77', kept: '-Thumbprint 2F9C' },
  { rule: 'bearer', input: 'Authorization: Bearer abcDEF0123456789.xyz-_~+/=', secret: 'abcDEF0123456789', kept: 'Authorization: Bearer' },
  {
    rule: 'jwt',
    input: 'token=eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL2FwaS5ib3RmcmFtZXdvcmsuY29tIn0.c2lnbmF0dXJlLXZhbHVlLWhlcmU',
    secret: 'eyJhdWQiOiJodHRwczovL2FwaS5ib3RmcmFtZXdvcmsuY29tIn0',
  },
  {
    rule: 'connection-string-key',
    input: 'DefaultEndpointsProtocol=https;AccountName=contosologs;AccountKey=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4==;EndpointSuffix=core.windows.net',
    secret: 'Zm9vYmFyYmF6cXV4',
    kept: 'AccountName=contosologs',
  },
  { rule: 'connection-string-key', input: 'Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=a1B2c3D4e5F6g7H8=', secret: 'a1B2c3D4e5F6g7H8' },
  {
    rule: 'sas-signature',
    input: 'https://contosologs.blob.core.windows.net/logs/x.txt?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-12-01T00:00:00Z&sig=AbCd%2BEfGh%2FIjKl%3D',
    secret: 'AbCd%2BEfGh',
    kept: 'sv=2022-11-02',
  },
  { rule: 'password-phrase', input: 'fyi the password is Hunter2! for the svc account', secret: 'Hunter2!', kept: 'the password is' },
  { rule: 'password-phrase', input: 'Server=tcp:sql01.contoso.local,1433;Database=Mail;User ID=sa;Password=S3cr3t;Encrypt=True', secret: 'S3cr3t', kept: 'User ID=sa' },
  { rule: 'password-phrase', input: 'admin pwd: "Summer 2026"', secret: 'Summer 2026' },
  { rule: 'password-ja', input: 'サービスアカウントのパスワードは Himitsu#123 です', secret: 'Himitsu#123', kept: 'パスワードは' },
  { rule: 'client-secret', input: 'MicrosoftAppPassword=p4ssw0rd-from-portal', secret: 'p4ssw0rd-from-portal' },
  { rule: 'client-secret', input: 'client_secret: "cs-very-secret-value"', secret: 'cs-very-secret-value' },
  { rule: 'entra-secret', input: 'the app secret value Abc8Q~dEfGhIjKlMnOpQrStUvWxYz0123456789ab was rotated', secret: 'Abc8Q~dEfGhIjKlMnOpQrStUvWxYz0123456789ab' },
];

describe('redactSecrets', () => {
  for (const [index, c] of CASES.entries()) {
    it(`${c.rule} #${index}: the secret is gone, the label stays`, () => {
      assert.ok(c.input.includes(c.secret));
      const out = redactSecrets(c.input);
      assert.ok(!out.includes(c.secret), out);
      assert.ok(out.includes(REDACTED), out);
      if (c.kept) assert.ok(out.includes(c.kept), out);
    });
  }

  it('every rule has at least one case in the table', () => {
    assert.deepEqual([...new Set(CASES.map((c) => c.rule))].sort(), [...REDACTION_RULES].sort());
  });

  it('is idempotent', () => {
    for (const c of CASES) assert.equal(redactSecrets(redactSecrets(c.input)), redactSecrets(c.input));
  });

  it('leaves every real-format Exchange fixture untouched (thumbprints, certificate blocks, cmdlets, logs)', () => {
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.txt') ? [path.join(dir, e.name)] : []));
    const all = files(FIXTURES);
    assert.ok(all.length > 20);
    for (const file of all) {
      const text = fs.readFileSync(file, 'utf8');
      assert.equal(redactSecrets(text), text, path.relative(FIXTURES, file));
    }
  });

  it('a custom marker (the reader\'s language) replaces the stored one', () => {
    const stored = redactSecrets('password is x1y2z3');
    assert.equal(showRedactions(stored, '[墨消し済み]'), 'password is [墨消し済み]');
    assert.equal(redactSecrets('password is x1y2z3', '[$1]'), 'password is [$1]');
  });
});
