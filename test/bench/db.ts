/**
 * `npm run bench:db [-- --scale=1]`: the data layer at the seed's volume.
 *
 * Seeds a fresh database (the seed's 1,000-active-user projection at scale 1: 100,000 jobs of
 * about 2.5 KB spread over six monthly partitions, 1,000 users, 900 profiles, 50,000 applications,
 * 10,000 saved jobs, 5,000 crawls; --scale=10 is the 10,000-user projection), then measures through
 * the Data API path the functions use:
 *   - upserting 10,000 crawled jobs (half new, half re-crawled) in 1,000-row statements, next to
 *     PostgreSQL's own COPY of the same rows into a table with the same indexes;
 *   - p50/p95 over random users of the seed's three sample queries as the seed writes them and as
 *     this project does, the recommendations, a keyword + location + remote search, the API's own
 *     job search (searchJobs: keyword + location, and a keyword's page 2 by cursor), and the
 *     per-user stats from the view;
 *   - refreshing the stats view (concurrently);
 *   - partition pruning: the plan of a created_at-bounded query.
 * Prints a table and writes test/bench/results/db.json (db-scale-N.json at another scale). Uses
 * DATABASE_URL's server if set, else starts a throwaway PostgreSQL; either way it works in its own database and drops it at the end,
 * unless BENCH_KEEP=1 with DATABASE_URL set: then it keeps the database (and prints where it is), so
 * that query work can go on against the seeded volume without seeding again.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { freePort } from '../../infra/local/free-port';
import { LOCAL_DB_CLUSTER_ARN, LOCAL_DB_SECRET_ARN, useLocalCredentials } from '../../infra/local/constants';
import { startDataApiServer } from '../../infra/local/data-api/server';
import { startPostgres } from '../../infra/local/postgres';
import { createDataApiDb } from '../../shared/data/data-api-db';
import { migrate } from '../../shared/data/migrate';
import { readMigrationFiles } from '../../shared/data/migration-files';
import type { Db, Params } from '../../shared/data/types';
import type { JobInput, JobSource } from '../../shared/jobs/input';
import {
  applicationStatsFromView,
  applicationStatusCounts,
  jobsMatchingProfile,
  jobsNotAppliedTo,
  recommendedJobs,
  refreshApplicationStats,
} from '../../shared/jobs/queries';
import { searchJobs } from '../../shared/jobs/search';
import { upsertJobs, UPSERT_CHUNK_ROWS } from '../../shared/jobs/upsert';

const scale = Number(process.argv.find((a) => a.startsWith('--scale='))?.slice('--scale='.length) ?? process.env.BENCH_SCALE ?? 1);
if (!(scale > 0)) throw new Error('--scale must be a positive number');
// Each scale keeps its own results: db.json at scale 1, db-scale-10.json at the seed's full volume.
const resultsFile = scale === 1 ? 'db.json' : `db-scale-${scale}.json`;
const volume = {
  jobs: Math.round(100_000 * scale),
  users: Math.round(1_000 * scale),
  applications: Math.round(50_000 * scale),
  savedJobs: Math.round(10_000 * scale),
  crawls: Math.round(5_000 * scale),
};
const UPSERT_JOBS = 10_000;
const SAMPLES = 200;
const MIN_SAMPLES = 40;
const QUERY_BUDGET_MS = 12_000;
const keepDatabase = process.env.BENCH_KEEP === '1';

const log = (message: string) => console.log(`[bench:db ${new Date().toISOString().slice(11, 19)}] ${message}`);

// Words to write titles and descriptions with, so that full-text search has a realistic vocabulary.
const ROLES = ['Software Engineer', 'Backend Engineer', 'Frontend Developer', 'Data Engineer', 'Data Scientist', 'DevOps Engineer', 'Site Reliability Engineer',
  'Product Manager', 'Engineering Manager', 'QA Engineer', 'Mobile Developer', 'Security Engineer', 'Machine Learning Engineer', 'Platform Engineer',
  'Solutions Architect', 'Technical Writer', 'UX Designer', 'Database Administrator', 'Cloud Engineer', 'Full Stack Developer'];
const LEVELS = ['Junior', '', 'Senior', 'Staff', 'Lead', 'Principal'];
const TECH = ['TypeScript', 'JavaScript', 'Python', 'Go', 'Rust', 'Java', 'Kotlin', 'Scala', 'Ruby', 'PHP', 'C#', 'C++', 'Swift', 'React', 'Vue', 'Angular',
  'Node.js', 'Django', 'Spring', 'PostgreSQL', 'MySQL', 'Redis', 'Kafka', 'Kubernetes', 'Docker', 'Terraform', 'AWS', 'GCP', 'Azure', 'Spark', 'Airflow',
  'GraphQL', 'gRPC', 'Linux', 'Elasticsearch', 'Snowflake', 'dbt', 'TensorFlow', 'PyTorch', 'Figma'];
const PROSE = ('we are looking for an experienced engineer to join our growing team you will design build and operate services used by millions of ' +
  'customers work closely with product and design ship features end to end mentor colleagues improve reliability observability and performance ' +
  'collaborate across time zones write clear documentation participate in code review on call rotation benefits include health insurance ' +
  'pension flexible hours remote friendly learning budget parental leave equity competitive salary hybrid office modern stack agile teams ' +
  'requirements strong communication skills degree in computer science or equivalent experience with distributed systems testing automation ' +
  'continuous delivery cloud infrastructure security best practices customer focus ownership curiosity').split(' ');
const CITIES = ['Berlin, Germany', 'Munich, Germany', 'Hamburg, Germany', 'London, United Kingdom', 'Manchester, United Kingdom', 'Paris, France',
  'Amsterdam, Netherlands', 'Dublin, Ireland', 'Madrid, Spain', 'Barcelona, Spain', 'Lisbon, Portugal', 'Warsaw, Poland', 'Stockholm, Sweden',
  'Zurich, Switzerland', 'Vienna, Austria', 'New York, NY', 'San Francisco, CA', 'Seattle, WA', 'Austin, TX', 'Boston, MA', 'Chicago, IL',
  'Denver, CO', 'Toronto, ON', 'Vancouver, BC', 'Sydney, Australia', 'Singapore', 'Bangalore, India', 'Tel Aviv, Israel', 'Remote', 'Remote, US'];
const SOURCES: JobSource[] = ['linkedin', 'indeed', 'glassdoor', 'ziprecruiter', 'monster'];
const JOB_TYPES = ['full-time', 'full-time', 'full-time', 'contract', 'part-time', 'internship', 'temporary'];

const sqlArray = (values: string[]) => `array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]`;

/** Seeds with plain SQL over a direct connection: bulk setup is not what is measured. */
async function seed(client: pg.Client): Promise<void> {
  const started = performance.now();
  await client.query(`select create_job_partitions(2, date_trunc('month', now()) - interval '5 months')`);
  await client.query(`
    insert into users (email, username, hashed_password, full_name, is_verified, created_at)
    select 'user' || g || '@example.com', 'user' || g, '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA', 'User ' || g, g % 5 <> 0,
           now() - random() * interval '365 days'
      from generate_series(1, $1::int) g`, [volume.users]);
  // Nine users in ten have a profile; preferences vary: a location, keywords, a salary floor, excluded companies.
  await client.query(`
    insert into user_profiles (user_id, location, skills, experience_years, job_preferences)
    select u.id, (${sqlArray(CITIES)})[1 + (u.id % ${CITIES.length})],
           jsonb_build_array((${sqlArray(TECH)})[1 + u.id % ${TECH.length}], (${sqlArray(TECH)})[1 + (u.id * 7) % ${TECH.length}]),
           u.id % 25,
           jsonb_strip_nulls(jsonb_build_object(
             'keywords', case when u.id % 3 <> 0 then jsonb_build_array((${sqlArray(TECH)})[1 + u.id % ${TECH.length}]) end,
             'locations', case when u.id % 4 = 0 then jsonb_build_array(split_part((${sqlArray(CITIES)})[1 + (u.id * 3) % ${CITIES.length}], ',', 1)) end,
             'salaryMin', case when u.id % 2 = 0 then 40000 + (u.id % 8) * 10000 end,
             'excludedCompanies', case when u.id % 5 = 0 then jsonb_build_array('Company ' || (u.id % 2000)) end))
      from users u where u.id % 10 <> 0`);
  log(`users and profiles: ${((performance.now() - started) / 1000).toFixed(1)} s`);

  // Job keys first, spread over the six months up to now; then the details in the keys' months.
  await client.query(`
    insert into job_keys (source, external_id, created_at)
    select s.source::job_source, s.source || ':seed-' || g, date_trunc('month', now()) - interval '5 months' + random() * (now() - (date_trunc('month', now()) - interval '5 months'))
      from generate_series(1, $1::int) g
      cross join lateral (select (${sqlArray(SOURCES)})[1 + g % ${SOURCES.length}] as source) s`, [volume.jobs]);
  await client.query(`
    insert into jobs (id, created_at, last_seen_at, source, external_id, title, company, location, description, requirements,
                      salary_min, salary_max, job_type, remote, source_url, posted_date, metadata, is_active)
    select k.id, k.created_at, k.created_at, k.source, k.external_id,
           trim((${sqlArray(LEVELS)})[1 + k.id % ${LEVELS.length}] || ' ' || (${sqlArray(ROLES)})[1 + (k.id / 7) % ${ROLES.length}]) || ' (' || (${sqlArray(TECH)})[1 + (k.id / 3) % ${TECH.length}] || ')',
           'Company ' || (k.id % 2000),
           (${sqlArray(CITIES)})[1 + (k.id * 13) % ${CITIES.length}],
           '<p>' || d.text || '</p>',
           (select string_agg((${sqlArray(TECH)})[1 + ((k.id * 31 + n * 17) % ${TECH.length})], ', ') from generate_series(1, 3 + k.id % 4) n),
           sal.min, sal.min + 10000 + (k.id % 5) * 10000,
           (${sqlArray(JOB_TYPES)})[1 + k.id % ${JOB_TYPES.length}],
           (k.id * 13) % ${CITIES.length} >= ${CITIES.length - 2} or k.id % 6 = 0,
           'https://jobs.example.com/' || k.source || '/' || k.id,
           k.created_at - interval '1 day',
           jsonb_build_object('descriptionText', d.text),
           k.id % 10 <> 0
      from job_keys k
      cross join lateral (
        select string_agg((${sqlArray(PROSE)})[1 + floor(random() * ${PROSE.length})::int], ' ') || ' '
               || (${sqlArray(TECH)})[1 + k.id % ${TECH.length}] || ' ' || (${sqlArray(TECH)})[1 + (k.id / 5) % ${TECH.length}] as text
          from generate_series(1, 160 + (k.id % 80)) w) d
      cross join lateral (select case when k.id % 3 = 0 then null else 40000 + (k.id % 12) * 8000 end as min) sal`);
  log(`jobs: ${((performance.now() - started) / 1000).toFixed(1)} s`);

  // Applications: random distinct (user, job) pairs, statuses weighted as a real pipeline looks.
  await client.query(`
    insert into job_applications (user_id, job_id, profile_id, status, dry_run, applied_at, created_at)
    select u, j, p.id, st.status::application_status, st.status = 'filled', case when st.status in ('applied', 'interview', 'rejected', 'accepted') then at end, at
      from (select 1 + floor(random() * $1::int)::int as u, 1 + floor(random() * $2::int)::int as j, now() - random() * interval '180 days' as at
              from generate_series(1, $3::int)) pick
      left join lateral (select id from user_profiles where user_id = pick.u limit 1) p on true
      cross join lateral (select (array['applied','applied','applied','applied','rejected','rejected','interview','pending','failed','filled','unconfirmed','accepted'])[1 + floor(random() * 12)::int] as status, pick.u as _) st
    on conflict (user_id, job_id) do nothing`, [volume.users, volume.jobs, volume.applications]);
  await client.query(`
    insert into saved_jobs (user_id, job_id, notes)
    select 1 + floor(random() * $1::int)::int, 1 + floor(random() * $2::int)::int, case when g % 3 = 0 then 'follow up' end
      from generate_series(1, $3::int) g
    on conflict do nothing`, [volume.users, volume.jobs, volume.savedJobs]);
  await client.query(`
    insert into crawler_jobs (user_id, search_query, location, source, status, jobs_found, started_at, completed_at, created_at)
    select case when g % 4 = 0 then null else 1 + g % $1::int end, (${sqlArray(TECH)})[1 + g % ${TECH.length}], (${sqlArray(CITIES)})[1 + g % ${CITIES.length}],
           (${sqlArray(SOURCES)})[1 + g % ${SOURCES.length}]::job_source, 'completed', g % 500, t, t + interval '2 minutes', t
      from generate_series(1, $2::int) g cross join lateral (select now() - random() * interval '180 days' as t) x`, [volume.users, volume.crawls]);
  await client.query('vacuum analyze');
  await client.query('refresh materialized view user_application_stats');
  log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Latency {
  name: string;
  samples: number;
  p50_ms: number;
  p95_ms: number;
  mean_rows: number;
}

async function latency(name: string, run: (i: number) => Promise<unknown[] | object>): Promise<Latency> {
  for (let i = 0; i < 3; i++) await run(i); // warm the caches and the HTTP connections
  const times: number[] = [];
  let rows = 0;
  const started = performance.now();
  // A slow query stops early (but with enough samples for a p95), so the whole run stays short.
  for (let i = 0; i < SAMPLES && (i < MIN_SAMPLES || performance.now() - started < QUERY_BUDGET_MS); i++) {
    const t = performance.now();
    const result = await run(i + 10);
    times.push(performance.now() - t);
    rows += Array.isArray(result) ? result.length : 1;
  }
  times.sort((a, b) => a - b);
  const samples = times.length;
  const row = { name, samples, p50_ms: round(percentile(times, 50)), p95_ms: round(percentile(times, 95)), mean_rows: round(rows / samples) };
  log(`${name}: p50 ${row.p50_ms} ms, p95 ${row.p95_ms} ms`);
  return row;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** A pseudo-random user id, the same sequence every run. */
const userFor = (i: number) => 1 + ((i * 7919) % volume.users);

// The seed's sample queries exactly as it writes them (statuses and preference keys as stored here).
const SEED_SAMPLE_1 = `
SELECT j.*
FROM jobs j
LEFT JOIN user_profiles up ON up.user_id = :user_id
WHERE j.is_active = true
  AND (j.remote = true OR j.location LIKE '%' || up.location || '%')
  AND j.salary_min >= (up.job_preferences->>'salary_min')::int
ORDER BY j.created_at DESC
LIMIT 50`;
const SEED_SAMPLE_2 = `SELECT status, COUNT(*) as count FROM job_applications WHERE user_id = :user_id GROUP BY status`;
const SEED_SAMPLE_3 = `
SELECT j.*
FROM jobs j
WHERE j.is_active = true
  AND j.id NOT IN (SELECT job_id FROM job_applications WHERE user_id = :user_id)
ORDER BY j.created_at DESC
LIMIT 50`;

/**
 * A keyword + location search that takes remote jobs too, newest first as the job search endpoint
 * lists (shared/jobs/search.ts on the api branch pages by created_at); and the same ranked by
 * relevance, which must read the search vector of every match.
 */
const SEARCH_FILTER = String.raw`
 where j.is_active
   and j.search_vector @@ websearch_to_tsquery('english', :q)
   and (j.remote or j.location ilike '%' || replace(replace(replace(:location, '\', '\\'), '%', '\%'), '_', '\_') || '%')`;
const SEARCH_COLUMNS = `j.id, j.title, j.company, j.location, j.remote, j.salary_min, j.salary_max, j.created_at`;
const SEARCH_NEWEST_SQL = `select ${SEARCH_COLUMNS} from jobs j ${SEARCH_FILTER} order by j.created_at desc, j.id desc limit 20`;
const SEARCH_RANKED_SQL = `select ${SEARCH_COLUMNS} from jobs j ${SEARCH_FILTER}
 order by ts_rank_cd(j.search_vector, websearch_to_tsquery('english', :q)) desc, j.created_at desc limit 20`;

function crawledJob(externalId: string, source: JobSource, i: number): JobInput {
  const text = Array.from({ length: 200 }, (_, w) => PROSE[(i * 31 + w * 7) % PROSE.length]).join(' ');
  return {
    source,
    externalId,
    title: `${LEVELS[i % LEVELS.length]} ${ROLES[i % ROLES.length]} (${TECH[i % TECH.length]})`.trim(),
    company: `Company ${i % 2000}`,
    location: CITIES[i % CITIES.length]!,
    description: `<p>${text}</p>`,
    requirements: `${TECH[i % TECH.length]}, ${TECH[(i + 3) % TECH.length]}`,
    salaryMin: 50_000 + (i % 10) * 5_000,
    salaryMax: 90_000 + (i % 10) * 5_000,
    jobType: 'full-time',
    remote: i % 5 === 0,
    sourceUrl: `https://jobs.example.com/${source}/crawl-${i}`,
    postedDate: new Date(Date.now() - (i % 30) * 86_400_000),
    expiresDate: null,
    metadata: { descriptionText: text, salary: { min: 50_000, max: 90_000, interval: 'year', currency: 'EUR', raw: '€50k-€90k' } },
  };
}

/** COPY of the same rows into a table with the jobs table's columns and indexes (no key table). */
async function copyRate(client: pg.Client, jobs: JobInput[], dir: string): Promise<{ rows_per_s: number; seconds: number } | { error: string }> {
  const file = join(dir, 'copy.csv');
  const csv = (v: unknown) => (v === null || v === undefined ? '' : `"${String(v).replace(/"/g, '""')}"`);
  const lines = jobs.map((j, i) =>
    [i + 1, j.externalId, j.source, j.title, j.company, j.location, j.description, j.requirements, j.salaryMin, j.salaryMax, j.jobType, j.remote,
      j.sourceUrl, j.postedDate?.toISOString(), JSON.stringify(j.metadata)].map(csv).join(','),
  );
  await writeFile(file, lines.join('\n') + '\n', { mode: 0o644 });
  try {
    await client.query(`create table bench_copy (like jobs including all)`);
    const t = performance.now();
    await client.query(
      `copy bench_copy (id, external_id, source, title, company, location, description, requirements, salary_min, salary_max, job_type, remote, source_url, posted_date, metadata) from '${file}' with (format csv)`,
    );
    const seconds = (performance.now() - t) / 1000;
    return { rows_per_s: Math.round(jobs.length / seconds), seconds: round(seconds) };
  } catch (error) {
    // A server-side COPY needs the file on the server's machine (DATABASE_URL may be elsewhere).
    return { error: (error as Error).message };
  } finally {
    await client.query(`drop table if exists bench_copy`);
  }
}

async function main() {
  useLocalCredentials();
  const benchStarted = performance.now();
  const work = await mkdtemp(join(tmpdir(), 'bench-db-'));
  await chmod(work, 0o755); // the server process reads the COPY file
  let stopPostgres = async () => {};
  let postgresUrl = process.env.DATABASE_URL;
  // A kept database needs a server that outlives this run.
  if (keepDatabase && !postgresUrl) throw new Error('BENCH_KEEP=1 needs DATABASE_URL (a server this run does not stop)');
  if (!postgresUrl) {
    const server = await startPostgres({ dataDir: join(work, 'data'), port: await freePort(), log });
    postgresUrl = server.url;
    stopPostgres = server.stop;
  }
  const dataApi = await startDataApiServer({ postgresUrl });
  const database = `bench_db_${process.pid}`;
  const admin = new pg.Client(postgresUrl);
  await admin.connect();
  let direct: pg.Client | undefined;
  let cleaned: Promise<void> | undefined;
  const cleanup = () =>
    (cleaned ??= (async () => {
      await direct?.end().catch(() => undefined);
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [database]);
      await dataApi.close();
      if (keepDatabase) {
        const kept = new URL(postgresUrl);
        kept.pathname = `/${database}`;
        log(`kept database ${database}: ${kept.toString()}`);
      } else {
        await admin.query(`drop database if exists ${database}`);
      }
      await admin.end();
      await stopPostgres();
      await rm(work, { recursive: true, force: true });
    })());
  // Interrupted, it still stops the server it started and removes its files.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  try {
    await admin.query(`create database ${database}`);
    const db: Db = createDataApiDb({ endpoint: dataApi.endpoint, region: 'us-east-1', resourceArn: LOCAL_DB_CLUSTER_ARN, secretArn: LOCAL_DB_SECRET_ARN, database });
    await migrate(db, await readMigrationFiles(join(import.meta.dirname, '../../sql')));
    const url = new URL(postgresUrl);
    url.pathname = `/${database}`;
    direct = new pg.Client(url.toString());
    await direct.connect();

    log(`seeding ${JSON.stringify(volume)}`);
    const seedStarted = performance.now();
    await seed(direct);
    const seedSeconds = round((performance.now() - seedStarted) / 1000);
    const { rows: counted } = await direct.query(
      `select (select count(*) from jobs)::int as jobs, (select count(*) from users)::int as users, (select count(*) from user_profiles)::int as profiles,
              (select count(*) from job_applications)::int as applications, (select count(*) from saved_jobs)::int as saved_jobs,
              (select count(*) from crawler_jobs)::int as crawls`,
    );
    const stored = counted[0] as Record<string, number>;
    log(`stored: ${JSON.stringify(stored)}`);
    const { rows: sizes } = await direct.query(
      `select pg_size_pretty(sum(pg_total_relation_size(inhrelid))) as jobs_size, count(*) as partitions from pg_inherits where inhparent = 'jobs'::regclass`,
    );

    // Upsert: half re-crawls of stored jobs (changed titles), half new postings, shuffled.
    const { rows: existing } = await direct.query<{ external_id: string; source: JobSource }>(
      `select external_id, source from job_keys order by random() limit $1`,
      [UPSERT_JOBS / 2],
    );
    const batch = [
      ...existing.map((k, i) => crawledJob(k.external_id, k.source, i)),
      ...Array.from({ length: UPSERT_JOBS / 2 }, (_, i) => crawledJob(`linkedin:bench-new-${i}`, 'linkedin', i + UPSERT_JOBS)),
    ];
    // The same shuffle every run (a crawl's order has nothing to do with the keys').
    for (let i = batch.length - 1, seed = 42; i > 0; i--) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      const j = seed % (i + 1);
      [batch[i], batch[j]] = [batch[j]!, batch[i]!];
    }
    const chunkTimes: number[] = [];
    let inserted = 0;
    let updated = 0;
    const upsertStarted = performance.now();
    for (let i = 0; i < batch.length; i += UPSERT_CHUNK_ROWS) {
      const t = performance.now();
      const result = await upsertJobs(db, batch.slice(i, i + UPSERT_CHUNK_ROWS));
      chunkTimes.push(performance.now() - t);
      inserted += result.inserted;
      updated += result.updated;
    }
    const upsertSeconds = (performance.now() - upsertStarted) / 1000;
    chunkTimes.sort((a, b) => a - b);
    const upsert = {
      jobs: batch.length,
      inserted,
      updated,
      seconds: round(upsertSeconds),
      jobs_per_s: Math.round(batch.length / upsertSeconds),
      chunk_rows: UPSERT_CHUNK_ROWS,
      chunk_p50_ms: round(percentile(chunkTimes, 50)),
      chunk_p95_ms: round(percentile(chunkTimes, 95)),
    };
    log(`upsert: ${upsert.jobs_per_s} jobs/s (${inserted} new, ${updated} re-crawled)`);
    const copy = await copyRate(direct, batch, work);
    log(`COPY of the same rows: ${'rows_per_s' in copy ? `${copy.rows_per_s} rows/s` : copy.error}`);
    await direct.query('analyze');

    // Queries over random users, through the Data API.
    const ask = (sql: string) => (i: number) => db.query(sql, { user_id: userFor(i) } as Params);
    // The seed's samples 1 and 3 select j.*, whose search_vector (tsvector) the Data API refuses to
    // return, on Aurora as at the local endpoint: they run over the direct connection instead.
    const connection = direct;
    const askDirect = (sql: string) => async (i: number) => (await connection.query(sql.replaceAll(':user_id', '$1'), [userFor(i)])).rows;
    const searches = TECH.flatMap((t) => CITIES.slice(0, 10).map((c) => ({ q: t, location: c.split(',')[0]! })));
    // Page 2 of each keyword's search starts after page 1's last row (read once, untimed).
    const keywordCursors = new Map<string, string | undefined>();
    for (const q of TECH) keywordCursors.set(q, (await searchJobs(db, { q, limit: 20 })).nextCursor ?? undefined);
    const queries: Latency[] = [
      await latency('sample 1 as the seed writes it (direct PostgreSQL)', askDirect(SEED_SAMPLE_1)),
      await latency('sample 1: jobsMatchingProfile', (i) => jobsMatchingProfile(db, userFor(i))),
      await latency('sample 2 as the seed writes it', ask(SEED_SAMPLE_2)),
      await latency('sample 2: applicationStatusCounts', (i) => applicationStatusCounts(db, userFor(i))),
      await latency('sample 3 as the seed writes it (direct PostgreSQL)', askDirect(SEED_SAMPLE_3)),
      await latency('sample 3: jobsNotAppliedTo', async (i) => (await jobsNotAppliedTo(db, userFor(i))).items),
      await latency('recommendedJobs', async (i) => (await recommendedJobs(db, userFor(i))).items),
      await latency('search: keyword + location or remote, newest first', (i) => db.query(SEARCH_NEWEST_SQL, searches[(i * 37) % searches.length]!)),
      await latency('search: the same by relevance', (i) => db.query(SEARCH_RANKED_SQL, searches[(i * 37) % searches.length]!)),
      // The API's path (GET /jobs): keyword and location, newest first; then the page after it, by cursor.
      await latency('searchJobs: keyword + location, page 1', async (i) => (await searchJobs(db, { ...searches[(i * 37) % searches.length]!, limit: 20 })).items),
      await latency('searchJobs: keyword, page 2 by cursor', async (i) => {
        const q = searches[(i * 37) % searches.length]!.q;
        return (await searchJobs(db, { q, limit: 20, cursor: keywordCursors.get(q) })).items;
      }),
      await latency('stats from the view', (i) => applicationStatsFromView(db, userFor(i))),
    ];

    const refreshes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await refreshApplicationStats(db);
      refreshes.push(round(performance.now() - t));
    }
    const recorded = await db.one<{ duration_ms: number }>(`select duration_ms from materialized_view_refreshes where view_name = 'user_application_stats'`);
    log(`stats view refresh: ${refreshes.join(', ')} ms`);

    // Partition pruning: a month-bounded query reads only that month's partition.
    const month = await db.one<{ start: string; end: string }>(
      `select date_trunc('month', now()) - interval '1 month' as start, date_trunc('month', now()) as end`,
    );
    const monthly = `select count(*) from jobs where created_at >= cast(:start as timestamptz) and created_at < cast(:end as timestamptz) and is_active`;
    const plan = await db.query<{ 'QUERY PLAN': string }>(`explain ${monthly}`, month);
    const planText = plan.map((r) => r['QUERY PLAN']);
    const scanned = [...new Set(planText.join('\n').match(/jobs_(\d{4}_\d{2}|default)/g) ?? [])];
    const pruning = { query: monthly.trim(), params: month, partitions_in_plan: scanned, plan: planText };
    log(`pruning: a one-month query plans ${scanned.length} partition(s): ${scanned.join(', ')}`);

    const results = {
      ran_at: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.version },
      scale,
      volume: stored,
      seed_seconds: seedSeconds,
      jobs_partitions: Number(sizes[0].partitions),
      jobs_size: sizes[0].jobs_size,
      upsert,
      copy,
      queries,
      stats_view_refresh_ms: refreshes,
      stats_view_refresh_recorded_ms: recorded.duration_ms,
      partition_pruning: pruning,
      total_seconds: round((performance.now() - benchStarted) / 1000),
    };
    await mkdir(join(import.meta.dirname, 'results'), { recursive: true });
    await writeFile(join(import.meta.dirname, 'results', resultsFile), JSON.stringify(results, null, 2) + '\n');

    console.log(`\nbench:db at scale ${scale}: ${stored.jobs} jobs in ${results.jobs_partitions} partitions (${results.jobs_size}), ${stored.users} users, ` +
      `${stored.profiles} profiles, ${stored.applications} applications, ${stored.saved_jobs} saved jobs, ${stored.crawls} crawls; seeded in ${seedSeconds} s\n`);
    console.table(queries.map((q) => ({ query: q.name, samples: q.samples, 'p50 ms': q.p50_ms, 'p95 ms': q.p95_ms, rows: q.mean_rows })));
    console.table([
      { measure: `upsert ${upsert.jobs} jobs (${inserted} new, ${updated} re-crawled), Data API`, value: `${upsert.jobs_per_s} jobs/s` },
      { measure: `upsert statement of ${UPSERT_CHUNK_ROWS} rows`, value: `p50 ${upsert.chunk_p50_ms} ms, p95 ${upsert.chunk_p95_ms} ms` },
      { measure: 'COPY of the same rows (same indexes, no key table)', value: 'rows_per_s' in copy ? `${copy.rows_per_s} rows/s` : `n/a: ${copy.error}` },
      { measure: 'stats view refresh (concurrently)', value: `${refreshes.join(' / ')} ms` },
      { measure: 'partitions a one-month query plans', value: scanned.join(', ') },
    ]);
    console.log(`\nwritten to test/bench/results/${resultsFile}; total ${results.total_seconds} s`);
  } finally {
    await cleanup();
  }
}

await main();
