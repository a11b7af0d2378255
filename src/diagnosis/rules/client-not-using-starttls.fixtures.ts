import type { RuleFixtureTable } from '../rule';

const POSTFIX_451 = 'Nov 26 10:12:01 relay01 postfix/smtp[2211]: 4F2A71C0B2: to=<j.tanaka@contoso.com>, relay=contoso-com.mail.protection.outlook.com[52.101.68.4]:25, delay=1.4, delays=0.08/0.01/0.9/0.41, dsn=4.7.3, status=deferred (host contoso-com.mail.protection.outlook.com[52.101.68.4] said: 451 5.7.3 STARTTLS is required to send mail [AM4PEPF00027A5C.eurprd04.prod.outlook.com 2026-11-26T10:12:01.512Z 08DE0C91D1E3A2B7] (in reply to MAIL FROM command))';
const NO_CERT_CHANGE = [/ExchangeCertificate|Set-SendConnector|Set-ReceiveConnector|Set-InboundConnector/];

export const fixtures: RuleFixtureTable = {
  recognise: [
    {
      name: 'Postfix relay deferred by Exchange Online with 451 5.7.3',
      input: `main.cf has smtp_tls_security_level = none\n${POSTFIX_451}`,
      commands: ["postconf -e 'smtp_tls_security_level = may'", 'openssl s_client -connect contoso-com.mail.protection.outlook.com:25 -starttls smtp'],
      forbiddenCommands: NO_CERT_CHANGE,
      data: { signal: 'relay-451', host: 'contoso-com.mail.protection.outlook.com', port: 25, mta: 'postfix' },
    },
    {
      name: 'Exim deferral',
      input: '2026-11-26 10:12:01 1rAbCd-000123-4F == j.tanaka@contoso.com R=dnslookup T=remote_smtp defer (-45) H=contoso-com.mail.protection.outlook.com [52.101.68.4]: SMTP error from remote mail server after MAIL FROM:<scanner@fabrikam.com> SIZE=2211: 451 5.7.3 STARTTLS is required to send mail [AM4PEPF00027A5C.eurprd04.prod.outlook.com]',
      data: { signal: 'relay-451', mta: 'exim' },
    },
    {
      name: 'openssl test with TLS on the submission port (wrong version number)',
      input: `$ openssl s_client -connect smtp.office365.com:587
CONNECTED(00000003)
40B7E3C1F47F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl/record/ssl3_record.c:354:
---
no peer certificate available`,
      commands: ['openssl s_client -connect smtp.office365.com:587 -starttls smtp -crlf'],
      data: { signal: 'implicit-tls', host: 'smtp.office365.com', port: 587 },
    },
    {
      name: '.NET SmtpClient without EnableSsl',
      input: `Send-MailMessage : The SMTP server requires a secure connection or the client was not authenticated. The server response was: 5.7.3 STARTTLS is required to send mail [TYCP286CA0061.JPNP286.PROD.OUTLOOK.COM 2026-11-26T01:02:03.456Z 08DE0C91D1E3A2B7]
At line:1 char:1
+ Send-MailMessage -SmtpServer smtp.office365.com -Port 587 -From scan@contoso.com -To it@contoso.com -Subject test
    + CategoryInfo          : InvalidOperation: (System.Net.Mail.SmtpClient:SmtpClient) [Send-MailMessage], SmtpException`,
      data: { signal: 'starttls-required', host: 'smtp.office365.com', port: 587 },
    },
    {
      name: 'appliance log: 454 4.7.0 Access Denied without a chain status asks for the relay log',
      input: 'relay appliance: delivery to contoso-com.mail.protection.outlook.com failed: 454 4.7.0 Failed to establish appropriate TLS channel: Access Denied',
      needs: ['TLS connection established'],
      data: { signal: 'access-denied-no-chain' },
    },
    {
      name: 'event 2004 from the hybrid connector with Access Denied and no chain status: low confidence, asks for the send log and inbound connector',
      input: 'Send connector Outbound to Office 365: Message delivery was not successful. The message with message ID <a1@EX01.contoso.com> was acknowledged with SMTP response 454 4.7.0 Failed to establish appropriate TLS channel: Access Denied.',
      top: false,
      needs: ['Certificate subject', 'Get-InboundConnector'],
      forbiddenCommands: [/postconf/],
      data: { signal: 'access-denied-exchange' },
    },
    {
      name: 'Postfix receiving from a printer that does not use STARTTLS',
      input: 'Nov 26 10:17:03 mx postfix/smtpd[811]: NOQUEUE: reject: MAIL from printer01.contoso.local[198.51.100.40]: 530 5.7.0 Must issue a STARTTLS command first; proto=ESMTP helo=<printer01>',
      data: { signal: 'relay-must-issue' },
    },
    {
      name: 'Go client speaking TLS to port 587',
      input: 'level=error msg="Notify for alerts failed" err="establish connection to server: tls: first record does not look like a TLS handshake" smtp_host=smtp.office365.com:587',
      data: { signal: 'implicit-tls', port: 587 },
    },
  ],
  reject: [
    { name: 'hybrid queue: Exchange itself got Must issue a STARTTLS command first', input: '451 4.4.0 Primary target IP address responded with: "451 5.7.3 Must issue a STARTTLS command first." Attempted failover to alternate host, but that did not succeed. Either there are no alternate hosts, or delivery failed to all alternate hosts.' },
    { name: 'Exchange Online to on-premises (receive connector side)', input: '450 4.4.317 Cannot connect to remote server [Message=451 5.7.3 STARTTLS is required to send mail [BN8NAM12FT053.eop-nam12.prod.protection.outlook.com 2026-11-26T02:00:00.000Z 08DE0C91D1E3A2B7]] [LastAttemptedServerName=mail.contoso.com] [LastAttemptedIP=203.0.113.5:25]' },
    { name: 'UntrustedRoot from the hybrid send connector', input: '454 4.7.0 Failed to establish appropriate TLS channel: UntrustedRoot: Access Denied' },
    { name: 'internal authentication (event 1035)', input: 'Event ID: 1035\nInbound authentication failed with error UnexpectedExchangeAuthBlobCheckForClockSkew for Receive connector Default Frontend EX01.\n454 4.7.0 Temporary authentication failure' },
    { name: 'Postfix delivered over TLS', input: 'Nov 26 10:16:40 relay01 postfix/smtp[2320]: Untrusted TLS connection established to contoso-com.mail.protection.outlook.com[52.101.68.4]:25: TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)\nNov 26 10:16:41 relay01 postfix/smtp[2320]: 5B0C81C0A1: to=<j.tanaka@contoso.com>, relay=contoso-com.mail.protection.outlook.com[52.101.68.4]:25, delay=1.1, dsn=2.6.0, status=sent (250 2.6.0 <20261126101640.5B0C81C0A1@relay01.contoso.com> [InternalId=1234567890] Queued mail for delivery)' },
    { name: 'Exchange send log: Must issue a STARTTLS with SocketError (TLS 1.2)', input: '2026-11-26T02:15:40.207Z,Outbound to Office 365,08DE0D3A1C2B5B10,7,10.0.0.8:15214,52.101.68.4:25,*,,TLS negotiation failed with error SocketError\n2026-11-26T02:15:40.300Z,Outbound to Office 365,08DE0D3A1C2B5B10,8,10.0.0.8:15214,52.101.68.4:25,<,451 5.7.3 Must issue a STARTTLS command first,' },
  ],
};
