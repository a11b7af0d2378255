import type { RuleFixtureTable } from '../rule';

export const fixtures: RuleFixtureTable = {
  recognise: [
    { name: 'a question with nothing pasted', input: 'hi, mail to Exchange Online is stuck since this morning, any idea?', needs: ['Get-ExchangeCertificate | fl', "Get-Queue | Where-Object {$_.Status -eq 'Retry'}", 'Get-WinEvent'], data: { extractedCounts: { events: 0, responses: 0, queues: 0, certificates: 0, connectors: 0, pems: 0 } } },
    { name: 'Japanese question only', input: 'ハイブリッド環境で Exchange Online へのメールが止まっています。どう調べればよいですか？', needs: ['Get-ExchangeCertificate | fl'] },
    { name: 'random binary-looking text', input: '\u0000\u0001\u0002\u00ff\u00fe garbage \u0003 ###', needs: ['Get-SendConnector'] },
    { name: 'a healthy 250 response only', input: '250 2.0.0 OK <abc@contoso.com> [Hostname=EX01.contoso.com]', needs: ['Get-ExchangeCertificate | fl'] },
  ],
  reject: [
    { name: 'the KB 2888788 error', input: '454 4.7.0 Failed to establish appropriate TLS channel: UntrustedRoot: Access Denied' },
    {
      name: 'a certificate list with public and internal SMTP certificates',
      input: 'Thumbprint : 7D3E1A90C4B5F6A7B8C9D0E1F2A3B4C5D6E7F809\nServices : SMTP\nSubject : CN=mail.contoso.com\nIssuer : CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US\nRootCAType : ThirdParty\n\nThumbprint : 2F9C4B8A1E3D5C7B9A0F2E4D6C8B0A1928374655\nServices : SMTP\nSubject : CN=mail.contoso.com\nIssuer : CN=contoso-DC01-CA, DC=contoso, DC=com\nRootCAType : Enterprise',
    },
  ],
};
