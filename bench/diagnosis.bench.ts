// Diagnosis time by input size: median and p99, and how close to linear it stays.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diagnose } from '../src/diagnosis';
import { fmt, percentile, timeSync } from './stats';

const FIXTURES = path.join(__dirname, '..', 'test', 'fixtures', 'kb2888788');
const read = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

/** A realistic paste (event + certificate list + connector) repeated up to the wanted size. */
export function pasteOfSize(bytes: number): string {
  const unit = [read('event-en.txt'), read('certs-fl.txt'), read('connector-fl.txt')].join('\n');
  let text = unit;
  while (Buffer.byteLength(text) < bytes) text += `\n${unit}`;
  return text.slice(0, bytes);
}

export async function run(): Promise<void> {
  const sizes: [string, number, number][] = [
    ['1 KB', 1024, 2000],
    ['5 KB', 5 * 1024, 2000],
    ['50 KB', 50 * 1024, 200],
    ['1 MB', 1024 * 1024, 15],
  ];
  const medians: Record<string, number> = {};
  for (const [label, bytes, iterations] of sizes) {
    const text = pasteOfSize(bytes);
    const durations = timeSync(() => diagnose(text, { now: new Date('2026-11-26T00:00:00Z') }), iterations, Math.min(20, iterations));
    medians[label] = percentile(durations, 50);
    process.stdout.write(`diagnose ${label.padEnd(6)} median ${fmt(percentile(durations, 50)).padStart(9)}  p99 ${fmt(percentile(durations, 99)).padStart(9)}  (${iterations} runs)\n`);
  }
  const ratio = medians['1 MB']! / medians['5 KB']!;
  process.stdout.write(`1 MB / 5 KB median ratio: ${ratio.toFixed(0)} (linear would be ${(1024 / 5).toFixed(0)})\n`);
  process.stdout.write(
    `target: 5 KB median ≤ 100 µs → ${medians['5 KB']! <= 0.1 ? 'met' : 'MISSED'}; 1 MB ≤ 20 ms → ${medians['1 MB']! <= 20 ? 'met' : 'MISSED'} (load average ${os.loadavg()[0]!.toFixed(1)})\n`,
  );
}
