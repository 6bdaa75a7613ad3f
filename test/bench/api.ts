/**
 * `npm run bench:api`: what the API costs.
 *
 * 1. Cold start: each API function bundled as the CDK app ships it (esbuild, minified, ESM, module
 *    entry points first, the AWS SDK v3 from the Lambda runtime, the native argon2 binding beside
 *    it), its size, and the time a fresh Node process takes to import it (median of 5).
 * 2. Load: the local runtime (PostgreSQL behind the local Data API, local SQS, the local HTTP server
 *    invoking the same handlers) with 100,000 jobs; autocannon, in a process of its own, at 50
 *    connections against login, job search, one's applications list and asking to apply. Latency
 *    percentiles are computed from every response; any non-2xx answer counts as an error. Then the
 *    floor under the search figures: a search's two statements alone, at as many concurrent loops.
 *
 * Writes test/bench/results/api.json. Targets (issue 3): bundle <= 500 KB, load <= 150 ms, search p99 <= 100 ms.
 * Note: the server side (the HTTP server and every handler on one thread, the Data API endpoint on
 * another) is one Node process on a 2-core machine shared with PostgreSQL and the load generator: a
 * floor on what the handlers can do, not a model of API Gateway + Lambda, where each concurrent
 * request has its own function instance.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import pg from 'pg';
import { startLocalDatabase } from '../../infra/local/database';
import { freePort } from '../../infra/local/free-port';
import { startLocalRuntime } from '../../infra/local/runtime';
import { getDb } from '../../shared/data/db';
import { principals } from '../../shared/http/principals';
import { searchJobs } from '../../shared/jobs/search';
import { toFigures, type Figures, type Scenario } from './load-client';

const ROOT = join(import.meta.dirname, '../..');
const JOBS = Number(process.env.BENCH_JOBS ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const run = promisify(execFile);

// --- 1. Bundles and module load time -------------------------------------------------------------

async function bundles(): Promise<Record<string, { bytes: number; loadMs: number }>> {
  const outdir = join(ROOT, '.local/bench-bundles');
  await rm(outdir, { recursive: true, force: true });
  const entries = (await readdir(join(ROOT, 'functions/api'))).filter((f) => f.endsWith('.ts'));
  await build({
    entryPoints: entries.map((f) => join(ROOT, 'functions/api', f)),
    outdir,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields: ['module', 'main'],
    outExtension: { '.js': '.mjs' },
    // As the CDK app bundles them: argon2 installed beside the bundle, the SDK from the Lambda runtime.
    external: ['@node-rs/argon2', '@aws-sdk/*'],
    // CommonJS dependencies inside an ESM bundle still call require().
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'error',
  });
  const result: Record<string, { bytes: number; loadMs: number }> = {};
  for (const file of entries) {
    const id = file.replace(/\.ts$/, '');
    const path = join(outdir, `${id}.mjs`);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { stdout } = await run(process.execPath, [
        '--input-type=module',
        '-e',
        `const t = performance.now(); await import(${JSON.stringify(path)}); process.stdout.write(String(performance.now() - t));`,
      ], { cwd: ROOT });
      times.push(Number(stdout));
    }
    times.sort((a, b) => a - b);
    result[id] = { bytes: (await stat(path)).size, loadMs: Math.round(times[2]! * 10) / 10 };
  }
  return result;
}

// --- 2. Load ------------------------------------------------------------------------------------

async function seedJobs(postgresUrl: string, database: string): Promise<{ firstJobId: number }> {
  const url = new URL(postgresUrl);
  url.pathname = `/${database}`;
  const client = new pg.Client(url.toString());
  await client.connect();
  try {
    // Bulk setup straight into PostgreSQL (the API under test only reads these): newest first, one second apart.
    await client.query(
      `with keys as (
         insert into job_keys (source, external_id, created_at)
         select 'linkedin', 'linkedin:bench-' || g, now() - make_interval(secs => g) from generate_series(1, $1::int) g
         returning id, external_id, created_at, source
       )
       insert into jobs (id, created_at, external_id, source, title, company, location, description, salary_min, salary_max,
                         job_type, remote, source_url, posted_date, metadata)
       select k.id, k.created_at, k.external_id, k.source,
              (array['Backend Engineer','Frontend Developer','Data Scientist','Product Manager','DevOps Engineer','Rust Developer','Product Designer','QA Engineer'])[1 + n % 8] || ' ' || n,
              'Company ' || (n % 997),
              (array['Berlin, Germany','London, UK','Paris, France','Lisbon, Portugal','New York, NY','Remote'])[1 + n % 6],
              '<p>Work on things with TypeScript, PostgreSQL and AWS. Team ' || (n % 50) || '.</p>',
              40000 + (n % 100) * 1000, 60000 + (n % 100) * 1500,
              (array['full-time','part-time','contract'])[1 + n % 3], n % 5 = 0,
              'https://www.linkedin.com/jobs/view/bench-' || n, k.created_at,
              jsonb_build_object('descriptionText', 'Work on things with TypeScript, PostgreSQL and AWS. Team ' || (n % 50) || '.')
         from keys k cross join lateral (select substr(k.external_id, 16)::int as n) as x`,
      [JOBS],
    );
    await client.query('analyze job_keys; analyze jobs');
    const { rows } = await client.query<{ id: string }>(`select min(id) as id from job_keys where external_id like 'linkedin:bench-%'`);
    return { firstJobId: Number(rows[0]!.id) };
  } finally {
    await client.end();
  }
}

/** One scenario from a separate load-generator process (test/bench/load-client.ts). */
async function load(name: string, scenario: Omit<Scenario, 'connections' | 'durationSeconds'> & Partial<Scenario>): Promise<Figures> {
  const { stdout } = await run(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'test/bench/load-client.ts'), JSON.stringify({ connections: CONNECTIONS, durationSeconds: DURATION_SECONDS, ...scenario })], {
    cwd: ROOT,
    maxBuffer: 1 << 20,
  });
  const figures = JSON.parse(stdout) as Figures;
  // Requests still in the server when the client stops must not run into the next scenario.
  await new Promise((r) => setTimeout(r, 3000));
  console.log(`${name.padEnd(20)} ${JSON.stringify(figures)}`);
  return figures;
}

/**
 * The least an authenticated search can cost here: its two statements (the principal lookup and the
 * search) straight through the SDK client, the Data API thread and PostgreSQL, with no HTTP server,
 * handler or load generator, from `connections` concurrent loops in this process. The API's own
 * figures can only come close to it.
 */
async function dataApiFloor(userId: number, connections: number): Promise<Figures> {
  const db = getDb(); // the client the handlers use
  const latencies: number[] = [];
  const end = performance.now() + DURATION_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const started = performance.now();
        await principals(userId);
        await searchJobs(db, { q: 'engineer', location: 'berlin', limit: 20 });
        latencies.push(performance.now() - started);
      }
    }),
  );
  return toFigures(latencies, 0, DURATION_SECONDS);
}

async function main(): Promise<void> {
  console.log('bundling the API functions...');
  const bundled = await bundles();
  for (const [id, b] of Object.entries(bundled)) console.log(`${id.padEnd(14)} ${(b.bytes / 1024).toFixed(1).padStart(7)} KB  load ${b.loadMs} ms`);

  const dir = await mkdtemp(join(tmpdir(), 'jobs-bench-api-'));
  const database = await startLocalDatabase({ dataDir: dir, postgresPort: await freePort(), database: 'bench' });
  // The runtime npm start runs (its HTTP server, SQS and S3 endpoints, the handlers' environment), with
  // nothing consuming the queues: what is measured is the API.
  const runtime = await startLocalRuntime({ dataDir: dir, database, httpPort: 0, eventSources: false, scheduler: false, env: { POWERTOOLS_LOG_LEVEL: 'ERROR' } });
  try {
    console.log(`seeding ${JOBS} jobs...`);
    const { firstJobId } = await seedJobs(database.postgresUrl, 'bench');
    const post = async (path: string, body: unknown, token?: string) => {
      const response = await fetch(runtime.apiUrl + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return response.json() as Promise<any>;
    };
    const credentials = { login: 'bench@example.com', password: 'benchmark password' };
    const account = await post('/accounts', { email: credentials.login, username: 'bench', password: credentials.password });
    const { accessToken } = await post('/accounts/login', credentials);
    const profile = await post('/profiles', { location: 'Berlin', skills: ['TypeScript'] }, accessToken);
    const auth = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };

    const results: Record<string, Figures> = {};
    // Warm every handler and the database's caches first, as warm Lambdas would be.
    for (const path of ['/jobs?q=engineer', '/applications', '/health']) await fetch(runtime.apiUrl + path, { headers: auth });
    await load('warm-up', { url: `${runtime.apiUrl}/jobs?q=engineer`, headers: auth, durationSeconds: 3 });
    results.login = await load('login', { url: `${runtime.apiUrl}/accounts/login`, method: 'POST', headers: auth, body: JSON.stringify(credentials) });
    results.searchKeywords = await load('search q+location', { url: `${runtime.apiUrl}/jobs?q=engineer&location=berlin&limit=20`, headers: auth });
    results.searchNewest = await load('search newest', { url: `${runtime.apiUrl}/jobs?limit=20`, headers: auth });
    // One connection: the service time of a search, without queueing behind 49 others.
    results.searchKeywordsOneConnection = await load('search, 1 connection', {
      url: `${runtime.apiUrl}/jobs?q=engineer&location=berlin&limit=20`,
      headers: auth,
      connections: 1,
    });
    results.createApplication = await load('create application', {
      url: `${runtime.apiUrl}/applications`,
      method: 'POST',
      headers: auth,
      applyFromJobId: { jobId: firstJobId, profileId: profile.id },
    });
    results.listApplications = await load('list applications', { url: `${runtime.apiUrl}/applications?limit=20`, headers: auth });
    results.searchStatementsOnly = await dataApiFloor(account.id, CONNECTIONS);
    console.log(`${'search statements'.padEnd(20)} ${JSON.stringify(results.searchStatementsOnly)}`);

    const out = {
      measuredAt: new Date().toISOString(),
      machine: { node: process.version, cpus: (await import('node:os')).cpus().length, loadAverage: (await import('node:os')).loadavg().map((l) => Math.round(l * 10) / 10) },
      jobs: JOBS,
      connections: CONNECTIONS,
      durationSeconds: DURATION_SECONDS,
      bundles: bundled,
      load: results,
      targets: { bundleKb: 500, loadMs: 150, searchP99Ms: 100 },
    };
    await mkdir(join(ROOT, 'test/bench/results'), { recursive: true });
    await writeFile(join(ROOT, 'test/bench/results/api.json'), JSON.stringify(out, null, 2) + '\n');
    console.log('wrote test/bench/results/api.json');
  } finally {
    await runtime.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
