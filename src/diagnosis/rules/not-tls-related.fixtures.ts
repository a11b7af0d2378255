import type { RuleFixtureTable } from '../rule';

/** Certificate- or connector-changing commands: none may appear for a non-TLS failure. */
export const CHANGES_CERTIFICATES_OR_CONNECTORS =
  /Set-SendConnector|Set-ReceiveConnector|Enable-ExchangeCertificate|Remove-ExchangeCertificate|Import-ExchangeCertificate|New-ExchangeCertificate|Set-InboundConnector|Set-OutboundConnector/i;
const forbiddenCommands = [CHANGES_CERTIFICATES_OR_CONNECTORS];

export const fixtures: RuleFixtureTable = {
  recognise: [
    {
      name: 'NDR 550 5.7.606 banned sending IP (Exchange Online reputation)',
      input: `Delivery has failed to these recipients or groups:
user@contoso.com
Your message couldn't be delivered. ...

Diagnostic information for administrators:
Generating server: mail.fabrikam.com
user@contoso.com
Remote Server returned '550 5.7.606 Access denied, banned sending IP [198.51.100.23]. To request removal from this list please visit https://sender.office.com/ and follow the directions. For more information please go to http://go.microsoft.com/fwlink/?LinkID=526655 AS(1430)'`,
      forbiddenCommands,
      data: { category: 'reputation', ip: '198.51.100.23' },
    },
    {
      name: 'queue LastError 550 5.7.1 blocked using Spamhaus',
      input: `Identity      : EX01\\23
NextHopDomain : fabrikam.de
Status        : Retry
MessageCount  : 4
LastError     : 550 5.7.1 Service unavailable; Client host [203.0.113.45] blocked using Spamhaus. To request removal from this list see https://www.spamhaus.org/query/ip/203.0.113.45 (AS3130). [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]`,
      forbiddenCommands,
      data: { category: 'reputation', ip: '203.0.113.45' },
    },
    {
      name: 'device SMTP AUTH 535 5.7.139 (tenant has SMTP AUTH disabled)',
      input: `2026-11-25 08:12:44 SMTP client log (scanner): 
> AUTH LOGIN
< 334 VXNlcm5hbWU6
< 535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. [TYCP286CA0005.JPNP286.PROD.OUTLOOK.COM]
MAIL FROM:<scanner@contoso.co.jp>`,
      commands: ['Get-TransportConfig | fl SmtpClientAuthenticationDisabled', "Get-CASMailbox -Identity 'scanner@contoso.co.jp'"],
      forbiddenCommands,
      data: { category: 'smtpAuth', mailbox: 'scanner@contoso.co.jp' },
    },
    {
      name: 'Send-MailMessage 5.7.57 client not authenticated',
      input: `Send-MailMessage : Mailbox unavailable. The server response was: 5.7.57 Client not authenticated to send mail. Error: 535 5.7.3 Authentication unsuccessful [SY5P282CA0123.AUSP282.PROD.OUTLOOK.COM]
At line:1 char:1
+ Send-MailMessage -SmtpServer smtp.office365.com -Port 587 -UseSsl -From app@contoso.com -To ops@contoso.com ...`,
      forbiddenCommands,
      data: { category: 'smtpAuth', mailbox: 'app@contoso.com' },
    },
    {
      name: 'wrong region 451 4.4.62 ATTR35 (JA doc wording and EN)',
      input: `キューの LastError:
451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. For more information please go to https://go.microsoft.com/fwlink/?linkid=865268
(451 4.4.62 間違ったOffice 365リージョンに送信されたメール。 ATTR35。)
NextHopDomain : contoso.mail.onmicrosoft.com`,
      commands: ["Resolve-DnsName -Name 'contoso.mail.onmicrosoft.com' -Type MX"],
      forbiddenCommands,
      data: { category: 'region', domain: 'contoso.mail.onmicrosoft.com' },
    },
    {
      name: '454 4.7.0 Temporary authentication failure with event 1035 (internal Exchange authentication)',
      input: `Log Name:      Application
Source:        MSExchangeFrontEndTransport
Event ID:      1035
Task Category: SmtpReceive
Level:         Warning
Computer:      EX01.contoso.com
Description:
Inbound authentication failed with error UnexpectedExchangeAuthBlobCheckForClockSkew for Receive connector Default Frontend EX01. The authentication mechanism is ExchangeAuth. The source IP address of the client who tried to authenticate to Microsoft Exchange is [10.0.0.12].

LastError : 451 4.4.0 Primary target IP address responded with: "454 4.7.0 Temporary authentication failure." Attempted failover to alternate host, but that did not succeed.`,
      commands: ['Test-ComputerSecureChannel', 'Get-WinEvent -FilterHashtable @{LogName=\'Application\'; Id=1035}'],
      forbiddenCommands,
      data: { category: 'internalAuth' },
    },
    {
      name: 'PRX5 temporary server error',
      input: `Remote Server returned '451 4.7.0 Temporary server error. Please try again later. PRX5 [AM6EUR05FT012.eop-eur05.prod.protection.outlook.com]'
Original recipient: alex@contoso.mail.onmicrosoft.com`,
      forbiddenCommands,
      data: { category: 'prx5' },
    },
    {
      name: 'Outlook.com block list S3150 (the sending network is listed)',
      input: `Remote Server returned '550 5.7.1 Unfortunately, messages from [203.0.113.45] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [AM4EUR03FT012.eop-EUR03.prod.protection.outlook.com]'`,
      forbiddenCommands,
      data: { category: 'reputation', ip: '203.0.113.45' },
    },
    {
      name: 'event 1035 LogonDenied on the Client Frontend connector (password guessing), no 454',
      input: `Log Name:      Application
Source:        MSExchangeFrontEndTransport
Event ID:      1035
Task Category: SmtpReceive
Level:         Warning
Computer:      EX01.contoso.com
Description:
Inbound authentication failed with error LogonDenied for Receive connector Client Frontend EX01. The authentication mechanism is Login. The source IP address of the client who tried to authenticate to Microsoft Exchange is [185.220.101.44].`,
      forbiddenCommands,
      data: { category: 'clientLogon' },
    },
  ],
  reject: [
    {
      name: '454 4.7.0 … UntrustedRoot (a certificate problem)',
      input: `Send connector Outbound to Office 365: Message delivery was not successful. The message with message ID <x@contoso.com> was acknowledged with SMTP response 454 4.7.0 Failed to establish appropriate TLS channel: UntrustedRoot: Access Denied.`,
    },
    {
      name: '451 5.7.3 STARTTLS is required (TLS, not SMTP AUTH)',
      input: `LED=450 4.4.317 Cannot connect to remote server [Message=451 5.7.3 STARTTLS is required to send mail]`,
    },
    {
      name: 'a clean connectivity failure (Winsock 10061)',
      input: `LastError : 451 4.4.0 Primary target IP address responded with: "Socket error code 10061." Attempted failover to alternate host, but that did not succeed. The last endpoint attempted was 203.0.113.10:25`,
    },
  ],
};
