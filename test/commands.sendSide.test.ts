// The helper A command builders quote pasted values safely and build the documented commands.
import { strict as assert } from 'node:assert';
import { commands, shellHost } from '../src/diagnosis/commands';

describe('commands (send-side, administration, clients)', () => {
  it('quotes a connector name with a single quote and never lets it end the string', () => {
    assert.equal(
      commands.setInboundConnectorTlsSender("Inbound from O'Brien; Remove-Item C:\\", 'mail.contoso.com'),
      "Set-InboundConnector -Identity 'Inbound from O''Brien; Remove-Item C:\\' -TlsSenderCertificateName 'mail.contoso.com'",
    );
    assert.equal(commands.clearSendConnectorTlsName('Outbound to Office 365 $(whoami)'), "Set-SendConnector -Identity 'Outbound to Office 365 $(whoami)' -TlsCertificateName $null");
  });

  it('keeps only plain host names unquoted in shell commands', () => {
    assert.equal(shellHost('contoso-com.mail.protection.outlook.com'), 'contoso-com.mail.protection.outlook.com');
    assert.equal(shellHost('x; rm -rf /'), "'x; rm -rf /'");
    assert.equal(shellHost("a'b"), "'a'\\''b'");
    assert.equal(commands.opensslStarttls('smtp.office365.com', 587), 'openssl s_client -connect smtp.office365.com:587 -starttls smtp -crlf');
  });

  it('adds SMTP to the existing services without duplicates or odd values', () => {
    assert.equal(commands.enableSmtp('3f2a 9c1d7e5b8a04c6d2e1f0a9b8c7d6e5f4a3b2', ['IIS', 'smtp', 'IMAP', 'None', 'X;Y']), 'Enable-ExchangeCertificate -Thumbprint 3F2A9C1D7E5B8A04C6D2E1F0A9B8C7D6E5F4A3B2 -Services SMTP,IIS,IMAP');
    assert.equal(commands.enableSmtp('3F2A9C1D7E5B8A04C6D2E1F0A9B8C7D6E5F4A3B2', [], 'EX01'), "Enable-ExchangeCertificate -Server 'EX01' -Thumbprint 3F2A9C1D7E5B8A04C6D2E1F0A9B8C7D6E5F4A3B2 -Services SMTP");
  });

  it('imports a PFX with -FileData (not the removed -FileName) and its password', () => {
    const command = commands.importPfxWithKey('EX01');
    assert.match(command, /^Import-ExchangeCertificate -Server 'EX01' -FileData \(\[System\.IO\.File\]::ReadAllBytes\('C:\\cert\.pfx'\)\) -Password \(Get-Credential\)\.Password/);
    assert.doesNotMatch(command, /-FileName/);
  });

  it('sets TLS 1.2 client and server and .NET strong crypto, creating keys only when missing', () => {
    const script = commands.enableTls12();
    for (const side of ["'Client','Server'"]) assert.ok(script.includes(side));
    assert.match(script, /'Enabled' -Value 1/);
    assert.match(script, /'DisabledByDefault' -Value 0/);
    assert.match(script, /'SchUseStrongCrypto' -Value 1/);
    assert.match(script, /'SystemDefaultTlsVersions' -Value 1/);
    assert.match(script, /if \(-not \(Test-Path \$key\)\) \{ New-Item/);
  });

  it('lists certificates on each source server by name', () => {
    assert.equal(commands.certificatesOnServers(['EX01', "EX'02"]).split(' | ')[0], "'EX01','EX''02'");
  });
});
