import type { RuleFixtureTable } from '../rule';
import { sample } from './sample';

const THUMB = '3F2A9C1D7E5B8A04C6D2E1F0A9B8C7D6E5F4A3B2';
const sendLog = sample('send/nocredentials-send-log.txt').replace('NoCredentials', 'UnknownCredentials');
const queue = sample('send/queue-timeout.txt');
const certs = sample('send/certs-smtp-missing-fl.txt');
const connector = sample('send/connector-pinned-fl.txt');
const UNKNOWN_ROW = '2026-11-26T05:02:17.903Z,Outbound to Office 365 5a0d6a52-3f3e-4b0c-9a1d-0c2f1e4a8b77,08DE0D3A1C2B4F90,13,10.0.0.5:40211,52.101.68.4:25,*,,TLS negotiation failed with error UnknownCredentials';

export const fixtures: RuleFixtureTable = {
  recognise: [
    {
      name: 'Exchange 2010 table (6 service flags) after a renewal that bound only IMAP and POP: a candidate to confirm',
      input: 'Thumbprint                                Services   Subject\n----------                                --------   -------\n90158F1DC655C04E65E91198EA507562A837ECC4  IP....     CN=mail.contoso.com\n7CC1A6A8C7151C6E7D8079030334B4C8353CE67C  ....S.     CN=EX2010',
      commands: ['Enable-ExchangeCertificate -Thumbprint 90158F1DC655C04E65E91198EA507562A837ECC4 -Services'],
      data: { thumbprint: '90158F1DC655C04E65E91198EA507562A837ECC4', foundIn: 'table-candidate' },
    },
    {
      name: 'queue time-out + send log + certificate list: enables SMTP keeping IMAP, POP, IIS',
      input: `${queue}\n${sendLog}\n${certs}`,
      commands: [`Enable-ExchangeCertificate -Thumbprint ${THUMB} -Services SMTP,IMAP,POP,IIS`, `Get-ExchangeCertificate -Thumbprint ${THUMB} | fl Thumbprint,Services`, 'Retry-Queue'],
      forbiddenCommands: [/-Force/, /Remove-ExchangeCertificate/],
      data: { thumbprint: THUMB, foundIn: 'protocol-log', services: ['IMAP', 'POP', 'IIS'] },
    },
    {
      name: 'community variant 421 4.2.1 Unable to connect + the log sentence: asks for the rows',
      input: '451 4.4.0 Primary target IP address responded with: "421 4.2.1 Unable to connect." Attempted failover to alternate host, but that did not succeed.\nTLS negotiation failed with error UnknownCredentials.',
      needs: ['Certificate thumbprint', 'Get-ExchangeCertificate | fl'],
      data: { thumbprint: null },
    },
    {
      name: 'pinned connector + certificate list + one log row (certificate found through the connector)',
      input: `${UNKNOWN_ROW}\n${connector}\n${certs}`,
      // Two source servers: the command names the server whose list was pasted.
      commands: [`Enable-ExchangeCertificate -Server 'EX01' -Thumbprint ${THUMB} -Services SMTP,IMAP,POP,IIS`],
      data: { thumbprint: THUMB, foundIn: 'connector' },
    },
    {
      name: 'Japanese doc wording with the certificate list',
      input: `421 4.4.1 接続がタイムアウトしました。\nエラー UnknownCredentials で TLS ネゴシエーションが失敗しました\n${certs}`,
      commands: [`Enable-ExchangeCertificate -Thumbprint ${THUMB} -Services SMTP,IMAP,POP,IIS`],
      data: { thumbprint: THUMB, foundIn: 'certificate-list' },
    },
    {
      name: 'default table view: the only DNS-named certificate without SMTP is the candidate (confirm with the send log)',
      input: `TLS negotiation failed with error UnknownCredentials

Thumbprint                                Services   Subject
----------                                --------   -------
${THUMB}  IP.W...    CN=mail.contoso.com, O=Contoso Ltd, L=Seattle, S=Washington, C=US
91E4C2B7A0D3F5E8C1B6A9D2E7F0C3B8A5D1E6F4  ....S..    CN=EX01
4CE834243B37D27F29379287D3DED6294935EB2D  ....S..    CN=Microsoft Exchange Server Auth Certificate`,
      commands: [`Enable-ExchangeCertificate -Thumbprint ${THUMB} -Services SMTP,IMAP,POP,IIS`],
      needs: ['Certificate thumbprint'],
      data: { thumbprint: THUMB, foundIn: 'table-candidate' },
    },
  ],
  reject: [
    { name: 'NoCredentials (private key missing)', input: `${queue}\n${sample('send/nocredentials-send-log.txt')}` },
    { name: 'time-out alone', input: queue },
    { name: 'untrusted root 454 4.7.0 with a list lacking SMTP on the public certificate', input: `454 4.7.0 Failed to establish appropriate TLS channel: UntrustedRoot: Access Denied\n${certs}` },
  ],
};
