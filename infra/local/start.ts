/** `npm start`: the whole platform locally, on http://127.0.0.1:3000 (PORT to change it), until Ctrl-C. */
import { join } from 'node:path';
import { startLocalRuntime } from './runtime';

const dataDir = join(import.meta.dirname, '../../.local');
const runtime = await startLocalRuntime({
  dataDir,
  httpPort: process.env.PORT ? Number(process.env.PORT) : undefined,
  log: (line) => console.log(line),
});
console.log(`API:      ${runtime.apiUrl}
OpenAPI:  ${runtime.apiUrl}/openapi.json
Data:     ${dataDir}
Ctrl-C stops everything.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping…');
    runtime.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
