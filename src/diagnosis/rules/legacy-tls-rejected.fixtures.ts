import type { RuleFixtureTable } from '../rule';

const SIG = '421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls';
const NO_CERT_CHANGE = [/ExchangeCertificate|Set-SendConnector|Set-ReceiveConnector|Set-InboundConnector|Set-OutboundConnector/];

export const fixtures: RuleFixtureTable = {
  recognise: [
    { name: 'bare response from a device log', input: SIG, commands: ['Get-TransportConfig | fl AllowLegacyTLSClients', 'openssl s_client -connect smtp.office365.com:587 -starttls smtp'], forbiddenCommands: NO_CERT_CHANGE, data: { endpoint: 'smtp.office365.com' } },
    {
      name: '.NET SmtpClient exception from an application server',
      input: `System.Net.Mail.SmtpException: Service not available, closing transmission channel. The server response was: 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls [TYAPR01CA0123.jpnprd01.prod.outlook.com]
   at System.Net.Mail.SmtpTransport.GetConnection(ServicePoint servicePoint)
   at System.Net.Mail.SmtpClient.Send(MailMessage message)`,
      forbiddenCommands: NO_CERT_CHANGE,
    },
    {
      name: 'multifunction printer SMTP log (Japanese UI)',
      input: `送信エラー: スキャン to メール\nSMTP サーバー: smtp.office365.com ポート 587 (STARTTLS)\nサーバー応答: ${SIG}\nTLS バージョン: TLSv1`,
      forbiddenCommands: NO_CERT_CHANGE,
    },
  ],
  reject: [
    { name: 'client without STARTTLS (not a TLS version problem)', input: 'The server response was: 5.7.3 STARTTLS is required to send mail [TYCP286CA0061.JPNP286.PROD.OUTLOOK.COM]' },
    { name: 'SocketError on a hybrid send connector (TLS 1.2 disabled on Exchange)', input: '421 4.4.2 Connection dropped due to SocketError' },
    { name: 'SMTP AUTH disabled for the tenant', input: '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.' },
  ],
};
