import type { Extracted } from './types';

export function emptyExtracted(): Extracted {
  return {
    events: [],
    smtpResponses: [],
    queueErrors: [],
    certificates: [],
    sendConnectors: [],
    pemCertificates: [],
    receiveConnectors: [],
    messageTraces: [],
    chainChecks: [],
    protocolLog: [],
    ehlo: [],
    opensslSessions: [],
    mtaLog: [],
    inboundConnectors: [],
    outboundConnectors: [],
    exchangeServers: [],
    hybridConfigurations: [],
    transportServices: [],
    edgeSubscriptions: [],
    queues: [],
  };
}

/** Appends every array a parser produced to the running result; scalar fields are set once. */
export function mergeExtracted(into: Extracted, part: Partial<Extracted>): void {
  const target = into as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(part)) {
    if (value === undefined) continue;
    const current = target[key];
    if (Array.isArray(value)) {
      target[key] = Array.isArray(current) ? [...current, ...value] : [...value];
    } else if (current === undefined) {
      target[key] = value;
    }
  }
}
