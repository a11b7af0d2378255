// npm run bench -- logs: the streaming log analyser against a bare Node line reader over the same
// generated 100 MB SmtpSend log (1 % failing sessions), RSS growth over 1 GB of input, and the
// same result whether the log is one file, split in parts or zipped.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as readline from 'node:readline';
import { LogAnalyser } from '../src/diagnosis/logs';
import { readLogFile } from '../src/files/readLogFile';
import { recognise } from '../src/ocr/ocr';
import { CHROMIUM, eventViewerHtml, screenshot } from '../test/files/screenshots';
import { generateSendLog, generateSendLogText } from '../test/files/generateLogs';
import { comparable, splitLog, writeZip } from '../test/files/sameResult';

const TMP = path.join(__dirname, '..', 'tmp');
const SIZE = 100 * 1024 * 1024;

function ensureLog(file: string): void {
  if (fs.existsSync(file) && fs.statSync(file).size >= SIZE) return;
  const fd = fs.openSync(file, 'w');
  generateSendLog({ bytes: SIZE, failing: 0.01, seed: 7 }, (chunk) => fs.writeSync(fd, chunk));
  fs.closeSync(fd);
}

async function bareReadline(file: string): Promise<number> {
  let lines = 0;
  const rl = readline.createInterface({ input: fs.createReadStream(file, { highWaterMark: 64 * 1024 }), crlfDelay: Infinity });
  for await (const _line of rl) lines++;
  return lines;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return [value, Number(process.hrtime.bigint() - start) / 1e6];
}

/** Streams `file` `passes` times through one analyser, sampling RSS. */
async function analyse(file: string, passes: number): Promise<{ peakRss: number; sessions: number; failed: number }> {
  const analyser = new LogAnalyser();
  let peakRss = process.memoryUsage.rss();
  let chunks = 0;
  for (let pass = 0; pass < passes; pass++) {
    analyser.startFile(`SEND-${pass}.LOG`);
    await new Promise<void>((resolve, reject) => {
      fs.createReadStream(file, { highWaterMark: 64 * 1024 })
        .on('data', (data) => {
          analyser.push(data as Buffer);
          if ((++chunks & 63) === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
        })
        .on('end', resolve)
        .on('error', reject);
    });
    analyser.endFile();
  }
  const summary = analyser.finish();
  return { peakRss: Math.max(peakRss, process.memoryUsage.rss()), sessions: summary.sessions, failed: summary.failedSessions };
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function run(): Promise<void> {
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, 'send-100mb.log');
  ensureLog(file);
  const size = fs.statSync(file).size;

  // Warm both paths once, then alternate three times and take the medians.
  await bareReadline(file);
  await analyse(file, 1);
  const bare: number[] = [];
  const ours: number[] = [];
  let lines = 0;
  let result = { peakRss: 0, sessions: 0, failed: 0 };
  for (let i = 0; i < 3; i++) {
    const [n, t1] = await timed(() => bareReadline(file));
    lines = n;
    bare.push(t1);
    const [r, t2] = await timed(() => analyse(file, 1));
    result = r;
    ours.push(t2);
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[1]!;
  const mbps = (ms: number): string => `${(size / 1024 / 1024 / (ms / 1000)).toFixed(0)} MB/s`;
  process.stdout.write(`generated ${mb(size)} SmtpSend log, ${lines} lines, ${result.sessions} sessions, ${result.failed} failing (${((100 * result.failed) / result.sessions).toFixed(2)} %)\n`);
  process.stdout.write(`bare readline   median ${median(bare).toFixed(0)} ms (${mbps(median(bare))})\n`);
  process.stdout.write(`log analyser    median ${median(ours).toFixed(0)} ms (${mbps(median(ours))})\n`);
  process.stdout.write(`throughput ratio analyser/readline: ${(median(bare) / median(ours)).toFixed(2)} (target >= 0.3)\n`);

  // 1 GB: the same file ten times through one analyser (sessions open across the file ends).
  global.gc?.();
  const before = process.memoryUsage.rss();
  const [gb, tgb] = await timed(() => analyse(file, 10));
  process.stdout.write(`1 GB (${mb(size * 10)}) in ${(tgb / 1000).toFixed(1)} s: RSS before ${mb(before)}, peak ${mb(gb.peakRss)}, growth ${mb(gb.peakRss - before)} (target <= 100 MB)\n`);

  // Whole diagnosis through the CLI's reader, once as one file and as split/zipped variants.
  const [whole, tWhole] = await timed(() => readLogFile(file));
  process.stdout.write(`readLogFile 100 MB .log: ${tWhole.toFixed(0)} ms\n`);
  const text = generateSendLogText({ bytes: 20 * 1024 * 1024, failing: 0.01, seed: 11 });
  const small = path.join(TMP, 'send-20mb.log');
  fs.writeFileSync(small, text);
  const one = comparable((await readLogFile(small)).summary);
  const parts = splitLog(text, 4);
  const zipA = path.join(TMP, 'send-split-a.zip');
  const zipB = path.join(TMP, 'send-split-b.zip');
  await writeZip(zipA, parts, [0, 1, 2, 3], 6);
  await writeZip(zipB, parts, [3, 1, 0, 2], 1);
  const [a, tZip] = await timed(() => readLogFile(zipA));
  const b = await readLogFile(zipB);
  const same = JSON.stringify(one) === JSON.stringify(comparable(a.summary)) && JSON.stringify(one) === JSON.stringify(comparable(b.summary));
  process.stdout.write(`20 MB log as 1 file vs 4-part zips (two entry orders, two levels): ${same ? 'identical' : 'DIFFERENT'}; zip read ${tZip.toFixed(0)} ms (${fs.statSync(zipA).size} bytes zipped)\n`);
  void whole;
  for (const f of [small, zipA, zipB]) fs.rmSync(f, { force: true });
  await ocr();
}

/** OCR of a 1920×1080 Event Viewer-like screenshot (drawn in headless Chromium), and the event-loop delay meanwhile. */
export async function ocr(): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) {
    process.stdout.write(`OCR: skipped (${CHROMIUM} missing)\n`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  let png: Buffer;
  try {
    png = await screenshot(browser, eventViewerHtml('en').html, 1, 1920, 1080);
  } finally {
    await browser.close();
  }
  for (const langs of [['eng'], ['eng', 'jpn']] as const) {
    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    const result = await recognise(png, { langs: [...langs] });
    histogram.disable();
    process.stdout.write(`OCR ${result.width}x${result.height} (${langs.join('+')}): ${result.ms} ms including worker start; event-loop delay p99 ${(histogram.percentile(99) / 1e6).toFixed(1)} ms, max ${(histogram.max / 1e6).toFixed(1)} ms (target p99 < 50 ms)\n`);
  }
}
