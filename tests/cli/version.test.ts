import { execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { REPO, tempDir } from '../helpers/fixtures.js';
import { servedUrl, spawnServe } from '../helpers/served-cli.js';

const run = promisify(execFile);
const versionOf = (dir: string) =>
  (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * The built package (bin/, the bundled dist/, prompts/) copied beside a package.json whose version differs from
 * the repository's: what it reports can only come from that file, not from a copy of the number in the code.
 */
function packageCopy(version: string): string {
  const dir = tempDir('cited-version-');
  for (const part of ['bin', 'dist', 'prompts']) cpSync(join(REPO, part), join(dir, part), { recursive: true });
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...pkg, version }));
  symlinkSync(realpathSync(join(REPO, 'node_modules')), join(dir, 'node_modules'));
  return dir;
}

describe('the version comes from package.json', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill();
    child = undefined;
  });

  it('in the source', () => {
    expect(VERSION).toBe(versionOf(REPO));
  });

  it('in the bundled CLI: `cited --version` and the /openapi.json of `cited serve`', async () => {
    const dir = packageCopy('9.8.7-copy');
    const bin = join(dir, 'bin', 'cited.js');
    expect((await run(process.execPath, [bin, '--version'])).stdout.trim()).toBe('9.8.7-copy');

    const served = spawnServe(bin);
    child = served.child;
    const url = await servedUrl(served, /listening on http:\/\/\S+/);
    const doc = (await (await fetch(`${url}/openapi.json`)).json()) as { info: { version: string } };
    expect(doc.info.version).toBe('9.8.7-copy');
  });
});
