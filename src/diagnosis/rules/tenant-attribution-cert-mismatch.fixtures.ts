import type { RuleFixtureTable } from '../rule';
import { sample } from './sample';

const INBOUND = 'Inbound from 2c6f0b3e-7d1a-4c55-9a0e-1f2d3c4b5a69';
const ndr = sample('send/ndr-tenantattribution.txt');
const inbound = sample('send/inbound-hybrid-fl.txt');
const sendLog = sample('send/nocredentials-send-log.txt').replace(/.*TLS negotiation failed.*\n/, '');
const pinned = sample('send/connector-pinned-fl.txt');

export const fixtures: RuleFixtureTable = {
  recognise: [
    {
      name: 'NDR alone asks for the EXO inbound connector and the send log',
      input: ndr,
      needs: ['Get-InboundConnector | fl Name,ConnectorType,ConnectorSource,TlsSenderCertificateName', 'SourceTransportServers', 'Certificate subject'],
      data: { tlsSenderCertificateName: null, presentedFrom: 'none' },
    },
    {
      name: 'NDR + send log subject + inbound connector with another name: sets TlsSenderCertificateName',
      input: `${ndr}\n${sendLog}\n${inbound}`,
      commands: [`Set-InboundConnector -Identity '${INBOUND}' -TlsSenderCertificateName 'mail.contoso.com'`, 'Get-AcceptedDomain'],
      forbiddenCommands: [/Set-SendConnector|Remove-ExchangeCertificate/],
      data: { mismatch: true, tlsSenderCertificateName: 'hybrid.contoso.com', presentedFrom: 'protocol-log', suggestedSenderName: 'mail.contoso.com' },
    },
    {
      name: 'Japanese doc wording + on-premises connector pin + inbound connector',
      input: `550 5.7.64 TenantAttribution;リレー アクセス拒否 SMTP。\n${pinned}\n${inbound}`,
      commands: [`-TlsSenderCertificateName 'mail.contoso.com'`],
      data: { mismatch: true, presentedFrom: 'connector' },
    },
    {
      name: 'chain not sent (KB 3212877): CAPI2 event 30 with 800B0109',
      input: `${ndr}\nLog Name: Microsoft-Windows-CAPI2/Operational\nEvent ID: 30\n<Result value="800B0109">A certificate chain processed, but terminated in a root certificate which is not trusted by the trust provider.</Result>`,
      commands: ['Import-Certificate -CertStoreLocation Cert:\\LocalMachine\\CA'],
      data: { chainNotSent: true },
    },
    {
      name: 'names match: points at the chain and the accepted domain',
      input: `${ndr}\n${sendLog}\n${inbound.replace('hybrid.contoso.com', '*.contoso.com')}`,
      top: true,
      commands: ['Test-Certificate', 'Get-AcceptedDomain'],
      data: { mismatch: false },
    },
    {
      name: 'IP-based on-premises inbound connector',
      input: `${ndr}\nName                         : Contoso relay by IP\nConnectorType                : OnPremises\nSenderIPAddresses            : {203.0.113.10}\nRestrictDomainsToIPAddresses : False\nTlsSenderCertificateName     :`,
      commands: ['Get-InboundConnector'],
      data: { inboundConnector: 'Contoso relay by IP', senderIPAddresses: ['203.0.113.10'] },
    },
  ],
  reject: [
    { name: 'ATTR36: certificate domain not accepted', input: "Remote Server returned '550 5.7.64 Relay Access Denied ATTR36. For more details please refer to: https://support.microsoft.com/kb/3169958'" },
    { name: 'TenantInboundAttribution (5.7.51)', input: "550 5.7.51 TenantInboundAttribution; There is a partner connector configured that matched the message's recipient domain. The connector had either the RestrictDomainsToIPAddresses or RestrictDomainsToCertificate set" },
    { name: 'wrong region ATTR35', input: '451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. For more information please go to https://go.microsoft.com/fwlink/?linkid=865268' },
  ],
};
