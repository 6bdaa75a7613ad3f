/** Starting and stopping the local endpoints' HTTP servers the same way. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens (port 0 picks a free one) and answers the endpoint URL, e.g. http://127.0.0.1:43121. */
export async function listenLocally(server: Server, port = 0, host = '127.0.0.1'): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return `http://${address.address}:${address.port}`;
}

/** Stops taking connections, closes the idle ones, and after `graceMs` the busy ones too (a long poll, a stalled upload). */
export function stopServer(server: Server, graceMs = 2_000): Promise<void> {
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
