import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { benchDir, repoRoot } from './paths.js';

export interface ChildOptions {
  /** --max-old-space-size for the child, in MiB. */
  heapMb?: number;
  exposeGc?: boolean;
  env?: Record<string, string>;
  /** Print the child's stderr as it comes (progress lines). */
  echo?: boolean;
}

/**
 * Runs a bench script in its own node process (so its memory and its JIT state are its own) and returns the
 * JSON it prints on its last stdout line.
 */
export function runBenchScript<T>(script: string, args: string[] = [], opts: ChildOptions = {}): Promise<T> {
  const flags = ['--import', 'tsx'];
  if (opts.heapMb) flags.push(`--max-old-space-size=${opts.heapMb}`);
  if (opts.exposeGc) flags.push('--expose-gc');
  const child = spawn(process.execPath, [...flags, join(benchDir, script), ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
    if (opts.echo) process.stderr.write(d);
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`${script} exited with ${code}:\n${err.slice(-2000)}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no JSON result:\n${out.slice(-1000)}\n${err.slice(-1000)}`));
      }
    });
  });
}

/** Progress lines go to stderr so stdout carries only the result. */
export const note = (message: string): void => void process.stderr.write(`  · ${message}\n`);
