#!/usr/bin/env node
// mailflow-doctor diagnose [--json] [--lang en|ja] FILE… | -
import * as fs from 'node:fs';
import { diagnose } from '../diagnosis';
import type { Diagnosis, Lang } from '../diagnosis/types';
import { t, toLang } from '../i18n';
import { formatText } from './format';
import { formatLogSummary, isStreamed, streamDiagnose } from './streamFile';

interface Options {
  json: boolean;
  lang: Lang;
  files: string[];
}

export function parseArgs(argv: string[]): Options | { error: string } {
  const options: Options = { json: false, lang: 'en', files: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === 'diagnose' && i === 0) continue;
    if (arg === '--json') options.json = true;
    else if (arg === '--lang') {
      const lang = toLang(argv[++i]);
      if (!lang) return { error: t('en', 'cli.error.lang') };
      options.lang = lang;
    } else if (arg.startsWith('--lang=')) {
      const lang = toLang(arg.slice('--lang='.length));
      if (!lang) return { error: t('en', 'cli.error.lang') };
      options.lang = lang;
    } else if (arg === '--help' || arg === '-h') return { error: t('en', 'cli.usage') };
    else options.files.push(arg);
  }
  if (options.files.length === 0) return { error: t('en', 'cli.usage') };
  return options;
}

function readInput(file: string): string {
  return file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8');
}

/** The public JSON contract: `data` and rule errors are internal and stay out. */
export function toContract(file: string, diagnosis: Diagnosis): Record<string, unknown> {
  return {
    file,
    findings: diagnosis.findings.map(({ data: _data, ...finding }) => finding),
    extracted: diagnosis.extracted,
  };
}

export function run(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream, colour: boolean): number {
  const parsed = parseArgs(argv);
  if ('error' in parsed) {
    err.write(`${parsed.error}\n`);
    return 2;
  }
  let status = 0;
  for (const file of parsed.files) {
    let text: string;
    try {
      text = readInput(file);
    } catch (error) {
      err.write(`${t(parsed.lang, 'cli.error.unreadable', { file, reason: (error as NodeJS.ErrnoException).code ?? String(error) })}\n`);
      status = 1;
      continue;
    }
    if (text.trim().length === 0) {
      err.write(`${t(parsed.lang, 'cli.error.empty', { file })}\n`);
      status = 1;
      continue;
    }
    const diagnosis = diagnose(text, { lang: parsed.lang });
    for (const failure of diagnosis.ruleErrors ?? []) {
      err.write(`${t(parsed.lang, 'cli.error.rule', { rule: failure.rule, message: failure.message })}\n`);
    }
    out.write(parsed.json ? `${JSON.stringify(toContract(file, diagnosis))}\n` : formatText(file, diagnosis, parsed.lang, colour));
  }
  return status;
}

/**
 * As run(), but a .zip or a file over 1 MB is streamed through the log analyser (bounded memory)
 * instead of being read whole.
 */
export async function runAsync(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream, colour: boolean): Promise<number> {
  const parsed = parseArgs(argv);
  if ('error' in parsed) return run(argv, out, err, colour);
  let status = 0;
  for (const file of parsed.files) {
    if (!(await isStreamed(file))) {
      status = Math.max(status, run([...(parsed.json ? ['--json'] : []), '--lang', parsed.lang, file], out, err, colour));
      continue;
    }
    const result = await streamDiagnose(file, parsed.lang);
    if ('error' in result) {
      err.write(`${result.error}\n`);
      status = 1;
      continue;
    }
    const { diagnosis, summary } = result;
    out.write(parsed.json ? `${JSON.stringify({ ...toContract(file, diagnosis), logSummary: summary })}\n` : formatText(file, diagnosis, parsed.lang, colour) + formatLogSummary(summary, parsed.lang));
  }
  return status;
}

if (require.main === module) {
  void runAsync(process.argv.slice(2), process.stdout, process.stderr, Boolean(process.stdout.isTTY) && !process.env.NO_COLOR).then((code) => {
    process.exitCode = code;
  });
}
