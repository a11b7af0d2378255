import type { RuleFixtureTable } from '../rule';
import { sample } from './sample';

const SIG = "550 5.7.51 TenantInboundAttribution; There is a partner connector configured that matched the message's recipient domain. The connector had either the RestrictDomainsToIPAddresses or RestrictDomainsToCertificate set";
const NDR = `Delivery has failed to these recipients or groups:
sales@fabrikam.com
Diagnostic information for administrators:
Generating server: EX01.contoso.com
sales@fabrikam.com
Remote Server returned '${SIG}'`;
const inbound = sample('send/inbound-partner-cert-fl.txt');
const pinned = sample('send/connector-pinned-fl.txt');
const certs = sample('send/certs-relay-fl.txt');
const CONNECTOR = 'Outbound to Office 365 5a0d6a52-3f3e-4b0c-9a1d-0c2f1e4a8b77';

export const fixtures: RuleFixtureTable = {
  recognise: [
    {
      name: 'NDR alone asks for the inbound connectors and the send connector',
      input: NDR,
      needs: ['Get-InboundConnector | fl', 'Get-SendConnector | Where-Object {$_.CloudServicesMailEnabled}'],
      data: { restrictedConnectors: [], mismatch: false },
    },
    {
      name: 'certificate-restricted partner connector vs the pinned send connector: pins the certificate that carries the name',
      input: `${NDR}\n${inbound}\n${pinned}\n${certs}`,
      commands: [
        `Set-SendConnector -Identity '${CONNECTOR}' -TlsCertificateName '<I>CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US<S>CN=relay.contoso.com, O=Contoso Ltd, L=Seattle, S=Washington, C=US'`,
        "Set-InboundConnector -Identity 'Contoso on-premises relay' -TlsSenderCertificateName 'mail.contoso.com'",
        'Get-AcceptedDomain',
      ],
      data: { mismatch: true, tlsSenderCertificateName: 'relay.contoso.com', pinThumbprint: '6E0B7A2C9D4F1E8B3A5C7D9E0F2A4B6C8D0E1F23' },
    },
    {
      name: 'IP-restricted connector from a message tracking RecipientStatus',
      input: `RecipientStatus : {[{LRT=11/26/2026 8:02:11 AM};{LED=${SIG}};{FQDN=contoso-com.mail.protection.outlook.com};{IP=52.101.68.4}]}\n\nName                         : Scanner relay\nConnectorType                : Partner\nRestrictDomainsToIPAddresses : True\nRestrictDomainsToCertificate : False\nSenderIPAddresses            : {203.0.113.10}\nSenderDomains                : {smtp:*;1}`,
      commands: ['Get-InboundConnector'],
      data: { restrictedConnectors: ['Scanner relay'] },
    },
    {
      name: 'Japanese Outlook NDR with the partner connector restricted by certificate',
      input: `配信できませんでした。\n管理者向けの診断情報:\n生成サーバー: EX01.contoso.com\nsales@fabrikam.com\nリモート サーバーから '${SIG}' が返されました\n\n${inbound}`,
      data: { restrictedConnectors: ['Contoso on-premises relay'], tlsSenderCertificateName: 'relay.contoso.com' },
    },
  ],
  reject: [
    { name: 'IP reputation block', input: "550 5.7.606 Access denied, banned sending IP [203.0.113.10]. To request removal from this list please visit https://sender.office.com/ and follow the directions." },
    { name: 'TenantAttribution 5.7.64', input: sample('send/ndr-tenantattribution.txt') },
    { name: 'ATTR36', input: '550 5.7.64 Relay Access Denied ATTR36. For more details please refer to: https://support.microsoft.com/kb/3169958' },
  ],
};
