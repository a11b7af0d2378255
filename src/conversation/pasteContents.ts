// What kind of text a paste holds, from what the engine extracted: the error (events, SMTP
// responses, queue errors, logs) and/or the configuration (certificates, connectors, PEM).
import { isFallback } from '../diagnosis/fallback';
import type { Diagnosis } from '../diagnosis/types';

// isFallback lives in src/diagnosis/fallback.ts; re-exported for the callers of this module.
export { isFallback };

const ERROR_FACTS = ['events', 'smtpResponses', 'queueErrors', 'protocolLog', 'ehlo', 'opensslSessions', 'mtaLog', 'messageTraces'];
const CONFIG_FACTS = ['certificates', 'sendConnectors', 'pemCertificates', 'receiveConnectors', 'inboundConnectors', 'outboundConnectors', 'chainChecks'];

export interface PasteContents {
  hasError: boolean;
  hasConfig: boolean;
  /** Anything at all the engine could read. */
  recognised: boolean;
}

export function pasteContents(diagnosis: Diagnosis): PasteContents {
  const extracted = diagnosis.extracted as unknown as Record<string, unknown>;
  const present = (key: string): boolean => Array.isArray(extracted[key]) && (extracted[key] as unknown[]).length > 0;
  const hasConfig = CONFIG_FACTS.some(present);
  const otherFacts = Object.keys(extracted).some((key) => !ERROR_FACTS.includes(key) && !CONFIG_FACTS.includes(key) && present(key));
  const ruleFound = diagnosis.findings.some((finding) => !isFallback(finding.id));
  // A rule can recognise an error no parser names (an admin error message): count it as the error.
  const hasError = ERROR_FACTS.some(present) || (!hasConfig && (otherFacts || ruleFound));
  return { hasError, hasConfig, recognised: hasError || hasConfig || otherFacts || ruleFound };
}
