// `Get-TransportService | fl Name,InternalTransportCertificateThumbprint[,SendProtocolLogPath]`
// (Get-TransportServer on Exchange 2010): which certificate each server uses for internal TLS.
import type { Parser } from '../rule';
import type { TransportServiceRecord } from '../types';
import { normaliseThumbprint } from './exchangeCertificate';
import { fieldValue, parseListRecords, presentValue, splitLines } from './listFormat';

export const transportServiceParser: Parser = {
  name: 'transport-service',
  parse(text) {
    if (!/InternalTransportCertificateThumbprint|SendProtocolLogPath/i.test(text)) return {};
    const found: TransportServiceRecord[] = [];
    for (const record of parseListRecords(splitLines(text))) {
      const thumbprint = fieldValue(record, 'InternalTransportCertificateThumbprint');
      const logPath = presentValue(fieldValue(record, 'SendProtocolLogPath'));
      if (thumbprint === undefined && !logPath) continue;
      const name = presentValue(fieldValue(record, 'Name')) ?? presentValue(fieldValue(record, 'Identity'));
      if (!name) continue;
      const service: TransportServiceRecord = { name };
      const hex = normaliseThumbprint(thumbprint);
      if (hex) service.internalTransportCertificateThumbprint = hex;
      if (logPath) service.sendProtocolLogPath = logPath;
      found.push(service);
    }
    return { transportServices: found.slice(0, 200) };
  },
};
