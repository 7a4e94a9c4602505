import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CitedError } from './errors.js';

/**
 * The nearest package.json above this module. Searched for rather than taken at a fixed relative path: this
 * module runs as src/version.ts (tests), dist/version.js (compiled), and inlined into dist/cli/index.js, one
 * folder deeper, by bin/bundle-cli.mjs. The loop ends at the file system's root.
 */
function packageFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new CitedError('INTERNAL', `no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return join(dir, 'package.json');
}

/** The package's version, read from package.json, its one source (the OpenAPI document, `cited --version`). */
export const VERSION = (JSON.parse(readFileSync(packageFile(), 'utf8')) as { version: string }).version;
