// npm run bench: runs every bench/*.bench.ts (each exports `run()`, printing its own figures).
// `npm run bench -- NAME` runs only the files whose name contains NAME.
import * as fs from 'node:fs';
import * as path from 'node:path';

async function main(): Promise<void> {
  const filter = process.argv[2];
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
    .sort();
  for (const file of files) {
    process.stdout.write(`\n## ${file.replace('.bench.ts', '')}\n`);
    const mod = (await import(path.join(__dirname, file))) as { run: () => Promise<void> };
    await mod.run();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
