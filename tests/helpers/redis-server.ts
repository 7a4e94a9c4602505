import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './ports.js';

/** How long redis-server may take to say it is ready: it takes milliseconds; a shared CI machine may be slow. */
const START_MS = 15_000;

/** How much of redis-server's log a failure message shows. */
const OUTPUT_TAIL_CHARS = 4_000;

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
  /** The end of what the running redis-server printed. */
  private output = '';

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

  /**
   * (Re)starts it on the same port, empty, and resolves once a client's PING is answered: its "ready" line alone is
   * not taken for it, so that a test's servers never meet a Redis that is not there yet.
   */
  async restart(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    const child = spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.output = '';
    const keep = (d: Buffer) => (this.output = (this.output + d.toString()).slice(-OUTPUT_TAIL_CHARS));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${this.output}`)), START_MS);
      const read = () => {
        if (!/ready to accept connections/i.test(this.output)) return;
        clearTimeout(timer);
        child.stdout.off('data', read);
        child.stderr.off('data', read);
        resolve();
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}):\n${this.output}`));
      });
    });
    await this.answersPing();
  }

  /** Waits (within START_MS) until a PING on a connection of its own is answered. */
  private async answersPing(): Promise<void> {
    const deadline = Date.now() + START_MS;
    for (;;) {
      try {
        if ((await this.command((c) => c.ping())) === 'PONG') return;
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`redis-server answers no PING:\n${this.state()}`, { cause: e });
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Its process and the end of its log, for a failure message. */
  state(): string {
    const child = this.child;
    const status = !child ? 'stopped by the test' : `pid ${child.pid}, exit ${child.exitCode ?? child.signalCode}`;
    return `redis-server on port ${this.port} (${status}):\n${this.output}`;
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
  get(key: string): Promise<string | null> {
    return this.command((c) => c.get(key));
  }

  /** One command on a connection of its own, attempted once. */
  private async command<T>(run: (client: Redis) => Promise<T>): Promise<T> {
    // One attempt, nothing queued: a Redis that is down fails the command at once rather than holding up the test.
    const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await client.connect();
      return await run(client);
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

/**
 * Resolves once every server whose log this is holds a connection to Redis: each outage it logged has been followed
 * by a "back". A server starts whether or not its first connect succeeds, and on a loaded machine that first connect
 * is sometimes refused and made again a moment later (as CI showed); a test of the shared count waits for it.
 */
export function connectedToRedis(log: () => string, redis: RedisServer): Promise<void> {
  return until(
    () => count(log(), UNREACHABLE) === count(log(), BACK),
    () => `a server did not connect to Redis; its log:\n${log()}\n${redis.state()}`,
  );
}
