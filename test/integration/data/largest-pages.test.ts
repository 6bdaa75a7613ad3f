/**
 * Every list a user reads stays within the Data API's 1 MiB a response, at the largest sizes the API
 * lets in and the largest page it serves (limit=100): a full page of profiles, saved jobs,
 * applications (and the CSV export of them all), crawls, and an application's attempts, each item at
 * its largest. The local endpoint refuses a response over 1 MiB, as the service does, so each read
 * below would fail if it asked for more in one statement. (Jobs: largest-job-pages.test.ts.)
 *
 * The first item of each list is written the platform's way (which checks what the API lets in);
 * the other hundred are copies of it made by one statement, to keep the test fast.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimApplication, failApplication, finishApplication, releaseApplication } from '../../../shared/applications/lifecycle';
import { createApplication, getApplication, listApplications } from '../../../shared/applications/store';
import type { AutomationLog } from '../../../shared/applier/log';
import { claimCrawl, finishCrawl } from '../../../shared/crawls/lifecycle';
import { crawlRequestSchema } from '../../../shared/crawls/schema';
import { getCrawl, listCrawls, startCrawl } from '../../../shared/crawls/store';
import { jsonbTextBytes } from '../../../shared/data/row-size';
import type { Db, Params } from '../../../shared/data/types';
import { arrayLiteral } from '../../../shared/data/values';
import { MAX_PAGE_SIZE } from '../../../shared/http/pagination';
import { upsertJobs } from '../../../shared/jobs/upsert';
import { createProfile, listProfiles } from '../../../shared/profiles/store';
import { saveJobSchema } from '../../../shared/saved-jobs/schema';
import { getSavedJob, listSavedJobs, saveJob } from '../../../shared/saved-jobs/store';
import { applicationsCsv } from '../../../shared/stats/store';
import { applyQueue, crawlQueue } from '../../../shared/tables/queues';
import { freshDatabase } from '../../support/db';
import { localQueues, type LocalQueues } from '../queue/helpers';
import { createUser } from '../schema/helpers';
import { euros, largestListedJob, largestProfileInput, urlOf } from './largest';

/** One more than a page: the page is full and says another follows. */
const ITEMS = MAX_PAGE_SIZE + 1;
const log = { warn: () => undefined };

let db: Db;
let queues: LocalQueues;
beforeAll(async () => {
  db = (await freshDatabase()).db;
  queues = await localQueues([crawlQueue, applyQueue]);
});
afterAll(async () => {
  await queues?.stop();
});

/** ITEMS active jobs whose listed columns are at their largest; their ids, oldest first. */
async function largestJobs(): Promise<number[]> {
  return (await upsertJobs(db, Array.from({ length: ITEMS }, () => largestListedJob()))).ids;
}

/**
 * The row `id` of `table` and ITEMS - 1 copies of it, made by one statement: `columns` are copied,
 * `vary` sets others by the copy's number n (1 to ITEMS - 1). Their ids, oldest first.
 */
async function withCopies(table: string, id: number, columns: string[], vary: Record<string, string> = {}, params: Params = {}): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `insert into ${table} (${[...columns, ...Object.keys(vary)].join(', ')})
     select ${[...columns.map((c) => `t.${c}`), ...Object.values(vary)].join(', ')}
       from ${table} t cross join generate_series(1, ${ITEMS - 1}) n
      where t.id = :id
      order by n
     returning id`,
    { ...params, id },
  );
  return [id, ...rows.map((r) => r.id).sort((a, b) => a - b)];
}

/** Reads every page of a list through its cursor: the pages' sizes and all items in order. */
async function allPages<T>(read: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>) {
  const sizes: number[] = [];
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    sizes.push(page.items.length);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { sizes, items };
}

const newestFirst = (ids: number[]) => [...ids].reverse();

describe('a full page at the largest sizes allowed', () => {
  it('profiles', async () => {
    const userId = await createUser(db);
    const profile = await createProfile(db, userId, { ...largestProfileInput(), resumeUrl: `/${euros(2047)}` });
    const ids = await withCopies('user_profiles', profile.id, [
      'user_id', 'resume_url', 'cover_letter_template', 'skills', 'experience_years', 'linkedin_url', 'github_url', 'portfolio_url', 'phone',
      'location', 'job_preferences', 'answers',
    ]);

    const { sizes, items } = await allPages((cursor) => listProfiles(db, userId, { limit: MAX_PAGE_SIZE, cursor }));
    expect(sizes).toEqual([100, 1]);
    expect(items.map((p) => p.id)).toEqual(newestFirst(ids));
    expect(items.at(-1)).toEqual(profile);
    const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = profile;
    for (const item of items) expect(item).toMatchObject(fields);
  });

  it('saved jobs, each with the longest notes', async () => {
    const userId = await createUser(db);
    const notes = saveJobSchema.parse({ jobId: 1, notes: euros(10_000) }).notes!;
    const jobs = await largestJobs();
    const saved = await saveJob(db, userId, { jobId: jobs[0]!, notes });
    const ids = await withCopies('saved_jobs', saved.id, ['user_id', 'notes'], { job_id: '(cast(:jobs as bigint[]))[n + 1]' }, { jobs: arrayLiteral(jobs) });

    const { sizes, items } = await allPages((cursor) => listSavedJobs(db, userId, { limit: MAX_PAGE_SIZE, cursor }));
    expect(sizes).toEqual([100, 1]);
    expect(items.map((s) => s.id)).toEqual(newestFirst(ids));
    expect(items.map((s) => s.jobId)).toEqual(newestFirst(jobs));
    expect(items.at(-1)).toEqual(await getSavedJob(db, userId, saved.id));
    expect(items.every((s) => s.notes === notes && s.job.title === euros(500) && s.job.sourceUrl === urlOf(2048))).toBe(true);
  });

  it('applications with the longest error messages, and the CSV export of them all', async () => {
    const userId = await createUser(db);
    const profile = await createProfile(db, userId, largestProfileInput());
    const jobs = await largestJobs();
    const send = (message: { applicationId: number }) => queues.sender.send('apply', message);
    const reason = `stopped: ${euros(5000)}`;
    const { id } = await createApplication(db, send, userId, { jobId: jobs[0]!, profileId: profile.id, dryRun: false }, log);
    const claim = await claimApplication(db, id);
    if (claim.kind !== 'claimed') throw new Error('not claimed');
    await failApplication(db, id, claim.attempt, reason);
    const ids = await withCopies(
      'job_applications',
      id,
      ['user_id', 'profile_id', 'status', 'dry_run', 'error_message', 'attempts'],
      { job_id: '(cast(:jobs as bigint[]))[n + 1]' },
      { jobs: arrayLiteral(jobs) },
    );

    const { sizes, items } = await allPages((cursor) => listApplications(db, userId, { limit: MAX_PAGE_SIZE, cursor }));
    expect(sizes).toEqual([100, 1]);
    expect(items.map((a) => a.id)).toEqual(newestFirst(ids));
    expect(items.every((a) => a.status === 'failed' && a.errorMessage === reason.slice(0, 2000) && a.job?.sourceUrl === urlOf(2048))).toBe(true);
    expect((await listApplications(db, userId, { limit: MAX_PAGE_SIZE, status: ['failed'] })).items).toHaveLength(100);

    const csv = (await applicationsCsv(db, userId)).trimEnd().split('\r\n');
    expect(csv).toHaveLength(1 + ITEMS);
    expect(csv.slice(1).map((line) => Number(line.split(',')[0]))).toEqual(ids);
  });

  it('crawls with the longest queries, targets and error messages', async () => {
    const userId = await createUser(db);
    const request = crawlRequestSchema.parse({ searchQuery: euros(500), location: euros(200), source: 'custom', target: { kind: 'site', url: urlOf(2048) } });
    const send = (message: { crawlId: number }) => queues.sender.send('crawl', message);
    const reason = `blocked: ${euros(5000)}`;
    const { id } = await startCrawl(db, send, userId, request, log);
    const claim = await claimCrawl(db, id);
    if (claim.kind !== 'claimed') throw new Error('not claimed');
    await finishCrawl(db, id, claim.attempt, { status: 'failed', reason, pages: 1, jobsSeen: 0 }, 0);
    const ids = await withCopies('crawler_jobs', id, ['user_id', 'search_query', 'location', 'source', 'target', 'status', 'error_message', 'started_at', 'completed_at']);

    const { sizes, items } = await allPages((cursor) => listCrawls(db, userId, { limit: MAX_PAGE_SIZE, cursor }));
    expect(sizes).toEqual([100, 1]);
    expect(items.map((c) => c.id)).toEqual(newestFirst(ids));
    expect(items.at(-1)).toEqual(await getCrawl(db, userId, id));
    expect(items.every((c) => c.errorMessage === reason.slice(0, 2000) && c.target?.kind === 'site' && c.searchQuery === request.searchQuery)).toBe(true);
  });

  it("an application's attempts, each with a step log at its largest", async () => {
    const userId = await createUser(db);
    const profile = await createProfile(db, userId, largestProfileInput());
    const [jobId] = (await upsertJobs(db, [largestListedJob()])).ids;
    const send = (message: { applicationId: number }) => queues.sender.send('apply', message);
    const { id } = await createApplication(db, send, userId, { jobId: jobId!, profileId: profile.id, dryRun: false }, log);
    // Labels a form wrote with quotes: each is stored escaped (\") and escaped twice more in a response.
    const steps = Array.from({ length: 400 }, (_, i) => ({ atMs: i, kind: 'field' as const, message: `filled "${'"'.repeat(100)}"`, field: '"'.repeat(60) }));
    const attemptLog: AutomationLog = { adapter: 'generic', url: urlOf(2048), dryRun: false, startedAt: new Date().toISOString(), durationMs: 1, steps, missingAnswers: [], screenshots: [] };
    const reason = `timed out: ${euros(2000)}`;
    const attempts = 12;
    for (let i = 1; i <= attempts; i++) {
      const claim = await claimApplication(db, id);
      if (claim.kind !== 'claimed') throw new Error('not claimed');
      const outcome = { status: 'failed' as const, reason, retryable: true, resumeUsed: null, coverLetterUsed: null, log: attemptLog };
      if (i < attempts) await releaseApplication(db, id, claim.attempt, reason, outcome);
      else await finishApplication(db, id, claim.attempt, outcome);
    }

    const application = (await getApplication(db, userId, id))!;
    expect(application.attempts.map((a) => a.attempt)).toEqual(Array.from({ length: attempts }, (_, i) => attempts - i));
    // Kept near its limit (fitLog), every one.
    expect(application.attempts.every((a) => jsonbTextBytes({ ...a.log!, screenshots: [] }) > 40 * 1024)).toBe(true);
    expect(application.attempts.every((a) => a.reason === reason.slice(0, 2000) && a.log!.steps[0]!.message === steps[0]!.message)).toBe(true);
  });
});
