import type { RuleFixtureTable } from '../rule';
import { sample } from './sample';

const CONNECTOR = 'Outbound to Office 365 5a0d6a52-3f3e-4b0c-9a1d-0c2f1e4a8b77';
const NEW_CERT = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678';
const QUEUE = `Identity      : EX01\\31
NextHopDomain : contoso.mail.onmicrosoft.com
Status        : Retry
MessageCount  : 57
LastError     : [{LED=454 4.7.5 The certificate specified in TlsCertificateName of the SendConnector could not be found.};{MSG=};{FQDN=contoso-mail-onmicrosoft-com.mail.protection.outlook.com};{IP=52.101.68.4};{LRT=11/26/2026 9:12:33 AM}]`;
const connector = sample('send/connector-le-old-fl.txt');
const certs = sample('send/certs-le-renewed-fl.txt');

export const fixtures: RuleFixtureTable = {
  recognise: [
    {
      name: 'queue LastError alone asks for the connector and the certificate list',
      input: QUEUE,
      needs: ['Get-SendConnector | Where-Object {$_.CloudServicesMailEnabled} | fl Name,TlsCertificateName', 'Get-ExchangeCertificate | fl'],
      data: { connector: null, tlsCertificateName: null },
    },
    {
      name: "renewed Let's Encrypt certificate with a new intermediate: re-pins with the new issuer (quote doubled)",
      input: `${QUEUE}\n\n${connector}\n\n${certs}`,
      commands: [`Set-SendConnector -Identity '${CONNECTOR}' -TlsCertificateName '<I>CN=R11, O=Let''s Encrypt, C=US<S>CN=mail.contoso.com'`, "'EX01','EX02' | ForEach-Object { Get-ExchangeCertificate -Server $_ }", 'Retry-Queue'],
      forbiddenCommands: [/Remove-ExchangeCertificate/],
      data: { connector: CONNECTOR, missingFromList: true, replacementThumbprint: NEW_CERT, sourceServers: ['EX01', 'EX02'] },
    },
    {
      name: 'KB 3156771 wording in an NDR (Exchange 2013)',
      input: `Delivery has failed to these recipients or groups:
j.tanaka@contoso.mail.onmicrosoft.com
Diagnostic information for administrators:
Generating server: EX2013.contoso.com
j.tanaka@contoso.mail.onmicrosoft.com
Remote Server returned '454 4.7.5 the certificate specified in the tlscertificatename of the send connector could not be found.'`,
      needs: ['Get-ExchangeCertificate'],
    },
    {
      name: 'event 2004 text names the connector',
      input: `Log Name:      Application
Source:        MSExchangeTransport
Event ID:      2004
Task Category: SmtpSend
Level:         Information
Computer:      EX02.contoso.com
Description:
Send connector Outbound to Office 365: Message delivery was not successful. The message with message ID <a1b2c3@EX02.contoso.com> was acknowledged with SMTP response 454 4.7.5 The certificate specified in TlsCertificateName of the SendConnector could not be found.`,
      data: { connector: 'Outbound to Office 365' },
    },
    {
      name: 'no error: connector + certificate list of a source server that lacks the pinned certificate (warning)',
      input: `${connector}\n\n${certs}`,
      commands: ["'EX01','EX02' | ForEach-Object { Get-ExchangeCertificate -Server $_ }"],
      data: { missingFromList: true, replacementThumbprint: NEW_CERT },
    },
    {
      name: 'the named certificate is installed but RevocationCheckFailure',
      input: `${QUEUE}\n${sample('send/connector-pinned-fl.txt')}\n${sample('send/certs-relay-fl.txt').replace('Status             : Valid', 'Status             : RevocationCheckFailure')}`,
      commands: ['Get-ChildItem -Path \'Cert:\\LocalMachine\\My\\3F2A9C1D7E5B8A04C6D2E1F0A9B8C7D6E5F4A3B2\' | Test-Certificate'],
      data: { missingFromList: false, unusableStatus: 'RevocationCheckFailure' },
    },
  ],
  reject: [
    { name: 'connector + certificate list that holds the pinned certificate, no error', input: `${sample('send/connector-pinned-fl.txt')}\n${sample('send/certs-relay-fl.txt')}` },
    { name: 'untrusted root (KB 2888788)', input: '454 4.7.0 Failed to establish appropriate TLS channel: UntrustedRoot: Access Denied' },
    { name: 'certificate removal blocked by a send connector', input: "Remove-ExchangeCertificate : A special Rpc error occurs on server EX01: These certificates are tagged with following Send Connectors : Outbound to Office 365. Removing and replacing certificates from Send Connector would break the mail flow. If you still want to proceed then replace or remove these certificates from Send Connector and then try again." },
    { name: 'HCW RequiredTls error', input: 'Execution of the Set-HybridMailflow cmdlet had thrown an exception. This may indicate invalid parameters in your Hybrid Configuration settings. RequiredTls flag should be set to true if TlsCertificateName is specified.' },
  ],
};
