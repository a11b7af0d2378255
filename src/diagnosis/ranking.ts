// Which finding leads, and the confidence users see: data, in one place.
//   1. status (STATUS_ORDER),
//   2. declared precedence between rules (`meta.yieldsTo`, followed transitively),
//   3. strength, then severity, then registry order.
// The confidence is derived from status × strength (CONFIDENCE); no rule writes a number.
import type { AppliedStatus, Rule, Strength } from './defineRule';
import type { Severity } from './types';

/** Best first. `not-applicable` never reaches ranking. */
export const STATUS_ORDER: readonly AppliedStatus[] = ['corroborated', 'named', 'latent', 'looks-resolved'];

/** The confidence shown to users (README "How confident is a finding?"). */
export const CONFIDENCE: Record<AppliedStatus, Record<Strength, number>> = {
  corroborated: { 1: 0.9, 2: 0.92, 3: 0.95 },
  named: { 1: 0.78, 2: 0.85, 3: 0.88 },
  latent: { 1: 0.45, 2: 0.55, 3: 0.7 },
  'looks-resolved': { 1: 0.2, 2: 0.3, 3: 0.4 },
};

/** A fallback rule (only runs when nothing else applied) always shows this. */
export const FALLBACK_CONFIDENCE = 0.1;

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function confidenceOf(rule: Rule, status: AppliedStatus, strength: Strength): number {
  return rule.fallback ? FALLBACK_CONFIDENCE : CONFIDENCE[status][strength];
}

/** id → every id it yields to, directly or through others. Throws on an unknown id or a cycle. */
export function precedence(rules: readonly Rule[]): Map<string, Set<string>> {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const closure = new Map<string, Set<string>>();
  const visiting = new Set<string>();
  const visit = (id: string, path: string[]): Set<string> => {
    const done = closure.get(id);
    if (done) return done;
    if (visiting.has(id)) throw new Error(`precedence cycle: ${[...path, id].join(' → ')}`);
    visiting.add(id);
    const all = new Set<string>();
    for (const target of byId.get(id)?.meta.yieldsTo ?? []) {
      if (!byId.has(target)) throw new Error(`${id} yields to unknown rule ${target}`);
      all.add(target);
      for (const further of visit(target, [...path, id])) all.add(further);
    }
    visiting.delete(id);
    closure.set(id, all);
    return all;
  };
  for (const rule of rules) visit(rule.id, []);
  return closure;
}

export interface Ranked {
  rule: Rule;
  status: AppliedStatus;
  strength: Strength;
}

/**
 * Best first. Within one status, the next to lead is the strongest candidate that yields to no
 * other remaining candidate (precedence wins over strength; a cycle was refused at load).
 */
const closures = new WeakMap<readonly Rule[], Map<string, Set<string>>>();

export function rank<T extends Ranked>(results: readonly T[], rules: readonly Rule[]): T[] {
  let yields = closures.get(rules);
  if (!yields) closures.set(rules, (yields = precedence(rules)));
  const order = new Map(rules.map((r, i) => [r.id, i]));
  const out: T[] = [];
  for (const status of STATUS_ORDER) {
    const pending = results
      .filter((r) => r.status === status)
      .sort(
        (a, b) =>
          b.strength - a.strength ||
          SEVERITY_ORDER[a.rule.severity] - SEVERITY_ORDER[b.rule.severity] ||
          (order.get(a.rule.id) ?? 0) - (order.get(b.rule.id) ?? 0),
      );
    while (pending.length > 0) {
      const index = pending.findIndex((a) => !pending.some((b) => b !== a && yields.get(a.rule.id)?.has(b.rule.id)));
      out.push(...pending.splice(index < 0 ? 0 : index, 1));
    }
  }
  return out;
}

/**
 * Load-time check of a registry: unique ids, known and acyclic precedence, every declared locale
 * key present in every language. Throws with every problem found.
 */
export function checkRegistry(rules: readonly Rule[], missingIn: (key: string) => string[]): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) problems.push(`duplicate rule id ${rule.id}`);
    seen.add(rule.id);
    for (const key of rule.allowedKeys) {
      for (const lang of missingIn(key)) problems.push(`${rule.id}: locale key ${key} missing in ${lang}`);
    }
  }
  try {
    precedence(rules);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length > 0) throw new Error(`rule registry: ${problems.join('; ')}`);
}
