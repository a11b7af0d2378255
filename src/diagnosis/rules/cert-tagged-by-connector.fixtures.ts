import type { RuleFixtureTable } from '../rule';

const OLD = '5C1F8E2A7B3D9C0E4F6A8B1D2C3E5F7A9B0C1D2E';
const NEW = 'D9E8F7A6B5C4D3E2F1A0B9C8D7E6F5A4B3C2D1E0';
const CONNECTOR = 'Outbound to Office 365 5a0d6a52-3f3e-4b0c-9a1d-0c2f1e4a8b77';
const ERROR = `Remove-ExchangeCertificate : A special Rpc error occurs on server EX01: These certificates are tagged with following Send Connectors : ${CONNECTOR}. Removing and replacing certificates from Send Connector would break the mail flow. If you still want to proceed then replace or remove these certificates from Send Connector and then try this command.
    + CategoryInfo          : NotSpecified: (:) [Remove-ExchangeCertificate], InvalidOperationException
    + FullyQualifiedErrorId : [Server=EX01,RequestId=2b9f0c1e-5d4a-4e3b-8c2d-1f0e9d8c7b6a,TimeStamp=11/26/2026 7:41:09 AM] [FailureCategory=Cmdlet-InvalidOperationException] 6A1C0F3E,Microsoft.Exchange.Management.SystemConfigurationTasks.RemoveExchangeCertificate
    + PSComputerName        : ex01.contoso.com`;
const RENEWED_LIST = `Thumbprint         : ${NEW}
Services           : IIS, SMTP
Subject            : CN=mail.contoso.com, O=Contoso Ltd, L=Seattle, S=Washington, C=US
Issuer             : CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US
RootCAType         : ThirdParty
Status             : Valid
NotAfter           : 10/3/2027 11:59:59 PM

Thumbprint         : ${OLD}
Services           : IIS, SMTP
Subject            : CN=mail.contoso.com, O=Contoso Ltd, L=Seattle, S=Washington, C=US
Issuer             : CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US
RootCAType         : ThirdParty
Status             : Valid
NotAfter           : 10/20/2026 11:59:59 PM`;

export const fixtures: RuleFixtureTable = {
  recognise: [
    {
      name: 'EMS error with the command that was run: follows the KB sequence with the real names',
      input: `[PS] C:\\Windows\\system32>Remove-ExchangeCertificate -Thumbprint ${OLD}\n${ERROR}`,
      commands: ['Stop-Service MSExchangeTransport', `Set-SendConnector -Identity '${CONNECTOR}' -TlsCertificateName $null`, `Remove-ExchangeCertificate -Server 'EX01' -Thumbprint ${OLD}`, 'Start-Service MSExchangeTransport'],
      needs: ["Get-ExchangeCertificate -Server 'EX01'"],
      data: { connectors: [CONNECTOR], server: 'EX01', oldThumbprint: OLD, newThumbprint: null },
    },
    {
      name: 'error + certificate list with the renewal: re-pins to the new thumbprint',
      input: `${ERROR}\n\n${RENEWED_LIST}`,
      commands: [`Remove-ExchangeCertificate -Server 'EX01' -Thumbprint ${OLD}`, `$c = Get-ExchangeCertificate -Thumbprint ${NEW}; Set-SendConnector -Identity '${CONNECTOR}' -TlsCertificateName "<I>$($c.Issuer)<S>$($c.Subject)"`],
      data: { oldThumbprint: OLD, newThumbprint: NEW },
    },
    {
      name: 'EAC error naming two connectors',
      input: 'Error: A special Rpc error occurs on server EX02: These certificates are tagged with following Send Connectors : Outbound to Office 365, Internet Mail EX02. Removing and replacing certificates from Send Connector would break the mail flow. If you still want to proceed then replace or remove these certificates from Send Connector and then try this command.',
      commands: ["Set-SendConnector -Identity 'Outbound to Office 365' -TlsCertificateName $null", "Set-SendConnector -Identity 'Internet Mail EX02' -TlsCertificateName $null"],
      data: { connectors: ['Outbound to Office 365', 'Internet Mail EX02'], server: 'EX02' },
    },
  ],
  reject: [
    { name: 'certificate not found on the server', input: "Remove-ExchangeCertificate : The certificate with thumbprint 5C1F8E2A7B3D9C0E4F6A8B1D2C3E5F7A9B0C1D2E was not found on server 'EX01'." },
    { name: 'send connector pin not found (454 4.7.5)', input: '454 4.7.5 The certificate specified in TlsCertificateName of the SendConnector could not be found.' },
    { name: 'internal transport certificate cannot be removed', input: 'Remove-ExchangeCertificate : The internal transport certificate cannot be removed because that would cause the Microsoft Exchange Transport service to stop. To replace the internal transport certificate, create a new certificate. The new certificate will automatically become the internal transport certificate. You can then remove the existing certificate.' },
  ],
};
