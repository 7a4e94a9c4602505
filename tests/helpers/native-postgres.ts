import { execFile, execFileSync, spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { promisify } from 'node:util';
import { freePort } from './ports.js';
import type { PostgresServer } from './postgres-server.js';

/**
 * `0` leaves native PostgreSQL out, as on a machine without it; `1` requires it, so that its absence fails the tests
 * instead of skipping them. Unset: used when it is installed with pgvector.
 */
export const NATIVE_POSTGRES_ENV = 'CITED_TEST_NATIVE_POSTGRES';

/**
 * How long initdb, or a start, may take: about a second each here (a start after an outage replays the WAL first);
 * generous for a shared CI machine running several test files at once.
 */
const START_MS = 60_000;
/** What the server says once it accepts connections (lc_messages is C, so never translated). */
const READY = /database system is ready to accept connections/;
/** The end of the server's log kept for an error message; the rest is read and dropped, so the pipe never fills. */
const LOG_TAIL_CHARS = 8_000;
/** Where Debian installs each major version's server (`/usr/lib/postgresql/15/bin`). */
const DEBIAN_SERVERS = '/usr/lib/postgresql';

/**
 * The test cluster's settings. Its data is thrown away after the test, so nothing is flushed to disk (fsync and
 * full_page_writes off: only a crash of the machine loses data then). synchronous_commit stays on: with it off, a
 * commit is acknowledged before its WAL leaves the server's memory, and the outage stop() makes loses it, which a
 * real server's outage does not. shared_buffers is small (the default is 128MB) because several test files each run
 * clusters of their own at once. max_connections keeps its default (100), the limit the product's pool size is
 * documented against.
 */
const SETTINGS: Record<string, string> = {
  listen_addresses: '127.0.0.1',
  fsync: 'off',
  full_page_writes: 'off',
  shared_buffers: '32MB',
};

/**
 * Runs the server under `sh`, which stops it (SIGQUIT: an immediate shutdown) when its standard input closes: when
 * stop() closes it, and when the test process ends, however it ends, so no cluster outlives its test. (A background
 * job's stdin is /dev/null, so the watcher reads the pipe through descriptor 3.)
 */
const WATCHDOG = [
  'exec 3<&0',
  '"$@" </dev/null &',
  'server=$!',
  '(read -r _ <&3; kill -QUIT "$server" 2>/dev/null) &',
  'watcher=$!',
  'wait "$server"',
  'code=$?',
  'kill "$watcher" 2>/dev/null',
  'exit "$code"',
].join('\n');

/** An installed PostgreSQL server with pgvector, and whom to run it as. */
interface NativeInstall {
  bindir: string;
  /** The server's version, e.g. 15.20. */
  version: string;
  /** pgvector's version, from its control file. */
  pgvector: string;
  /** PostgreSQL refuses to run as root: when we are root, the `postgres` system user's ids. */
  runAs?: { uid: number; gid: number };
}

export type NativePostgresAvailability =
  { available: true; install: NativeInstall } | { available: false; reason: string };

/** A command's trimmed output, or undefined when it cannot be run or fails. */
function output(file: string, args: string[]): string | undefined {
  try {
    return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

const hasServer = (bindir: string) => existsSync(join(bindir, 'postgres')) && existsSync(join(bindir, 'initdb'));

/** `pg_config --bindir`, else the newest of Debian's `/usr/lib/postgresql/<major>/bin`, if it has a server. */
function findBindir(): string | undefined {
  const debian = existsSync(DEBIAN_SERVERS)
    ? readdirSync(DEBIAN_SERVERS)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => join(DEBIAN_SERVERS, v, 'bin'))
    : [];
  const fromPath = output('pg_config', ['--bindir']);
  return [...(fromPath ? [fromPath] : []), ...debian].find(hasServer);
}

/**
 * The share directories that may hold this server's extensions: its own pg_config's, the one on PATH when it
 * describes this server, Debian's for its major version, and the source install's beside the binaries.
 */
function sharedirs(bindir: string, major: string): string[] {
  const own = existsSync(join(bindir, 'pg_config')) ? output(join(bindir, 'pg_config'), ['--sharedir']) : undefined;
  const onPath = output('pg_config', ['--bindir']) === bindir ? output('pg_config', ['--sharedir']) : undefined;
  const candidates = [own, onPath, `/usr/share/postgresql/${major}`, resolve(bindir, '../share/postgresql')];
  return candidates.filter((d): d is string => d !== undefined);
}

/** The `postgres` user's ids, when we are root and must run the server as someone else. */
function runAsIds(): { runAs?: { uid: number; gid: number }; missing?: string } {
  if (process.getuid?.() !== 0) return {};
  const [uid, gid] = [output('id', ['-u', 'postgres']), output('id', ['-g', 'postgres'])];
  if (!uid || !gid) return { missing: 'running as root, and there is no postgres user to run PostgreSQL as' };
  return { runAs: { uid: Number(uid), gid: Number(gid) } };
}

function findInstall(): NativePostgresAvailability {
  if (process.env[NATIVE_POSTGRES_ENV] === '0') {
    return { available: false, reason: `turned off (${NATIVE_POSTGRES_ENV}=0)` };
  }
  const bindir = findBindir();
  if (!bindir) return { available: false, reason: 'no PostgreSQL server binaries' };
  const version = /\(PostgreSQL\) (\d+)(\.\d+)?/.exec(output(join(bindir, 'postgres'), ['--version']) ?? '');
  if (!version) return { available: false, reason: `${bindir}/postgres does not say its version` };
  const major = version[1];
  const control = sharedirs(bindir, major)
    .map((d) => join(d, 'extension', 'vector.control'))
    .find((f) => existsSync(f));
  if (!control) return { available: false, reason: `PostgreSQL ${major} has no pgvector (vector.control missing)` };
  const pgvector = /default_version\s*=\s*'([^']+)'/.exec(readFileSync(control, 'utf8'))?.[1] ?? 'unknown';
  const { runAs, missing } = runAsIds();
  if (missing) return { available: false, reason: missing };
  return { available: true, install: { bindir, version: version[0].replace('(PostgreSQL) ', ''), pgvector, runAs } };
}

let found: NativePostgresAvailability | undefined;

/** Whether a real PostgreSQL server with pgvector can be started here and, if not, why (one line). */
export function nativePostgresAvailability(): NativePostgresAvailability {
  found ??= findInstall();
  return found;
}

/** The server's `-c` options. */
const settings = (port: number, socketDir: string) =>
  Object.entries({ ...SETTINGS, port: String(port), unix_socket_directories: socketDir }).flatMap(([k, v]) => [
    '-c',
    `${k}=${v}`,
  ]);

/** A real PostgreSQL cluster in a temporary folder, on a loopback port of its own, trusting local connections. */
class NativeCluster implements PostgresServer {
  private child?: ChildProcessByStdio<Writable, Readable, Readable>;

  constructor(
    private readonly install: NativeInstall,
    private readonly dir: string,
    private readonly port: number,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** Starts the server and resolves once it accepts connections; rejects (and stops it) if it does not. */
  async start(): Promise<void> {
    const args = [
      join(this.install.bindir, 'postgres'),
      '-D',
      join(this.dir, 'data'),
      ...settings(this.port, this.dir),
    ];
    const child = spawn('sh', ['-c', WATCHDOG, 'sh', ...args], {
      cwd: this.dir,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...this.install.runAs,
    });
    this.child = child;
    let log = '';
    const read = (d: Buffer) => (log = (log + d.toString()).slice(-LOG_TAIL_CHARS));
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    try {
      await new Promise<void>((ready, fail) => {
        const timer = setTimeout(
          () => fail(new Error(`PostgreSQL did not start in ${START_MS} ms:\n${log}`)),
          START_MS,
        );
        child.stderr.on('data', () => {
          if (!READY.test(log)) return;
          clearTimeout(timer);
          ready();
        });
        child.once('exit', (code) => {
          clearTimeout(timer);
          fail(new Error(`PostgreSQL exited (${code}):\n${log}`));
        });
      });
    } catch (e) {
      await this.stop();
      throw e;
    }
  }

  /** An immediate shutdown (SIGQUIT, through the watchdog): every connection is cut, nothing is checkpointed. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin.end();
    await exited;
  }

  async close(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A throwaway PostgreSQL cluster with pgvector installed (not yet created in its database): initdb in a temporary
 * folder, run as the `postgres` user when we are root. Throws, saying why, when there is none to start.
 */
export async function startNativePostgres(): Promise<PostgresServer> {
  const found = nativePostgresAvailability();
  if (!found.available) throw new Error(`native PostgreSQL cannot be started: ${found.reason}`);
  const { install } = found;
  const dir = mkdtempSync(join(tmpdir(), 'cited-pg-'));
  const cluster = new NativeCluster(install, dir, await freePort());
  try {
    if (install.runAs) chownSync(dir, install.runAs.uid, install.runAs.gid);
    // Trust for the local socket and loopback only (initdb's pg_hba.conf lists no other host); C locale and UTF-8,
    // so log lines are untranslated and text compares the same on every machine.
    const initdb = ['-D', join(dir, 'data'), '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'];
    await promisify(execFile)(join(install.bindir, 'initdb'), initdb, {
      cwd: dir,
      timeout: START_MS,
      ...install.runAs,
    });
    await cluster.start();
  } catch (e) {
    await cluster.close();
    throw e;
  }
  return cluster;
}

/** The engine's name in test titles: the server's and pgvector's versions. */
export function nativePostgresName(install: NativeInstall): string {
  return `PostgreSQL ${install.version}, pgvector ${install.pgvector}`;
}
