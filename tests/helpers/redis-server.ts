import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './ports.js';

/** How long redis-server may take to say it is ready: it takes milliseconds; a shared CI machine may be slow. */
const START_MS = 15_000;

const INSTALL = 'install Redis (Debian: apt-get install redis-server)';

/** redis-server on PATH (Debian's is /usr/bin/redis-server), or undefined. */
function findRedisServer(): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  return dirs.map((d) => join(d, 'redis-server')).find((p) => existsSync(p));
}

/**
 * The redis-server binary for a test file that needs one. Without it: under CI (which installs it in .ci/run) that
 * is a failure, with what to install; elsewhere the file is skipped with a warning saying the same.
 */
export function redisServerOrSkip(): { binary?: string; missing?: string } {
  const binary = findRedisServer();
  if (binary) return { binary };
  const missing = `redis-server was not found on PATH: ${INSTALL} to run the shared rate-limit tests`;
  if (process.env.CI !== 'true') console.warn(`skipping: ${missing}`);
  return { missing };
}

/** A real redis-server on a loopback port of its own, with no persistence: started, stopped, frozen and killed. */
export class RedisServer {
  private child?: ChildProcess;

  private constructor(
    private readonly binary: string,
    readonly port: number,
  ) {}

  static async start(binary: string): Promise<RedisServer> {
    const server = new RedisServer(binary, await freePort());
    await server.restart();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** (Re)starts it on the same port, empty, and resolves once it accepts connections. */
  async restart(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    const child = spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), START_MS);
      const read = (d: Buffer) => {
        out += d.toString();
        if (/ready to accept connections/i.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}):\n${out}`));
      });
    });
  }

  /** SIGKILL: the connections drop at once, as when its machine goes away. Resolves once it has exited. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** The value at `key` right now (null when there is none), read on a connection of its own. */
  async get(key: string): Promise<string | null> {
    // One attempt, nothing queued: a Redis that is down fails the read at once rather than holding up the test.
    const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await client.connect();
      return await client.get(key);
    } finally {
      client.disconnect();
    }
  }

  /** SIGSTOP / SIGCONT: still connected, answering nothing, as a frozen host. */
  freeze(frozen: boolean): void {
    this.child?.kill(frozen ? 'SIGSTOP' : 'SIGCONT');
  }
}

/** How long a server's log line may take to appear (a reconnect is attempted every second at most): generous for CI. */
const LOG_WAIT_MS = 20_000;

/** What cited logs when Redis goes away, and when it answers again. */
export const UNREACHABLE = /Redis \(CITED_REDIS_URL\) is unreachable/g;
export const BACK = /Redis \(CITED_REDIS_URL\) is back/g;

/** Waits until `ready()` holds; fails with `what` (and never asserts on time) when it does not in LOG_WAIT_MS. */
export async function until(ready: () => boolean, what: () => string): Promise<void> {
  const deadline = Date.now() + LOG_WAIT_MS;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(what());
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** How many times `pattern` (global) occurs in `text`. */
export const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;
