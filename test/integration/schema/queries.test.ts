/**
 * The read side: the seed's three sample queries as this project runs them, the recommendations
 * auto-apply picks from, per-user status counts over every status the database knows, and the
 * stats view refreshed concurrently while someone reads it.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../shared/data/types';
import {
  applicationStatsFromView,
  applicationStatusCounts,
  applicationStatuses,
  jobsMatchingProfile,
  jobsNotAppliedTo,
  recommendedJobs,
  refreshApplicationStats,
} from '../../../shared/jobs/queries';
import { freshDatabase } from '../../support/db';
import { createApplication, createProfile, createUser, jobFirstSeenAt, jobInput } from './helpers';

let db: Db;
let url: string;
/** Job ids by name; the jobs were first seen in this order, one minute apart (j1 oldest). */
const job: Record<string, number> = {};

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

beforeAll(async () => {
  ({ db, url } = await freshDatabase());
  const jobs: [string, Parameters<typeof jobInput>[0]][] = [
    ['tsBerlin', { title: 'Senior TypeScript Engineer', company: 'Acme Corp', location: 'Berlin, Germany', salaryMin: 80_000, salaryMax: 100_000, description: '<p>Services in Node.</p>', metadata: { descriptionText: 'Services in Node.' } }],
    ['rustRemote', { source: 'indeed', externalId: `indeed:rust-${process.pid}`, title: 'Rust Developer', company: 'Globex', location: 'Anywhere', remote: true, salaryMin: 90_000, salaryMax: 120_000, jobType: 'contract', description: '<p>Systems work.</p>', metadata: { descriptionText: 'Systems work.' } }],
    ['tsMunich', { source: 'glassdoor', externalId: `glassdoor:ts-${process.pid}`, title: 'TypeScript Developer', company: 'Initech', location: 'Munich, Germany', salaryMin: 60_000, salaryMax: 70_000 }],
    ['officeBerlin', { title: 'Office Manager', company: 'ACME Corp', location: 'Berlin', salaryMin: null, salaryMax: null, jobType: null, description: '<p>Run the office.</p>', metadata: { descriptionText: 'Run the office.' } }],
    ['expiredBerlin', { title: 'TypeScript Lead', company: 'Acme Corp', location: 'Berlin', salaryMin: 120_000, salaryMax: 150_000 }],
    ['tsEvil', { title: 'Backend Engineer (TypeScript)', company: 'Evil Corp', location: 'Berlin', salaryMin: 100_000, salaryMax: 130_000 }],
    ['platformBerlin', { title: 'Platform Engineer', company: 'Hooli', location: 'Berlin', salaryMin: 70_000, salaryMax: 90_000, description: '<p>Our tooling is written in TypeScript.</p>', metadata: { descriptionText: 'Our tooling is written in TypeScript.' } }],
  ];
  for (const [i, [name, fields]] of jobs.entries()) job[name] = await jobFirstSeenAt(db, jobInput({ requirements: null, ...fields }), minutesAgo(jobs.length - i));
  await db.execute(`update jobs set is_active = false where id = :id`, { id: job.expiredBerlin });
});

/** The ids of a list or of a page's items. */
const ids = (rows: { id: number }[] | { items: { id: number }[] }) => ('items' in rows ? rows.items : rows).map((r) => r.id);
/** Active jobs, newest first. */
const allActive = () => ['platformBerlin', 'tsEvil', 'officeBerlin', 'tsMunich', 'rustRemote', 'tsBerlin'].map((n) => job[n]);

describe('sample query 1: active jobs matching the profile', () => {
  it('shows a user with no profile every active job, newest first', async () => {
    const user = await createUser(db);
    expect(ids(await jobsMatchingProfile(db, user))).toEqual(allActive());
  });

  it('shows a user with an empty profile every active job', async () => {
    const user = await createUser(db);
    await createProfile(db, user);
    expect(ids(await jobsMatchingProfile(db, user))).toEqual(allActive());
  });

  it('keeps jobs in the profile location or remote, paying at least the minimum', async () => {
    const user = await createUser(db);
    await createProfile(db, user, { location: 'berlin', preferences: { salaryMin: 75_000 } });
    expect(ids(await jobsMatchingProfile(db, user))).toEqual([job.tsEvil, job.rustRemote, job.tsBerlin]);
  });

  it('matches preferred locations anywhere in the text, and honours the limit', async () => {
    const user = await createUser(db);
    await createProfile(db, user, { preferences: { locations: ['munich'] } });
    expect(ids(await jobsMatchingProfile(db, user))).toEqual([job.tsMunich, job.rustRemote]);
    expect(ids(await jobsMatchingProfile(db, user, { limit: 1 }))).toEqual([job.tsMunich]);
  });

  it('ignores a salaryMin of the wrong JSON type instead of failing', async () => {
    const user = await createUser(db);
    await createProfile(db, user, { preferences: { salaryMin: 'a lot' } });
    expect(ids(await jobsMatchingProfile(db, user))).toEqual(allActive());
  });
});

describe('sample query 3: jobs not yet applied to', () => {
  it('leaves out the jobs the user applied to, but not those of a dry run or of other users', async () => {
    const [user, other] = [await createUser(db), await createUser(db)];
    await createApplication(db, user, job.tsBerlin!, { status: 'applied' });
    await createApplication(db, user, job.tsEvil!, { status: 'filled', dryRun: true });
    await createApplication(db, other, job.platformBerlin!, { status: 'applied' });
    expect(ids(await jobsNotAppliedTo(db, user))).toEqual(allActive().filter((id) => id !== job.tsBerlin));
    expect(ids(await jobsNotAppliedTo(db, other))).toEqual(allActive().filter((id) => id !== job.platformBerlin));
    const first = await jobsNotAppliedTo(db, user, { limit: 2 });
    const rest = await jobsNotAppliedTo(db, user, { cursor: first.nextCursor! });
    expect([...ids(first), ...ids(rest)]).toEqual(ids(await jobsNotAppliedTo(db, user)));
    expect(rest.nextCursor).toBeNull();
  });
});

describe('recommended jobs', () => {
  it('keeps to location, pay and keywords, never an excluded company, best match first', async () => {
    const user = await createUser(db);
    await createProfile(db, user, { location: 'Berlin', preferences: { keywords: ['TypeScript'], excludedCompanies: [' evil corp'], salaryMin: 65_000 } });
    // The title match outranks the newer description-only match; Munich, Evil Corp and the inactive job are out.
    expect(ids(await recommendedJobs(db, user))).toEqual([job.tsBerlin, job.platformBerlin]);
  });

  it('scores a keyword in the title above one in the text, and pages through the same list', async () => {
    const user = await createUser(db);
    await createProfile(db, user, { location: 'Berlin', preferences: { keywords: ['TypeScript'] } });
    const all = await recommendedJobs(db, user);
    expect(all.items.map((j) => [j.id, j.score])).toEqual([[job.tsEvil, 2], [job.tsBerlin, 2], [job.platformBerlin, 1]]);
    const paged: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await recommendedJobs(db, user, { limit: 1, cursor });
      paged.push(...ids(page));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(ids(all));
    const noKeywords = await createUser(db);
    const newest: number[] = [];
    for (let page = await recommendedJobs(db, noKeywords, { limit: 4 }); ; page = await recommendedJobs(db, noKeywords, { limit: 4, cursor: page.nextCursor! })) {
      newest.push(...ids(page));
      if (!page.nextCursor) break;
    }
    expect(newest).toEqual(allActive());
  });

  it('leaves out every job the user has an application for, dry runs included', async () => {
    const user = await createUser(db);
    await createProfile(db, user, { location: 'Berlin', preferences: { keywords: ['TypeScript'], excludedCompanies: ['Evil Corp'] } });
    await createApplication(db, user, job.tsBerlin!, { status: 'filled', dryRun: true });
    expect(ids(await recommendedJobs(db, user))).toEqual([job.platformBerlin]);
  });

  it("follows the given profile's remote, source and job type preferences", async () => {
    const user = await createUser(db);
    const remoteOnly = await createProfile(db, user, { preferences: { remote: true } });
    const onSite = await createProfile(db, user, { preferences: { remote: false, sources: ['linkedin'] } });
    const contract = await createProfile(db, user, { preferences: { jobTypes: ['contract'] } });
    expect(ids(await recommendedJobs(db, user, { profileId: remoteOnly }))).toEqual([job.rustRemote]);
    expect(ids(await recommendedJobs(db, user, { profileId: onSite }))).toEqual([job.platformBerlin, job.tsEvil, job.officeBerlin, job.tsBerlin]);
    // A job whose posting did not state its type is not ruled out by a type preference.
    expect(ids(await recommendedJobs(db, user, { profileId: contract }))).toEqual([job.officeBerlin, job.rustRemote]);
    // Without a profile id: the most recently updated profile.
    expect(ids(await recommendedJobs(db, user))).toEqual([job.officeBerlin, job.rustRemote]);
  });

  it('finds nothing when no job matches the keywords, and treats stop words alone as no keywords', async () => {
    const user = await createUser(db);
    const cobol = await createProfile(db, user, { preferences: { keywords: ['COBOL'], titles: ['Mainframe Operator'] } });
    const stopWords = await createProfile(db, user, { preferences: { keywords: ['the'] } });
    expect(await recommendedJobs(db, user, { profileId: cobol })).toEqual({ items: [], nextCursor: null });
    expect(ids(await recommendedJobs(db, user, { profileId: stopWords }))).toEqual(allActive());
  });
});

describe('application statuses', () => {
  it('lists exactly the statuses the database has, in its order', async () => {
    const rows = await db.query<{ status: string }>(`select unnest(enum_range(null::application_status))::text as status`);
    expect(rows.map((r) => r.status)).toEqual([...applicationStatuses]);
  });

  it('counts a user’s applications by every status, zeros included', async () => {
    const user = await createUser(db);
    const statuses = ['applied', 'applied', 'filled', 'unconfirmed'];
    for (const [i, status] of statuses.entries()) await createApplication(db, user, allActive()[i]!, { status, dryRun: status === 'filled' });
    const counts = await applicationStatusCounts(db, user);
    expect(Object.keys(counts)).toEqual([...applicationStatuses]);
    expect(counts).toMatchObject({ applied: 2, filled: 1, unconfirmed: 1, pending: 0, accepted: 0 });
    expect(Object.values(counts).reduce((a, b) => a + b)).toBe(4);
  });
});

describe('user_application_stats', () => {
  let reader: pg.Client;
  afterAll(async () => {
    await reader?.end();
  });

  it('refreshes concurrently while a reader holds the view, records when, and counts as the seed says', async () => {
    const user = await createUser(db);
    for (const [i, status] of ['applied', 'unconfirmed', 'interview', 'filled'].entries()) await createApplication(db, user, allActive()[i]!, { status });
    const before = await applicationStatsFromView(db, user);
    expect(before).toMatchObject({ totalApplications: 0, appliedCount: 0, interviewCount: 0 });

    // A reader mid-transaction on the view: a plain REFRESH would wait for it, CONCURRENTLY does not.
    reader = new pg.Client(url);
    await reader.connect();
    await reader.query('begin');
    await reader.query('select count(*) from user_application_stats');
    let timer: NodeJS.Timeout | undefined;
    const blocked = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the refresh waited for the reader: not concurrent')), 20_000);
    });
    const refreshedAt = await Promise.race([refreshApplicationStats(db), blocked]).finally(() => clearTimeout(timer));
    await reader.query('commit');

    const after = await applicationStatsFromView(db, user);
    // 'unconfirmed' is not 'applied': the seed's applied_count counts confirmed submissions only.
    expect(after).toEqual({ totalApplications: 4, appliedCount: 1, interviewCount: 1, refreshedAt });
    expect(Date.parse(refreshedAt)).toBeGreaterThan(Date.parse(before.refreshedAt));
    const recorded = await db.one<{ refreshed_at: string; duration_ms: number }>(
      `select refreshed_at, duration_ms from materialized_view_refreshes where view_name = 'user_application_stats'`,
    );
    expect(recorded.refreshed_at).toBe(refreshedAt);
    expect(recorded.duration_ms).toBeGreaterThanOrEqual(0);
  });
});
