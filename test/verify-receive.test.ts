// Verify after a fix, for the receive-side rules: the "after" paste (connectors and certificates
// as they are now) is read on top of the "before" paste, whose event or trace stays in the text.
// Each rule must then stand down when the configuration shows the fix, and not before.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { verifyFix } from '../src/diagnosis/verify';

/** The Exchange self-signed certificate of EX01, as `Get-ExchangeCertificate | fl` prints it. */
const EX01_SELF_SIGNED = fs.readFileSync(path.join(__dirname, 'fixtures', 'certificates', 'ex01-self-signed-fl.txt'), 'utf8').trimEnd();

const now = new Date('2026-11-26T00:00:00Z');
const OLD = '<I>CN=R3, O=Let\'s Encrypt, C=US<S>CN=mail.contoso.com';
const NEW_ISSUER = 'CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US';
const NEW = `<I>${NEW_ISSUER}<S>CN=mail.contoso.com`;

const CERTS = `Thumbprint         : 5E1F0A7C3B2D9E8F7A6B5C4D3E2F1A0B9C8D7E6F
Services           : IMAP, POP, IIS, SMTP
Subject            : CN=mail.contoso.com
Issuer             : ${NEW_ISSUER}
CertificateDomains : {mail.contoso.com, autodiscover.contoso.com}
RootCAType         : ThirdParty
Status             : Valid
IsSelfSigned       : False
NotBefore          : 10/30/2026 12:00:00 AM
NotAfter           : 11/29/2027 11:59:59 PM
HasPrivateKey      : True

${EX01_SELF_SIGNED}`;

const frontend = (tlsName: string, auth = 'Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer'): string => `Get-ReceiveConnector "EX01\\Default Frontend EX01" | fl Identity,Name,AuthMechanism,TlsCertificateName,TransportRole,Bindings
Identity           : EX01\\Default Frontend EX01
Name               : Default Frontend EX01
AuthMechanism      : ${auth}
TlsCertificateName : ${tlsName}
TransportRole      : FrontendTransport
Bindings           : {[::]:25, 0.0.0.0:25}`;

const EVENT_12014 = `Event ID: 12014
Source: MSExchangeFrontEndTransport
Computer: EX01.contoso.com
Description:
Microsoft Exchange could not find a certificate that contains the domain name ${OLD} in the personal store on the local computer. Therefore, it is unable to support the STARTTLS SMTP verb for the connector Default Frontend EX01 with a FQDN parameter of ${OLD}.`;

describe('verify after a fix: receive-side rules', () => {
  it('receive-connector-tlscertname-stale: resolved once Default Frontend names a listed certificate', () => {
    const result = verifyFix(EVENT_12014, `${frontend(NEW)}\n\n${CERTS}`, { now });
    assert.equal(result.findingId, 'receive-connector-tlscertname-stale');
    assert.equal(result.resolved, true);
  });

  it('receive-connector-tlscertname-stale: resolved once the stale name is cleared (KB 2989382)', () => {
    assert.equal(verifyFix(EVENT_12014, frontend(''), { now }).resolved, true);
  });

  it('receive-connector-tlscertname-stale: not resolved while the connector still names the old certificate', () => {
    const result = verifyFix(EVENT_12014, `${frontend(OLD)}\n\n${CERTS}`, { now });
    assert.equal(result.resolved, false);
    assert.equal(result.stillPresent, true);
  });

  it('starttls-not-offered: resolved once Default Frontend has Tls again', () => {
    const before = `Remote Server returned '450 4.4.317 Cannot connect to remote server [Message=451 5.7.3 STARTTLS is required to send mail] [LastAttemptedServerName=mail.contoso.com]'\n\n${frontend('', 'Integrated, BasicAuth')}`;
    assert.equal(verifyFix(before, frontend(''), { now }).resolved, true);
    assert.equal(verifyFix(before, frontend('', 'Integrated, BasicAuth'), { now }).resolved, false);
  });

  it('exo-subject-mismatch: resolved once Default Frontend presents a certificate with the expected name', () => {
    const before = `450 4.4.317 Cannot connect to remote server [Message=SubjectMismatch Expected Subject: mail.contoso.com. Presented Subject: CN=EX01. Thumbprint: C07B19E88671134C4C4A38D72F0A587974CE137D.] [LastAttemptedServerName=mail.contoso.com]\n\n${CERTS}`;
    const result = verifyFix(before, `${frontend(NEW)}\n\n${CERTS}`, { now });
    assert.equal(result.findingId, 'exo-subject-mismatch');
    assert.equal(result.resolved, true);
    assert.equal(verifyFix(before, frontend('<I>CN=EX01<S>CN=EX01'), { now }).resolved, false);
  });

  it('internal-transport-cert-problem: resolved once Get-TransportService names a certificate that is in the list', () => {
    const before = `Event ID: 12013\nSource: MSExchangeTransport\nComputer: EX01.contoso.com\nDescription:\nMicrosoft Exchange could not load the certificate with thumbprint of 6A1B2C3D4E5F60718293A4B5C6D7E8F901234567 from the personal store on the local computer.`;
    const after = `Name                                   : EX01\nInternalTransportCertificateThumbprint : C07B19E88671134C4C4A38D72F0A587974CE137D\n\n${CERTS}`;
    const result = verifyFix(before, after, { now });
    assert.equal(result.findingId, 'internal-transport-cert-problem');
    assert.equal(result.resolved, true);
    const unchanged = `Name                                   : EX01\nInternalTransportCertificateThumbprint : 6A1B2C3D4E5F60718293A4B5C6D7E8F901234567\n\n${CERTS}`;
    assert.equal(verifyFix(before, unchanged, { now }).resolved, false);
  });

  it('cert-expired: resolved once the renewed certificate serves SMTP and the connectors point at it', () => {
    const expired = `Thumbprint         : 7A3C5E9B1D2F4A6C8E0B2D4F6A8C0E2B4D6F8A0C
Services           : IIS, SMTP
Subject            : CN=mail.contoso.com
Issuer             : CN=R3, O=Let's Encrypt, C=US
CertificateDomains : {mail.contoso.com}
Status             : DateInvalid
IsSelfSigned       : False
NotAfter           : 11/15/2026 11:59:59 PM
HasPrivateKey      : True`;
    const before = `Event ID: 12016\nSource: MSExchangeFrontEndTransport\nComputer: EX01.contoso.com\nDescription:\nThere is no valid SMTP Transport Layer Security (TLS) certificate for the FQDN of mail.contoso.com. The existing certificate for that FQDN has expired.\n\n${expired}\n\n${frontend(OLD)}`;
    const result = verifyFix(before, `${CERTS}\n\n${expired}\n\n${frontend(NEW)}`, { now });
    assert.equal(result.findingId, 'cert-expired');
    assert.equal(result.resolved, true);
    assert.equal(verifyFix(before, `${CERTS}\n\n${expired}\n\n${frontend(OLD)}`, { now }).resolved, false);
  });
});
