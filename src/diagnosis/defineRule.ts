// One rule anatomy: meta (what the rule is and claims), detect (facts → a discrete status) and
// advise (status → the finding's content). The idea of typescript-eslint's createRule and zlint's
// CheckApplies/Execute: deciding whether a rule applies is separate from what it says.
// Ranking and the confidence users see are derived from the status in ranking.ts, never written
// in a rule.
import type { Facts } from './rule';
import type { Organisation } from './organisation';
import type { Evidence, Message, RuleNeed, RuleStep, Severity } from './types';

/**
 * - `latent`: the configuration shows a risk, no error names it;
 * - `named`: the error names this cause;
 * - `corroborated`: the error and the configuration agree;
 * - `looks-resolved`: the configuration shows the fix is in place.
 * `not-applicable` is the same as returning null from `detect`.
 */
export type Status = 'not-applicable' | 'latent' | 'named' | 'corroborated' | 'looks-resolved';
export type AppliedStatus = Exclude<Status, 'not-applicable'>;

/** How strongly the status holds within its band: 1 weak, 2 usual, 3 strong. */
export type Strength = 1 | 2 | 3;

/** The public identifiers an admin searches for; docs/catalogue.md indexes them. */
export interface Identifiers {
  /** Windows event ids (2004, 12014, 36882 …). */
  events?: number[];
  /** Enhanced SMTP status codes or basic codes as printed ("4.4.317", "5.7.51", "454"). */
  smtpCodes?: string[];
  /** Error words as printed (UntrustedRoot, NoCredentials, CERT_TRUST_IS_PARTIAL_CHAIN …). */
  words?: string[];
}

export interface RuleMeta<K extends string = string> {
  /** The finding id (docs/catalogue.md); public, never renamed. */
  id: string;
  /** English title for readers of the code; users see `titleKey` from the locales. */
  title: string;
  /** Default `finding.<id>.title`. */
  titleKey?: string;
  severity: Severity;
  sources: string[];
  identifiers: Identifiers;
  /**
   * Locale keys the rule may emit, relative to `finding.<id>.` ('summary.named', 'step.pin').
   * `finding.<id>.title` and `.summary` are always allowed. The engine refuses any other key.
   */
  keys: readonly K[];
  /** Full locale keys outside `finding.<id>.` the rule may emit (e.g. from shared step builders). */
  sharedKeys?: readonly string[];
  /** Rules that lead when both apply with the same status (precedence; acyclic, checked at load). */
  yieldsTo?: readonly string[];
  /** Runs only when no other rule found anything (the `unrecognized` rule). */
  fallback?: boolean;
}

export interface Detection<D = unknown> {
  status: Status;
  strength: Strength;
  /** Rule-private: whatever detect found that advise needs (views, chosen certificates). */
  data: D;
}

/** What advise receives besides the detection. */
export interface AdviceContext<K extends string = string> {
  facts: Facts;
  /** Filled by the caller when the organisation is known; rules must work without it. */
  organisation?: Organisation;
  /** `finding.<id>.<name>` for a declared name (a typo is a type error). */
  key(name: K): string;
  /** A Message for a declared name. */
  message(name: K, params?: Record<string, string | number>): Message;
}

/** The finding's content; the id, status and confidence are added by the engine. */
export interface Advice {
  /** Parameters for the title/summary messages `finding.<id>.title` / `.summary`. */
  params?: Record<string, string | number>;
  /** Overrides the default summary message. */
  summary?: Message;
  evidence: Evidence[];
  steps: RuleStep[];
  needs: RuleNeed[];
  /** Machine-readable values the rule decided on (thumbprints, names) for tests and cards. */
  data?: Record<string, unknown>;
}

export interface RuleSpec<D, K extends string> {
  meta: RuleMeta<K>;
  /** Null (or status 'not-applicable') when the rule has nothing to say. Never throws on odd input. */
  detect(facts: Facts): Detection<D> | null;
  advise(detection: Detection<NoInfer<D>>, context: AdviceContext<K>): Advice;
}

/** A registered rule: what the engine, the registry and the tests see. */
export interface Rule {
  readonly meta: RuleMeta;
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly sources: string[];
  readonly fallback: boolean;
  detect(facts: Facts): Detection | null;
  advise(detection: Detection, context: { facts: Facts; organisation?: Organisation }): Advice;
  /** Every locale key the rule may emit, in full. */
  readonly allowedKeys: ReadonlySet<string>;
}

/** Evidence text is cut to this many characters. */
export const EVIDENCE_MAX = 500;

/** Evidence with its text cut to EVIDENCE_MAX (a pasted line can be a whole log). */
export function clipEvidence(evidence: Evidence): Evidence {
  return evidence.text.length > EVIDENCE_MAX ? { ...evidence, text: evidence.text.slice(0, EVIDENCE_MAX) } : evidence;
}

export function defineRule<D, const K extends string>(spec: RuleSpec<D, K>): Rule {
  const { meta } = spec;
  const prefix = `finding.${meta.id}.`;
  const allowedKeys = new Set<string>([
    meta.titleKey ?? `${prefix}title`,
    `${prefix}summary`,
    ...meta.keys.map((k) => prefix + k),
    ...(meta.sharedKeys ?? []),
  ]);
  const key = (name: K): string => prefix + name;
  return {
    meta,
    id: meta.id,
    title: meta.title,
    severity: meta.severity,
    sources: meta.sources,
    fallback: meta.fallback ?? false,
    allowedKeys,
    detect: (facts) => spec.detect(facts),
    advise: (detection, context) =>
      spec.advise(detection as Detection<D>, {
        ...context,
        key,
        message: (name, params) => (params ? { key: key(name), params } : { key: key(name) }),
      }),
  };
}

/** The keys an advice emits that its rule did not declare (the engine refuses the finding). */
export function undeclaredKeys(rule: Rule, advice: Advice): string[] {
  const used = [
    ...(advice.summary ? [advice.summary.key] : []),
    ...advice.steps.map((s) => s.title.key),
    ...advice.needs.map((n) => n.what.key),
  ];
  return used.filter((k) => !rule.allowedKeys.has(k));
}

/** A status and a strength, e.g. `['named', 2]`, for rules that weigh several signals. */
export type Grade = readonly [AppliedStatus, Strength];

/** A detection: `return grade('named', 2, found)` or `grade(...signal.grade, found)`. */
export function grade<D>(status: Status, strength: Strength, data: D): Detection<D> {
  return { status, strength, data };
}

/** `return graded(signal.grade, advice)`. */
export function graded<D>([status, strength]: Grade, data: D): Detection<D> {
  return { status, strength, data };
}

const STATUS_RANK: Record<AppliedStatus, number> = { corroborated: 3, named: 2, latent: 1, 'looks-resolved': 0 };

/** Positive when `a` is the stronger grade (status first, then strength). */
export function compareGrades(a: Grade, b: Grade): number {
  return STATUS_RANK[a[0]] - STATUS_RANK[b[0]] || a[1] - b[1];
}

/**
 * For a rule whose detect already built its advice (`grade<Advice>(status, strength, advice)`):
 * `advise: precomputed`. Prefer a detect that returns what it found and an advise that builds
 * the steps; this is what rules migrated from the old `check()` shape still do.
 */
export function precomputed(detection: Detection<Advice>): Advice {
  return detection.data;
}
