/**
 * `npm run stop`: stops the local platform's PostgreSQL (the data dir's, .local/pg or LOCAL_DATA_DIR's),
 * found from its postmaster.pid, and says what it did. A running `npm start` that owns it is asked to
 * stop as Ctrl-C would (it stops everything it started); a server left behind by a start that died
 * is stopped directly (a fast shutdown: data is kept).
 */
import { join } from 'node:path';
import { localDataDir } from './constants';
import { isAlive, ownerOf, readPostmasterPid, stopPostgresIn } from './postgres';

/** How long a running `npm start` gets to stop on SIGTERM before its server is stopped directly. */
const OWNER_GRACE_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function gone(pid: number, withinMs: number): Promise<boolean> {
  for (const until = Date.now() + withinMs; Date.now() < until; await sleep(100)) if (!isAlive(pid)) return true;
  return !isAlive(pid);
}

async function main(): Promise<number> {
  const dataDir = join(localDataDir(), 'pg');
  const server = await readPostmasterPid(dataDir);
  if (!server || !isAlive(server.pid)) {
    console.log(`No PostgreSQL is running from ${dataDir}; nothing to stop.`);
    return 0;
  }
  const owner = await ownerOf(dataDir);
  if (owner !== undefined) {
    console.log(`PostgreSQL (pid ${server.pid}, port ${server.port}) belongs to a running npm start (pid ${owner}): asking it to stop…`);
    process.kill(owner, 'SIGTERM');
    if ((await gone(owner, OWNER_GRACE_MS)) && (await gone(server.pid, 5_000))) {
      console.log(`Stopped npm start (pid ${owner}) and its PostgreSQL.`);
      return 0;
    }
    console.log(`npm start (pid ${owner}) did not stop within ${OWNER_GRACE_MS / 1000} s; stopping its PostgreSQL directly.`);
  }
  try {
    await stopPostgresIn(dataDir);
  } catch (error) {
    console.error(`npm run stop: ${(error as Error).message}`);
    return 1;
  }
  console.log(`Stopped PostgreSQL (pid ${server.pid}, port ${server.port}) left running from ${dataDir}.`);
  return 0;
}

process.exit(await main());
