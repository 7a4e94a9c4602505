import { createServer } from 'node:net';
import { CitedError } from '../errors.js';

/** Where a server was asked to listen: the PORT and HOST settings, or `--port`. */
interface Address {
  host: string;
  port: number;
}

/** What to change, said once for every message below. */
const CHANGE_PORT = 'choose another with `cited serve --port N` or the PORT setting';

/**
 * A failure to listen, in one line that names the address and the setting to change, instead of Node's bare
 * "listen EADDRINUSE: address already in use". Other errors are returned as they are.
 */
export function explainListenError(e: unknown, { host, port }: Address): unknown {
  const code = e instanceof Error && 'code' in e ? e.code : undefined;
  if (code === 'EADDRINUSE')
    return new CitedError(
      'CONFIG_INVALID',
      `port ${port} on ${host} is already in use: stop the program using it, or ${CHANGE_PORT}`,
      { cause: e },
    );
  if (code === 'EACCES')
    return new CitedError('CONFIG_INVALID', `no permission to listen on port ${port} of ${host}: ${CHANGE_PORT}`, {
      cause: e,
    });
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return new CitedError('CONFIG_INVALID', `HOST ${host} is not an address of this machine: change the HOST setting`, {
      cause: e,
    });
  return e;
}

/**
 * Fails with the explained error when the address cannot be listened on now. `cited serve --workers N` asks before
 * it forks: otherwise each of the N workers would meet the same failure and report it, N lines for one cause.
 */
export async function checkCanListen(address: Address): Promise<void> {
  // Port 0 asks the system for a free port, which is always there.
  if (address.port === 0) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (e) => reject(explainListenError(e, address)));
    probe.listen({ host: address.host, port: address.port, exclusive: true }, () => probe.close(() => resolve()));
  });
}
