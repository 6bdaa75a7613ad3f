/**
 * Every row the platform reads stays within the Data API's 64 KB, at the largest sizes the API and
 * the crawler let in: a job, a profile (alone, in a list, and beside its account in the applier's
 * task), an application with its step log, a saved job. The local endpoint refuses any row over the
 * limit, as the service does, so each read below would fail if a row grew past it. (Whole pages of
 * such rows: largest-pages.test.ts.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sanitizeDescription } from '../../../shared/crawler/normalize/html';
import { buildJob } from '../../../shared/crawler/normalize/job';
import { jsonbTextBytes, utf8Bytes } from '../../../shared/data/row-size';
import type { Db } from '../../../shared/data/types';
import { claimApplication, finishApplication, loadApplicationTask } from '../../../shared/applications/lifecycle';
import { getApplication, listApplications } from '../../../shared/applications/store';
import { customJobSchema } from '../../../shared/jobs/api-schema';
import { addCustomJob, getJob } from '../../../shared/jobs/search';
import { JOB_OTHER_METADATA_BYTES, JOB_TEXT_BYTES } from '../../../shared/jobs/sizes';
import { upsertJobs } from '../../../shared/jobs/upsert';
import { profileInputSchema } from '../../../shared/profiles/schema';
import { PROFILE_BYTES } from '../../../shared/profiles/sizes';
import { changeProfile, createProfile, getProfile, listProfiles } from '../../../shared/profiles/store';
import { listSavedJobs, saveJob } from '../../../shared/saved-jobs/store';
import { freshDatabase } from '../../support/db';
import { jobInput } from '../schema/helpers';
import { euros, largestJob, largestProfileInput, urlOf } from './largest';

let db: Db;
let userId: number;

beforeAll(async () => {
  db = (await freshDatabase()).db;
  const user = await db.one<{ id: number }>(
    `insert into users (email, username, hashed_password, full_name) values (:email, :username, 'x', :full_name) returning id`,
    // The longest a sign-up allows: 320 characters of email, 50 of username, 200 of full name.
    { email: `${'a'.repeat(64)}@${'b'.repeat(251)}.com`, username: 'u'.repeat(50), full_name: euros(200) },
  );
  userId = user.id;
});

describe('rows at the largest sizes allowed', () => {
  it('a profile: created, read, listed, changed, and beside its account in the applier task', async () => {
    const input = largestProfileInput();
    // Each large field is within a few hundred bytes of its limit.
    expect(utf8Bytes(input.coverLetterTemplate!)).toBe(PROFILE_BYTES.coverLetterTemplate);
    expect(jsonbTextBytes(input.answers)).toBeGreaterThan(PROFILE_BYTES.answers - 700);
    expect(jsonbTextBytes(input.jobPreferences)).toBeGreaterThan(PROFILE_BYTES.jobPreferences - 700);
    expect(jsonbTextBytes(input.skills)).toBeGreaterThan(PROFILE_BYTES.skills - 150);
    // The longest resumeUrl the schema takes: an https URL of 2048 characters.
    const resumeUrl = profileInputSchema.shape.resumeUrl.parse(urlOf(2048));
    const profile = await createProfile(db, userId, { ...input, resumeUrl });
    expect(profile.coverLetterTemplate).toBe(input.coverLetterTemplate);
    expect(await getProfile(db, userId, profile.id)).toEqual(profile);
    expect((await listProfiles(db, userId, { limit: 1 })).items[0]).toEqual(profile);
    const changed = await changeProfile(db, userId, profile.id, () => ({ location: euros(199) }));
    expect(changed!.profile.answers).toEqual(input.answers);

    const [job] = (await upsertJobs(db, [largestJob()])).ids;
    const application = await db.one<{ id: number }>(
      `insert into job_applications (user_id, job_id, profile_id, status) values (:user_id, :job_id, :profile_id, 'in_progress') returning id`,
      { user_id: userId, job_id: job!, profile_id: profile.id },
    );
    const task = await loadApplicationTask(db, { id: application.id, userId, jobId: job!, profileId: profile.id, dryRun: true }, 1);
    expect(task.ok && task.task.applicant.answers).toEqual(input.answers);
    expect(task.ok && task.task.applicant.fullName).toBe(euros(200));
    expect(task.ok && task.task.job.title).toBe(euros(500));
  });

  it('a job: stored and read back whole, its long texts in pieces', async () => {
    const input = largestJob();
    const [id] = (await upsertJobs(db, [input])).ids;
    const job = await getJob(db, id!);
    expect(job!.description).toBe(input.description);
    expect(job!.requirements).toBe(input.requirements);
    expect(job!.metadata).toEqual(input.metadata);
    expect(job!.title).toBe(input.title);
  });

  it('a job added through the API at its largest', async () => {
    const input = customJobSchema.parse({
      title: euros(500),
      company: euros(300),
      location: euros(500),
      sourceUrl: urlOf(2048),
      // Every character escaped as an HTML entity: the largest description HTML the API can make.
      description: '&'.repeat(40_000),
      requirements: euros(20_000),
    });
    const { job } = await addCustomJob(db, input);
    expect(job.metadata.descriptionText).toBe(input.description);
    expect(job.requirements).toBe(input.requirements);
    expect(utf8Bytes(job.description!)).toBeGreaterThan(200_000);
  });

  it('a crawled posting far over the limits is stored shortened, not dropped', async () => {
    const built = buildJob({
      source: 'custom',
      externalId: 'jsonld:careers.example.com:huge',
      title: 'Staff Engineer',
      company: 'Acme',
      description: `<h2>About</h2>${'<p>We build robots. Ünïcödé text follows.</p>'.repeat(7_000)}`,
      requirements: 'Rust. '.repeat(40_000),
      remote: { remote: false, workplace: null },
      sourceUrl: 'https://careers.example.com/jobs/huge',
      metadata: { offices: Array.from({ length: 2000 }, (_, i) => `Office ${i}, ${euros(10)}`), ats: 'greenhouse' },
    });
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    const [id] = (await upsertJobs(db, [built.job])).ids;
    const job = (await getJob(db, id!))!;
    expect(utf8Bytes(job.description!)).toBeLessThanOrEqual(JOB_TEXT_BYTES.description);
    expect(utf8Bytes(job.description!)).toBeGreaterThan(JOB_TEXT_BYTES.description - 8192);
    expect(job.description!.slice(0, 40)).toBe('<h2>About</h2><p>We build robots. Ünïcöd');
    // Cut between tags and sanitized again: well-formed HTML, ending in the ellipsis.
    expect(sanitizeDescription(job.description) === job.description).toBe(true);
    expect(job.description!.slice(-10)).toMatch(/…(<\/p>)?$/);
    expect(job.metadata).toMatchObject({ descriptionTruncated: true, requirementsTruncated: true, omitted: ['offices'], ats: 'greenhouse' });
    expect(job.requirements!.endsWith('…')).toBe(true);
  });

  it('an application with a long step log, cover letter and reason, and its error message in lists', async () => {
    const [job] = (await upsertJobs(db, [largestJob()])).ids;
    const profile = await createProfile(db, userId, profileInputSchema.parse({}));
    const row = await db.one<{ id: number }>(
      `insert into job_applications (user_id, job_id, profile_id, resume_used) values (:user_id, :job_id, :profile_id, :resume) returning id`,
      { user_id: userId, job_id: job!, profile_id: profile.id, resume: urlOf(2048) },
    );
    const claim = await claimApplication(db, row.id);
    if (claim.kind !== 'claimed') throw new Error('not claimed');
    const steps = Array.from({ length: 1500 }, (_, i) => ({
      atMs: i * 10,
      kind: 'field' as const,
      message: `filled ${euros(60)}`,
      field: euros(40),
      valueSource: 'answers.custom[3]',
    }));
    const log = { adapter: 'workday', url: urlOf(2048), dryRun: false, startedAt: new Date().toISOString(), durationMs: 1, steps, missingAnswers: [], screenshots: [] };
    expect(jsonbTextBytes(log)).toBeGreaterThan(500_000);
    const coverLetter = euros(30_000);
    // 20 KB of reason beside a log near its 48 KB would pass the row's 64 KB: both are kept shorter.
    const reason = `stopped: ${euros(7000)}`;
    await finishApplication(db, row.id, claim.attempt, { status: 'failed', reason, retryable: false, resumeUsed: urlOf(2048), coverLetterUsed: coverLetter, log });
    const application = (await getApplication(db, userId, row.id))!;
    expect(application.coverLetterUsed).toBe(coverLetter);
    // The attempt's log is kept under its row's limit: its first and last steps, and a note for the rest.
    const [attempt] = application.attempts;
    expect(attempt!.log!.steps.length).toBeLessThan(1500);
    expect(attempt!.log!.steps[0]).toEqual(steps[0]);
    expect(attempt!.log!.steps.at(-1)).toEqual(steps.at(-1));
    expect(attempt!.log!.steps.some((s) => s.kind === 'note' && /steps left out/.test(s.message))).toBe(true);
    expect(attempt!.reason).toBe(reason.slice(0, 2000));
    expect(application.errorMessage).toBe(reason.slice(0, 2000));
    const [listed] = (await listApplications(db, userId, { limit: 1 })).items;
    expect(listed!.errorMessage).toHaveLength(2000);
  });

  it('a saved job with the longest notes', async () => {
    const [job] = (await upsertJobs(db, [largestJob()])).ids;
    await saveJob(db, userId, { jobId: job!, notes: euros(10_000) });
    const { items } = await listSavedJobs(db, userId, { limit: 1 });
    expect(items[0]!.notes).toBe(euros(10_000));
  });
});

describe('what would make a row too large is refused where it is written', () => {
  it('a profile field over its limit, with a 400 naming the field', () => {
    for (const [field, value] of [
      ['coverLetterTemplate', euros(4001)],
      ['linkedinUrl', urlOf(700, 'https://linkedin.com/in/')],
      ['skills', Array.from({ length: 200 }, () => euros(33))],
      ['answers', { custom: Array.from({ length: 40 }, () => ({ question: euros(100), answer: euros(100) })) }],
      ['jobPreferences', { excludedCompanies: Array.from({ length: 100 }, () => euros(100)) }],
    ] as const) {
      const result = profileInputSchema.safeParse({ [field]: value });
      expect(result.success, field).toBe(false);
      expect(result.error!.issues.map((i) => i.path[0])).toEqual([field]);
      expect(result.error!.issues[0]!.message).toMatch(/bytes as stored; at most \d+ are allowed/);
    }
  });

  it('a job past its limits, by the store, before anything is written', async () => {
    const job = jobInput({ description: 'x'.repeat(JOB_TEXT_BYTES.description + 1) });
    await expect(upsertJobs(db, [job])).rejects.toThrow(/too large to store: description is 262145 bytes/);
    const metadata = { descriptionText: 'x', extra: 'y'.repeat(JOB_OTHER_METADATA_BYTES) };
    await expect(upsertJobs(db, [jobInput({ metadata })])).rejects.toThrow(/metadata is \d+ bytes/);
    expect(await db.query(`select 1 from jobs where external_id = :id`, { id: job.externalId })).toEqual([]);
  });

  it('a re-crawl whose metadata would merge past its limit replaces it, keeping the plain text of the kept description', async () => {
    const first = jobInput({ metadata: { descriptionText: 'Plain text', a: 'a'.repeat(5000) } });
    const [id] = (await upsertJobs(db, [first])).ids;
    await upsertJobs(db, [{ ...first, description: null, metadata: { b: 'b'.repeat(5000) } }]);
    const job = (await getJob(db, id!))!;
    expect(job.metadata).toEqual({ descriptionText: 'Plain text', b: 'b'.repeat(5000) });
    expect(job.description).toBe(first.description);
    await upsertJobs(db, [{ ...first, description: null, metadata: { c: 'c' } }]);
    expect((await getJob(db, id!))!.metadata).toEqual({ descriptionText: 'Plain text', b: 'b'.repeat(5000), c: 'c' });
  });
});
