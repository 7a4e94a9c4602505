import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** stderr so far. */
  log: () => string;
  stop: () => Promise<void>;
}

/** Starts a server process and resolves once it prints "listening on URL" (and `until`, when given). */
export function startProcess(args: string[], env: Record<string, string>, until?: RegExp): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start:\n${log}`)), 120_000);
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}:\n${log}`)));
    child.stderr.on('data', (d: Buffer) => {
      log += d.toString();
      const url = /listening on (\S+)/.exec(log)?.[1];
      if (url && (!until || until.test(log))) {
        clearTimeout(timer);
        resolve({
          child,
          url,
          log: () => log,
          stop: () => stopChild(child),
        });
      }
    });
  });
}

/** `node bin/cited.js serve` offline on an ephemeral port, without a rate limit, with the given index dir. */
export function citedServeArgs(): string[] {
  return [join(repoRoot, 'bin', 'cited.js'), 'serve', '--port', '0'];
}

export function citedServeEnv(indexDir: string): Record<string, string> {
  return {
    CITED_INDEX_DIR: indexDir,
    CITED_LLM: 'extractive',
    CITED_RATE_LIMIT: '0',
    OPENAI_API_KEY: '',
    OPENAI_BASE_URL: '',
    CITED_API_KEYS: '',
  };
}

/** Resident memory (current and peak) of a process, from /proc, in MiB. */
export function processRss(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rssMb: Math.round(kb('VmRSS') / 102.4) / 10, peakMb: Math.round(kb('VmHWM') / 102.4) / 10 };
}

/** Sends SIGTERM and resolves once the process has exited (at once if it already has). */
export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise<void>((done) => {
    if (child.exitCode !== null) return done();
    child.removeAllListeners('exit');
    child.on('exit', () => done());
    child.kill('SIGTERM');
  });
}
