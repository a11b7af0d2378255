// After a fix: is the cause gone? The "after" paste is usually only new cmdlet output, so it is
// read on top of the "before" paste: every kind of fact the after paste holds replaces the
// before one, and the rest (typically the original error) stays as context.
import { t } from '../i18n';
import { analyse, analyseFacts, extract, type Analysis, type DiagnoseOptions } from './engine';
import { normalise } from './normalise';
import type { ExchangeCertificate, Extracted, SendConnector, VerifyResult } from './types';

export type { VerifyResult } from './types';

function overlay(before: Extracted, after: Extracted): Extracted {
  const merged = { ...before } as Record<string, unknown>;
  for (const [key, value] of Object.entries(after)) {
    const present = Array.isArray(value) ? value.length > 0 : value !== undefined;
    if (present) merged[key] = value;
  }
  return merged as unknown as Extracted;
}

/** The causes the analysis still sees: every applying rule but those whose fix looks in place. */
function presentIds(analysis: Analysis): string[] {
  return analysis.results.filter((r) => r.status !== 'looks-resolved' && !r.rule.fallback).map((r) => r.rule.id);
}

function certificateChanges(before: ExchangeCertificate[], after: ExchangeCertificate[], lang: DiagnoseOptions['lang'] = 'en'): string[] {
  if (after.length === 0) return [];
  const old = new Map(before.map((c) => [c.thumbprint, c]));
  const changes: string[] = [];
  for (const cert of after) {
    const previous = old.get(cert.thumbprint);
    if (!previous) changes.push(t(lang, 'verify.change.certAdded', { thumbprint: cert.thumbprint }));
    else if (previous.services.join(',') !== cert.services.join(',')) {
      changes.push(t(lang, 'verify.change.services', {
        thumbprint: cert.thumbprint,
        before: previous.services.join(', ') || 'None',
        after: cert.services.join(', ') || 'None',
      }));
    }
  }
  const now = new Set(after.map((c) => c.thumbprint));
  for (const cert of before) if (!now.has(cert.thumbprint)) changes.push(t(lang, 'verify.change.certRemoved', { thumbprint: cert.thumbprint }));
  return changes;
}

function connectorChanges(before: SendConnector[], after: SendConnector[], lang: DiagnoseOptions['lang'] = 'en'): string[] {
  const changes: string[] = [];
  for (const connector of after) {
    const previous = before.find((c) => c.name === connector.name);
    if (previous && (previous.tlsCertificateName ?? '') !== (connector.tlsCertificateName ?? '')) {
      changes.push(t(lang, 'verify.change.tlsCertificateName', {
        connector: connector.name ?? '',
        before: previous.tlsCertificateName || '-',
        after: connector.tlsCertificateName || '-',
      }));
    }
  }
  return changes;
}

export function verifyFix(beforeText: string, afterText: string, options: DiagnoseOptions = {}): VerifyResult {
  const lang = options.lang ?? 'en';
  const before = analyse(beforeText, options);
  const after = options.normalised ? afterText : normalise(afterText);
  const afterOnly = extract(after);
  const merged = analyseFacts(
    { text: `${before.facts.text}\n${after}`, extracted: overlay(before.facts.extracted, afterOnly), now: options.now ?? new Date() },
    options,
  );
  const findingId = before.results[0]?.rule.id ?? 'unrecognized';
  const beforeIds = presentIds(before);
  const afterIds = presentIds(merged);
  const stillPresent = afterIds.includes(findingId);
  return {
    resolved: findingId !== 'unrecognized' && !stillPresent,
    findingId,
    stillPresent,
    newFindings: afterIds.filter((id) => !beforeIds.includes(id)),
    changes: [
      ...certificateChanges(before.facts.extracted.certificates, afterOnly.certificates, lang),
      ...connectorChanges(before.facts.extracted.sendConnectors, afterOnly.sendConnectors, lang),
    ],
  };
}
