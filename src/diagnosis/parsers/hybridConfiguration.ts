// `Get-HybridConfiguration | fl` (on-premises). It is not a send connector: it names the servers
// the Hybrid Configuration Wizard chose and the certificate it pinned (TlsCertificateName, or on
// Exchange 2010 SecureMailCertificateThumbprint).
import type { Parser } from '../rule';
import type { HybridConfigurationRecord } from '../types';
import { fieldValue, listValue, parseListRecords, presentValue, splitLines } from './listFormat';
import { normaliseThumbprint } from './exchangeCertificate';

/** Server names of a `{EX01, EX02}` value (identities may be distinguished names: keep the CN). */
function servers(value: string | undefined): string[] {
  return listValue(value).map((s) => s.trim()).filter((s) => s.length > 0 && s.length < 256);
}

export const hybridConfigurationParser: Parser = {
  name: 'hybrid-configuration',
  parse(text) {
    if (!/SendingTransportServers|ReceivingTransportServers|SecureMailCertificateThumbprint|OnPremisesSmartHost/i.test(text)) return {};
    const found: HybridConfigurationRecord[] = [];
    for (const record of parseListRecords(splitLines(text))) {
      const has = (key: string): boolean => fieldValue(record, key) !== undefined;
      if (!has('SendingTransportServers') && !has('ReceivingTransportServers') && !has('SecureMailCertificateThumbprint') && !(has('OnPremisesSmartHost') && has('Features'))) continue;
      const configuration: HybridConfigurationRecord = {
        sendingTransportServers: servers(fieldValue(record, 'SendingTransportServers')),
        receivingTransportServers: servers(fieldValue(record, 'ReceivingTransportServers')),
        edgeTransportServers: servers(fieldValue(record, 'EdgeTransportServers')),
        transportServers: servers(fieldValue(record, 'TransportServers')),
        domains: listValue(fieldValue(record, 'Domains')),
        features: listValue(fieldValue(record, 'Features')),
      };
      const smartHost = presentValue(fieldValue(record, 'OnPremisesSmartHost'));
      if (smartHost) configuration.onPremisesSmartHost = smartHost;
      const tlsName = presentValue(fieldValue(record, 'TlsCertificateName'));
      if (tlsName) configuration.tlsCertificateName = tlsName;
      const thumbprint = normaliseThumbprint(fieldValue(record, 'SecureMailCertificateThumbprint'));
      if (thumbprint) configuration.secureMailCertificateThumbprint = thumbprint;
      found.push(configuration);
    }
    return { hybridConfigurations: found.slice(0, 10) };
  },
};
