import type { RuleFixtureTable } from '../rule';

export const fixtures: RuleFixtureTable = {
  recognise: [
    {
      name: 'Status DateInvalid while NotAfter is next year: the chain runs through an expired cross-signed root',
      input: `[PS] C:\\>Get-ExchangeCertificate -Thumbprint 3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E | fl

AccessRules        : {System.Security.AccessControl.CryptoKeyAccessRule, System.Security.AccessControl.CryptoKeyAccessRule,
                     System.Security.AccessControl.CryptoKeyAccessRule}
CertificateDomains : {mail.contoso.com, autodiscover.contoso.com}
HasPrivateKey      : True
IsSelfSigned       : False
Issuer             : CN=Sectigo RSA Domain Validation Secure Server CA, O=Sectigo Limited, L=Salford, S=Greater Manchester, C=GB
NotAfter           : 6/30/2027 11:59:59 PM
NotBefore          : 6/1/2026 12:00:00 AM
PublicKeySize      : 2048
RootCAType         : ThirdParty
SerialNumber       : 6C1B3D0B3A4F5E6D7C8B9A0F1E2D3C4B
Services           : IIS, SMTP
Status             : DateInvalid
Subject            : CN=mail.contoso.com
Thumbprint         : 3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E`,
      commands: ['Where-Object {$_.NotAfter -lt (Get-Date)}', "Get-Item 'Cert:\\LocalMachine\\My\\3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E'"],
      forbiddenCommands: [/Remove-ExchangeCertificate/i],
      data: { cause: 'expired-root', thumbprint: '3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E' },
    },
    {
      name: 'Test-Certificate: untrusted root, and the certificate shows Status Untrusted',
      input: `PS C:\\> Get-ChildItem Cert:\\LocalMachine\\My\\A1B2C3D4E5F60718293A4B5C6D7E8F9012345678 | Test-Certificate -Policy SSL
WARNING: Chain status:
        CERT_TRUST_IS_UNTRUSTED_ROOT
Test-Certificate : A certificate chain processed, but terminated in a root certificate which is not trusted by the trust
provider. 0x800b0109 (-2146762487 CERT_E_UNTRUSTEDROOT)

Thumbprint         : A1B2C3D4E5F60718293A4B5C6D7E8F9012345678
Services           : IIS, SMTP
Subject            : CN=mail.contoso.com
Issuer             : CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US
RootCAType         : Unknown
Status             : Untrusted
IsSelfSigned       : False
NotAfter           : 4/2/2027 11:59:59 PM`,
      commands: ["Get-ChildItem -Path Cert:\\LocalMachine\\Root | Where-Object {$_.Thumbprint -eq 'DF3C24F9BFD666761B268073FE06D1CC8D4F82A4'}", 'DisableRootAutoUpdate'],
      data: { cause: 'untrusted-root', thumbprint: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678' },
    },
    {
      name: 'message trace Pending after a certificate change; the public certificate shows RootCAType Registry on this server',
      input: `Get-MessageTrace -RecipientAddress bob@contoso.com | fl Received,SenderAddress,RecipientAddress,Status
Received         : 11/25/2026 6:40:12 AM
SenderAddress    : carol@contoso.onmicrosoft.com
RecipientAddress : bob@contoso.com
Status           : Pending

[PS] C:\\>Get-ExchangeCertificate -Server CAS01 | fl Thumbprint,Services,Subject,Issuer,RootCAType,Status,NotAfter
Thumbprint : 0A1B2C3D4E5F60718293A4B5C6D7E8F901234567
Services   : IMAP, POP, IIS, SMTP
Subject    : CN=mail.contoso.com, OU=IT, O=Contoso Ltd, L=Tokyo, C=JP
Issuer     : CN=GeoTrust RSA CA 2018, OU=www.digicert.com, O=DigiCert Inc, C=US
RootCAType : Registry
Status     : Valid
NotAfter   : 3/31/2027 11:59:59 PM`,
      commands: ["'Cert:\\LocalMachine\\My\\0A1B2C3D4E5F60718293A4B5C6D7E8F901234567'"],
      data: { cause: 'registry-store', thumbprint: '0A1B2C3D4E5F60718293A4B5C6D7E8F901234567' },
    },
    {
      name: 'root auto-update disabled by policy, with Exchange Online deferring',
      input: `Remote Server returned '450 4.4.317 Cannot connect to remote server [Message=UntrustedRoot] [LastAttemptedServerName=mail.contoso.com]'

PS C:\\> Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Policies\\Microsoft\\SystemCertificates\\AuthRoot' -Name DisableRootAutoUpdate
DisableRootAutoUpdate : 1
PSPath                : Microsoft.PowerShell.Core\\Registry::HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\SystemCertificates\\AuthRoot`,
      commands: ["certutil -verifyctl AuthRoot"],
      data: { cause: 'auto-update' },
    },
    {
      name: 'certutil untrusted root with a Schannel 36882 event beside it (supporting evidence only)',
      input: `CertUtil: -verify command FAILED: 0x800b0109 (-2146762487 CERT_E_UNTRUSTEDROOT)
CertUtil: A certificate chain processed, but terminated in a root certificate which is not trusted by the trust provider.

Log Name:      System
Source:        Schannel
Date:          11/25/2026 9:01:12 AM
Event ID:      36882
Task Category: None
Level:         Error
Computer:      EX01.contoso.com
Description:
The certificate received from the remote server was issued by an untrusted certificate authority. Because of this, none of the data contained in the certificate can be validated. The TLS connection request has failed. The attached data contains the server certificate.`,
      needs: ['Get-ExchangeCertificate'],
      data: { cause: 'untrusted-root', thumbprint: null },
    },
    {
      name: 'Exchange Online connector validation: 454 4.7.5 Certificate Validation Failure after years without root updates',
      input: `Validate connector "Outbound to 3f2a1c9e-0b1d-4e55-9a77-6a1f0c2b8d10" failed:
Send to: administrator@contoso.com
Error: 454 4.7.5 Certificate Validation Failure
The on-premises server (Windows Server 2012 R2) has not been patched since 2021; the receive log shows the certificate Microsoft presents is not trusted.`,
      commands: ["Where-Object {$_.Thumbprint -eq 'DF3C24F9BFD666761B268073FE06D1CC8D4F82A4'}", 'DisableRootAutoUpdate'],
      data: { cause: 'validation-failure' },
    },
    {
      name: 'a .NET application relaying through Exchange does not trust the certificate it is given',
      input: `System.Net.Mail.SmtpException: Failure sending mail. ---> System.Security.Authentication.AuthenticationException: The remote certificate is invalid according to the validation procedure.
   at System.Net.Security.SslState.StartSendAuthResetSignal(ProtocolToken message, AsyncProtocolRequest asyncRequest, Exception exception)
   at System.Net.Mail.SmtpConnection.Flush()
Host: relay.contoso.local, port 587, EnableSsl = true`,
      commands: ['Get-ReceiveConnector | fl Identity,Name,Fqdn,AuthMechanism'],
      data: { cause: 'client-trust' },
    },
  ],
  reject: [
    {
      name: 'Status DateInvalid with NotAfter in the past (really expired)',
      input: `Thumbprint         : 0D9C8B7A6F5E4D3C2B1A0F9E8D7C6B5A49382716
Services           : IIS, SMTP
Subject            : CN=mail.contoso.com
Issuer             : CN=Sectigo RSA Domain Validation Secure Server CA, O=Sectigo Limited, L=Salford, S=Greater Manchester, C=GB
RootCAType         : ThirdParty
Status             : DateInvalid
IsSelfSigned       : False
NotAfter           : 10/2/2026 11:59:59 PM`,
    },
    {
      name: 'the default self-signed certificate with RootCAType Registry',
      input: `CertificateDomains : {MOS-MAIL, MOS-MAIL.avalonelectrotech.local}
HasPrivateKey      : True
IsSelfSigned       : True
Issuer             : CN=MOS-MAIL
NotAfter           : 02.02.2028 3:09:22
NotBefore          : 02.02.2023 3:09:22
PublicKeySize      : 2048
RootCAType         : Registry
SerialNumber       : 49B8393042D5D59F4AE6D301FDF8C963
Services           : IMAP, POP, IIS, SMTP
Status             : Valid
Subject            : CN=MOS-MAIL
Thumbprint         : BBA9F942B32F3E0F6E0C4E735BD1F38D4C06612E`,
    },
    {
      name: 'tenant attribution with CAPI2 800B0109 (the chain was not sent to Exchange Online)',
      input: `550 5.7.64 TenantAttribution; Relay Access Denied SMTP.
CAPI2 Operational Event 30:
<Result value="800B0109">A certificate chain processed, but terminated in a root certificate which is not trusted by the trust provider.</Result>`,
    },
    {
      name: 'a Schannel 36882 event alone (its link to Exchange transport is not confirmed)',
      input: `Log Name:      System
Source:        Schannel
Event ID:      36882
Level:         Error
Computer:      EX01.contoso.com
Description:
The certificate received from the remote server was issued by an untrusted certificate authority. Because of this, none of the data contained in the certificate can be validated. The TLS connection request has failed. The attached data contains the server certificate.`,
    },
  ],
};
