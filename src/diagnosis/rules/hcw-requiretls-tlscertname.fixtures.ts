import type { RuleFixtureTable } from '../rule';
import { sample } from './sample';

const HCW_LOG = `2026.11.26 04:12:55.611 *ERROR* 10339 [Client=UX, Page=Updating, Thread=14] Updating hybrid configuration failed with error 'Subtask Configure execution failed: Configure Mail Flow
Execution of the Set-HybridMailflow cmdlet had thrown an exception. This may indicate invalid parameters in your Hybrid Configuration settings.
RequiredTls flag should be set to true if TlsCertificateName is specified.
   at System.Management.Automation.PowerShell.EndInvoke(IAsyncResult asyncResult)`;
const PUBLIC = '3F2A9C1D7E5B8A04C6D2E1F0A9B8C7D6E5F4A3B2';

export const fixtures: RuleFixtureTable = {
  recognise: [
    { name: 'HCW log alone asks for the certificates', input: HCW_LOG, needs: ['Get-ExchangeCertificate | Where-Object'], data: { smtpCandidates: [] } },
    {
      name: 'HCW error + a list where the public certificate lacks SMTP: enables SMTP keeping its services',
      input: `${HCW_LOG}\n${sample('send/certs-smtp-missing-fl.txt')}`,
      commands: [`Enable-ExchangeCertificate -Thumbprint ${PUBLIC} -Services SMTP,IMAP,POP,IIS`],
      forbiddenCommands: [/Remove-ExchangeCertificate/],
      data: { smtpCandidates: [], publicWithoutSmtp: [PUBLIC], names: ['mail.contoso.com', 'autodiscover.contoso.com'] },
    },
    {
      name: 'wizard dialog text + a list with a usable SMTP certificate: names the FQDNs to choose',
      input: `HCW8064 - The HCW has completed, but was not able to perform the OAuth portion of your Hybrid configuration.\nSubtask Configure execution failed: Configure Mail Flow. Execution of the Set-HybridMailflow cmdlet had thrown an exception. RequiredTls flag should be set to true if TlsCertificateName is specified.\n${sample('send/certs-relay-fl.txt')}`,
      data: { smtpCandidates: [PUBLIC, '6E0B7A2C9D4F1E8B3A5C7D9E0F2A4B6C8D0E1F23'], names: ['mail.contoso.com', 'autodiscover.contoso.com', 'relay.contoso.com'] },
    },
    {
      name: 'Japanese narrative with the English wizard error',
      input: 'ハイブリッド構成ウィザードを実行すると、メール フローの構成で次のエラーになります。\nExecution of the Set-HybridMailflow cmdlet had thrown an exception. This may indicate invalid parameters in your Hybrid Configuration settings.\nRequiredTls flag should be set to true if TlsCertificateName is specified.',
      needs: ['Get-ExchangeCertificate | Where-Object'],
    },
  ],
  reject: [
    { name: 'send connector pin not found', input: '454 4.7.5 The certificate specified in TlsCertificateName of the SendConnector could not be found.' },
    { name: 'other HCW failure (OAuth)', input: 'HCW8064 - The HCW has completed, but was not able to perform the OAuth portion of your Hybrid configuration. If you need features that rely on OAuth, you can try running the HCW again or manually configure OAuth.' },
  ],
};
