// Issue 13: the organisation model read from real-format pastes, the organisation parsers, and
// the runbooks the engine writes from it (fixture table: commands present and absent, not wording).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyse } from '../src/diagnosis/engine';
import { organisationOf } from '../src/diagnosis/organisation';

const NOW = new Date('2026-11-26T00:00:00Z');
const DIR = path.join(__dirname, 'fixtures', 'organisation');
const read = (name: string): string => fs.readFileSync(path.join(DIR, name), 'utf8');
const PUBLIC = '7D3E1A90C4B5F6A7B8C9D0E1F2A3B4C5D6E7F809';
const INTERNAL = '2F9C4B8A1E3D5C7B9A0F2E4D6C8B0A1928374655';

interface Case {
  file: string;
  top: string;
  commands: string[];
  forbidden: RegExp[];
  /** Step title keys that must be there (notes without a command, e.g. end of support). */
  titles?: string[];
  evidence?: RegExp[];
}

const CASES: Case[] = [
  {
    file: 'edge-edgesync.txt',
    top: 'untrusted-cert-on-smtp',
    commands: ["Set-SendConnector -Identity 'Outbound to Office 365' -TlsCertificateName '<I>CN=DigiCert Global G2", 'Start-EdgeSynchronization'],
    // Never the Edge's own self-signed certificate (the Edge Subscription trusts it).
    forbidden: [/Remove-ExchangeCertificate.*5E4D3C2B1A0F9E8D7C6B5A4F3E2D1C0B9A8F7E6D/, /CloudServicesMailEnabled\} \| Set-SendConnector/],
    evidence: [/EDGE01 \(2019, Edge/, /Edge Subscription EDGE01/],
  },
  {
    file: 'exchange-2010.txt',
    top: 'untrusted-cert-on-smtp',
    commands: [`Set-HybridConfiguration -SecureMailCertificateThumbprint ${PUBLIC}`],
    forbidden: [/-TlsCertificateName '/, new RegExp(`Remove-ExchangeCertificate.*${INTERNAL}`)],
    titles: ['runbook.step.outOfSupport'],
    evidence: [/EX2010 \(2010/],
  },
  {
    file: 'two-servers-one-missing.txt',
    top: 'send-connector-tlscertname-not-found',
    commands: [
      `Export-ExchangeCertificate -Server 'EX01' -Thumbprint ${PUBLIC} -BinaryEncoded -Password`,
      "Import-ExchangeCertificate -Server 'EX02' -FileData",
      `Enable-ExchangeCertificate -Server 'EX02' -Thumbprint ${PUBLIC} -Services SMTP,IMAP,POP,IIS`,
      "Get-Queue -Server 'EX02' | Where-Object {$_.Status -eq 'Retry'} | Retry-Queue",
    ],
    // A .cer carries no key; every per-server command names its server.
    forbidden: [/Import-ExchangeCertificate(?![^;]*-Password)/, /^(?:Enable|Import)-ExchangeCertificate(?![^;]*-Server)/],
    evidence: [/2 servers: EX01 \(2019, hybrid source server, has the certificate\), EX02 \(2019, hybrid source server, missing it\)/],
  },
  {
    file: 'internal-transport-pinned.txt',
    top: 'untrusted-cert-on-smtp',
    commands: ["Set-SendConnector -Identity 'Outbound to Office 365 - 6b3c8f2e-1d4a-4c3b-9d2e-7a1b2c3d4e5f' -TlsCertificateName"],
    // The internal-CA certificate is the internal transport certificate: never removed.
    forbidden: [new RegExp(`Remove-ExchangeCertificate.*${INTERNAL}`), /Enable-ExchangeCertificate.*-Force/],
    evidence: [new RegExp(`EX01 internal transport certificate ${INTERNAL}`)],
  },
  {
    file: 'renewal-new-intermediate.txt',
    top: 'send-connector-tlscertname-not-found',
    commands: ["Set-SendConnector -Identity 'Outbound to Office 365' -TlsCertificateName '<I>CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1", 'Restart-Service MSExchangeTransport', 'Retry-Queue'],
    forbidden: [/New-ExchangeCertificate/, /Remove-ExchangeCertificate/, /DigiCert SHA2 Secure Server CA/],
  },
  {
    file: 'letsencrypt-renewal.txt',
    top: 'send-connector-tlscertname-not-found',
    commands: ["Set-SendConnector -Identity 'Outbound to Office 365' -TlsCertificateName '<I>CN=R11, O=Let''s Encrypt, C=US<S>CN=mail.contoso.com'"],
    // Renewed by its ACME client, never a CSR; the pin must follow the new issuer.
    forbidden: [/New-ExchangeCertificate -GenerateRequest/, /CN=R10/],
    titles: ['runbook.step.acmeIssuerChanges'],
  },
  {
    file: '5xx-only-tenantattribution.txt',
    top: 'tenant-attribution-cert-mismatch',
    commands: ['Get-MessageTrackingLog -EventId FAIL'],
    // A 5xx went back to the sender: nothing to retry.
    forbidden: [/Retry-Queue/],
    titles: ['runbook.step.resendTracking'],
  },
];

describe('organisation fixture table (issue 13)', () => {
  for (const c of CASES) {
    it(c.file, () => {
      const { results, ruleErrors } = analyse(read(c.file), { now: NOW });
      assert.deepEqual(ruleErrors, []);
      assert.equal(results[0]?.rule.id, c.top, `top: ${results.map((r) => r.rule.id).join(', ')}`);
      const finding = results[0]!.finding;
      const commands = finding.steps.map((s) => s.command ?? '');
      for (const expected of c.commands) assert.ok(commands.some((cmd) => cmd.includes(expected)), `a step contains ${expected}\n${commands.join('\n')}`);
      for (const pattern of c.forbidden) assert.ok(!commands.some((cmd) => pattern.test(cmd)), `no step matches ${pattern}\n${commands.join('\n')}`);
      for (const title of c.titles ?? []) assert.ok(finding.steps.some((s) => s.title.key === title), `a step titled ${title}`);
      for (const pattern of c.evidence ?? []) assert.ok(finding.evidence.some((e) => pattern.test(e.text)), `evidence ${pattern}\n${finding.evidence.map((e) => e.text).join('\n')}`);
    });
  }
});

describe('organisation model', () => {
  const org = (file: string) => {
    const { facts } = analyse(read(file), { now: NOW });
    return organisationOf(facts);
  };

  it('reads Get-ExchangeServer tables (versions cut short) and Edge roles', () => {
    const o = org('edge-edgesync.txt');
    assert.deepEqual(o.servers.map((s) => [s.name, s.role, s.version?.product]), [['EX01', 'mailbox', '2019'], ['EDGE01', 'edge', '2019']]);
    assert.deepEqual(o.edge.subscriptions, ['EDGE01']);
    assert.equal(o.edge.edgeSyncConnectors.length, 2);
    assert.equal(o.hybridSendConnector, 'Outbound to Office 365');
    assert.deepEqual(o.hybridName, { name: 'mail.contoso.com', source: 'send-connector-fqdn' });
  });

  it('tells two servers\' certificate lists apart by the -Server of the command above them', () => {
    const o = org('two-servers-one-missing.txt');
    const ex01 = o.servers.find((s) => s.name === 'EX01')!;
    const ex02 = o.servers.find((s) => s.name === 'EX02')!;
    assert.ok(ex01.certificates?.includes(PUBLIC));
    assert.ok(!ex02.certificates?.includes(PUBLIC));
    assert.deepEqual(o.certificates.find((c) => c.thumbprint === PUBLIC)?.servers, ['EX01']);
    assert.ok(o.responses.transient && !o.responses.permanent);
  });

  it('Get-HybridConfiguration is its own record (not a send connector), with the 2010 thumbprint', () => {
    const { facts } = analyse(read('exchange-2010.txt'), { now: NOW });
    assert.equal(facts.extracted.hybridConfigurations.length, 1);
    assert.equal(facts.extracted.hybridConfigurations[0]!.secureMailCertificateThumbprint, INTERNAL);
    assert.deepEqual(facts.extracted.hybridConfigurations[0]!.transportServers, ['EX2010']);
    assert.ok(!facts.extracted.sendConnectors.some((c) => /Hybrid Configuration/.test(c.name ?? c.identity ?? '')));
    const o = organisationOf(facts);
    assert.equal(o.servers[0]!.version?.product, '2010');
    assert.ok(o.certificates.find((c) => c.thumbprint === INTERNAL)!.inUse.some((u) => u.kind === 'secure-mail'));
  });

  it('Get-TransportService marks the internal transport certificate in use', () => {
    const o = org('internal-transport-pinned.txt');
    assert.equal(o.servers.find((s) => s.name === 'EX01')?.internalTransportThumbprint, INTERNAL);
    assert.ok(o.certificates.find((c) => c.thumbprint === INTERNAL)!.inUse.some((u) => u.kind === 'internal-transport'));
  });

  it('Get-Queue tables and lists keep the queue, its server and LastError', () => {
    const { facts } = analyse(read('two-servers-one-missing.txt'), { now: NOW });
    assert.deepEqual(facts.extracted.queues.map((q) => [q.identity, q.server, q.status, q.messageCount]), [['EX02\\12', 'EX02', 'Retry', 37]]);
    assert.match(facts.extracted.queues[0]!.lastError ?? '', /^454 4\.7\.5/);
    const list = analyse(read('renewal-new-intermediate.txt'), { now: NOW }).facts.extracted.queues;
    assert.deepEqual(list.map((q) => [q.identity, q.server, q.messageCount]), [['EX01\\9', 'EX01', 12]]);
  });

  it('an ACME issuer is recognised; SE is told from 2019 by its build', () => {
    assert.ok(org('letsencrypt-renewal.txt').certificates[0]!.acme);
    const se = organisationOf(analyse('Name                : EX03\nServerRole          : Mailbox\nAdminDisplayVersion : Version 15.2 (Build 2562.17)', { now: NOW }).facts);
    assert.equal(se.servers[0]!.version?.product, 'SE');
  });

  it('never takes the event Computer: as the hybrid name when a better one is pasted', () => {
    const o = org('internal-transport-pinned.txt');
    assert.notEqual(o.hybridName?.source, 'event-computer');
  });
});
