import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { rootCertificates } from 'node:tls';
import forge from 'node-forge';
import { normalise } from '../../src/diagnosis/normalise';
import { pemParser, verifyPemChain } from '../../src/diagnosis/parsers/pem';
import type { Extracted } from '../../src/diagnosis/types';

const fixture = (name: string): string => readFileSync(path.join(__dirname, '..', 'fixtures', name), 'utf8');
const parse = (raw: string): Partial<Extracted> => pemParser.parse(normalise(raw));

interface Issued {
  pem: string;
  cert: forge.pki.Certificate;
  key: forge.pki.PrivateKey;
}

function rsaKeys(): { publicKey: forge.pki.PublicKey; privateKey: forge.pki.PrivateKey } {
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKey: forge.pki.publicKeyFromPem(pair.publicKey), privateKey: forge.pki.privateKeyFromPem(pair.privateKey) };
}

const DAY = 24 * 3600 * 1000;

function issue(
  subject: forge.pki.CertificateField[],
  options: { issuer?: Issued; ca?: boolean; sans?: string[]; serial?: string; notBefore?: Date; notAfter?: Date } = {},
): Issued {
  const keys = rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = options.serial ?? '0a1b2c3d4e5f';
  cert.validity.notBefore = options.notBefore ?? new Date(Date.now() - DAY);
  cert.validity.notAfter = options.notAfter ?? new Date(Date.now() + 365 * DAY);
  cert.setSubject(subject);
  cert.setIssuer(options.issuer ? options.issuer.cert.subject.attributes : subject);
  const extensions: object[] = [{ name: 'basicConstraints', cA: options.ca ?? false }];
  if (options.sans) extensions.push({ name: 'subjectAltName', altNames: options.sans.map((value) => ({ type: 2, value })) });
  cert.setExtensions(extensions);
  cert.sign((options.issuer?.key ?? keys.privateKey) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return { pem: forge.pki.certificateToPem(cert), cert, key: keys.privateKey };
}

describe('pem parser', function () {
  this.timeout(30000);
  let ca: Issued;
  let leaf: Issued;
  let selfSigned: Issued;

  before(() => {
    ca = issue(
      [
        { type: '0.9.2342.19200300.100.1.25', value: 'com' },
        { type: '0.9.2342.19200300.100.1.25', value: 'contoso' },
        { shortName: 'CN', value: 'Contoso Issuing CA 1' },
      ],
      { ca: true, serial: '01' },
    );
    leaf = issue(
      [
        { shortName: 'C', value: 'US' },
        { shortName: 'ST', value: 'Washington' },
        { shortName: 'L', value: 'Redmond' },
        { shortName: 'O', value: 'Contoso, Ltd' },
        { shortName: 'CN', value: 'mail.contoso.com' },
      ],
      { issuer: ca, sans: ['mail.contoso.com', 'autodiscover.contoso.com'], serial: '5f00000000c8' },
    );
    selfSigned = issue([{ shortName: 'CN', value: 'EX01' }], { sans: ['EX01', 'EX01.contoso.local'] });
  });

  it('reads a certificate the way Exchange shows it', () => {
    const { pemCertificates } = parse(leaf.pem);
    assert.equal(pemCertificates?.length, 1);
    const [certificate] = pemCertificates!;
    const x509 = new X509Certificate(leaf.pem);
    assert.deepEqual(certificate, {
      subject: 'CN=mail.contoso.com, O="Contoso, Ltd", L=Redmond, S=Washington, C=US',
      issuer: 'CN=Contoso Issuing CA 1, DC=contoso, DC=com',
      subjectAltNames: ['mail.contoso.com', 'autodiscover.contoso.com'],
      notBefore: leaf.cert.validity.notBefore.toISOString().replace(/\.\d{3}Z$/, '.000Z'),
      notAfter: leaf.cert.validity.notAfter.toISOString().replace(/\.\d{3}Z$/, '.000Z'),
      thumbprint: x509.fingerprint.replace(/:/g, ''),
      serialNumber: '5F00000000C8',
      isSelfSigned: false,
      keyAlgorithm: 'rsa',
      index: 0,
    });
    assert.match(certificate.thumbprint, /^[0-9A-F]{40}$/);
  });

  it('calls a private CA chain untrusted-root, in either pasted order', () => {
    assert.deepEqual(parse(leaf.pem + ca.pem).pemChain, { publiclyTrusted: false, reason: 'untrusted-root' });
    const reversed = parse(`${ca.pem}\n${leaf.pem}`);
    assert.deepEqual(reversed.pemChain, { publiclyTrusted: false, reason: 'untrusted-root' });
    // Leaf first whatever the pasted order; index keeps the pasted position.
    assert.deepEqual(reversed.pemCertificates?.map((c) => [c.index, c.isSelfSigned]), [[1, false], [0, true]]);
  });

  it('calls a self-signed certificate untrusted-root', () => {
    const result = parse(selfSigned.pem);
    assert.equal(result.pemCertificates?.[0].isSelfSigned, true);
    assert.equal(result.pemCertificates?.[0].subject, 'CN=EX01');
    assert.deepEqual(result.pemChain, { publiclyTrusted: false, reason: 'untrusted-root' });
  });

  it('calls a leaf without its issuer incomplete', () => {
    assert.deepEqual(parse(leaf.pem).pemChain, { publiclyTrusted: false, reason: 'incomplete' });
  });

  it('trusts a root from the public store, and calls it expired after its end date', () => {
    const now = Date.now();
    const root = rootCertificates.find((pem) => {
      const x509 = new X509Certificate(pem);
      return Date.parse(x509.validTo) > now + 30 * DAY && Date.parse(x509.validFrom) < now;
    });
    assert.ok(root, 'a currently valid public root');
    const result = parse(root);
    assert.deepEqual(result.pemChain, { publiclyTrusted: true, reason: 'ok' });
    assert.equal(result.pemCertificates?.[0].isSelfSigned, true);
    const x509 = new X509Certificate(root);
    assert.deepEqual(verifyPemChain([x509], new Date(Date.parse(x509.validTo) + DAY)), { publiclyTrusted: false, reason: 'expired' });
  });

  it('reads an ECDSA certificate through Node where forge cannot', () => {
    const text = fixture('pem/ec-self-signed.pem');
    assert.throws(() => forge.pki.certificateFromPem(text), /OID is not RSA/);
    const { pemCertificates, pemChain } = parse(text);
    assert.deepEqual(pemCertificates, [
      {
        subject: 'CN=mail.contoso.com, O=Contoso Ltd, L=Redmond, S=Washington, C=US',
        issuer: 'CN=mail.contoso.com, O=Contoso Ltd, L=Redmond, S=Washington, C=US',
        subjectAltNames: ['mail.contoso.com', 'autodiscover.contoso.com'],
        notBefore: '2026-11-26T18:25:35.000Z',
        notAfter: '2126-11-02T18:25:35.000Z',
        thumbprint: 'DD3317DE51F9AAB54759DD2365AA56E9738A5297',
        serialNumber: '464B220483FEEB09B5323675C79A03BB8C8F3BEA',
        isSelfSigned: true,
        keyAlgorithm: 'ec',
        index: 0,
      },
    ]);
    assert.deepEqual(pemChain, { publiclyTrusted: false, reason: 'untrusted-root' });
  });

  it('reads UTF-8 (Japanese) names', function () {
    let pem: string;
    try {
      pem = execFileSync(
        'openssl',
        ['req', '-x509', '-utf8', '-newkey', 'rsa:2048', '-nodes', '-keyout', '/dev/null', '-days', '30', '-subj', '/C=JP/O=コントソ株式会社/CN=mail.contoso.co.jp'],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
      );
    } catch {
      this.skip();
    }
    const [certificate] = parse(pem).pemCertificates ?? [];
    assert.equal(certificate.subject, 'CN=mail.contoso.co.jp, O=コントソ株式会社, C=JP');
  });

  it('survives Teams HTML and broken blocks', () => {
    const html = `<p>${leaf.pem.trim().split('\n').join('<br>')}</p>`;
    assert.equal(parse(html).pemCertificates?.[0].serialNumber, '5F00000000C8');
    assert.deepEqual(parse('-----BEGIN CERTIFICATE-----\nnot base64 at all!!\n-----END CERTIFICATE-----').pemChain, {
      publiclyTrusted: false,
      reason: 'unparsable',
    });
    assert.deepEqual(parse('-----BEGIN CERTIFICATE-----\nMIIB'), {});
  });
});
