/** The local Data API thread's own code (see ./thread): start the endpoint, close it when asked. */
import { parentPort, workerData } from 'node:worker_threads';
import { startDataApiServer, type DataApiServerOptions } from './server';
import type { FromThread } from './thread';

const port = parentPort!;
startDataApiServer(workerData as DataApiServerOptions).then(
  (server) => {
    port.once('message', () => void server.close().finally(() => port.postMessage({ closed: true } satisfies FromThread)));
    port.postMessage({ endpoint: server.endpoint } satisfies FromThread);
  },
  (error: unknown) => port.postMessage({ error: String(error) } satisfies FromThread),
);
