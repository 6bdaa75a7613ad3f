/**
 * `npm start`: the whole platform locally, on http://127.0.0.1:3000 (PORT to change it), until Ctrl-C.
 * `npm run demo` (`--demo`) adds the fixture job boards and application forms, with the crawler
 * pointed at them, for the README's walk-through on a machine without the internet.
 */
import { join } from 'node:path';
import { DEMO_CRAWL_TARGETS, startDemoSites, type DemoSites } from './demo-sites';
import { startLocalRuntime } from './runtime';

const dataDir = join(import.meta.dirname, '../../.local');
// Before the runtime: the crawler reads the boards' base URLs from the environment the demo sets.
const demo: DemoSites | undefined = process.argv.includes('--demo') ? await startDemoSites() : undefined;
const runtime = await startLocalRuntime({
  dataDir,
  httpPort: process.env.PORT ? Number(process.env.PORT) : undefined,
  log: (line) => console.log(line),
});
console.log(`API:      ${runtime.apiUrl}
OpenAPI:  ${runtime.apiUrl}/openapi.json
Data:     ${dataDir}`);
if (demo) {
  console.log(`Demo:     job boards replicated on 127.0.0.1; application forms at ${demo.formsUrl}
          (a Greenhouse form: ${demo.formsUrl}/greenhouse/acme/jobs/4012345; a careers site: ${demo.careersUrl})
ATS boards to crawl with source custom and one of these targets:
${DEMO_CRAWL_TARGETS.map((t) => `          ${JSON.stringify(t)}`).join('\n')}`);
}
console.log('Ctrl-C stops everything.');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping…');
    Promise.all([runtime.stop(), demo?.close()]).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
