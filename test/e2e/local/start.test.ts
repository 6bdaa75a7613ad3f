/**
 * `npm start` and `npm run demo` off the README's path, as a child process on a data dir of its own:
 * PostgreSQL's default port taken (another free one is used, and said so), every URL the banner
 * prints working as what it is, the terminal closing (SIGHUP stops PostgreSQL with everything else),
 * a taken port the user chose failing in one line, and a server left behind by a start that died
 * (the next start takes it over; `npm run stop` stops it).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ExecuteStatementCommand, RDSDataClient } from '@aws-sdk/client-rds-data';
import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POSTGRES_PORT } from '../../../infra/local/database';
import { freePort } from '../../../infra/local/free-port';
import { isAlive, readPostmasterPid } from '../../../infra/local/postgres';
import { startProcess, type StartedProcess } from './start-process';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../../..');
const BANNER_END = /Ctrl-C stops everything\./;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

let dataDir: string;
const pgDir = () => join(dataDir, 'pg');
const held: Server[] = [];
const started: StartedProcess[] = [];

/** Keeps a port taken for the rest of the file; resolves false when someone else already holds it (taken all the same). */
function hold(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(false) : reject(error)));
    server.listen(port, '127.0.0.1', () => {
      held.push(server);
      resolve(true);
    });
  });
}

function start(args: string[] = [], env: Record<string, string | undefined> = {}): StartedProcess {
  const process = startProcess(args, { LOCAL_DATA_DIR: dataDir, PORT: '0', DEMO_FORMS_PORT: '0', ...env });
  started.push(process);
  return process;
}

/** The value after `name:` on the banner line that starts with it (its first word). */
function bannerValue(banner: string, name: string): string {
  const line = banner.split('\n').find((l) => l.startsWith(`${name}:`));
  expect(line, `a "${name}:" line in\n${banner}`).toBeDefined();
  return line!.slice(name.length + 1).trim().split(/\s+/)[0]!;
}

const urlsIn = (text: string) => [...text.matchAll(/https?:\/\/[^\s,)"]+/g)].map((m) => m[0]);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'jobs-start-'));
  await hold(DEFAULT_POSTGRES_PORT);
});

/** Stops whatever a test left running (a failed test), so the next test has the data dir to itself. */
async function stopStarted(): Promise<void> {
  for (const process of started.splice(0)) {
    if (process.child.exitCode === null && process.child.signalCode === null) process.signalGroup('SIGTERM');
    await process.ended;
  }
}

afterEach(stopStarted);

afterAll(async () => {
  await stopStarted();
  const server = await readPostmasterPid(pgDir());
  if (server && isAlive(server.pid)) await run(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'infra/local/stop.ts'], { cwd: ROOT, env: { ...process.env, LOCAL_DATA_DIR: dataDir } });
  await Promise.all(held.map((s) => new Promise((resolve) => s.close(resolve))));
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm run demo, with PostgreSQL’s default port taken', () => {
  it('uses a free port and says so, prints URLs that all work, and stops PostgreSQL when the terminal closes (SIGHUP)', async () => {
    // A shell with a developer's real AWS keys: the local platform neither uses nor prints them.
    const realKeys = { AWS_ACCESS_KEY_ID: 'AKIAREALDEVELOPERKEY', AWS_SECRET_ACCESS_KEY: 'real-developer-secret-key', AWS_SESSION_TOKEN: 'real-session-token' };
    const demo = start(['--demo'], realKeys);
    const banner = await demo.waitFor(BANNER_END);
    for (const value of Object.values(realKeys)) expect(banner).not.toContain(value);
    expect(banner).toMatch(new RegExp(`PostgreSQL's default port ${DEFAULT_POSTGRES_PORT} is taken by another program; using \\d+ \\(set PG_PORT to choose\\)`));
    const server = (await readPostmasterPid(pgDir()))!;
    expect(server.port).not.toBe(DEFAULT_POSTGRES_PORT);

    const api = bannerValue(banner, 'API');
    const dataApi = bannerValue(banner, 'Data API');
    const sqsEndpoint = bannerValue(banner, 'SQS');
    const s3Endpoint = bannerValue(banner, 'S3');
    const postgresUrl = bannerValue(banner, 'PostgreSQL');
    const arns = /resource ARN (\S+), secret ARN (\S+), database (\w+)/.exec(banner)!;
    expect(arns, banner).not.toBeNull();

    // The Data API endpoint, with the ARNs and database printed beside it, as the AWS CLI or an SDK client would use them.
    const rds = new RDSDataClient({ endpoint: dataApi, region: 'us-east-1', credentials });
    const answer = await rds.send(new ExecuteStatementCommand({ resourceArn: arns[1], secretArn: arns[2], database: arns[3], sql: 'select count(*) as migrations from schema_migrations' }));
    expect(answer.records?.[0]?.[0]?.longValue).toBeGreaterThan(0);
    rds.destroy();

    // The SQS endpoint lists the queues printed, and each printed queue URL answers.
    const sqs = new SQSClient({ endpoint: sqsEndpoint, region: 'us-east-1', credentials });
    const queueUrls = urlsIn(banner.split('\n').find((l) => l.startsWith('SQS:'))!).slice(1);
    expect(queueUrls.length).toBeGreaterThanOrEqual(4);
    expect(((await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []).sort()).toEqual([...queueUrls].sort());
    for (const QueueUrl of queueUrls) expect((await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn).toBeTruthy();
    sqs.destroy();

    // The S3 endpoint holds the uploads bucket printed beside it, for the credentials printed with it.
    const keys = /AWS_ACCESS_KEY_ID=(\S+) AWS_SECRET_ACCESS_KEY=(\S+)/.exec(banner)!;
    const s3 = new S3Client({ endpoint: s3Endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: keys[1]!, secretAccessKey: keys[2]! } });
    const bucket = /uploads in bucket (\S+),/.exec(banner)![1]!;
    expect((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount).toBe(0);
    s3.destroy();

    // psql's URL reaches the platform's database.
    const client = new pg.Client(postgresUrl);
    await client.connect();
    expect((await client.query('select current_database() as name')).rows[0].name).toBe(arns[3]);
    await client.end();

    // Every other URL printed (the API, its documents, each demo site, each form) answers 200. The Glassdoor
    // replica is behind a JavaScript challenge, as the real board: sent with the cookie its script sets, as a browser would.
    // (The API's base URL is the base of the routes under it, checked through them.)
    const pages = urlsIn(banner).filter((u) => u !== api && !u.startsWith(dataApi) && !u.startsWith(sqsEndpoint) && !u.startsWith(s3Endpoint));
    expect(pages).toContain(`${api}/health`);
    // The API's three, the fifteen demo sites, the ten application forms.
    expect(pages.length).toBeGreaterThanOrEqual(3 + 15 + 10);
    for (const url of pages) {
      const line = banner.split('\n').find((l) => l.includes(url))!;
      const headers = /JavaScript challenge/.test(line) ? { cookie: 'gd_clearance=passed' } : undefined;
      expect((await fetch(url, { headers })).status, `${url}\n${line}`).toBe(200);
    }

    // Email is written where the banner says: registering leaves the verification token there, and it verifies.
    const outbox = join(dataDir, 'outbox');
    expect(banner).toContain(`written to ${outbox}/`);
    const register = await fetch(`${api}/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', username: 'ada', password: 'correct horse battery staple' }),
    });
    expect(register.status).toBe(201);
    const [file] = await readdir(outbox);
    const token = /\n\n(\S+)\n\nIt works once/.exec(JSON.parse(await readFile(join(outbox, file!), 'utf8')).text)?.[1];
    const verified = await fetch(`${api}/accounts/verify-email`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    expect(verified.status).toBe(200);

    const runtimePid = Number((await readFile(join(pgDir(), 'owner.pid'), 'utf8')).trim());
    demo.signalGroup('SIGHUP');
    await demo.ended;
    expect(demo.output()).toContain('stopping (SIGHUP)');
    expect(isAlive(runtimePid)).toBe(false);
    expect(isAlive(server.pid)).toBe(false);
    expect(await readPostmasterPid(pgDir())).toBeUndefined();
  }, 240_000);
});

describe('a start that cannot go on', () => {
  it('a PG_PORT that is taken: one line that says so, exit 1, no stack trace, nothing left running', async () => {
    const port = await freePort();
    await hold(port);
    const failed = start([], { PG_PORT: String(port) });
    const { code } = await failed.ended;
    expect(code).toBe(1);
    expect(failed.output().trim().split('\n').at(-1)).toBe(
      `npm start: PostgreSQL cannot listen on 127.0.0.1:${port}: the port is taken by another program; set PG_PORT to a free port, or unset it to let npm start pick one`,
    );
    expect(failed.output()).not.toMatch(/^\s+at /m);
    expect(await readPostmasterPid(pgDir())).toBeUndefined();
  }, 120_000);

  it('the API port taken: one line that says so, exit 1, and the PostgreSQL it started is stopped', async () => {
    const port = await freePort();
    await hold(port);
    const failed = start([], { PORT: String(port) });
    const { code } = await failed.ended;
    expect(code).toBe(1);
    expect(failed.output()).toMatch(/PostgreSQL started on 127\.0\.0\.1:\d+/);
    expect(failed.output().trim().split('\n').at(-1)).toBe(
      `npm start: The API cannot listen on 127.0.0.1:${port}: the port is taken by another program; set PORT to a free port (PORT=0 picks one)`,
    );
    expect(failed.output()).not.toMatch(/^\s+at /m);
    expect(await readPostmasterPid(pgDir())).toBeUndefined();
  }, 120_000);
});

describe('a PostgreSQL left behind by a start that died', () => {
  /** A start killed outright (SIGKILL: no handler runs), leaving its PostgreSQL running. */
  async function leaveBehind(): Promise<{ pid: number; port: number }> {
    const doomed = start();
    await doomed.waitFor(BANNER_END);
    const runtimePid = Number((await readFile(join(pgDir(), 'owner.pid'), 'utf8')).trim());
    process.kill(runtimePid, 'SIGKILL');
    doomed.signalGroup('SIGKILL');
    await doomed.ended;
    const server = (await readPostmasterPid(pgDir()))!;
    expect(isAlive(server.pid)).toBe(true);
    return server;
  }

  it('is taken over by the next start, which stops it on Ctrl-C', async () => {
    const orphan = await leaveBehind();
    const next = start();
    const banner = await next.waitFor(BANNER_END);
    expect(banner).toContain(`taking over PostgreSQL left running on port ${orphan.port} (pid ${orphan.pid})`);
    next.signalGroup('SIGINT');
    await next.ended;
    expect(isAlive(orphan.pid)).toBe(false);
  }, 180_000);

  it('is stopped by npm run stop, which says what it stopped', async () => {
    const orphan = await leaveBehind();
    const { stdout } = await run(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'infra/local/stop.ts'], { cwd: ROOT, env: { ...process.env, LOCAL_DATA_DIR: dataDir } });
    expect(stdout.trim()).toBe(`Stopped PostgreSQL (pid ${orphan.pid}, port ${orphan.port}) left running from ${pgDir()}.`);
    expect(isAlive(orphan.pid)).toBe(false);
    const again = await run(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'infra/local/stop.ts'], { cwd: ROOT, env: { ...process.env, LOCAL_DATA_DIR: dataDir } });
    expect(again.stdout.trim()).toBe(`No PostgreSQL is running from ${pgDir()}; nothing to stop.`);
  }, 180_000);
});
