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

/** Thumbprint hex only, upper-case (for comparisons inside quoted strings). */
function normaliseThumbprint(thumbprint: string): string {
  return thumbprint.replace(/\s+/g, '').toUpperCase();
}

/** A host name or IP address safe to place in a shell command; anything else becomes a quoted literal. */
export function shellHost(host: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/.test(host) ? host : `'${host.replace(/'/g, "'\\''")}'`;
}

const CERT_FIELDS =
  'Thumbprint,Services,Subject,Issuer,CertificateDomains,RootCAType,Status,IsSelfSigned,NotAfter,HasPrivateKey';
const SEND_CONNECTOR_FIELDS =
  'Name,TlsCertificateName,Fqdn,RequireTLS,TlsAuthLevel,TlsDomain,SmartHosts,CloudServicesMailEnabled,AddressSpaces,SourceTransportServers';

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

  sendConnector: (name: string): string =>
    `Get-SendConnector -Identity ${psString(name)} | fl ${SEND_CONNECTOR_FIELDS}`,

  sendConnectorTlsNames: (): string => 'Get-SendConnector | fl Name,TlsCertificateName',

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
  /** KB 4495258: does Windows hold the private key of this certificate? */
  privateKeyCheck: (thumbprint: string): string =>
    `Get-ChildItem -Path Cert:\\LocalMachine\\My | Where-Object Thumbprint -eq ${psString(normaliseThumbprint(thumbprint))} | fl Thumbprint,HasPrivateKey,Subject,Issuer,NotAfter`,

  /** Every certificate in the computer's personal store with whether Windows holds its private key. */
  privateKeyCheckAll: (): string =>
    'Get-ChildItem -Path Cert:\\LocalMachine\\My | fl Thumbprint,HasPrivateKey,Subject,Issuer,NotAfter',

  /** KB 4495258: remove the key-less copy from the computer store (only with the PFX at hand). */
  removeFromPersonalStore: (thumbprint: string): string =>
    `Get-ChildItem -Path Cert:\\LocalMachine\\My | Where-Object Thumbprint -eq ${psString(normaliseThumbprint(thumbprint))} | Remove-Item`,

  /** Import a PFX that carries the private key (-FileName is gone since the 2022 H1 CUs). */
  importPfxWithKey: (server?: string, path = 'C:\\cert.pfx'): string =>
    `Import-ExchangeCertificate${server ? ` -Server ${psString(server)}` : ''} -FileData ([System.IO.File]::ReadAllBytes(${psString(path)})) -Password (Get-Credential).Password -PrivateKeyExportable $true`,

  /** Enable-ExchangeCertificate only adds services; answer No to "Overwrite the existing default SMTP certificate?". */
  enableSmtp: (thumbprint: string, keepServices: string[] = [], server?: string): string => {
    const services = Array.from(new Set(['SMTP', ...keepServices.map((s) => s.toUpperCase()).filter((s) => /^[A-Z]{2,12}$/.test(s) && s !== 'NONE')]));
    return `Enable-ExchangeCertificate${server ? ` -Server ${psString(server)}` : ''} -Thumbprint ${psThumbprint(thumbprint)} -Services ${services.join(',')}`;
  },

  /** The certificate rows of the latest send protocol logs on this server. */
  sendLogCertificateRows: (): string =>
    "$path = (Get-TransportService $env:COMPUTERNAME).SendProtocolLogPath.PathName; Get-ChildItem -Path $path -Filter *.log | Sort-Object LastWriteTime -Descending | Select-Object -First 3 | Select-String -Pattern 'Sending certificate','Certificate subject','Certificate issuer name','Certificate thumbprint','TLS negotiation failed','454 4.7','550 5.7' | Select-Object -Last 40 -ExpandProperty Line",

  /** KB 4051495: where each source server of the connector writes its send protocol log. */
  sourceServerLogPaths: (connector: string | undefined): string =>
    `(Get-SendConnector -Identity ${connector ? psString(connector) : '(Get-SendConnector | Where-Object {$_.CloudServicesMailEnabled} | Select-Object -First 1).Identity'}).SourceTransportServers | ForEach-Object { Get-TransportService $_.Name } | fl Name,SendProtocolLogPath`,

  certificatesOnServers: (servers: string[]): string =>
    servers.length > 0
      ? `${servers.map(psString).join(',')} | ForEach-Object { Get-ExchangeCertificate -Server $_ } | fl Identity,Thumbprint,Services,Subject,Issuer,Status,NotAfter,HasPrivateKey`
      : `Get-ExchangeCertificate | fl ${'Thumbprint,Services,Subject,Issuer,CertificateDomains,RootCAType,Status,IsSelfSigned,NotAfter,HasPrivateKey'}`,

  /** A literal TlsCertificateName value (as already configured, or built from a pasted issuer and subject). */
  setSendConnectorTlsName: (connector: string, value: string): string =>
    `Set-SendConnector -Identity ${psString(connector)} -TlsCertificateName ${psString(value)}`,

  clearSendConnectorTlsName: (connector: string): string =>
    `Set-SendConnector -Identity ${psString(connector)} -TlsCertificateName $null`,

  stopTransport: (): string => 'Stop-Service MSExchangeTransport',

  startTransport: (): string => 'Start-Service MSExchangeTransport',

  /** Exchange Online: the domain the on-premises certificate must carry for tenant attribution. */
  setInboundConnectorTlsSender: (connector: string | undefined, domain: string): string =>
    connector
      ? `Set-InboundConnector -Identity ${psString(connector)} -TlsSenderCertificateName ${psString(domain)}`
      : `Get-InboundConnector | Where-Object {$_.ConnectorType -eq 'OnPremises'} | Set-InboundConnector -TlsSenderCertificateName ${psString(domain)}`,

  /** Exchange Online: the tenant's accepted domains (certificate domain must be one of them since 2023-11). */
  acceptedDomains: (): string => 'Get-AcceptedDomain | fl DomainName,DomainType,Default',

  /** KB 3212877: put the intermediate CA certificate(s) into the Intermediate Certification Authorities store. */
  importIntermediate: (path = 'C:\\import\\intermediateca.cer'): string =>
    `Get-ChildItem -Path ${psString(path)} | Import-Certificate -CertStoreLocation Cert:\\LocalMachine\\CA`,

  /** KB 3062283: certificates the Hybrid Configuration Wizard can use for mail flow. */
  hybridCertificateCandidates: (): string =>
    'Get-ExchangeCertificate | Where-Object {$_.Services -match "SMTP" -and -not $_.IsSelfSigned} | fl Thumbprint,Services,CertificateDomains,IsSelfSigned,Subject,Issuer,NotAfter',

  tls12RegistryCheck: (): string =>
    "Get-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client','HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server' -ErrorAction SilentlyContinue | fl PSPath,Enabled,DisabledByDefault\n" +
    "Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319','HKLM:\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v4.0.30319' -ErrorAction SilentlyContinue | fl PSPath,SystemDefaultTlsVersions,SchUseStrongCrypto",

  /** CHANGES THE REGISTRY; takes effect only after a restart. TLS 1.2 client+server, .NET strong crypto. */
  enableTls12: (): string =>
    [
      "$tls12 = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2'",
      "foreach ($side in 'Client','Server') {",
      '  $key = "$tls12\\$side"',
      '  if (-not (Test-Path $key)) { New-Item -Path $key -Force | Out-Null }',
      "  New-ItemProperty -Path $key -Name 'Enabled' -Value 1 -PropertyType DWord -Force | Out-Null",
      "  New-ItemProperty -Path $key -Name 'DisabledByDefault' -Value 0 -PropertyType DWord -Force | Out-Null",
      '}',
      "foreach ($net in 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319','HKLM:\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v4.0.30319','HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v2.0.50727','HKLM:\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v2.0.50727') {",
      '  if (Test-Path $net) {',
      "    New-ItemProperty -Path $net -Name 'SystemDefaultTlsVersions' -Value 1 -PropertyType DWord -Force | Out-Null",
      "    New-ItemProperty -Path $net -Name 'SchUseStrongCrypto' -Value 1 -PropertyType DWord -Force | Out-Null",
      '  }',
      '}',
    ].join('\n'),

  restartServer: (): string => 'Restart-Computer',

  /** Exchange Online: is the opt-in for TLS 1.0/1.1 SMTP AUTH clients on? */
  legacyTlsClientsSetting: (): string => 'Get-TransportConfig | fl AllowLegacyTLSClients',

  allowLegacyTlsClients: (): string => 'Set-TransportConfig -AllowLegacyTLSClients $true',

  /** A STARTTLS test from a Linux/macOS host (OpenSSL); the host must be a plain DNS name or IP. */
  opensslStarttls: (host: string, port = 25): string =>
    `openssl s_client -connect ${shellHost(host)}:${Number.isInteger(port) ? port : 25} -starttls smtp -crlf`,

  /** Postfix: use STARTTLS whenever the remote offers it (Exchange Online always does). */
  postfixOpportunisticTls: (): string => "postconf -e 'smtp_tls_security_level = may' && postfix reload",

  postfixTlsSettings: (): string => 'postconf smtp_tls_security_level smtp_tls_wrappermode relayhost smtp_tls_loglevel',

  /** Postfix: did the sessions use TLS, and what did the remote answer? */
  postfixTlsLogLines: (): string =>
    "grep -E 'TLS connection established|SSL_connect|status=(deferred|bounced)' /var/log/mail.log | tail -n 40",

  // --- receive-side, either-direction and not-TLS builders (catalogue helper B) ---

  /** The receive connector fields the receiveConnector parser reads. */
  receiveConnectorsTls: (server?: string): string =>
    `Get-ReceiveConnector${server ? ` -Server ${psString(server)}` : ''} | fl Identity,Name,Fqdn,AuthMechanism,RequireTLS,TlsCertificateName,TlsDomainCapabilities,TransportRole,Bindings,PermissionGroups`,

  receiveConnectorTls: (identity: string): string =>
    `Get-ReceiveConnector -Identity ${psString(identity)} | fl Identity,Name,Fqdn,AuthMechanism,RequireTLS,TlsCertificateName,TlsDomainCapabilities,TransportRole,Bindings`,

  /** KB 2989382: clear a stale pin (then rerun the Hybrid Configuration Wizard). */
  clearReceiveConnectorTlsName: (identity: string): string =>
    `Set-ReceiveConnector -Identity ${psString(identity)} -TlsCertificateName $null`,

  pinReceiveConnectorByThumbprint: (identity: string, thumbprint: string): string =>
    `$c = Get-ExchangeCertificate -Thumbprint ${psThumbprint(thumbprint)}; ` +
    `Set-ReceiveConnector -Identity ${psString(identity)} -TlsCertificateName "<I>$($c.Issuer)<S>$($c.Subject)"`,

  /** AuthMechanism is replaced as a whole: pass what it had plus Tls. */
  addTlsAuthMechanism: (identity: string, existing: string[]): string => {
    const kept = existing.filter((m) => /^[A-Za-z]{2,40}$/.test(m) && !/^(?:None|Tls)$/i.test(m));
    return `Set-ReceiveConnector -Identity ${psString(identity)} -AuthMechanism ${['Tls', ...kept].join(',')}`;
  },

  transportEventsById: (ids: number[]): string =>
    `Get-WinEvent -FilterHashtable @{LogName='Application'; ProviderName='MSExchangeTransport','MSExchangeFrontEndTransport'; Id=${ids.filter((id) => Number.isInteger(id)).join(',')}} -MaxEvents 20 | fl TimeCreated,Id,ProviderName,LevelDisplayName,MachineName,Message`,

  /** Read-only: the chain Windows builds for the certificate, element by element, and its status. */
  chainElements: (thumbprint: string): string =>
    `$chain = New-Object System.Security.Cryptography.X509Certificates.X509Chain; ` +
    `$null = $chain.Build((Get-Item ${psString(`Cert:\\LocalMachine\\My\\${thumbprint.replace(/\s+/g, '').toUpperCase()}`)})); ` +
    `$chain.ChainElements | ForEach-Object { $_.Certificate } | fl Subject,Issuer,Thumbprint,NotAfter; $chain.ChainStatus | fl Status,StatusInformation`,

  /** Is the intermediate that issued the certificate in the Intermediate Certification Authorities store? */
  intermediateInStore: (issuer: string): string =>
    `Get-ChildItem -Path Cert:\\LocalMachine\\CA | Where-Object {$_.Subject -eq ${psString(issuer)}} | fl Subject,Issuer,Thumbprint,NotAfter`,

  expiredCaCertificates: (): string =>
    'Get-ChildItem -Path Cert:\\LocalMachine\\Root, Cert:\\LocalMachine\\AuthRoot, Cert:\\LocalMachine\\CA | Where-Object {$_.NotAfter -lt (Get-Date)} | fl PSParentPath,Subject,Issuer,Thumbprint,NotAfter',

  /** Exchange Online moves to DigiCert Global Root G2 (MC1224565). */
  digiCertGlobalRootG2: (): string =>
    "Get-ChildItem -Path Cert:\\LocalMachine\\Root | Where-Object {$_.Thumbprint -eq 'DF3C24F9BFD666761B268073FE06D1CC8D4F82A4'} | fl Subject,Thumbprint,NotAfter",

  rootAutoUpdatePolicy: (): string =>
    "Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Policies\\Microsoft\\SystemCertificates\\AuthRoot' -Name DisableRootAutoUpdate -ErrorAction SilentlyContinue; certutil -verifyctl AuthRoot | findstr /i \"lastsynctime\"",

  /** From outside (Linux/macOS): the chain the server sends after STARTTLS, certificate by certificate. */
  opensslShowChain: (host: string): string => `openssl s_client -connect ${shellHost(host)}:25 -starttls smtp -showcerts`,

  restartFrontEndTransport: (): string => 'Restart-Service MSExchangeFrontEndTransport',

  /** New self-signed certificate for internal transport (no -Force: answer the overwrite prompt yourself). */
  newInternalTransportCertificate: (server?: string): string => {
    const name = server ? psString(server) : '$env:COMPUTERNAME';
    return `New-ExchangeCertificate -Server ${name} -KeySize 2048 -PrivateKeyExportable $true -FriendlyName ${name} -DomainName ${name} -IncludeServerFQDN -Services SMTP`;
  },

  /** Exchange Online: the name its outbound connector expects on the on-premises certificate. */
  setOutboundConnectorTlsDomain: (connector: string, domain: string): string =>
    `Set-OutboundConnector -Identity ${psString(connector)} -TlsDomain ${psString(domain)}`,

  messageTraceDetail: (recipient?: string): string =>
    `Get-MessageTraceV2${recipient ? ` -RecipientAddress ${psString(recipient)}` : ''} -StartDate (Get-Date).AddDays(-2) -EndDate (Get-Date) | Where-Object {$_.Status -ne 'Delivered'} | Get-MessageTraceDetailV2 | fl Date,Event,Detail`,

  // not-TLS checks: read-only, never change a certificate or a connector
  testSmtpPort: (host: string): string => `Test-NetConnection -ComputerName ${psString(host)} -Port 25`,

  resolveMx: (domain: string): string => `Resolve-DnsName -Name ${psString(domain)} -Type MX`,

  resolveHost: (host: string): string => `Resolve-DnsName -Name ${psString(host)}`,

  queueNextHops: (): string =>
    "Get-Queue | Where-Object {$_.Status -eq 'Retry'} | fl Identity,NextHopDomain,Status,MessageCount,LastError",

  smtpAuthTenantSetting: (): string => 'Get-TransportConfig | fl SmtpClientAuthenticationDisabled',

  smtpAuthMailboxSetting: (mailbox: string): string =>
    `Get-CASMailbox -Identity ${psString(mailbox)} | fl SmtpClientAuthenticationDisabled`,

  smtpAuthDisabledMailboxes: (): string =>
    'Get-CASMailbox -ResultSize Unlimited | Where-Object {$_.SmtpClientAuthenticationDisabled -ne $null} | fl Identity,SmtpClientAuthenticationDisabled',

  secureChannel: (): string => 'Test-ComputerSecureChannel -Verbose; w32tm /query /status',

  authenticationEvents: (): string =>
    "Get-WinEvent -FilterHashtable @{LogName='Application'; Id=1035} -MaxEvents 10 | fl TimeCreated,Id,ProviderName,MachineName,Message",

  receiveConnectorAuth: (): string => 'Get-ReceiveConnector | fl Identity,AuthMechanism,PermissionGroups,Bindings,RemoteIPRanges',

  sendConnectorRouting: (): string => 'Get-SendConnector | fl Name,AddressSpaces,SmartHosts,DNSRoutingEnabled,SourceTransportServers',

  /** Read-only: whether verbose send logging is on, and where the SmtpSend logs are. */
  sendLogStatus: (connector: string | undefined): string =>
    (connector ? `Get-SendConnector -Identity ${psString(connector)}` : 'Get-SendConnector') +
    ' | fl Name,ProtocolLoggingLevel; Get-TransportService | fl Identity,SendProtocolLogPath',
};
