import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/fixtures.js';
import { spawnServe } from '../helpers/served-cli.js';

const BIN = join(REPO, 'bin', 'cited.js');

describe('cited serve on a port another program holds', () => {
  let holder: Server;
  let port: number;
  beforeAll(async () => {
    holder = createServer().listen({ host: '127.0.0.1', port: 0 });
    await once(holder, 'listening');
    port = (holder.address() as AddressInfo).port;
  });
  afterAll(() => holder.close());

  /** The built CLI's `serve`, run to its end: its exit code and everything it wrote on stderr. */
  async function serveUntilExit(args: string[], env: Record<string, string> = {}) {
    const served = spawnServe(BIN, args, env);
    const [code] = (await once(served.child, 'exit')) as [number | null];
    return { code, stderr: served.log() };
  }

  const explained = () =>
    `cited: port ${port} on 127.0.0.1 is already in use: stop the program using it, or choose another with ` +
    '`cited serve --port N` or the PORT setting [CONFIG_INVALID]\n';

  it('--port N: one line naming the port and what to change, exit code 1', async () => {
    expect(await serveUntilExit(['--port', String(port)])).toEqual({ code: 1, stderr: explained() });
  });

  it('PORT=N: the same', async () => {
    expect(await serveUntilExit([], { PORT: String(port) })).toEqual({ code: 1, stderr: explained() });
  });

  it('--workers 2: said once, before any worker starts, and every process exits', async () => {
    expect(await serveUntilExit(['--port', String(port), '--workers', '2'])).toEqual({
      code: 1,
      stderr: explained(),
    });
  });
});
