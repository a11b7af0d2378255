import type { RuleFixtureTable } from '../rule';

const QUEUE = `Identity      : EX2012\\52
NextHopDomain : contoso.mail.onmicrosoft.com
Status        : Retry
MessageCount  : 12
LastError     : 421 4.4.2 Connection dropped due to SocketError`;
const SEND_LOG_ROW = '2026-11-26T02:15:40.207Z,Outbound to Office 365,08DE0D3A1C2B5B10,7,10.0.0.8:15214,52.101.68.4:25,*,,TLS negotiation failed with error SocketError';
const REG_QUERY = `C:\\>reg query "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client"

HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client
    DisabledByDefault    REG_DWORD    0x1
    Enabled    REG_DWORD    0x0`;
const ITEM_PROPERTY = `PSPath            : Microsoft.PowerShell.Core\\Registry::HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client
Enabled           : 0
DisabledByDefault : 1

PSPath            : Microsoft.PowerShell.Core\\Registry::HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server
Enabled           : 1
DisabledByDefault : 0`;
const ENABLE = "New-ItemProperty -Path $key -Name 'DisabledByDefault' -Value 0 -PropertyType DWord -Force";

export const fixtures: RuleFixtureTable = {
  recognise: [
    {
      name: 'queue LastError alone: asks for the registry, gives the change with a restart',
      input: QUEUE,
      needs: ['SCHANNEL\\Protocols\\TLS 1.2\\Client'],
      commands: [ENABLE, "New-ItemProperty -Path $net -Name 'SchUseStrongCrypto' -Value 1", 'Restart-Computer'],
      forbiddenCommands: [/ExchangeCertificate|Set-SendConnector|Set-ReceiveConnector/],
      data: { socketDrop: true },
    },
    {
      name: 'queue + send log row',
      input: `${QUEUE}\n${SEND_LOG_ROW}`,
      data: { socketDrop: true, tlsSocketError: true },
    },
    {
      name: 'Japanese doc wording',
      input: '送信できません。キューに 421 4.4.2 SocketError が原因で接続が切断されました と表示され、送信コネクタのログには エラー SocketError で TLS ネゴシエーションが失敗しました と記録されています。',
      data: { tlsSocketError: true },
    },
    {
      name: 'NDR + reg query showing TLS 1.2 client disabled',
      input: `Remote Server returned '421 4.4.2 Connection dropped due to SocketError'\n${REG_QUERY}`,
      commands: [ENABLE],
      data: { registry: { Client: 'disabled', Server: 'unknown' } },
    },
    {
      name: 'send log row + Get-ItemProperty output',
      input: `${SEND_LOG_ROW}\n${ITEM_PROPERTY}`,
      data: { registry: { Client: 'disabled', Server: 'enabled' } },
    },
    {
      name: 'forum wording: Exchange 2010 relaying to 2016 after patching',
      input: 'Mail flow stopped on the Exchange 2010 side with the error “421 4.4 2 connection dropped due to socket error” when relaying to Exchange 2016. This started after patching.',
      data: { socketDrop: true },
    },
    {
      name: 'hybrid queue: Exchange Online answered Must issue a STARTTLS command first (moderate, asks for registry and send log)',
      input: '451 4.4.0 Primary target IP address responded with: "451 5.7.3 Must issue a STARTTLS command first." Attempted failover to alternate host, but that did not succeed. Either there are no alternate hosts, or delivery failed to all alternate hosts.',
      needs: ['SCHANNEL\\Protocols\\TLS 1.2', 'Sending certificate'],
      data: { mustIssue: true, socketDrop: false },
    },
    {
      name: 'receive log rows only: moderate, asks for the registry',
      input: '2026-11-26T03:01:12.400Z,EX01\\Default Frontend EX01,08DE0D3A1C2B4F99,3,10.0.0.5:25,104.47.58.43:51514,*,,TLS negotiation failed with error SocketError',
      top: true,
      needs: ['SCHANNEL\\Protocols\\TLS 1.2\\Client'],
      data: { tlsSocketError: true },
    },
  ],
  reject: [
    {
      name: 'Exchange Online withheld STARTTLS in its EHLO answer (IP reputation, not TLS 1.2)',
      input: `451 4.4.0 Primary target IP address responded with: "451 5.7.3 Must issue a STARTTLS command first." Attempted failover to alternate host, but that did not succeed.
2013-12-06T21:54:52.001Z,Outbound to Office 365,08D0C0DE40C1BF74,4,10.0.0.5:64526,207.46.163.138:25,<,250-BL2FFO11FD012.mail.protection.outlook.com Hello [198.51.100.20],
2013-12-06T21:54:52.001Z,Outbound to Office 365,08D0C0DE40C1BF74,5,10.0.0.5:64526,207.46.163.138:25,<,250-SIZE 157286400,
2013-12-06T21:54:52.001Z,Outbound to Office 365,08D0C0DE40C1BF74,6,10.0.0.5:64526,207.46.163.138:25,<,250-PIPELINING,
2013-12-06T21:54:52.001Z,Outbound to Office 365,08D0C0DE40C1BF74,7,10.0.0.5:64526,207.46.163.138:25,<,250 8BITMIME,`,
    },
    { name: 'connection time-out, no TLS error', input: '451 4.4.0 Primary target IP address responded with: "421 4.4.1 Connection timed out." Attempted failover to alternate host, but that did not succeed.' },
    { name: 'SMTP AUTH client on TLS 1.0', input: '421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls' },
    { name: 'NoCredentials', input: 'TLS negotiation failed with error NoCredentials' },
  ],
};
