// TRANSITIONAL (removed once every rule uses defineRule): wraps a rule still written as
// `check(facts) → RuleFinding with a confidence` so the engine ranks it by status like the others.
import { keys } from '../../i18n';
import type { AppliedStatus, Detection, Rule, Strength } from '../defineRule';
import type { Facts } from '../rule';
import type { RuleFinding, Severity } from '../types';

export interface LegacyRule {
  id: string;
  title: string;
  severity: Severity;
  sources: string[];
  fallback?: boolean;
  check(facts: Facts): RuleFinding | null;
}

function band(confidence: number): { status: AppliedStatus; strength: Strength } {
  if (confidence >= 0.9) return { status: 'corroborated', strength: confidence >= 0.95 ? 3 : confidence >= 0.92 ? 2 : 1 };
  if (confidence >= 0.75) return { status: 'named', strength: confidence >= 0.88 ? 3 : confidence >= 0.85 ? 2 : 1 };
  if (confidence >= 0.45) return { status: 'latent', strength: confidence >= 0.65 ? 3 : confidence >= 0.55 ? 2 : 1 };
  return { status: 'looks-resolved', strength: confidence >= 0.4 ? 3 : confidence >= 0.3 ? 2 : 1 };
}

export function legacy(old: LegacyRule, yieldsTo?: readonly string[]): Rule {
  const prefix = `finding.${old.id}.`;
  return {
    meta: { id: old.id, title: old.title, severity: old.severity, sources: old.sources, identifiers: {}, keys: [], ...(yieldsTo ? { yieldsTo } : {}), ...(old.fallback ? { fallback: true } : {}) },
    id: old.id,
    title: old.title,
    severity: old.severity,
    sources: old.sources,
    fallback: old.fallback ?? false,
    allowedKeys: new Set(keys('en').filter((k) => k.startsWith(prefix))),
    detect(facts): Detection<RuleFinding> | null {
      const finding = old.check(facts);
      return finding ? { ...band(finding.confidence), data: finding } : null;
    },
    advise(detection) {
      const { id: _id, confidence: _confidence, ...advice } = detection.data as RuleFinding;
      return advice;
    },
  };
}
