// Readable text output of the CLI, colour only on a terminal.
import type { Diagnosis, Finding, Lang } from '../diagnosis/types';
import { t } from '../i18n';

const COLOURS = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };
type Paint = (style: keyof typeof COLOURS, text: string) => string;

function painter(colour: boolean): Paint {
  return (style, text) => (colour ? `${COLOURS[style]}${text}${COLOURS.reset}` : text);
}

function formatFinding(finding: Finding, index: number, lang: Lang, paint: Paint): string[] {
  const lines = [
    `${paint(finding.severity, `${index + 1}. [${finding.severity}]`)} ${paint('bold', finding.title)} ${paint('dim', `(${finding.id}, ${Math.round(finding.confidence * 100)}%)`)}`,
    `   ${finding.summary}`,
  ];
  if (finding.evidence.length > 0) {
    lines.push(`   ${t(lang, 'cli.heading.evidence')}`);
    for (const e of finding.evidence) lines.push(`     - [${e.source}] ${e.text}`);
  }
  if (finding.steps.length > 0) {
    lines.push(`   ${t(lang, 'cli.heading.steps')}`);
    finding.steps.forEach((step, i) => {
      lines.push(`     ${i + 1}. (${step.kind}) ${step.title}`);
      if (step.command) lines.push(`        ${paint('bold', step.command)}`);
    });
  }
  if (finding.needs.length > 0) {
    lines.push(`   ${t(lang, 'cli.heading.needs')}`);
    for (const need of finding.needs) lines.push(`     - ${need.what}`, `       ${paint('bold', need.command)}`);
  }
  if (finding.sources.length > 0) lines.push(`   ${t(lang, 'cli.heading.sources')} ${finding.sources.join(' ')}`);
  return lines;
}

export function formatText(file: string, diagnosis: Diagnosis, lang: Lang, colour: boolean): string {
  const paint = painter(colour);
  const lines = [paint('bold', `== ${file} ==`)];
  diagnosis.findings.forEach((finding, i) => lines.push(...formatFinding(finding, i, lang, paint), ''));
  return `${lines.join('\n')}\n`;
}
