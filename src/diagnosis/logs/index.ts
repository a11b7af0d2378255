// Logs in, the ordinary diagnosis out. The analyser folds the log into aggregates and keeps the
// rows of a few failing sessions per group; those rows go through the same parsers, so the rules
// see the usual `Extracted` shapes (protocolLog entries, smtpResponses, …) and need no change.
import { diagnose, type DiagnoseOptions } from '../engine';
import type { Diagnosis } from '../types';
import { LogAnalyser, type AnalyserLimits, type LogSummary } from './analyser';

export { LogAnalyser, DEFAULT_LIMITS } from './analyser';
export type { AnalyserLimits, CertificateSeen, LogKind, LogSummary, ProtocolGroup, TrackingGroup } from './analyser';
export { LineSplitter, MAX_LINE_CHARS } from './lines';

export interface LogDiagnosis {
  diagnosis: Diagnosis;
  summary: LogSummary;
}

/** One in-memory file or many (name, text) pairs, read as one stream in the given order. */
export function analyseLogTexts(files: readonly { name: string; text: string }[], limits?: Partial<AnalyserLimits>): LogSummary {
  const analyser = new LogAnalyser(limits);
  for (const file of files) {
    analyser.startFile(file.name);
    analyser.push(file.text);
    analyser.endFile();
  }
  return analyser.finish();
}

/** Runs the rules on what the analyser kept. */
export function diagnoseSummary(summary: LogSummary, options: DiagnoseOptions = {}): LogDiagnosis {
  return { diagnosis: diagnose(summary.text, options), summary };
}

/** The aggregates without the rules' text: what a card or a case stores. */
export function compactSummary(summary: LogSummary): Omit<LogSummary, 'text'> {
  const { text: _text, ...rest } = summary;
  return rest;
}
