import { strict as assert } from 'node:assert';
import { normalise } from '../../src/diagnosis/normalise';
import { chainCheckParser } from '../../src/diagnosis/parsers/chainCheck';

const parse = (text: string) => chainCheckParser.parse(normalise(text)).chainChecks ?? [];

describe('parser: chainCheck', () => {
  it('reads Test-Certificate with a multi-line chain status and a wrapped error', () => {
    const checks = parse(`PS C:\\> Get-ChildItem -Path Cert:\\LocalMachine\\My\\9D1E4A6F2C3B5E7A8B9C0D1E2F3A4B5C6D7E8F90 | Test-Certificate -Policy SSL
WARNING: Chain status:
        CERT_TRUST_IS_UNTRUSTED_ROOT
Test-Certificate : A certificate chain processed, but terminated in a root certificate which is not trusted by the trust
provider. 0x800b0109 (-2146762487 CERT_E_UNTRUSTEDROOT)
At line:1 char:96
+ ... 3B5E7A8B9C0D1E2F3A4B5C6D7E8F90 | Test-Certificate -Policy SSL
+                                     ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : NotSpecified: (:) [Test-Certificate], Exception
    + FullyQualifiedErrorId : System.Exception,Microsoft.CertificateServices.Commands.TestCertificate
`);
    assert.equal(checks.length, 1);
    assert.equal(checks[0]!.tool, 'test-certificate');
    assert.deepEqual(checks[0]!.statuses, ['CERT_TRUST_IS_UNTRUSTED_ROOT']);
    assert.deepEqual(checks[0]!.errorCodes, ['0x800b0109']);
    assert.deepEqual(checks[0]!.problems, ['untrusted-root']);
  });

  it('reads the revoked case on one line (Microsoft Japan blog form)', () => {
    const checks = parse(`WARNING: Chain status: CERT_TRUST_IS_REVOKED CERT_TRUST_IS_UNTRUSTED_ROOT CERT_TRUST_REVOCATION_STATUS_UNKNOWN CERT_TRUST_IS_OFFLINE_REVOCATION
Test-Certificate : The certificate is revoked. 0x80092010 (-2146885616 CRYPT_E_REVOKED)`);
    assert.equal(checks.length, 1);
    assert.deepEqual(checks[0]!.statuses, [
      'CERT_TRUST_IS_REVOKED', 'CERT_TRUST_IS_UNTRUSTED_ROOT', 'CERT_TRUST_REVOCATION_STATUS_UNKNOWN', 'CERT_TRUST_IS_OFFLINE_REVOCATION',
    ]);
    assert.deepEqual(checks[0]!.errorCodes, ['0x80092010']);
    assert.deepEqual([...checks[0]!.problems].sort(), ['revocation-unknown', 'revoked', 'untrusted-root']);
  });

  it('reads certutil -verify with a missing intermediate', () => {
    const checks = parse(`C:\\temp>certutil -verify mail.contoso.com.cer
Issuer:
    CN=Sectigo RSA Domain Validation Secure Server CA
    O=Sectigo Limited
Subject:
    CN=mail.contoso.com
Cert Serial Number: 6c1b3d0b3a4f5e6d7c8b9a0f1e2d3c4b

dwFlags = CA_VERIFY_FLAGS_CONSOLE_TRACE (0x20000000)
ChainFlags = CERT_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT (0x40000000)
HCCE_LOCAL_MACHINE
CERT_CHAIN_POLICY_BASE
-------- CERT_CHAIN_CONTEXT --------
ChainContext.dwInfoStatus = CERT_TRUST_HAS_PREFERRED_ISSUER (0x100)
ChainContext.dwErrorStatus = CERT_TRUST_IS_PARTIAL_CHAIN (0x10000)

SimpleChain.dwInfoStatus = CERT_TRUST_HAS_PREFERRED_ISSUER (0x100)
SimpleChain.dwErrorStatus = CERT_TRUST_IS_PARTIAL_CHAIN (0x10000)

CertContext[0][0]: dwInfoStatus=102 dwErrorStatus=0
  Issuer: CN=Sectigo RSA Domain Validation Secure Server CA, O=Sectigo Limited, L=Salford, S=Greater Manchester, C=GB
  Subject: CN=mail.contoso.com
--------------------------------
Missing Issuer: CN=Sectigo RSA Domain Validation Secure Server CA, O=Sectigo Limited, L=Salford, S=Greater Manchester, C=GB
Incomplete certificate chain
Cannot find certificate:
    CN=Sectigo RSA Domain Validation Secure Server CA, O=Sectigo Limited, L=Salford, S=Greater Manchester, C=GB
CertUtil: -verify command FAILED: 0x800b010a (-2146762486 CERT_E_CHAINING)
CertUtil: A certificate chain could not be built to a trusted root authority.
`);
    assert.equal(checks.length, 1);
    assert.equal(checks[0]!.tool, 'certutil');
    assert.deepEqual(checks[0]!.statuses, ['CERT_TRUST_HAS_PREFERRED_ISSUER', 'CERT_TRUST_IS_PARTIAL_CHAIN']);
    assert.deepEqual(checks[0]!.errorCodes, ['0x800b010a']);
    assert.deepEqual(checks[0]!.problems, ['partial-chain']);
    assert.match(checks[0]!.line, /^CertUtil: -verify command FAILED: 0x800b010a/);
  });

  it('reads certutil -verify for an expired leaf', () => {
    const checks = parse(`CertContext[0][0]: dwInfoStatus=102 dwErrorStatus=1
  Issuer: CN=Contoso Issuing CA 01, DC=contoso, DC=com
  NotBefore: 3/1/2024 10:12 AM
  NotAfter: 3/1/2026 10:12 AM
  Subject: CN=mail.contoso.com
  Element.dwErrorStatus = CERT_TRUST_IS_NOT_TIME_VALID (0x1)
Expired
CertUtil: -verify command FAILED: 0x800b0101 (-2146762495 CERT_E_EXPIRED)
CertUtil: A required certificate is not within its validity period when verifying against the current system clock or the timestamp in the signed file.`);
    assert.equal(checks.length, 1);
    assert.deepEqual(checks[0]!.problems, ['expired']);
    assert.deepEqual(checks[0]!.errorCodes, ['0x800b0101']);
  });

  it('finds nothing in ordinary Exchange output', () => {
    assert.deepEqual(parse(`Thumbprint                                Services   Subject
----------                                --------   -------
C07B19E88671134C4C4A38D72F0A587974CE137D  IP.WS..    CN=EX01
Status             : Valid`), []);
  });
});
