import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO } from './fixtures.js';

const run = promisify(execFile);
const BIN = join(REPO, 'bin', 'cited.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The built CLI (bin/cited.js, as `npx cited` runs it) with exactly this environment, in `cwd` (the repository by
 * default). A non-zero exit is a result to check, not a throw.
 */
export async function runCli(
  args: string[],
  opts: { env: Record<string, string | undefined>; cwd?: string },
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: opts.env, cwd: opts.cwd ?? REPO });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
