import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { normalise } from '../../src/diagnosis/normalise';
import { sendConnectorParser, splitTlsCertificateName } from '../../src/diagnosis/parsers/sendConnector';
import type { SendConnector } from '../../src/diagnosis/types';

const fixture = (name: string): string => readFileSync(path.join(__dirname, '..', 'fixtures', name), 'utf8');
const parse = (raw: string): SendConnector[] => sendConnectorParser.parse(normalise(raw)).sendConnectors ?? [];

const HYBRID = 'Outbound to Office 365 - 5b1c3a0e-8f7d-4c2b-9e6a-1d2f3a4b5c6d';
const PUBLIC_ISSUER = 'CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US';
const PUBLIC_SUBJECT = 'CN=mail.contoso.com, O=Contoso Ltd, L=Redmond, S=Washington, C=US';

describe('sendConnector parser', () => {
  it('reads full Get-SendConnector | fl output with a wrapped TlsCertificateName', () => {
    const connectors = parse(fixture('connectors/send-fl-full.txt'));
    assert.equal(connectors.length, 2);
    assert.deepEqual(connectors[0], {
      name: HYBRID,
      identity: HYBRID,
      tlsCertificateName: `<I>${PUBLIC_ISSUER}<S>${PUBLIC_SUBJECT}`,
      tlsCertificateIssuer: PUBLIC_ISSUER,
      tlsCertificateSubject: PUBLIC_SUBJECT,
      fqdn: 'mail.contoso.com',
      tlsAuthLevel: 'DomainValidation',
      tlsDomain: 'mail.protection.outlook.com',
      smartHosts: [],
      addressSpaces: ['smtp:contoso.mail.onmicrosoft.com;1'],
      sourceTransportServers: ['EX02', 'EX01'],
      requireTLS: true,
      cloudServicesMailEnabled: true,
      dnsRoutingEnabled: true,
      ignoreStartTls: false,
      enabled: true,
    });
    const internet = connectors[1];
    assert.equal(internet.name, 'Internet');
    assert.equal(internet.tlsCertificateName, undefined);
    assert.equal(internet.fqdn, undefined);
    assert.deepEqual(internet.smartHosts, ['[203.0.113.25]', 'relay.contoso.net']);
    assert.deepEqual(internet.addressSpaces, ['SMTP:*;1']);
    assert.equal(internet.cloudServicesMailEnabled, false);
  });

  it('reads the selected fields the bot asks for, with an empty TlsCertificateName', () => {
    assert.deepEqual(parse(fixture('connectors/send-fl-selected.txt')), [
      {
        name: HYBRID,
        fqdn: 'mail.contoso.com',
        requireTLS: true,
        tlsAuthLevel: 'DomainValidation',
        tlsDomain: 'mail.protection.outlook.com',
        smartHosts: [],
        addressSpaces: ['smtp:contoso.mail.onmicrosoft.com;1'],
        sourceTransportServers: ['EX01'],
      },
    ]);
  });

  it('reads Name and TlsCertificateName alone, with lower-case tags', () => {
    const connectors = parse(fixture('connectors/send-name-tls-only.txt'));
    assert.deepEqual(
      connectors.map((c) => [c.name, c.tlsCertificateIssuer, c.tlsCertificateSubject]),
      [
        [HYBRID, 'CN=Contoso Issuing CA 1, DC=contoso, DC=com', 'CN=mail.contoso.com'],
        ['Internet', undefined, undefined],
      ],
    );
  });

  it('reads the default table; a cut name is kept as printed but not as a name', () => {
    const connectors = parse(fixture('connectors/send-table.txt'));
    assert.deepEqual(connectors, [
      { identity: 'Outbound to Office 365 -...', addressSpaces: ['smtp:contoso.mail.onmicrosoft.com;1'], enabled: true },
      { identity: 'Internet', name: 'Internet', addressSpaces: ['SMTP:*;1'], enabled: true },
    ]);
  });

  it('does not take receive connectors, EXO outbound connectors or certificates for send connectors', () => {
    assert.deepEqual(parse(fixture('connectors/receive-fl.txt')), []);
    assert.deepEqual(parse('Identity : EX01\\Default Frontend EX01\nFqdn : mail.contoso.com\nTlsCertificateName : <I>CN=A<S>CN=B'), []);
    assert.deepEqual(parse('Name : Default Frontend EX01\nRequireTLS : False\nTlsCertificateName :'), []);
    const exoOutbound =
      'Name          : Outbound to 5b1c3a0e\nTlsSettings   : DomainValidation\nTlsDomain     : mail.contoso.com\nSmartHosts    : {mail.contoso.com}\nUseMXRecord   : False\nRecipientDomains : {contoso.com}';
    assert.deepEqual(parse(exoOutbound), []);
    assert.deepEqual(parse('Get-OutboundConnector | fl Name,TlsDomain\n\nName : Outbound to 5b1c3a0e\nTlsDomain : mail.contoso.com'), []);
    assert.deepEqual(parse(fixture('certificates/fl-real.txt')), []);
  });

  it('splits <I>…<S>… in any case', () => {
    assert.deepEqual(splitTlsCertificateName('<i>CN=CA<s>CN=mail'), { issuer: 'CN=CA', subject: 'CN=mail' });
    assert.equal(splitTlsCertificateName('CN=mail.contoso.com'), undefined);
  });

  it('keeps <I>…<S>… when pasted as Teams HTML (entity-encoded)', () => {
    const html = '<p>Name : Outbound to Office 365<br>TlsCertificateName : &lt;I&gt;CN=Contoso CA&lt;S&gt;CN=mail.contoso.com<br>RequireTLS : True</p>';
    const [connector] = parse(html);
    assert.equal(connector.tlsCertificateName, '<I>CN=Contoso CA<S>CN=mail.contoso.com');
    assert.equal(connector.requireTLS, true);
  });
});

describe('sendConnector parser: pasted after other output', () => {
  it('a cmdlet line starts a new record even without a blank line', () => {
    const receive = `${fixture('certificates/fl-real.txt').trim()}\nGet-ReceiveConnector 'EX01\\Internet Relay' | fl Name,Fqdn,TlsCertificateName\nName : Internet Relay\nFqdn : relay.contoso.com\nTlsCertificateName :\n`;
    assert.deepEqual(parse(receive), []);
    const send = `${fixture('certificates/fl-real.txt').trim()}\nGet-SendConnector | fl Name,TlsCertificateName,RequireTLS\nName : Outbound to Office 365\nTlsCertificateName :\nRequireTLS : True\n`;
    assert.deepEqual(parse(send), [{ name: 'Outbound to Office 365', requireTLS: true }]);
  });
});
