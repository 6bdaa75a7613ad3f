/**
 * The local Data API endpoint on a thread of its own. In AWS the Data API is a service apart from
 * the functions that call it; here, sharing the functions' thread, its JSON and PostgreSQL traffic
 * would queue behind theirs (and theirs behind it) on one core. The thread runs ./thread-entry
 * bundled with esbuild, so it loads the same way under tsx and under vitest.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import type { DataApiServer, DataApiServerOptions } from './server';

export type FromThread = { endpoint: string } | { error: string } | { closed: true };

let bundled: Promise<string> | undefined;

/** The thread's code as one CommonJS script (built once per process). */
function bundle(): Promise<string> {
  bundled ??= build({
    entryPoints: [fileURLToPath(new URL('./thread-entry.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    external: ['pg-native'],
    logLevel: 'error',
  }).then((result) => result.outputFiles[0]!.text);
  return bundled;
}

export async function startDataApiThread(options: DataApiServerOptions): Promise<DataApiServer> {
  const worker = new Worker(await bundle(), { eval: true, workerData: options });
  const next = () =>
    new Promise<FromThread>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      worker.once('error', onError);
      worker.once('message', (message: FromThread) => {
        worker.off('error', onError);
        resolve(message);
      });
    });
  const started = await next();
  if ('error' in started) throw new Error(`local Data API: ${started.error}`);
  if (!('endpoint' in started)) throw new Error('local Data API: unexpected message');
  return {
    endpoint: started.endpoint,
    async close() {
      const closed = next();
      worker.postMessage('close');
      await closed;
      await worker.terminate();
    },
  };
}
