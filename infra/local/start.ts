/**
 * `npm start`: the whole platform locally, on http://127.0.0.1:3000 (PORT to change it), until Ctrl-C,
 * SIGTERM or the terminal closing (SIGHUP): each stops everything it started, PostgreSQL included.
 * `npm run demo` (`--demo`) adds the fixture job boards and application forms, with the crawler
 * pointed at them, for the README's walk-through on a machine without the internet.
 *
 * A start that cannot go on (a port taken, PostgreSQL refusing to start) says why in one line, stops
 * what it had started, and exits 1.
 */
import { join } from 'node:path';
import { bannerLines } from './banner';
import { localDataDir } from './constants';
import { startLocalDatabase } from './database';
import { DEMO_FORMS_PORT, startDemoSites } from './demo-sites';
import { startLocalRuntime } from './runtime';
import { describeStartupFailure } from './startup-error';

// Once the terminal is gone (SIGHUP), writing to it fails: that must not stop the shutdown halfway.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

const dataDir = localDataDir();
const demoMode = process.argv.includes('--demo');
/** A port from the environment (0: any free port), or the default; a setting that is no port ends the start here. */
function portSetting(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (Number.isInteger(port) && port >= 0 && port <= 65_535) return port;
  console.error(`npm start: ${name} must be a port number from 0 (any free port) to 65535, not "${value}"`);
  process.exit(1);
}
const apiPort = portSetting('PORT', 3000);
const demoFormsPort = portSetting('DEMO_FORMS_PORT', DEMO_FORMS_PORT);
const outboxDir = join(dataDir, 'outbox');
const log = (line: string) => console.log(line);

/** What is running, newest first: a stop (or a failed start) undoes it in that order. */
const running: { name: string; stop: () => Promise<void> }[] = [];
let stopSignal: NodeJS.Signals | undefined;
let up = false;

async function stopEverything(): Promise<boolean> {
  let clean = true;
  for (const part of running.splice(0)) {
    await part.stop().catch((error: unknown) => {
      clean = false;
      console.error(`${part.name} did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
  return clean;
}

async function shutDown(): Promise<never> {
  console.log(`stopping (${stopSignal})…`);
  process.exit((await stopEverything()) ? 0 : 1);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopSignal) return;
    stopSignal = signal;
    // Mid-start, the start stops what it has started as soon as its current step returns.
    if (up) void shutDown();
  });
}

/** A signal that came in mid-start ends the start between two steps. */
class StopRequested extends Error {}
const checkpoint = () => {
  if (stopSignal) throw new StopRequested();
};

try {
  // Before the runtime: the crawler reads the boards' base URLs from the environment the demo sets.
  const demo = demoMode ? await startDemoSites({ formsPort: demoFormsPort }) : undefined;
  if (demo) running.unshift({ name: 'the demo sites', stop: () => demo.close() });
  checkpoint();
  const database = await startLocalDatabase({ dataDir, log });
  running.unshift({ name: 'the database', stop: () => database.stop() });
  checkpoint();
  // The runtime owns the database from here: it stops it with everything else, and when it fails to start.
  running.shift();
  const runtime = await startLocalRuntime({
    dataDir,
    database,
    httpPort: apiPort,
    // What the platform would email (verification tokens) is written here locally, not sent.
    env: { EMAIL_OUTBOX_DIR: outboxDir },
    log,
  });
  running.unshift({ name: 'the local runtime', stop: () => runtime.stop() });
  console.log(bannerLines({ runtime, postgresUrl: database.postgresUrl, dataDir, outboxDir, demo }).join('\n'));
  up = true;
  checkpoint();
} catch (error) {
  if (!(error instanceof StopRequested)) {
    console.error(`npm start: ${describeStartupFailure(error, { apiPort, demoFormsPort: demoMode ? demoFormsPort : undefined })}`);
    await stopEverything();
    process.exit(1);
  }
  await shutDown();
}
