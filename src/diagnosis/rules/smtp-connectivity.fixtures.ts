import type { RuleFixtureTable } from '../rule';
import { CHANGES_CERTIFICATES_OR_CONNECTORS } from './not-tls-related.fixtures';

const forbiddenCommands = [CHANGES_CERTIFICATES_OR_CONNECTORS];

export const fixtures: RuleFixtureTable = {
  recognise: [
    {
      name: 'Exchange Online message trace 450 4.4.316 Connection refused (socket error 10061)',
      input: `Date                   Event          Detail
----                   -----          ------
11/25/2026 9:14:02 PM  Receive        Message received by: DB7PR04MB4321.eurprd04.prod.outlook.com
11/25/2026 9:19:10 PM  Defer          The message was deferred. Reason: 450 4.4.316 Connection refused [Message=Socket error code 10061] [LastAttemptedServerName=mail.contoso.com] [LastAttemptedIP=203.0.113.10:25]`,
      commands: ["Test-NetConnection -ComputerName 'mail.contoso.com' -Port 25"],
      forbiddenCommands,
      data: { kind: 'refused', host: 'mail.contoso.com' },
    },
    {
      name: 'on-premises queue: DNS query failed for the next hop',
      input: `Identity      : EX01\\31
DeliveryType  : DnsConnectorDelivery
NextHopDomain : fabrikam-partner.com
Status        : Retry
MessageCount  : 9
LastError     : 451 4.4.0 DNS query failed. The error was: DNS query failed with error ErrorRetry`,
      commands: ["Resolve-DnsName -Name 'fabrikam-partner.com' -Type MX"],
      forbiddenCommands,
      data: { kind: 'dns', domain: 'fabrikam-partner.com' },
    },
    {
      name: 'bare 421 4.4.1 Connection timed out to Exchange Online, no TLS error: moderate, asks for the verbose send log',
      input: `Identity      : EX01\\18
NextHopDomain : contoso.mail.onmicrosoft.com
Status        : Retry
MessageCount  : 212
LastError     : [{LED=451 4.4.395 Target host responded with error. -> 421 4.4.1 Connection timed out};{MSG=};{FQDN=contoso-com.mail.protection.outlook.com};{IP=52.101.68.2};{LRT=11/25/2026 10:41:03 AM}]`,
      commands: ["Test-NetConnection -ComputerName 'contoso-com.mail.protection.outlook.com' -Port 25"],
      needs: ['fl Name,ProtocolLoggingLevel; Get-TransportService | fl Identity,SendProtocolLogPath'],
      forbiddenCommands,
      data: { kind: 'timed-out', host: 'contoso-com.mail.protection.outlook.com' },
    },
    {
      name: 'Test-NetConnection output: TcpTestSucceeded False',
      input: `PS C:\\> Test-NetConnection -ComputerName contoso-com.mail.protection.outlook.com -Port 25
WARNING: TCP connect to (52.101.68.2 : 25) failed

ComputerName           : contoso-com.mail.protection.outlook.com
RemoteAddress          : 52.101.68.2
RemotePort             : 25
InterfaceAlias         : Ethernet0
SourceAddress          : 10.0.0.21
PingSucceeded          : True
TcpTestSucceeded       : False`,
      commands: ["Test-NetConnection -ComputerName 'contoso-com.mail.protection.outlook.com' -Port 25"],
      forbiddenCommands,
      data: { kind: 'no-route' },
    },
    {
      name: 'JA queue: 421 4.4.1 接続がタイムアウトしました (Japanese server wording), no TLS error',
      input: `Identity      : EX02\\9
NextHopDomain : contoso.mail.onmicrosoft.com
Status        : Retry
MessageCount  : 64
LastError     : 451 4.4.0 プライマリ ターゲット IP アドレスの応答: "421 4.4.1 接続がタイムアウトしました。代替ホストへのフェールオーバーが試行されましたが、成功しませんでした。"`,
      needs: ['fl Name,ProtocolLoggingLevel; Get-TransportService | fl Identity,SendProtocolLogPath'],
      forbiddenCommands,
      data: { kind: 'timed-out', domain: 'contoso.mail.onmicrosoft.com' },
    },
    {
      name: 'Exchange Online NDR 450 4.4.315 Connection timed out to on-premises',
      input: `Remote Server returned '550 4.4.7 QUEUE.Expired; message expired [Message=450 4.4.315 Connection timed out] [LastAttemptedServerName=mail.fabrikam.com] [LastAttemptedIP=198.51.100.7:25]'`,
      commands: ["Test-NetConnection -ComputerName 'mail.fabrikam.com' -Port 25"],
      forbiddenCommands,
      data: { kind: 'no-route', host: 'mail.fabrikam.com' },
    },
  ],
  reject: [
    {
      name: '421 4.4.1 Connection timed out together with NoCredentials (a private key problem)',
      input: `LastError : 451 4.4.0 Primary target IP address responded with: "421 4.4.1 Connection timed out." Attempted failover to alternate host, but that did not succeed.
2026-11-25T10:41:02.112Z,Outbound to Office 365,08DE1A2B3C4D5E6F,4,10.0.0.21:29533,52.101.68.2:25,*,,TLS negotiation failed with error NoCredentials`,
    },
    {
      name: '421 4.2.1 Unable to connect with UnknownCredentials',
      input: `LastError : 451 4.4.0 Primary target IP address responded with: "421 4.2.1 Unable to connect." Attempted failover to alternate host, but that did not succeed.
TLS negotiation failed with error UnknownCredentials`,
    },
    {
      name: '421 4.4.2 Connection dropped due to SocketError (TLS 1.2 disabled)',
      input: `LastError : 421 4.4.2 Connection dropped due to SocketError`,
    },
  ],
};
