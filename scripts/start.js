#!/usr/bin/env node
'use strict';
// npm start: compile if dist/ is missing or older than the sources, then run the bot.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'dist', 'src', 'index.js');
const SOURCE_DIRS = ['src', 'dialogs'];

function newestSourceTime() {
  let newest = Math.max(fs.statSync(path.join(root, 'tsconfig.json')).mtimeMs, fs.statSync(path.join(root, 'tsconfig.build.json')).mtimeMs);
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entryName of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entryName.name);
      if (entryName.isDirectory()) walk(full);
      else if (entryName.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  SOURCE_DIRS.forEach((dir) => walk(path.join(root, dir)));
  return newest;
}

function buildIfNeeded() {
  if (fs.existsSync(entry) && fs.statSync(entry).mtimeMs >= newestSourceTime()) return;
  console.log('Building (dist/ is missing or older than the sources)…');
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('Build failed: fix the type errors above, then run npm start again.');
    process.exit(result.status ?? 1);
  }
  // tsc leaves an unchanged file's timestamp alone; mark the build as fresh.
  const now = new Date();
  fs.utimesSync(entry, now, now);
}

// The paste dialog page (/dialog) is bundled by esbuild, not tsc: rebuild it when its sources change.
function buildDialogPageIfNeeded() {
  const page = path.join(root, 'dist', 'web', 'dialog', 'page.js');
  const dirs = ['web/dialog', 'src/web', 'locales/en', 'locales/ja'].map((dir) => path.join(root, dir));
  const sources = [...dirs.flatMap((dir) => fs.readdirSync(dir).map((f) => path.join(dir, f))), path.join(root, 'src/diagnosis/commands.ts')];
  const newest = Math.max(...sources.map((file) => fs.statSync(file).mtimeMs));
  if (fs.existsSync(page) && fs.statSync(page).mtimeMs >= newest) return;
  const tsx = require.resolve('tsx/cli', { paths: [root] });
  const result = spawnSync(process.execPath, [tsx, 'scripts/build-web.ts'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

buildIfNeeded();
buildDialogPageIfNeeded();
const port = process.env.PORT || '3978';
console.log(`Mailflow Doctor: http://localhost:${port}/api/messages (health: http://localhost:${port}/healthz)`);
const child = spawn(process.execPath, ['--disable-warning=DEP0111', entry], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
