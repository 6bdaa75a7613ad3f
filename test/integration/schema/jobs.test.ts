/**
 * Jobs over monthly partitions: one row per posting however often it is crawled, rows in the right
 * month (or the DEFAULT partition), months created ahead and retired for archiving without losing
 * an application's job.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../shared/data/types';
import { createJobPartitions, detachJobPartitions } from '../../../shared/jobs/maintenance';
import { UPSERT_CHUNK_ROWS, upsertJobs } from '../../../shared/jobs/upsert';
import { freshDatabase } from '../../support/db';
import { createApplication, createUser, jobFirstSeenAt, jobInput, monthsAgo } from './helpers';

let db: Db;
let direct: pg.Client;

beforeAll(async () => {
  const fresh = await freshDatabase();
  db = fresh.db;
  direct = new pg.Client(fresh.url);
  await direct.connect();
});

afterAll(async () => {
  await direct?.end();
});

const monthName = (d: Date) => `jobs_${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;

async function partitionOf(id: number): Promise<string> {
  return (await db.one<{ part: string }>(`select tableoid::regclass::text as part from jobs where id = :id`, { id })).part;
}

async function partitions(): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'jobs'::regclass order by 1`,
  );
  return rows.map((r) => r.name);
}

describe('upsert of crawled jobs', () => {
  it('stores new jobs in the current month and returns their ids in input order', async () => {
    const inputs = [jobInput(), jobInput({ source: 'indeed', externalId: 'indeed:abc123' }), jobInput({ source: 'custom', externalId: 'greenhouse:acme:4567' })];
    const result = await upsertJobs(db, inputs);
    expect(result.inserted).toBe(3);
    expect(result.updated).toBe(0);
    const stored = await db.query<{ id: number; external_id: string }>(`select id, external_id from jobs where id = any(cast(:ids as bigint[]))`, {
      ids: `{${result.ids.join(',')}}`,
    });
    expect(new Map(stored.map((r) => [r.external_id, r.id]))).toEqual(new Map(inputs.map((j, i) => [j.externalId, result.ids[i]])));
    for (const id of result.ids) expect(await partitionOf(id)).toBe(monthName(new Date()));
  });

  it('keeps every field as crawled: dates, salary, metadata, remote', async () => {
    const input = jobInput({
      remote: true,
      location: null,
      postedDate: new Date('2026-02-03T04:05:06.789Z'),
      expiresDate: new Date('2099-01-01T00:00:00Z'),
      metadata: { salary: { min: 60, max: 80, interval: 'hour', currency: 'USD', raw: '$60-80/hr' }, descriptionText: 'Plain text', ats: 'lever' },
    });
    const { ids } = await upsertJobs(db, [input]);
    const row = await db.one(
      `select title, company, location, remote, salary_min, salary_max, job_type, posted_date, expires_date, metadata, is_active, source
         from jobs where id = :id`,
      { id: ids[0] },
    );
    expect(row).toEqual({
      title: input.title,
      company: input.company,
      location: null,
      remote: true,
      salary_min: 70_000,
      salary_max: 90_000,
      job_type: 'full-time',
      posted_date: '2026-02-03T04:05:06.789Z',
      expires_date: '2099-01-01T00:00:00.000Z',
      metadata: input.metadata,
      is_active: true,
      source: 'linkedin',
    });
  });

  it('updates the one row of a job crawled again in a later month, in its first month', async () => {
    await db.query(`select create_job_partitions(1, now() - interval '3 months')`);
    const first = jobInput({ title: 'Data Engineer', salaryMin: 80_000, salaryMax: 100_000, description: '<p>Full text</p>' });
    const firstSeen = monthsAgo(2);
    const id = await jobFirstSeenAt(db, first, firstSeen);
    await db.execute(`update jobs set is_active = false where id = :id`, { id });

    // Two months later the same posting comes back, changed, without a description (a result card).
    const recrawl = { ...first, title: 'Senior Data Engineer', salaryMin: 90_000, salaryMax: 120_000, description: null, metadata: { applyUrl: 'https://x.example/apply' } };
    const result = await upsertJobs(db, [recrawl]);
    expect(result).toEqual({ inserted: 0, updated: 1, ids: [id] });

    const rows = await db.query(
      `select id, title, salary_min, salary_max, description, metadata, is_active, created_at, updated_at, last_seen_at from jobs where external_id = :external_id`,
      { external_id: first.externalId },
    );
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      id,
      title: 'Senior Data Engineer',
      salary_min: 90_000,
      salary_max: 120_000,
      description: '<p>Full text</p>', // not lost to a crawl that did not deliver it
      metadata: { descriptionText: first.metadata.descriptionText, applyUrl: 'https://x.example/apply' },
      is_active: true,
      created_at: firstSeen.toISOString(),
    });
    expect(Date.parse(row.updated_at as string)).toBeGreaterThan(firstSeen.getTime());
    expect(Date.parse(row.last_seen_at as string)).toBeGreaterThan(firstSeen.getTime());
    expect(await partitionOf(id)).toBe(monthName(firstSeen));
    expect(await db.one(`select count(*) as n from job_keys where external_id = :e`, { e: first.externalId })).toEqual({ n: 1 });
  });

  it('stores a job given twice in one batch once, the last sighting winning', async () => {
    const a = jobInput({ title: 'First title' });
    const b = jobInput();
    const result = await upsertJobs(db, [a, b, { ...a, title: 'Second title' }]);
    expect(result.inserted).toBe(2);
    expect(result.ids[0]).toBe(result.ids[2]);
    expect(await db.query(`select title from jobs where external_id = :e`, { e: a.externalId })).toEqual([{ title: 'Second title' }]);
  });

  it('splits a large crawl into statements and reports new and re-crawled jobs', async () => {
    const existing = Array.from({ length: 700 }, () => jobInput());
    await upsertJobs(db, existing);
    const fresh = Array.from({ length: 700 }, () => jobInput({ description: '<p>' + 'x'.repeat(4000) + '</p>' }));
    const result = await upsertJobs(db, [...existing.map((j) => ({ ...j, title: j.title + ' (updated)' })), ...fresh]);
    expect(existing.length + fresh.length).toBeGreaterThan(UPSERT_CHUNK_ROWS);
    expect(result.inserted).toBe(700);
    expect(result.updated).toBe(700);
    expect(new Set(result.ids).size).toBe(1400);
    expect(await db.one(`select count(*) as n from jobs where title like '% (updated)'`)).toEqual({ n: 700 });
  });

  it("keeps the company a board's page named when a later crawl could not read it and the board's name stood in", async () => {
    const named = jobInput({ source: 'custom', externalId: 'lever:economicmodeling:33baa88b', company: 'Lightcast', metadata: { ats: 'lever', companyFrom: 'board page' } });
    const { ids } = await upsertJobs(db, [named]);
    const read = () => db.one(`select company, metadata ->> 'companyFrom' as company_from, title from jobs where id = :id`, { id: ids[0] });
    // The page failed this time: the site's name stands in, and is no news.
    await upsertJobs(db, [{ ...named, title: 'Economist', company: 'economicmodeling', metadata: { ats: 'lever', companyFrom: 'board slug' } }]);
    expect(await read()).toEqual({ company: 'Lightcast', company_from: 'board page', title: 'Economist' });
    // What the page names now wins.
    await upsertJobs(db, [{ ...named, company: 'Lightcast Inc.', metadata: { ats: 'lever', companyFrom: 'board page' } }]);
    expect(await read()).toMatchObject({ company: 'Lightcast Inc.', company_from: 'board page' });
    // A stand-in replaces a stand-in, and any company a board's answer names.
    const slugged = jobInput({ source: 'custom', externalId: 'ashby:acme:1', company: 'acme', metadata: { ats: 'ashby', companyFrom: 'board slug' } });
    const other = await upsertJobs(db, [slugged]);
    await upsertJobs(db, [{ ...slugged, company: 'ACME', metadata: { ats: 'ashby', companyFrom: 'board slug' } }]);
    expect(await db.one(`select company from jobs where id = :id`, { id: other.ids[0] })).toEqual({ company: 'ACME' });
  });

  it('marks an expired posting inactive', async () => {
    const { ids } = await upsertJobs(db, [jobInput({ expiresDate: new Date('2020-01-01T00:00:00Z') })]);
    expect(await db.one(`select is_active from jobs where id = :id`, { id: ids[0] })).toEqual({ is_active: false });
  });

  it('keeps both rows right when two crawls upsert overlapping batches at once', async () => {
    const shared = Array.from({ length: 200 }, () => jobInput());
    const left = [...shared, ...Array.from({ length: 100 }, () => jobInput())];
    const right = [...Array.from({ length: 100 }, () => jobInput()), ...[...shared].reverse()];
    const [a, b] = await Promise.all([upsertJobs(db, left), upsertJobs(db, right)]);
    expect(a.inserted + b.inserted).toBe(400);
    const n = await db.one<{ n: number }>(`select count(*) as n from jobs where external_id = any(cast(:e as text[]))`, {
      e: `{${shared.map((j) => `"${j.externalId}"`).join(',')}}`,
    });
    expect(n.n).toBe(200);
  });
});

describe('monthly partitions', () => {
  it('routes rows to their month, and rows with no month to the DEFAULT partition', async () => {
    await db.query(`select create_job_partitions(0, now() - interval '1 month')`);
    const lastMonth = await jobFirstSeenAt(db, jobInput(), monthsAgo(1, 3));
    const longAgo = await jobFirstSeenAt(db, jobInput(), new Date('2015-06-10T00:00:00Z'));
    expect(await partitionOf(lastMonth)).toBe(monthName(monthsAgo(1)));
    expect(await partitionOf(longAgo)).toBe('jobs_default');
  });

  it('creates months ahead idempotently, and two sessions at once create each month once', async () => {
    const ahead = (n: number) => monthName(new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + n, 1)));
    expect(await partitions()).toEqual(expect.arrayContaining([ahead(0), ahead(1), ahead(2)]));
    const [one, two] = await Promise.all([createJobPartitions(db, 5), createJobPartitions(db, 5)]);
    expect([...one, ...two].sort()).toEqual([ahead(3), ahead(4), ahead(5)]);
    expect(await createJobPartitions(db, 5)).toEqual([]);
    expect(await partitions()).toEqual(expect.arrayContaining([ahead(3), ahead(4), ahead(5)]));
  });

  it('has autovacuum mark new rows visible early on every partition, old and new (index-only walks)', async () => {
    await createJobPartitions(db, 7);
    const options = await db.query<{ relname: string; reloptions: string | null }>(
      `select c.relname, array_to_string(c.reloptions, ',') as reloptions
         from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'jobs'::regclass`,
    );
    expect(options.length).toBeGreaterThan(8);
    for (const { reloptions } of options) expect(reloptions).toContain('autovacuum_vacuum_insert_scale_factor=0.01');
  });

  it('creating a month whose rows already sit in DEFAULT moves them into it, keeping them whole', async () => {
    const at = new Date('2016-03-15T10:00:00Z');
    const user = await createUser(db);
    const input = jobInput();
    const id = await jobFirstSeenAt(db, input, at);
    await createApplication(db, user, id);
    expect(await partitionOf(id)).toBe('jobs_default');
    const created = await db.query<{ name: string }>(`select create_job_partitions(0, :since) as name`, { since: at });
    expect(created.map((r) => r.name)).toContain('jobs_2016_03');
    expect(await partitionOf(id)).toBe('jobs_2016_03');
    // Moving the row neither deleted the job nor touched its application.
    expect(await db.query(`select title from jobs where id = :id`, { id })).toEqual([{ title: input.title }]);
    expect(await db.one(`select count(*) as n from job_applications where job_id = :id`, { id })).toEqual({ n: 1 });
    // The moved-into month is an ordinary partition: re-crawls update the row there.
    expect((await upsertJobs(db, [{ ...input, title: 'Moved and updated' }])).ids).toEqual([id]);
    expect(await partitionOf(id)).toBe('jobs_2016_03');
  });

  it('detaches months past the retention into job_archive; applied-to jobs keep their key, others go', async () => {
    await db.query(`select create_job_partitions(0, :since)`, { since: new Date('2017-01-01T00:00:00Z') });
    const user = await createUser(db);
    const appliedInput = jobInput();
    const applied = await jobFirstSeenAt(db, appliedInput, new Date('2017-01-20T00:00:00Z'));
    const savedOnly = await jobFirstSeenAt(db, jobInput(), new Date('2017-01-21T00:00:00Z'));
    await createApplication(db, user, applied, { status: 'applied' });
    await db.execute(`insert into saved_jobs (user_id, job_id) values (:user, :job)`, { user, job: savedOnly });
    const recent = (await upsertJobs(db, [jobInput()])).ids[0]!;

    const archived = await detachJobPartitions(db, 24);
    expect(archived).toContain('job_archive.jobs_2017_01');
    expect(await partitions()).not.toContain('jobs_2017_01');
    expect(await partitions()).toContain(monthName(new Date()));

    // The details are in the archive table, which stands alone.
    const { rows } = await direct.query(`select id from job_archive.jobs_2017_01 order by id`);
    expect(rows.map((r) => Number(r.id))).toEqual([applied, savedOnly]);
    const { rows: fks } = await direct.query(`select count(*)::int as n from pg_constraint where conrelid = 'job_archive.jobs_2017_01'::regclass and contype = 'f'`);
    expect(fks[0].n).toBe(0);

    // The application still names its job; the job without one is gone with its saved-job row.
    expect(await db.query(`select id, archived_at is not null as archived from job_keys where id in (:a, :b)`, { a: applied, b: savedOnly })).toEqual([
      { id: applied, archived: true },
    ]);
    expect(await db.one(`select count(*) as n from saved_jobs where job_id = :job`, { job: savedOnly })).toEqual({ n: 0 });
    expect(await db.one(`select job_id from job_applications where user_id = :user`, { user })).toEqual({ job_id: applied });
    expect(await db.one(`select count(*) as n from jobs where id = :id`, { id: recent })).toEqual({ n: 1 });

    // Seen again, the archived job gets a fresh row in the current month under its old id.
    const again = await upsertJobs(db, [appliedInput]);
    expect(again.ids).toEqual([applied]);
    expect(await partitionOf(applied)).toBe(monthName(new Date()));
    expect(await db.one(`select archived_at from job_keys where id = :id`, { id: applied })).toEqual({ archived_at: null });

    // Retiring again finds nothing more to do.
    expect(await detachJobPartitions(db, 24)).toEqual([]);
  });
});
