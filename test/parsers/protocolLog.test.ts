import { strict as assert } from 'node:assert';
import { parseProtocolLog, protocolLogSessions, splitCsv } from '../../src/diagnosis/parsers/protocolLog';
import { normalise } from '../../src/diagnosis/normalise';

const SEND_LOG = `#Software: Microsoft Exchange Server
#Version: 15.0.0.0
#Log-type: SMTP Send Protocol Log
#Date: 2026-11-26T08:00:01.105Z
#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context
2026-11-26T08:14:02.981Z,Outbound to Office 365 5a0d6a52-3f3e-4b0c-9a1d-0c2f1e4a8b77,08DE0D3A1C2B4F11,0,,52.101.68.4:25,*,,attempting to connect
2026-11-26T08:14:03.012Z,Outbound to Office 365 5a0d6a52-3f3e-4b0c-9a1d-0c2f1e4a8b77,08DE0D3A1C2B4F11,1,10.0.0.5:27716,52.101.68.4:25,+,,
2026-11-26T08:14:03.044Z,Outbound to Office 365 5a0d6a52-3f3e-4b0c-9a1d-0c2f1e4a8b77,08DE0D3A1C2B4F11,2,10.0.0.5:27716,52.101.68.4:25,<,"220 AM4PEPF00027A5C.mail.protection.outlook.com Microsoft ESMTP MAIL Service ready at Thu, 26 Nov 2026 08:14:02 +0000 [08DE0C91D1E3A2B7]",
2026-11-26T08:14:03.045Z,Outbound to Office 365 5a0d6a52-3f3e-4b0c-9a1d-0c2f1e4a8b77,08DE0D3A1C2B4F11,3,10.0.0.5:27716,52.101.68.4:25,>,EHLO mail.contoso.com,
2026-11-26T08:14:03.077Z,Outbound to Office 365 5a0d6a52-3f3e-4b0c-9a1d-0c2f1e4a8b77,08DE0D3A1C2B4F11,4,10.0.0.5:27716,52.101.68.4:25,<,"250-AM4PEPF00027A5C.mail.protection.outlook.com Hello [198.51.100.20] SIZE 157286400 PIPELINING DSN ENHANCEDSTATUSCODES STARTTLS 8BITMIME BINARYMIME CHUNKING SMTPUTF8",
2026-11-26T08:14:03.078Z,Outbound to Office 365 5a0d6a52-3f3e-4b0c-9a1d-0c2f1e4a8b77,08DE0D3A1C2B4F11,5,10.0.0.5:27716,52.101.68.4:25,>,STARTTLS,
2026-11-26T08:14:03.110Z,Outbound to Office 365 5a0d6a52-3f3e-4b0c-9a1d-0c2f1e4a8b77,08DE0D3A1C2B4F11,6,10.0.0.5:27716,52.101.68.4:25,<,220 2.0.0 SMTP server ready,
2026-11-26T08:14:03.111Z,Outbound to Office 365 5a0d6a52-3f3e-4b0c-9a1d-0c2f1e4a8b77,08DE0D3A1C2B4F11,7,10.0.0.5:27716,52.101.68.4:25,*,,Sending certificate
2026-11-26T08:14:03.111Z,Outbound to Office 365 5a0d6a52-3f3e-4b0c-9a1d-0c2f1e4a8b77,08DE0D3A1C2B4F11,8,10.0.0.5:27716,52.101.68.4:25,*,"CN=mail.contoso.com, O=Contoso Ltd, L=Seattle, S=Washington, C=US",Certificate subject
2026-11-26T08:14:03.111Z,Outbound to Office 365 5a0d6a52-3f3e-4b0c-9a1d-0c2f1e4a8b77,08DE0D3A1C2B4F11,9,10.0.0.5:27716,52.101.68.4:25,*,"CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US",Certificate issuer name
2026-11-26T08:14:03.111Z,Outbound to Office 365 5a0d6a52-3f3e-4b0c-9a1d-0c2f1e4a8b77,08DE0D3A1C2B4F11,10,10.0.0.5:27716,52.101.68.4:25,*,0C7A1E5B2D9F44A3B1E06C2D8F7A9B10,Certificate serial number
2026-11-26T08:14:03.111Z,Outbound to Office 365 5a0d6a52-3f3e-4b0c-9a1d-0c2f1e4a8b77,08DE0D3A1C2B4F11,11,10.0.0.5:27716,52.101.68.4:25,*,3F2A9C1D7E5B8A04C6D2E1F0A9B8C7D6E5F4A3B2,Certificate thumbprint
2026-11-26T08:14:03.111Z,Outbound to Office 365 5a0d6a52-3f3e-4b0c-9a1d-0c2f1e4a8b77,08DE0D3A1C2B4F11,12,10.0.0.5:27716,52.101.68.4:25,*,mail.contoso.com;autodiscover.contoso.com,Certificate alternate names
2026-11-26T08:14:03.112Z,Outbound to Office 365 5a0d6a52-3f3e-4b0c-9a1d-0c2f1e4a8b77,08DE0D3A1C2B4F11,13,10.0.0.5:27716,52.101.68.4:25,*,,TLS negotiation failed with error NoCredentials
2026-11-26T08:14:03.113Z,Outbound to Office 365 5a0d6a52-3f3e-4b0c-9a1d-0c2f1e4a8b77,08DE0D3A1C2B4F11,14,10.0.0.5:27716,52.101.68.4:25,-,,Local`;

describe('parser: protocolLog', () => {
  it('splits quoted CSV fields', () => {
    assert.deepEqual(splitCsv('a,"b, c",,"d ""e""",f'), ['a', 'b, c', '', 'd "e"', 'f']);
  });

  it('reads send-log rows with their fields', () => {
    const entries = parseProtocolLog(normalise(SEND_LOG));
    assert.equal(entries.length, 15);
    const subject = entries.find((e) => e.context === 'Certificate subject')!;
    assert.equal(subject.data, 'CN=mail.contoso.com, O=Contoso Ltd, L=Seattle, S=Washington, C=US');
    assert.equal(subject.connectorId, 'Outbound to Office 365 5a0d6a52-3f3e-4b0c-9a1d-0c2f1e4a8b77');
    assert.equal(subject.sessionId, '08DE0D3A1C2B4F11');
    assert.equal(subject.sequenceNumber, 8);
    assert.equal(subject.remoteEndpoint, '52.101.68.4:25');
    assert.equal(subject.event, '*');
    assert.equal(subject.direction, 'send');
  });

  it('folds certificate rows and the TLS error into a session', () => {
    const [session, ...rest] = protocolLogSessions(parseProtocolLog(normalise(SEND_LOG)));
    assert.equal(rest.length, 0);
    assert.deepEqual(session!.sentCertificate, {
      subject: 'CN=mail.contoso.com, O=Contoso Ltd, L=Seattle, S=Washington, C=US',
      issuer: 'CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US',
      serialNumber: '0C7A1E5B2D9F44A3B1E06C2D8F7A9B10',
      thumbprint: '3F2A9C1D7E5B8A04C6D2E1F0A9B8C7D6E5F4A3B2',
      alternateNames: ['mail.contoso.com', 'autodiscover.contoso.com'],
    });
    assert.deepEqual(session!.tlsErrors, ['NoCredentials']);
    assert.equal(session!.startTlsIssued, true);
    assert.ok(session!.responses.includes('220 2.0.0 SMTP server ready'));
  });

  it('reads receive-log rows and the 454 4.7.5 response rows', () => {
    const entries = parseProtocolLog(`2026-11-26T09:01:12.400Z,EX01\\Default Frontend EX01,08DE0D3A1C2B4F99,7,10.0.0.5:25,10.0.0.9:51514,<,STARTTLS,
2026-11-26T09:01:12.410Z,Outbound to Office 365,08DE0D3A1C2B4F12,9,10.0.0.5:27720,52.101.68.4:25,<,454 4.7.5 The certificate specified in TlsCertificateName of the SendConnector could not be found.,`);
    assert.deepEqual(entries.map((e) => e.direction), ['receive', 'send']);
    const sessions = protocolLogSessions(entries);
    assert.equal(sessions[0]!.startTlsIssued, true);
    assert.deepEqual(sessions[1]!.responses, ['454 4.7.5 The certificate specified in TlsCertificateName of the SendConnector could not be found.']);
  });

  it('ignores ordinary CSV and prose', () => {
    assert.deepEqual(parseProtocolLog('Name,Value,a,b,c,d,e,f,g\nThe send connector, it seems, failed, again, and, again, and, again'), []);
  });
});

describe('parser: protocolLog (one-row certificate)', () => {
  it('reads the certificate from the data column of the "Sending certificate" row', () => {
    const sessions = protocolLogSessions(parseProtocolLog(
      '2026-11-26T08:14:03.111Z,Outbound to Office 365,08DE0D3A1C2B4F11,7,10.0.0.5:27716,52.101.68.4:25,*,"CN=mail.contoso.com, O=Contoso Ltd, C=US CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US 0C7A1E5B2D9F44A3B1E06C2D8F7A9B10 3F2A9C1D7E5B8A04C6D2E1F0A9B8C7D6E5F4A3B2 2026-10-03T00:00:00.000Z 2027-10-03T23:59:59.000Z mail.contoso.com;autodiscover.contoso.com",Sending certificate',
    ));
    assert.deepEqual(sessions[0]!.sentCertificate, {
      subject: 'CN=mail.contoso.com, O=Contoso Ltd, C=US',
      issuer: 'CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US',
      serialNumber: '0C7A1E5B2D9F44A3B1E06C2D8F7A9B10',
      thumbprint: '3F2A9C1D7E5B8A04C6D2E1F0A9B8C7D6E5F4A3B2',
      alternateNames: ['mail.contoso.com', 'autodiscover.contoso.com'],
    });
  });
});
