// normalise → parsers → facts → rules → findings. Pure: no I/O, no Bot Framework.
import { render, t } from '../i18n';
import { emptyExtracted, mergeExtracted } from './extracted';
import { normalise } from './normalise';
import { parserPrefilter } from './parserPrefilter';
import { parsers } from './parsers';
import type { Facts, Parser, Rule } from './rule';
import { rules as registeredRules } from './rules';
import type { Diagnosis, Extracted, Finding, Lang, RuleFinding, Severity } from './types';

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
}

export interface Analysis {
  facts: Facts;
  results: { rule: Rule; finding: RuleFinding }[];
  ruleErrors: { rule: string; message: string }[];
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function extract(text: string, parserList: readonly Parser[] = parsers): Extracted {
  const extracted = emptyExtracted();
  // One pass decides which parsers can find anything here (parserPrefilter.ts).
  const mayRun = parserPrefilter(text);
  for (const parser of parserList) {
    if (!mayRun(parser.name)) continue;
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

  const run = (rule: Rule): void => {
    try {
      const finding = rule.check(facts);
      if (finding) results.push({ rule, finding: { ...finding, id: rule.id } });
    } catch (error) {
      ruleErrors.push({ rule: rule.id, message: error instanceof Error ? error.message : String(error) });
    }
  };
  ruleList.filter((rule) => !rule.fallback).forEach(run);
  if (results.length === 0) ruleList.filter((rule) => rule.fallback).forEach(run);

  results.sort(
    (a, b) =>
      b.finding.confidence - a.finding.confidence ||
      SEVERITY_ORDER[a.rule.severity] - SEVERITY_ORDER[b.rule.severity],
  );
  return { facts, results, ruleErrors };
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
