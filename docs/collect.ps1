<#
.SYNOPSIS
  Mailflow Doctor collector: gathers, in one paste, what Mailflow Doctor reads to diagnose
  Exchange hybrid TLS and certificate mail-flow failures.

.DESCRIPTION
  Run in the Exchange Management Shell on any Exchange server of the organisation:

      .\collect.ps1                      # prints to the console
      .\collect.ps1 | Set-Clipboard      # or copy it straight away
      .\collect.ps1 -Days 3 -Server EX01,EX02

  It gathers, per transport server: the certificates (the fields that decide which one Exchange
  presents), the receive connectors' TLS settings, the queues in Retry with their LastError and the
  recent transport events 2004, 12012-12016, 12018, 12023 and 12024; once for the organisation:
  the send connectors' TLS settings and each server's internal transport certificate thumbprint.

  READ-ONLY. It only runs Get-* cmdlets: it changes no certificate, connector, queue or setting.

  NOTHING SECRET. No private keys, no certificate files, no AccessRules (key permissions), no
  passwords or credentials are read or printed. The output does contain server names, host and
  domain names, IP addresses, certificate thumbprints and subjects, and event texts: review it
  before you share it outside your organisation.
#>
[CmdletBinding()]
param(
    # Transport servers to collect from (default: every server with a transport service).
    [string[]] $Server,
    # How many days of events to read.
    [ValidateRange(1, 30)] [int] $Days = 7
)

$ErrorActionPreference = 'Continue'
$width = 4096   # wide enough that Format-List never wraps a value

function Write-Section([string] $title) {
    Write-Output ''
    Write-Output "=== $title ==="
}

function Write-List($objects, [string[]] $properties) {
    if ($null -eq $objects -or @($objects).Count -eq 0) {
        Write-Output '(none)'
        return
    }
    $objects | Format-List -Property $properties | Out-String -Width $width | Write-Output
}

if (-not (Get-Command Get-ExchangeCertificate -ErrorAction SilentlyContinue)) {
    Write-Error 'Run this script in the Exchange Management Shell.'
    return
}

# Exchange 2013 and later: Get-TransportService; Exchange 2010: Get-TransportServer.
$transport = if (Get-Command Get-TransportService -ErrorAction SilentlyContinue) { 'Get-TransportService' } else { 'Get-TransportServer' }
if (-not $Server) { $Server = @(& $transport | ForEach-Object { $_.Name }) }

Write-Output "# Mailflow Doctor collection (collect.ps1 1.0), $((Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm')) UTC, servers: $($Server -join ', ')"
Write-Output '# Read-only; no private keys, AccessRules or passwords. Review before sharing outside your organisation.'

Write-Section 'Send connectors'
Write-List (Get-SendConnector) @('Identity', 'Name', 'AddressSpaces', 'SmartHosts', 'Fqdn', 'RequireTLS', 'TlsAuthLevel', 'TlsDomain', 'TlsCertificateName', 'CloudServicesMailEnabled', 'DNSRoutingEnabled', 'SourceTransportServers', 'Enabled')

Write-Section 'Internal transport certificates'
Write-List (& $transport | Where-Object { $Server -contains $_.Name }) @('Name', 'InternalTransportCertificateThumbprint')

foreach ($name in $Server) {
    Write-Section "Certificates on $name"
    Write-List (Get-ExchangeCertificate -Server $name) @('Thumbprint', 'FriendlyName', 'Subject', 'Issuer', 'CertificateDomains', 'Services', 'RootCAType', 'Status', 'IsSelfSigned', 'HasPrivateKey', 'NotBefore', 'NotAfter')

    Write-Section "Receive connectors on $name"
    Write-List (Get-ReceiveConnector -Server $name) @('Identity', 'Name', 'Fqdn', 'AuthMechanism', 'RequireTLS', 'TlsCertificateName', 'TlsDomainCapabilities', 'TransportRole', 'Bindings', 'PermissionGroups')

    Write-Section "Queues in Retry on $name"
    Write-List (Get-Queue -Server $name | Where-Object { $_.Status -eq 'Retry' -or $_.LastError }) @('Identity', 'NextHopDomain', 'Status', 'MessageCount', 'LastError')

    Write-Section "Transport events on $name (last $Days days)"
    # Exchange transport's own events only: other providers reuse these ids (2004 is also a Windows low-memory event).
    $filter = @{ LogName = 'Application'; ProviderName = 'MSExchangeTransport', 'MSExchangeFrontEndTransport'; Id = 2004, 12012, 12013, 12014, 12015, 12016, 12018, 12023, 12024; StartTime = (Get-Date).AddDays(-$Days) }
    try {
        $events = Get-WinEvent -ComputerName $name -FilterHashtable $filter -MaxEvents 40 -ErrorAction Stop
        Write-List $events @('TimeCreated', 'Id', 'ProviderName', 'LevelDisplayName', 'MachineName', 'Message')
    } catch {
        if ($_.FullyQualifiedErrorId -match 'NoMatchingEventsFound') { Write-Output '(none)' }
        else { Write-Output "(events could not be read: $($_.Exception.Message))" }
    }
}
