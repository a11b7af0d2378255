// normalise → parsers → facts → rules → findings. Pure: no I/O, no Bot Framework.
import { render, t } from '../i18n';
import { emptyExtracted, mergeExtracted } from './extracted';
import { normalise } from './normalise';
import { organisationOf } from './organisation';
import { parsers } from './parsers';
import { enforceRunbook } from './runbookCheck';
import { clipEvidence, undeclaredKeys, type AppliedStatus, type Rule, type Strength } from './defineRule';
import type { Organisation } from './organisation';
import { confidenceOf, rank } from './ranking';
import type { Facts, Parser } from './rule';
import { rules as registeredRules } from './rules';
import type { Diagnosis, Extracted, Finding, Lang, RuleFinding } from './types';

export interface DiagnoseOptions {
  lang?: Lang;
  now?: Date;
  /** For tests of the engine itself; defaults to the registry. */
  rules?: readonly Rule[];
  /**
   * The input already went through normalise() (the bot normalises each turn once). Normalising
   * twice is not safe: text decoded from `&lt;b&gt;` would be read as HTML the second time.
   */
  normalised?: boolean;
  /** What is known about the organisation; handed to every rule's advise. */
  organisation?: Organisation;
}

export interface AnalysisResult {
  rule: Rule;
  status: AppliedStatus;
  strength: Strength;
  finding: RuleFinding;
}

export interface Analysis {
  facts: Facts;
  /** Ranked, best first (ranking.ts). */
  results: AnalysisResult[];
  ruleErrors: { rule: string; message: string }[];
}

export function extract(text: string, parserList: readonly Parser[] = parsers): Extracted {
  const extracted = emptyExtracted();
  for (const parser of parserList) {
    try {
      mergeExtracted(extracted, parser.parse(text));
    } catch {
      // A parser that fails contributes nothing; the others still run.
    }
  }
  return extracted;
}

export function analyse(input: string, options: DiagnoseOptions = {}): Analysis {
  const text = options.normalised ? input : normalise(input);
  return analyseFacts({ text, extracted: extract(text), now: options.now ?? new Date() }, options);
}

/** Runs the rules on facts built elsewhere (e.g. a before/after merge in verify.ts). */
export function analyseFacts(facts: Facts, options: DiagnoseOptions = {}): Analysis {
  const ruleList = options.rules ?? registeredRules;
  const results: Analysis['results'] = [];
  const ruleErrors: Analysis['ruleErrors'] = [];
  // Issue 13: the organisation model of this paste (or the one the caller built).
  const organisation = options.organisation ?? organisationOf(facts);

  const run = (rule: Rule): void => {
    try {
      const detection = rule.detect(facts);
      if (!detection || detection.status === 'not-applicable') return;
      const { status, strength } = detection;
      const advice = rule.advise(detection, { facts, organisation });
      const undeclared = undeclaredKeys(rule, advice);
      if (undeclared.length > 0) throw new Error(`undeclared locale keys: ${undeclared.join(', ')}`);
      results.push({ rule, status, strength, finding: { ...advice, evidence: advice.evidence.map(clipEvidence), id: rule.id, confidence: confidenceOf(rule, status, strength) } });
    } catch (error) {
      ruleErrors.push({ rule: rule.id, message: error instanceof Error ? error.message : String(error) });
    }
  };
  ruleList.filter((rule) => !rule.fallback).forEach(run);
  if (results.length === 0) ruleList.filter((rule) => rule.fallback).forEach(run);
  // Issue 13: a step that breaks a runbook invariant is dropped and reported as a rule defect.
  for (const result of results) {
    const { finding, violations } = enforceRunbook(organisation, result.finding);
    result.finding = finding;
    for (const v of violations) ruleErrors.push({ rule: result.rule.id, message: `runbook: ${v.invariant} (step ${v.step})` });
  }

  return { facts, results: rank(results, ruleList), ruleErrors };
}

export function localiseFinding(rule: Rule, finding: RuleFinding, lang: Lang): Finding {
  const params = finding.params ?? {};
  return {
    id: rule.id,
    title: t(lang, `finding.${rule.id}.title`, params),
    summary: finding.summary ? render(lang, finding.summary) : t(lang, `finding.${rule.id}.summary`, params),
    severity: rule.severity,
    confidence: Math.round(finding.confidence * 100) / 100,
    evidence: finding.evidence,
    steps: finding.steps.map((step) => ({
      kind: step.kind,
      title: render(lang, step.title),
      ...(step.command ? { command: step.command } : {}),
    })),
    needs: finding.needs.map((need) => ({ what: render(lang, need.what), command: need.command })),
    sources: rule.sources,
    ...(finding.data ? { data: finding.data } : {}),
  };
}

/** The whole pipeline, rendered in `lang` (default English). */
export function diagnose(input: string, options: DiagnoseOptions = {}): Diagnosis {
  const lang = options.lang ?? 'en';
  const { facts, results, ruleErrors } = analyse(input, options);
  const diagnosis: Diagnosis = {
    findings: results.map(({ rule, finding }) => localiseFinding(rule, finding, lang)),
    extracted: facts.extracted,
  };
  if (ruleErrors.length > 0) diagnosis.ruleErrors = ruleErrors;
  return diagnosis;
}
