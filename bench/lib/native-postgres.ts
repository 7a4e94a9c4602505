import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { userInfo, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../tests/helpers/ports.js';

/** Where the server's binaries are (Debian's layout for PostgreSQL 15); CITED_BENCH_PG_BIN points elsewhere. */
const PG_BIN = process.env.CITED_BENCH_PG_BIN ?? '/usr/lib/postgresql/15/bin';
/** PostgreSQL refuses to run as root; as root, the server runs as this user. */
const SERVER_USER = 'postgres';
/** initdb plus a first start take a few seconds; a minute means something is wrong. */
const START_TIMEOUT_MS = 60_000;

export interface RunningServer {
  /** postgres://… for CITED_STORE and PostgresStore.connect. */
  url: string;
  /** The server's root process: its tree's CPU time is the server's. */
  pid: number;
  /** The server's log so far (its notices, e.g. an HNSW build outgrowing maintenance_work_mem). */
  log: () => string;
  stop: () => Promise<void>;
}

/** Why a native PostgreSQL with pgvector cannot run here, or undefined when it can. */
export function nativePostgresMissing(): string | undefined {
  for (const bin of ['initdb', 'postgres', 'pg_config'])
    if (!existsSync(join(PG_BIN, bin))) return `no ${bin} in ${PG_BIN} (set CITED_BENCH_PG_BIN)`;
  const share = execFileSync(join(PG_BIN, 'pg_config'), ['--sharedir'], { encoding: 'utf8' }).trim();
  if (!existsSync(join(share, 'extension', 'vector.control'))) return `pgvector is not installed in ${share}/extension`;
  if (userInfo().uid === 0) {
    try {
      execFileSync('id', [SERVER_USER], { stdio: 'ignore' });
    } catch {
      return `running as root, and there is no "${SERVER_USER}" user to run the server as`;
    }
  }
  return undefined;
}

/** A command as the server user when we are root (PostgreSQL refuses root), else as ourselves. */
function asServerUser(bin: string, args: string[]): [string, string[]] {
  const path = join(PG_BIN, bin);
  return userInfo().uid === 0 ? ['runuser', ['-u', SERVER_USER, '--', path, ...args]] : [path, args];
}

/**
 * A fresh PostgreSQL cluster in a temporary directory, with the distribution's default settings (what a first
 * deployment has), listening on a free loopback port; removed when stopped. `settings` are passed as `-c` options.
 */
export async function startNativePostgres(settings: Record<string, string> = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'cited-bench-pg-'));
  if (userInfo().uid === 0) {
    const { uid, gid } = userInfoOf(SERVER_USER);
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const [initdb, initArgs] = asServerUser('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8']);
  execFileSync(initdb, initArgs, { stdio: 'ignore' });
  const port = await freePort();
  const options = { listen_addresses: '127.0.0.1', ...settings };
  const flags = Object.entries(options).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  const [cmd, args] = asServerUser('postgres', ['-D', data, '-p', String(port), '-k', dir, ...flags]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  try {
    await ready(child, () => log);
  } catch (e) {
    // Under runuser the child is runuser: the postmaster, when it got that far, is stopped by its own pid.
    if (existsSync(join(data, 'postmaster.pid'))) process.kill(postmasterPid(data), 'SIGKILL');
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const pid = postmasterPid(data);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    pid,
    log: () => log,
    stop: async () => {
      const exited = new Promise<void>((resolve) => {
        if (child.exitCode !== null) resolve();
        else child.on('exit', () => resolve());
      });
      // SIGINT is PostgreSQL's fast shutdown: sessions ended, a checkpoint, exit.
      process.kill(pid, 'SIGINT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The postmaster's pid: the first line of postmaster.pid. */
const postmasterPid = (data: string) => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);

function ready(child: ChildProcess, log: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PostgreSQL did not start:\n${log()}`)), START_TIMEOUT_MS);
    child.on('exit', (code) => reject(new Error(`PostgreSQL exited with ${code}:\n${log()}`)));
    child.stderr!.on('data', () => {
      if (!/ready to accept connections/.test(log())) return;
      clearTimeout(timer);
      resolve();
    });
  });
}

function userInfoOf(name: string): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}
