// Every PowerShell command shown to users is built here, so quoting is done once and right.
// Values from the paste go into single-quoted strings with embedded single quotes doubled;
// nothing pasted is ever placed where PowerShell would expand or execute it.

/** A PowerShell single-quoted string literal. */
export function psString(value: string): string {
  // PowerShell also treats the typographic single quotes as quote characters.
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}

/** A thumbprint as PowerShell accepts it: hex only, upper-case, otherwise a quoted string. */
export function psThumbprint(thumbprint: string): string {
  const hex = thumbprint.replace(/\s+/g, '').toUpperCase();
  return /^[0-9A-F]{40}$/.test(hex) ? hex : psString(thumbprint);
}

/** The `<I>issuer<S>subject` identifier the Hybrid Configuration Wizard writes. */
export function tlsCertificateName(issuer: string, subject: string): string {
  return `<I>${issuer}<S>${subject}`;
}

const CERT_FIELDS =
  'Thumbprint,Services,Subject,Issuer,CertificateDomains,RootCAType,Status,IsSelfSigned,NotAfter,HasPrivateKey';
const SEND_CONNECTOR_FIELDS =
  'Name,TlsCertificateName,Fqdn,RequireTLS,TlsAuthLevel,TlsDomain,SmartHosts,CloudServicesMailEnabled,AddressSpaces,SourceTransportServers';
const RECEIVE_CONNECTOR_FIELDS = 'Identity,Fqdn,TlsCertificateName,AuthMechanism,RequireTLS,TlsDomainCapabilities';

export const commands = {
  listCertificates: (): string => `Get-ExchangeCertificate | fl ${CERT_FIELDS}`,

  listCertificatesOnServer: (server: string): string =>
    `Get-ExchangeCertificate -Server ${psString(server)} | fl ${CERT_FIELDS}`,

  certificate: (thumbprint: string): string =>
    `Get-ExchangeCertificate -Thumbprint ${psThumbprint(thumbprint)} | fl ${CERT_FIELDS}`,

  certificateServices: (thumbprint: string): string =>
    `Get-ExchangeCertificate -Thumbprint ${psThumbprint(thumbprint)} | fl Thumbprint,Services,Subject,Issuer`,

  /** "The first certificate returned is the certificate that Exchange selects." */
  certificatesForDomain: (fqdn: string): string =>
    `Get-ExchangeCertificate -DomainName ${psString(fqdn)} | fl ${CERT_FIELDS}`,

  hybridSendConnectors: (): string =>
    `Get-SendConnector | Where-Object {$_.CloudServicesMailEnabled} | fl ${SEND_CONNECTOR_FIELDS}`,

  allSendConnectors: (): string => `Get-SendConnector | fl ${SEND_CONNECTOR_FIELDS}`,

  sendConnector: (name: string): string =>
    `Get-SendConnector -Identity ${psString(name)} | fl ${SEND_CONNECTOR_FIELDS}`,

  sendConnectorTlsNames: (): string => 'Get-SendConnector | fl Name,TlsCertificateName',

  receiveConnectors: (): string => `Get-ReceiveConnector | fl ${RECEIVE_CONNECTOR_FIELDS}`,

  frontendReceiveConnector: (server: string): string =>
    `Get-ReceiveConnector -Identity ${psString(`${server}\\Default Frontend ${server}`)} | fl ${RECEIVE_CONNECTOR_FIELDS}`,

  /** Pin a send connector to one certificate, with the literal issuer and subject from the paste. */
  pinSendConnector: (connector: string | undefined, issuer: string, subject: string): string => {
    const value = psString(tlsCertificateName(issuer, subject));
    return connector
      ? `Set-SendConnector -Identity ${psString(connector)} -TlsCertificateName ${value}`
      : `Get-SendConnector | Where-Object {$_.CloudServicesMailEnabled} | Set-SendConnector -TlsCertificateName ${value}`;
  },

  /** Pin by thumbprint when the issuer/subject were not pasted (table form): read them on the server. */
  pinSendConnectorByThumbprint: (connector: string | undefined, thumbprint: string): string => {
    const target = connector
      ? `Set-SendConnector -Identity ${psString(connector)}`
      : 'Get-SendConnector | Where-Object {$_.CloudServicesMailEnabled} | Set-SendConnector';
    return (
      `$c = Get-ExchangeCertificate -Thumbprint ${psThumbprint(thumbprint)}; ` +
      `${target} -TlsCertificateName "<I>$($c.Issuer)<S>$($c.Subject)"`
    );
  },

  pinReceiveConnector: (identity: string, issuer: string, subject: string): string =>
    `Set-ReceiveConnector -Identity ${psString(identity)} -TlsCertificateName ${psString(tlsCertificateName(issuer, subject))}`,

  enableSmtp: (thumbprint: string, keepServices: string[] = []): string => {
    const services = Array.from(new Set(['SMTP', ...keepServices.map((s) => s.toUpperCase())]));
    return `Enable-ExchangeCertificate -Thumbprint ${psThumbprint(thumbprint)} -Services ${services.join(',')}`;
  },

  removeCertificate: (thumbprint: string, server?: string): string =>
    server
      ? `Remove-ExchangeCertificate -Server ${psString(server)} -Thumbprint ${psThumbprint(thumbprint)}`
      : `Remove-ExchangeCertificate -Thumbprint ${psThumbprint(thumbprint)}`,

  retryQueues: (): string =>
    "Get-Queue -ResultSize Unlimited | Where-Object {$_.Status -eq 'Retry'} | Retry-Queue",

  retryQueuesList: (): string =>
    "Get-Queue | Where-Object {$_.Status -eq 'Retry'} | fl Identity,NextHopDomain,MessageCount,LastError",

  verboseSendLogging: (connector: string | undefined): string =>
    connector
      ? `Set-SendConnector -Identity ${psString(connector)} -ProtocolLoggingLevel Verbose`
      : 'Get-SendConnector | Where-Object {$_.CloudServicesMailEnabled} | Set-SendConnector -ProtocolLoggingLevel Verbose',

  protocolLogPaths: (): string => 'Get-TransportService | fl Identity,SendProtocolLogPath,ReceiveProtocolLogPath',

  transportEvents: (): string =>
    "Get-WinEvent -FilterHashtable @{LogName='Application'; ProviderName='MSExchangeTransport','MSExchangeFrontEndTransport'; Id=2004,12014,12016,12018,12023} -MaxEvents 20 | fl TimeCreated,Id,ProviderName,Message",

  internalTransportCertificate: (server?: string): string =>
    `Get-TransportService${server ? ` -Identity ${psString(server)}` : ''} | fl Name,InternalTransportCertificateThumbprint`,

  inboundConnectors: (): string =>
    'Get-InboundConnector | fl Name,ConnectorType,ConnectorSource,TlsSenderCertificateName,RequireTls,RestrictDomainsToCertificate,RestrictDomainsToIPAddresses,SenderIPAddresses',

  outboundConnectors: (): string =>
    'Get-OutboundConnector | fl Name,TlsSettings,TlsDomain,SmartHosts,UseMXRecord,RecipientDomains,IsValidated',

  testChain: (thumbprint: string): string =>
    `Get-ChildItem -Path ${psString(`Cert:\\LocalMachine\\My\\${thumbprint.replace(/\s+/g, '').toUpperCase()}`)} | Test-Certificate -Policy SSL | fl`,

  /** A request for a public CA; the request text is printed for you to submit. */
  certificateRequest: (fqdn: string): string =>
    `New-ExchangeCertificate -GenerateRequest -SubjectName ${psString(`CN=${fqdn}`)} -DomainName ${psString(fqdn)} -PrivateKeyExportable $true`,

  /** Completes a pending request (or imports a PFX: add -Password (Get-Credential).Password). */
  importCertificate: (path = 'C:\\certs\\issued.cer'): string =>
    `Import-ExchangeCertificate -FileData ([System.IO.File]::ReadAllBytes(${psString(path)}))`,

  // --- send-side, administration and client builders (catalogue helper A) ---

  // --- receive-side, either-direction and not-TLS builders (catalogue helper B) ---
};
