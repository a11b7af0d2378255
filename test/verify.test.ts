import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { verifyFix } from '../src/diagnosis/verify';

const read = (name: string): string => fs.readFileSync(path.join(__dirname, 'fixtures', 'kb2888788', name), 'utf8');
const now = new Date('2026-11-26T00:00:00Z');
const before = `${read('event-en.txt')}\n${read('certs-fl.txt')}\n${read('connector-fl.txt')}`;
const PIN = 'TlsCertificateName       : <I>CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US<S>CN=mail.contoso.com, O=Contoso Ltd, L=Redmond, S=Washington, C=US';

describe('verifyFix', () => {
  it('says the KB 2888788 cause is gone once the connector is pinned to the public certificate', () => {
    const after = read('connector-fl.txt').replace('TlsCertificateName       :', PIN);
    const result = verifyFix(before, after, { now });
    assert.equal(result.findingId, 'untrusted-cert-on-smtp');
    assert.equal(result.stillPresent, false);
    assert.equal(result.resolved, true);
    assert.equal(result.changes.length, 1);
    assert.match(result.changes[0]!, /TlsCertificateName/);
  });

  it('says it is still there when the after paste shows the KB step alone (SMTP still on the internal certificate)', () => {
    const result = verifyFix(before, read('certs-fl.txt'), { now });
    assert.equal(result.resolved, false);
    assert.equal(result.stillPresent, true);
  });

  it('reports removed certificates', () => {
    const withoutInternal = read('certs-fl.txt').split('\n\n').filter((block) => !block.includes('2F9C4B8A1E3D5C7B9A0F2E4D6C8B0A1928374655')).join('\n\n');
    const result = verifyFix(before, withoutInternal, { now });
    assert.ok(result.changes.some((c) => c.includes('2F9C4B8A1E3D5C7B9A0F2E4D6C8B0A1928374655')));
  });

  it('never resolves when nothing was recognised before', () => {
    const result = verifyFix('hello', 'world', { now });
    assert.equal(result.findingId, 'unrecognized');
    assert.equal(result.resolved, false);
  });
});
