// OCR of screenshots (Event Viewer, PowerShell windows) with tesseract.js. Everything is loaded
// from node_modules, never fetched: the WebAssembly core is required from tesseract.js-core, the
// worker script from tesseract.js, and the language data from @tesseract.js-data/{eng,jpn}
// (linked into one private folder, because tesseract.js takes one langPath for all languages).
// Recognition runs in tesseract.js' worker thread, so the event loop stays free; a pixel cap is
// checked before and a time cap terminates the worker.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { imageSize } from 'image-size';

export const DEFAULT_MAX_PIXELS = 16_000_000;
export const DEFAULT_OCR_TIMEOUT_MS = 60_000;

export type OcrLang = 'eng' | 'jpn';

export class OcrRefused extends Error {
  constructor(readonly reason: 'pixels' | 'timeout' | 'unreadable', detail = '') {
    super(`ocr refused: ${reason}${detail ? ` ${detail}` : ''}`);
  }
}

export interface OcrOptions {
  langs?: OcrLang[];
  maxPixels?: number;
  timeoutMs?: number;
}

export interface OcrResult {
  text: string;
  width: number;
  height: number;
  ms: number;
}

let langDir: string | undefined;

/** A private folder holding eng/jpn traineddata.gz as links to the npm packages' files. */
export function localLangPath(): string {
  if (langDir && fs.existsSync(langDir)) return langDir;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfd-ocr-lang-'));
  for (const lang of ['eng', 'jpn'] as const) {
    const source = path.join(path.dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)), '4.0.0_best_int', `${lang}.traineddata.gz`);
    try {
      fs.symlinkSync(source, path.join(dir, `${lang}.traineddata.gz`));
    } catch {
      fs.copyFileSync(source, path.join(dir, `${lang}.traineddata.gz`));
    }
  }
  return (langDir = dir);
}

export function workerScriptPath(): string {
  return path.join(path.dirname(require.resolve('tesseract.js/package.json')), 'src', 'worker-script', 'node', 'index.js');
}

export function imageDimensions(image: Uint8Array): { width: number; height: number } {
  try {
    const { width, height } = imageSize(image);
    if (!width || !height) throw new Error('no size');
    return { width, height };
  } catch {
    throw new OcrRefused('unreadable');
  }
}

/** Reads the text in a PNG/JPEG/BMP/WebP screenshot. Throws OcrRefused. */
export async function recognise(image: Uint8Array, options: OcrOptions = {}): Promise<OcrResult> {
  const { width, height } = imageDimensions(image);
  if (width * height > (options.maxPixels ?? DEFAULT_MAX_PIXELS)) throw new OcrRefused('pixels', `${width}x${height}`);
  const started = Date.now();
  const { createWorker, OEM } = await import('tesseract.js');
  const worker = await createWorker(options.langs ?? ['eng'], OEM.LSTM_ONLY, {
    langPath: localLangPath(),
    workerPath: workerScriptPath(),
    cacheMethod: 'none',
    gzip: true,
    // Errors are reported by the promise; nothing is printed.
    logger: () => undefined,
    errorHandler: () => undefined,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new OcrRefused('timeout')), options.timeoutMs ?? DEFAULT_OCR_TIMEOUT_MS);
    });
    const result = await Promise.race([worker.recognize(Buffer.from(image)), timeout]);
    return { text: result.data.text, width, height, ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
    await worker.terminate().catch(() => undefined);
  }
}
