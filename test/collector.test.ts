// docs/collect.ps1 and a sample of exactly what it prints (test/fixtures/collect-sample.txt):
// the engine must read every certificate, connector, queue error and event in it, with the exact
// values, and diagnose it (the sample is the KB 2888788 situation).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyse } from '../src/diagnosis/engine';

const root = path.join(__dirname, '..');
const script = fs.readFileSync(path.join(root, 'docs', 'collect.ps1'), 'utf8');
const sample = fs.readFileSync(path.join(root, 'test', 'fixtures', 'collect-sample.txt'), 'utf8');
const NOW = new Date('2026-11-26T00:00:00Z');

/** The property lists the script passes to Write-List, in order. */
function scriptPropertyLists(): string[][] {
  return [...script.matchAll(/Write-List (?:\(.*?\)|\$\w+) @\(([^)]*)\)/g)].map((m) => [...m[1]!.matchAll(/'([A-Za-z]+)'/g)].map((p) => p[1]!));
}

/** The keys of the first Format-List record after each `=== … ===` header of the sample. */
function sampleSectionKeys(): string[][] {
  const sections = sample.split(/\r?\n=== .*? ===\r?\n/).slice(1);
  return sections
    .map((section) => section.split(/\r?\n\r?\n/).find((block) => /^[A-Za-z]+ +:/.test(block.trim())))
    .filter((block): block is string => !!block)
    .map((block) => block.trim().split(/\r?\n/).map((line) => /^([A-Za-z]+) +:/.exec(line)?.[1]).filter((k): k is string => !!k));
}

describe('collector: docs/collect.ps1 and its output', () => {
  const { facts, results, ruleErrors } = analyse(sample, { now: NOW });
  const x = facts.extracted;

  it('is read-only and reads nothing secret', () => {
    const code = script.replace(/<#[\s\S]*?#>/, '').split('\n').filter((line) => !/^\s*#/.test(line)).join('\n');
    const cmdlets = [...code.matchAll(/\b([A-Z][a-z]+)-([A-Z][A-Za-z]+)\b/g)].map((m) => `${m[1]}-${m[2]}`);
    const allowedVerbs = /^(?:Get|Format|Out|Write|Where|ForEach|Set-Clipboard)/;
    for (const cmdlet of cmdlets) assert.match(cmdlet, allowedVerbs, `${cmdlet} is not read-only`);
    assert.ok(!/Export-|Get-Credential|SecureString|-Password\b/i.test(code), 'nothing exports keys or handles credentials');
    const requested = scriptPropertyLists().flat();
    for (const secret of ['AccessRules', 'PrivateKey', 'PrivateKeyExportable', 'Password']) {
      assert.ok(!requested.includes(secret), `${secret} is not requested`);
    }
    assert.match(script, /READ-ONLY/);
    assert.match(script, /NOTHING SECRET/);
  });

  it('prints, section by section, exactly the properties the script asks for', () => {
    const lists = scriptPropertyLists();
    // Send connectors, internal transport certificates, then per server: certificates, receive
    // connectors, queues, events.
    assert.deepEqual(sampleSectionKeys(), lists);
  });

  it('reads every certificate with its deciding fields', () => {
    assert.deepEqual(
      x.certificates.map((c) => [c.thumbprint, c.services.join(','), c.rootCAType, c.status, c.isSelfSigned, c.hasPrivateKey]),
      [
        ['9D1E4A6F2C3B5E7A8B9C0D1E2F3A4B5C6D7E8F90', 'SMTP', 'Enterprise', 'Valid', false, true],
        ['5E1F0A7C3B2D9E8F7A6B5C4D3E2F1A0B9C8D7E6F', 'IMAP,POP,IIS,SMTP', 'ThirdParty', 'Valid', false, true],
        ['C07B19E88671134C4C4A38D72F0A587974CE137D', 'IMAP,POP,SMTP', 'Registry', 'Valid', true, true],
        ['4CE834243B37D27F29379287D3DED6294935EB2D', 'SMTP', 'None', 'Valid', true, true],
        ['EB68147037AA94700E07832B99A71CC6F6FAAD5A', '', 'None', 'Valid', true, true],
      ],
    );
    const internal = x.certificates[0]!;
    assert.equal(internal.subject, 'CN=mail.contoso.com, OU=IT, O=Contoso Ltd, L=Redmond, S=Washington, C=US');
    assert.equal(internal.issuer, 'CN=Contoso-Issuing-CA01, DC=contoso, DC=com');
    assert.deepEqual(internal.certificateDomains, ['mail.contoso.com', 'EX01.contoso.com']);
    assert.equal(internal.friendlyName, 'Contoso internal SMTP 2026');
    assert.equal(internal.notBeforeText, '10/5/2026 3:14:07 AM');
    assert.equal(internal.notAfterText, '10/5/2028 3:14:07 AM');
    const trusted = x.certificates[1]!;
    assert.equal(trusted.issuer, 'CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US');
    assert.deepEqual(trusted.certificateDomains, ['mail.contoso.com', 'autodiscover.contoso.com']);
    assert.equal(trusted.notAfterText, '3/1/2027 11:59:59 PM');
  });

  it('reads both send connectors and their TLS settings', () => {
    assert.equal(x.sendConnectors.length, 2);
    const [hybrid, internet] = x.sendConnectors;
    assert.equal(hybrid!.name, 'Outbound to Office 365 - 3f2a1c9e-0b1d-4e55-9a77-6a1f0c2b8d10');
    assert.equal(hybrid!.tlsCertificateName, undefined);
    assert.equal(hybrid!.fqdn, 'mail.contoso.com');
    assert.equal(hybrid!.requireTLS, true);
    assert.equal(hybrid!.tlsAuthLevel, 'DomainValidation');
    assert.equal(hybrid!.tlsDomain, 'mail.protection.outlook.com');
    assert.equal(hybrid!.cloudServicesMailEnabled, true);
    assert.deepEqual(hybrid!.addressSpaces, ['smtp:contoso.mail.onmicrosoft.com;1']);
    assert.deepEqual(hybrid!.sourceTransportServers, ['EX01']);
    assert.equal(internet!.name, 'Internet Mail');
    assert.equal(internet!.cloudServicesMailEnabled, false);
  });

  it('reads every receive connector and none of the other records as one', () => {
    assert.deepEqual(
      x.receiveConnectors.map((c) => [c.identity, c.fqdn, c.transportRole, c.bindings.join(' '), c.tlsCertificateName ?? null]),
      [
        ['EX01\\Default EX01', 'EX01.contoso.com', 'HubTransport', '[::]:2525 0.0.0.0:2525', null],
        ['EX01\\Client Proxy EX01', 'EX01.contoso.com', 'HubTransport', '[::]:465 0.0.0.0:465', null],
        [
          'EX01\\Default Frontend EX01',
          'mail.contoso.com',
          'FrontendTransport',
          '[::]:25 0.0.0.0:25',
          '<I>CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US<S>CN=mail.contoso.com, O=Contoso Ltd, L=Redmond, S=Washington, C=US',
        ],
        ['EX01\\Outbound Proxy Frontend EX01', 'EX01.contoso.com', 'FrontendTransport', '[::]:717 0.0.0.0:717', null],
        ['EX01\\Client Frontend EX01', 'mail.contoso.com', 'FrontendTransport', '[::]:587 0.0.0.0:587', null],
      ],
    );
    const frontend = x.receiveConnectors[2]!;
    assert.deepEqual(frontend.authMechanism, ['Tls', 'Integrated', 'BasicAuth', 'BasicAuthRequireTLS', 'ExchangeServer']);
    assert.deepEqual(frontend.tlsDomainCapabilities, ['mail.protection.outlook.com:AcceptCloudServicesMail']);
    assert.deepEqual(frontend.permissionGroups, ['AnonymousUsers', 'ExchangeServers', 'ExchangeLegacyServers']);
  });

  it('reads the queue error with its next hop', () => {
    assert.equal(x.queueErrors.length, 1);
    const queue = x.queueErrors[0]!;
    assert.equal(queue.identity, 'EX01\\14');
    assert.equal(queue.nextHopDomain, 'contoso.mail.onmicrosoft.com');
    assert.equal(queue.fqdn, 'contoso-com.mail.protection.outlook.com');
    assert.equal(queue.ip, '52.101.68.2');
    assert.equal(queue.lrt, '11/25/2026 9:05:31 AM');
    assert.match(queue.led, /^451 4\.4\.0 Primary target IP address responded with: "454 4\.7\.0 Failed to establish appropriate TLS channel: UntrustedRoot: Access Denied\."/);
  });

  it('reads every event with its source, level and computer', () => {
    assert.deepEqual(
      x.events.map((e) => [e.eventId, e.source, e.level, e.computer]),
      [
        [2004, 'MSExchangeTransport', 'Information', 'EX01.contoso.com'],
        [2004, 'MSExchangeTransport', 'Information', 'EX01.contoso.com'],
      ],
    );
    assert.match(x.events[0]!.description, /^Send connector Outbound to Office 365 - 3f2a1c9e-0b1d-4e55-9a77-6a1f0c2b8d10: Message delivery was not successful\./);
    assert.ok(x.smtpResponses.some((r) => r.code === 454 && r.enhanced === '4.7.0' && r.chainStatus === 'UntrustedRoot'));
  });

  it('diagnoses the KB 2888788 situation first, with the user\'s own values', () => {
    assert.deepEqual(ruleErrors, []);
    assert.equal(results[0]!.rule.id, 'untrusted-cert-on-smtp');
    const commands = results[0]!.finding.steps.map((s) => s.command ?? '');
    assert.ok(
      commands.some((c) => c.includes("Set-SendConnector -Identity 'Outbound to Office 365 - 3f2a1c9e-0b1d-4e55-9a77-6a1f0c2b8d10'") &&
        c.includes('<I>CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US<S>CN=mail.contoso.com, O=Contoso Ltd, L=Redmond, S=Washington, C=US')),
      commands.join('\n'),
    );
    // Nothing else in a healthy-but-for-KB-2888788 collection is claimed as a receive-side fault.
    const others = results.slice(1).map((r) => r.rule.id);
    for (const id of ['receive-connector-tlscertname-stale', 'connector-fqdn-no-matching-cert', 'starttls-not-offered', 'cert-expired', 'internal-transport-cert-problem', 'root-ca-not-trusted', 'smtp-connectivity', 'not-tls-related']) {
      assert.ok(!others.includes(id), `${id} claimed the collection`);
    }
  });

  it('claims nothing on a healthy collection (connector pinned, no internal certificate, no queue, no event)', () => {
    const healthy = sample
      // the hybrid send connector pinned to the public certificate, as the wizard does
      .replace(
        /(Identity +: Outbound to Office 365[^]*?TlsCertificateName +:) ?/,
        '$1 <I>CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US<S>CN=mail.contoso.com, O=Contoso Ltd, L=Redmond, S=Washington, C=US',
      )
      // the internal-CA certificate removed
      .replace(/\r?\nThumbprint +: 9D1E4A6F2C3B5E7A8B9C0D1E2F3A4B5C6D7E8F90[^]*?NotAfter +: [^\r\n]*\r?\n/, '\r\n')
      // no queue in Retry, no event
      .replace(/(=== Queues in Retry on EX01 ===)[^]*?(?==== )/, '$1\r\n(none)\r\n\r\n')
      .replace(/(=== Transport events on EX01 \(last 7 days\) ===)[^]*$/, '$1\r\n(none)\r\n');
    const { facts: healthyFacts, results: healthyResults } = analyse(healthy, { now: NOW });
    assert.equal(healthyFacts.extracted.certificates.length, 4);
    assert.equal(healthyFacts.extracted.queueErrors.length, 0);
    assert.equal(healthyFacts.extracted.events.length, 0);
    assert.ok(healthyFacts.extracted.sendConnectors[0]!.tlsCertificateName?.startsWith('<I>CN=DigiCert'));
    assert.deepEqual(healthyResults.filter((r) => r.rule.severity === 'error').map((r) => r.rule.id), []);
  });
});
