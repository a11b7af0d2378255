import type { RuleFixtureTable } from '../rule';
import { sample } from './sample';

const THUMB = '3F2A9C1D7E5B8A04C6D2E1F0A9B8C7D6E5F4A3B2';
const sendLog = sample('send/nocredentials-send-log.txt');
const queue = sample('send/queue-timeout.txt');
const certs = sample('send/certs-nokey-fl.txt');
const connector = sample('send/connector-pinned-fl.txt');

export const fixtures: RuleFixtureTable = {
  recognise: [
    {
      name: 'queue 421 4.4.1 + verbose send log with NoCredentials names the thumbprint',
      input: `${queue}\n\n${sendLog}`,
      commands: [`Where-Object Thumbprint -eq '${THUMB}' | fl Thumbprint,HasPrivateKey`, `Where-Object Thumbprint -eq '${THUMB}' | Remove-Item`, 'Import-ExchangeCertificate', '-FileData ([System.IO.File]::ReadAllBytes(', '-Password (Get-Credential).Password', `Enable-ExchangeCertificate -Thumbprint ${THUMB} -Services SMTP`, 'Retry-Queue'],
      forbiddenCommands: [/-FileName/, /Remove-ExchangeCertificate/, /^(?!.*3F2A9C1D7E5B8A04C6D2E1F0A9B8C7D6E5F4A3B2).*Remove-Item/],
      data: { thumbprint: THUMB, foundIn: 'protocol-log' },
    },
    {
      name: 'send log + certificate list showing HasPrivateKey False (gives back IIS too)',
      input: `${sendLog}\n${certs}`,
      commands: [`Enable-ExchangeCertificate -Thumbprint ${THUMB} -Services SMTP,IIS`],
      data: { thumbprint: THUMB, hasPrivateKey: false },
    },
    {
      name: 'Japanese doc wording, no thumbprint: asks for the send log rows',
      input: 'キューに 421 4.4.1 接続がタイムアウトしました。代替ホストへのフェールオーバーが試行されましたが、成功しませんでした。\n送信コネクタのログ: エラー NoCredentials で TLS ネゴシエーションが失敗しました',
      needs: ['Sending certificate', 'Certificate thumbprint', '-ProtocolLoggingLevel Verbose'],
      commands: ['Get-ChildItem -Path Cert:\\LocalMachine\\My | fl Thumbprint,HasPrivateKey'],
      data: { thumbprint: null },
    },
    {
      name: 'hybrid Edge queue error + the one log line, with the pinned connector and key-less certificate',
      input: `LastError : 451 4.4.395 Target host responded with error. -> 421 4.4.1 Connection timed out\n2026-11-26T03:10:44.120Z,Outbound to Office 365 5a0d6a52-3f3e-4b0c-9a1d-0c2f1e4a8b77,08DE0D3A1C2B4F77,9,10.0.0.5:31120,52.101.68.4:25,*,,TLS negotiation failed with error NoCredentials\n${connector}\n${certs}`,
      // The list holds EX02's default self-signed certificate: it is EX02's list, so the fix runs there.
      commands: [`Where-Object Thumbprint -eq '${THUMB}'`, `Import-ExchangeCertificate -Server 'EX02'`, `Enable-ExchangeCertificate -Server 'EX02' -Thumbprint ${THUMB} -Services SMTP`],
      forbiddenCommands: [/-Server 'EX01' -(?:FileData|Thumbprint)/],
      data: { thumbprint: THUMB, foundIn: 'connector', hasPrivateKey: false },
    },
    {
      name: 'bare KB sentence',
      input: 'Messages to external domains are stuck in the queue and the send connector log shows: TLS negotiation failed with error NoCredentials',
      needs: ['Select-String'],
    },
    {
      name: 'certificate list alone: the public SMTP certificate has no private key (asks for the send log)',
      input: certs,
      needs: ['Sending certificate'],
      commands: [`Where-Object Thumbprint -eq '${THUMB}'`],
      data: { thumbprint: THUMB, foundIn: 'certificate-list', hasPrivateKey: false },
    },
  ],
  reject: [
    { name: 'UnknownCredentials (SMTP not enabled)', input: `${queue}\n2026-11-26T03:10:44.120Z,Outbound to Office 365,08DE0D3A1C2B4F77,9,10.0.0.5:31120,52.101.68.4:25,*,,TLS negotiation failed with error UnknownCredentials` },
    { name: 'timeout without any TLS error (connectivity)', input: queue },
    { name: 'SocketError (TLS 1.2 disabled)', input: '421 4.4.2 Connection dropped due to SocketError\nTLS negotiation failed with error SocketError' },
    {
      name: 'a key-less certificate that is not used for SMTP',
      input: certs.replace('Services           : IIS, SMTP', 'Services           : IIS').replace('HasPrivateKey      : False', 'HasPrivateKey      : False'),
    },
  ],
};
