import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { normalise } from '../../src/diagnosis/normalise';
import { exchangeCertificateParser } from '../../src/diagnosis/parsers/exchangeCertificate';
import type { ExchangeCertificate } from '../../src/diagnosis/types';

const fixture = (name: string): string => readFileSync(path.join(__dirname, '..', 'fixtures', name), 'utf8');
const parse = (raw: string): ExchangeCertificate[] => exchangeCertificateParser.parse(normalise(raw)).certificates ?? [];

describe('exchangeCertificate parser', () => {
  it('reads the real | fl sample exactly', () => {
    assert.deepEqual(parse(fixture('certificates/fl-real.txt')), [
      {
        form: 'list',
        thumbprint: 'BBA9F942B32F3E0F6E0C4E735BD1F38D4C06612E',
        services: ['IMAP', 'POP', 'IIS', 'SMTP'],
        subject: 'CN=MOS-MAIL',
        issuer: 'CN=MOS-MAIL',
        certificateDomains: ['MOS-MAIL', 'MOS-MAIL.avalonelectrotech.local'],
        rootCAType: 'Registry',
        status: 'Valid',
        serialNumber: '49B8393042D5D59F4AE6D301FDF8C963',
        isSelfSigned: true,
        hasPrivateKey: true,
        publicKeySize: 2048,
        notAfterText: '02.02.2028 3:09:22',
        notAfter: '2028-02-02T03:09:22.000Z',
        notBeforeText: '02.02.2023 3:09:22',
        notBefore: '2023-02-02T03:09:22.000Z',
      },
    ]);
  });

  it('reads the real default table with its service flags', () => {
    const certificates = parse(fixture('certificates/table-real.txt'));
    assert.deepEqual(
      certificates.map((c) => [c.form, c.thumbprint, c.services, c.subject]),
      [
        ['table', 'B8FFF722AAF9E4CFA055581061F6020C70BAC8AF', ['IIS', 'SMTP'], 'CN=outlook.exchange.info, OU=EXCH, O=EXCHANGE LAB, L=JUNG-GU, S=SEOUL, C=KR'],
        ['table', 'C07B19E88671134C4C4A38D72F0A587974CE137D', ['IMAP', 'POP', 'IIS', 'SMTP'], 'CN=EX01'],
        ['table', '4CE834243B37D27F29379287D3DED6294935EB2D', ['SMTP'], 'CN=Microsoft Exchange Server Auth Certificate'],
        ['table', 'EB68147037AA94700E07832B99A71CC6F6FAAD5A', [], 'CN=WMSvc-EX01'],
      ],
    );
    assert.ok(certificates.every((c) => c.subjectTruncated === undefined && c.issuer === undefined));
  });

  it('marks a subject the table cut short', () => {
    const certificates = parse(fixture('certificates/table-truncated.txt'));
    assert.equal(certificates.length, 4);
    assert.equal(certificates[1].subject, 'CN=mail.contoso.com, OU=IT Department, O=Contoso Ltd, L=Redm');
    assert.equal(certificates[1].subjectTruncated, true);
    assert.equal(certificates[0].subjectTruncated, undefined);
  });

  it('reads the KB scenario list: four certificates, wrapped domains, US dates', () => {
    const certificates = parse(fixture('certificates/fl-hybrid-two-smtp.txt'));
    assert.deepEqual(
      certificates.map((c) => [c.thumbprint, c.services.join(','), c.rootCAType, c.isSelfSigned]),
      [
        ['3D4F8E2A9B1C6D7E0F1A2B3C4D5E6F708192A3B4', 'IIS,SMTP', 'ThirdParty', false],
        ['7A1C2E3F4D5B6A7980C1D2E3F4A5B6C7D8E9F001', 'IMAP,POP,IIS,SMTP', 'Enterprise', false],
        ['9C8B7A6F5E4D3C2B1A0F9E8D7C6B5A4F3E2D1C0B', 'IMAP,POP,SMTP', 'Registry', true],
        ['4CE834243B37D27F29379287D3DED6294935EB2D', 'SMTP', 'None', true],
      ],
    );
    const [publicCert, internalCert, , authCert] = certificates;
    assert.deepEqual(publicCert.certificateDomains, [
      'mail.contoso.com', 'autodiscover.contoso.com', 'contoso.com', 'legacy.contoso.com', 'owa.contoso.com', 'EX01.contoso.com',
    ]);
    assert.equal(publicCert.issuer, 'CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US');
    assert.equal(publicCert.subject, 'CN=mail.contoso.com, O=Contoso Ltd, L=Redmond, S=Washington, C=US');
    assert.equal(publicCert.notAfter, '2027-03-15T23:59:59.000Z');
    assert.equal(publicCert.notBefore, '2026-03-14T00:00:00.000Z');
    // 5/6/2027 is 6 May or 5 June: kept as printed, no ISO guess.
    assert.equal(internalCert.notAfterText, '5/6/2027 10:15:00 AM');
    assert.equal(internalCert.notAfter, undefined);
    assert.equal(internalCert.issuer, 'CN=Contoso Issuing CA 1, DC=contoso, DC=com');
    assert.deepEqual(authCert.certificateDomains, []);
  });

  it('reads fl * from a Japanese server: yyyy/MM/dd dates, FriendlyName, Identity, ServicesStringForm', () => {
    const [certificate] = parse(fixture('certificates/fl-star-ja.txt'));
    assert.equal(certificate.thumbprint, '1F2E3D4C5B6A79881726354453627180A9B8C7D6');
    assert.deepEqual(certificate.services, ['IIS', 'SMTP']);
    assert.equal(certificate.friendlyName, 'メール サーバー 2026');
    assert.equal(certificate.identity, 'EX01.corp.contoso.co.jp\\1F2E3D4C5B6A79881726354453627180A9B8C7D6');
    assert.equal(certificate.rootCAType, 'GroupPolicy');
    assert.equal(certificate.notAfter, '2028-02-02T03:09:22.000Z');
    assert.equal(certificate.subject, 'CN=mail.contoso.co.jp, OU=情報システム部, O=Contoso KK, L=Minato-ku, S=Tokyo, C=JP');
  });

  it('takes the thumbprint from the command when the KB sample output has none', () => {
    assert.deepEqual(parse(fixture('certificates/fl-kb-friendlyname.txt')), [
      { form: 'list', thumbprint: '9C8B7A6F5E4D3C2B1A0F9E8D7C6B5A4F3E2D1C0B', services: ['IMAP', 'POP', 'IIS', 'SMTP'], friendlyName: 'Microsoft Exchange' },
    ]);
    assert.deepEqual(parse('FriendlyName : Microsoft Exchange\nServices : IMAP, POP, IIS'), [
      { form: 'list', thumbprint: '', services: ['IMAP', 'POP', 'IIS'], friendlyName: 'Microsoft Exchange' },
    ]);
  });

  it('reads fields in any order, Services None, and a lower-case thumbprint', () => {
    const [certificate] = parse('Thumbprint : eb68147037aa94700e07832b99a71cc6f6faad5a\nServices   : None\nSubject    : CN=WMSvc-EX01\n');
    assert.equal(certificate.thumbprint, 'EB68147037AA94700E07832B99A71CC6F6FAAD5A');
    assert.deepEqual(certificate.services, []);
  });

  it('merges the same certificate pasted as table and list, keeping the list values', () => {
    const text = `${fixture('certificates/table-truncated.txt')}\n${fixture('certificates/fl-hybrid-two-smtp.txt')}`;
    const certificates = parse(text);
    assert.equal(certificates.length, 4);
    assert.ok(certificates.every((c) => c.form === 'list'));
    assert.equal(certificates[1].subject, 'CN=mail.contoso.com');
    assert.equal(certificates[1].subjectTruncated, undefined);
  });

  it('reads a list pasted through Teams HTML', () => {
    const html = `<p>${fixture('certificates/fl-real.txt').trim().split('\n').join('<br>')}</p>`;
    const [certificate] = parse(html);
    assert.equal(certificate.thumbprint, 'BBA9F942B32F3E0F6E0C4E735BD1F38D4C06612E');
    assert.deepEqual(certificate.services, ['IMAP', 'POP', 'IIS', 'SMTP']);
  });

  it('ignores certificate listings that are not Get-ExchangeCertificate', () => {
    const certStore =
      'Subject      : CN=mail.contoso.com\nIssuer       : CN=Contoso Issuing CA 1\nThumbprint   : 7A1C2E3F4D5B6A7980C1D2E3F4A5B6C7D8E9F001\nFriendlyName :\nNotBefore    : 5/6/2025 10:15:00 AM\nNotAfter     : 5/6/2027 10:15:00 AM\n';
    assert.deepEqual(parse(certStore), []);
    assert.deepEqual(parse('Get-Service\n\nName     : MSExchangeTransport\nServices : running'), []);
  });
});

describe('exchangeCertificate parser: | ft tables', () => {
  it('reads a custom ft -AutoSize table by its columns', () => {
    const certificates = parse(fixture('certificates/ft-autosize.txt'));
    assert.deepEqual(
      certificates.map((c) => [c.form, c.friendlyName, c.thumbprint, c.services.join(','), c.notAfterText, c.issuer]),
      [
        ['table', 'Microsoft Exchange', '9C8B7A6F5E4D3C2B1A0F9E8D7C6B5A4F3E2D1C0B', 'IMAP,POP,SMTP', '11/20/2028 4:02:11 AM', 'CN=EX01'],
        ['table', 'mail.contoso.com 2026', '3D4F8E2A9B1C6D7E0F1A2B3C4D5E6F708192A3B4', 'IIS,SMTP', '3/15/2027 11:59:59 PM', 'CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US'],
        ['table', 'Contoso internal', '7A1C2E3F4D5B6A7980C1D2E3F4A5B6C7D8E9F001', 'IMAP,POP,IIS,SMTP', '5/6/2027 10:15:00 AM', 'CN=Contoso Issuing CA 1, DC=contoso, DC=com'],
        ['table', 'Microsoft Exchange Server Auth Certificate', '4CE834243B37D27F29379287D3DED6294935EB2D', 'SMTP', '10/14/2028 3:35:20 PM', 'CN=Microsoft Exchange Server Auth Certificate'],
      ],
    );
    assert.equal(certificates[1].notAfter, '2027-03-15T23:59:59.000Z');
  });

  it('skips rows whose thumbprint the table cut, and keeps only complete service names', () => {
    const text = [
      'Thumbprint                 Services             Subject',
      '----------                 --------             -------',
      'B8FFF722AAF9E4CFA055581... IIS, SMTP            CN=mail.contoso.com',
      '',
      'Thumbprint                               Services          Subject',
      '----------                               --------          -------',
      'C07B19E88671134C4C4A38D72F0A587974CE137D IMAP, POP, IIS... CN=EX01',
    ].join('\n');
    assert.deepEqual(parse(text), [
      { form: 'table', thumbprint: 'C07B19E88671134C4C4A38D72F0A587974CE137D', services: ['IMAP', 'POP', 'IIS'], subject: 'CN=EX01' },
    ]);
  });
});

describe('exchangeCertificate parser: quoted pastes', () => {
  it('reads a list quoted as an indented code block', () => {
    const indented = fixture('certificates/fl-hybrid-two-smtp.txt')
      .split('\n')
      .map((line) => (line ? `        ${line}` : line))
      .join('\n');
    const certificates = parse(indented);
    assert.equal(certificates.length, 4);
    assert.deepEqual(certificates[0].certificateDomains?.length, 6);
    assert.equal(certificates[1].issuer, 'CN=Contoso Issuing CA 1, DC=contoso, DC=com');
  });
});

describe('exchangeCertificate parser: Teams pastes that lost indentation', () => {
  it('joins a wrapped list whose continuation lost its indentation, and keeps the record whole', () => {
    const html = [
      '<p>CertificateDomains : {mail.contoso.com, autodiscover.contoso.com,</p>',
      '<p>EX01.contoso.com}</p>',
      '<p>Issuer : CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US</p>',
      '<p>Services : IIS, SMTP</p>',
      '<p>Thumbprint : 3D4F8E2A9B1C6D7E0F1A2B3C4D5E6F708192A3B4</p>',
    ].join('');
    const certificates = parse(html);
    assert.equal(certificates.length, 1);
    assert.deepEqual(certificates[0].certificateDomains, ['mail.contoso.com', 'autodiscover.contoso.com', 'EX01.contoso.com']);
    assert.equal(certificates[0].thumbprint, '3D4F8E2A9B1C6D7E0F1A2B3C4D5E6F708192A3B4');
  });
});
