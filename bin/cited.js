#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run automatically by `npm ci`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/index.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('cited: not built yet; run `npm ci` (or `npm run build`) first\n');
  process.exit(1);
}
const { run } = await import(entry.href);
await run(process.argv);
