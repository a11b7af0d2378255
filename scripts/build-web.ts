// Builds the paste dialog page served at /dialog: web/dialog → dist/web/dialog
// (index.html, page.js: one minified browser bundle with teams-js, strings and commands; page.css).
// The bundle is called page.js, not dialog.js, because `tsc` emits its own dist/web/dialog/dialog.js.
// Usage: npm run build:web
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.join(__dirname, '..');
const SOURCE_DIR = path.join(ROOT, 'web', 'dialog');
export const DIALOG_BUILD_DIR = path.join(ROOT, 'dist', 'web', 'dialog');
export const DIALOG_FILES = ['index.html', 'page.js', 'page.css'] as const;

export async function buildDialogPage(outDir = DIALOG_BUILD_DIR): Promise<void> {
  fs.mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [
      { in: path.join(SOURCE_DIR, 'dialog.ts'), out: 'page' },
      { in: path.join(SOURCE_DIR, 'dialog.css'), out: 'page' },
    ],
    outdir: outDir,
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'iife',
    target: ['chrome109', 'edge109', 'firefox115', 'safari15'],
    define: { 'process.env.NODE_ENV': '"production"' },
    charset: 'utf8',
    legalComments: 'eof',
    logLevel: 'warning',
  });
  fs.copyFileSync(path.join(SOURCE_DIR, 'index.html'), path.join(outDir, 'index.html'));
}

if (require.main === module) {
  buildDialogPage().then(
    () => {
      const sizes = DIALOG_FILES.map((f) => `${f} ${fs.statSync(path.join(DIALOG_BUILD_DIR, f)).size} B`);
      console.log(`dist/web/dialog: ${sizes.join(', ')}`);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
