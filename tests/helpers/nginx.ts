import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './fixtures.js';
import { freePort } from './ports.js';

/** Where Debian puts nginx (`apt-get install nginx`; `.ci/run` installs it). */
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));

/**
 * Whether this machine has the engine a test needs. Under CI a missing one fails the test (CI installs it);
 * elsewhere the test is skipped with a line saying what to install.
 */
function engineAvailable(name: string, found: boolean): boolean {
  if (found) return true;
  if (process.env.CI === 'true') throw new Error(`${name} is not installed: .ci/run installs it with apt-get`);
  console.warn(`${name} is not installed (apt-get install ${name}): its tests were skipped`);
  return false;
}

export const hasNginx = () => engineAvailable('nginx', NGINX !== undefined);

export interface Nginx {
  url: string;
  stop(): Promise<void>;
}

/**
 * nginx in front of `upstreams` (host:port), as README's deployment section configures it: a request that failed on
 * one replica before its answer began (connection refused or reset, 502/503) is tried on the next one. Asks are
 * read-only, so POSTs are retried too (`non_idempotent`).
 */
function nginxConfig(dir: string, port: number, upstreams: string[]): string {
  const temp = (name: string) => join(dir, name);
  // Run as root (CI), nginx would hand its workers to "nobody", who may not write the temporary folders made here.
  const user = process.getuid?.() === 0 ? 'user root root;' : '';
  return `
${user}
worker_processes 1;
daemon off;
pid ${temp('nginx.pid')};
error_log ${temp('error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${temp('body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  upstream cited {
${upstreams.map((u) => `    server ${u} max_fails=1 fail_timeout=10s;`).join('\n')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://cited;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_next_upstream error timeout http_502 http_503 non_idempotent;
      proxy_next_upstream_tries 3;
      proxy_connect_timeout 2s;
    }
  }
}
`;
}

/** Starts nginx on a free port in front of `upstreams`, and waits until it answers. */
export async function startNginx(upstreams: string[]): Promise<Nginx> {
  const dir = tempDir('cited-nginx-');
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, d));
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig(dir, port, upstreams));
  const check = spawnSync(NGINX!, ['-t', '-c', conf, '-p', dir], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx rejected its configuration: ${check.stderr}`);
  const child: ChildProcess = spawn(NGINX!, ['-c', conf, '-p', dir], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await fetch(`${url}/health`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error('nginx did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    stop: async () => {
      child.kill('SIGQUIT');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    },
  };
}
