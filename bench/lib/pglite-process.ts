import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { RunningServer } from './native-postgres.js';
import { repoRoot } from './paths.js';
import { stopChild } from './server-process.js';

/** Loading the WASM build and pgvector takes a few seconds. */
const START_TIMEOUT_MS = 60_000;

/**
 * PGlite (PostgreSQL in WASM, in memory, with pgvector) served over the wire by `evals/pglite-serve.ts`, in a process
 * of its own: it is single-threaded, and in the bench's process it would compete with the client for the event loop.
 */
export function startPgliteProcess(): Promise<RunningServer> {
  const script = join(repoRoot, 'evals', 'pglite-serve.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--port', '0'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pglite-serve did not start:\n${log}`)), START_TIMEOUT_MS);
    child.on('exit', (code) => reject(new Error(`pglite-serve exited with ${code}:\n${log}`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /CITED_STORE=(\S+)/.exec(out)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({
        url,
        pid: child.pid!,
        log: () => log,
        stop: () => stopChild(child),
      });
    });
  });
}
