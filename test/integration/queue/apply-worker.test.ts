/**
 * The apply worker's contract, driven with small appliers written for the test: the task it is
 * given, outcomes recorded as the user will read them, at most one attempt per message, retries only
 * for retryable failures, and nothing re-run that may have been submitted.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_UPLOADS_BUCKET } from '../../../infra/local/constants';
import type { Applier, ApplicationTask, ApplyOutcome } from '../../../shared/applier/port';
import { applyWorker } from '../../../shared/applications/worker';
import type { Db } from '../../../shared/data/types';
import { json } from '../../../shared/data/values';
import { upsertJobs } from '../../../shared/jobs/upsert';
import { storedKey, storedUrl } from '../../../shared/resumes/reference';
import { applyQueue } from '../../../shared/tables/queues';
import { freshDatabase } from '../../support/db';
import { createApplication, createProfile, createUser, jobInput } from '../schema/helpers';
import { deliver, failedIds, sqsRecord } from './helpers';

let db: Db;
beforeAll(async () => {
  ({ db } = await freshDatabase());
});

function outcome(status: ApplyOutcome['status'], extra: Partial<ApplyOutcome> = {}): ApplyOutcome {
  return {
    status,
    reason: null,
    retryable: false,
    resumeUsed: null,
    coverLetterUsed: 'Dear Acme, ...',
    log: { adapter: 'greenhouse', url: 'https://boards.example.com/acme/jobs/1', dryRun: false, startedAt: new Date().toISOString(), durationMs: 1200, steps: [], missingAnswers: [], screenshots: [] },
    ...extra,
  };
}

/** A user with a profile (its resume kept from an upload, as a profile save stores it) and an application for a fresh job. */
async function application(fields: { dryRun?: boolean; deleteProfile?: boolean } = {}) {
  const userId = await createUser(db);
  const profileId = await createProfile(db, userId, { location: 'Berlin' });
  const resumeUrl = storedUrl(LOCAL_UPLOADS_BUCKET, storedKey('resumes', userId, randomUUID(), 'resume.pdf'));
  await db.execute(
    `update user_profiles set phone = '+49 30 1234567', resume_url = :resume_url, answers = :answers where id = :id`,
    { id: profileId, resume_url: resumeUrl, answers: json({ noticePeriod: '1 month', custom: [{ question: 'Why us?', answer: 'The product.' }] }) },
  );
  const job = jobInput({ title: 'Staff Engineer', company: 'Acme' });
  const { ids } = await upsertJobs(db, [job]);
  const applicationId = await createApplication(db, userId, ids[0]!, { dryRun: fields.dryRun });
  await db.execute(`update job_applications set profile_id = :profile_id where id = :id`, { id: applicationId, profile_id: profileId });
  if (fields.deleteProfile) await db.execute(`delete from user_profiles where id = :id`, { id: profileId });
  return { userId, profileId, jobId: ids[0]!, applicationId, job, resumeUrl };
}

type ApplicationRow = {
  status: string;
  attempts: number;
  applied_at: string | null;
  error_message: string | null;
  resume_used: string | null;
  cover_letter_used: string | null;
  lease_expires_at: string | null;
  /** Its attempts, newest first, with the adapter their log names. */
  history: { attempt: number; status: string; reason: string | null; retryable: boolean; adapter: string | null }[];
};
const applicationRow = (id: number) =>
  db.one<ApplicationRow>(
    `select a.status::text as status, a.attempts, a.applied_at, a.error_message, a.resume_used, a.cover_letter_used, a.lease_expires_at,
            (select coalesce(jsonb_agg(jsonb_build_object('attempt', t.attempt, 'status', t.status, 'reason', t.reason, 'retryable', t.retryable,
                                                          'adapter', t.log ->> 'adapter') order by t.attempt desc), '[]'::jsonb)
               from application_attempts t where t.application_id = a.id) as history
       from job_applications a where a.id = :id`,
    { id },
  );

function recording(answer: (task: ApplicationTask) => ApplyOutcome | Promise<ApplyOutcome>) {
  const tasks: ApplicationTask[] = [];
  const applier: Applier = async (task) => {
    tasks.push(task);
    return answer(task);
  };
  return { applier, tasks };
}

describe('the apply worker', () => {
  it('hands the applier the job and the applicant, and records a confirmed application once', async () => {
    const { applicationId, userId, jobId, job, resumeUrl } = await application();
    const { applier, tasks } = recording((task) => outcome('applied', { resumeUsed: task.applicant.resumeUrl }));
    const handler = applyWorker(applier, { db });
    const record = sqsRecord(applyQueue, { applicationId });
    expect(await deliver(handler, applyQueue, [record])).toEqual({ batchItemFailures: [] });
    expect(await deliver(handler, applyQueue, [record])).toEqual({ batchItemFailures: [] });

    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      applicationId,
      attempt: 1,
      userId,
      dryRun: false,
      job: { id: jobId, source: 'linkedin', title: 'Staff Engineer', company: 'Acme', sourceUrl: job.sourceUrl, location: job.location },
      applicant: {
        email: expect.stringContaining('@example.com'),
        fullName: expect.stringMatching(/^User /),
        phone: '+49 30 1234567',
        location: 'Berlin',
        resumeUrl,
        skills: ['TypeScript'],
        answers: { noticePeriod: '1 month', custom: [{ question: 'Why us?', answer: 'The product.' }] },
      },
    });
    const row = await applicationRow(applicationId);
    expect(row).toMatchObject({
      status: 'applied',
      attempts: 1,
      error_message: null,
      resume_used: resumeUrl,
      cover_letter_used: 'Dear Acme, ...',
      lease_expires_at: null,
      history: [{ attempt: 1, status: 'applied', reason: null, retryable: false, adapter: 'greenhouse' }],
    });
    expect(row.applied_at).not.toBeNull();
  });

  it.each([
    ['filled', { dryRun: true }, 'filled every field; dry run'],
    ['unconfirmed', {}, 'submitted, but the page showed no confirmation'],
  ] as const)('records %s without applied_at, and never runs it again', async (status, fields, reason) => {
    const { applicationId } = await application(fields);
    const { applier, tasks } = recording(() => outcome(status, { reason }));
    const handler = applyWorker(applier, { db });
    await deliver(handler, applyQueue, [sqsRecord(applyQueue, { applicationId })]);
    expect(await deliver(handler, applyQueue, [sqsRecord(applyQueue, { applicationId }, 2)])).toEqual({ batchItemFailures: [] });
    expect(tasks).toHaveLength(1);
    expect(await applicationRow(applicationId)).toMatchObject({
      status,
      applied_at: null,
      error_message: reason,
      history: [{ attempt: 1, status, reason, retryable: false, adapter: 'greenhouse' }],
    });
  });

  it('retries a retryable failure, keeping each attempt with its log and reason, and records the reason on the last receive', async () => {
    const { applicationId } = await application();
    const { applier, tasks } = recording(() => outcome('failed', { reason: 'the form did not load within 30 s', retryable: true }));
    const handler = applyWorker(applier, { db });

    expect(failedIds(await deliver(handler, applyQueue, [sqsRecord(applyQueue, { applicationId }, 1, 'first')]))).toEqual(['first']);
    expect(await applicationRow(applicationId)).toMatchObject({
      status: 'pending',
      error_message: 'the form did not load within 30 s',
      lease_expires_at: null,
      history: [{ attempt: 1, status: 'failed', reason: 'the form did not load within 30 s', retryable: true, adapter: 'greenhouse' }],
    });

    const last = applyQueue.maxReceiveCount;
    expect(failedIds(await deliver(handler, applyQueue, [sqsRecord(applyQueue, { applicationId }, last, 'last')]))).toEqual(['last']);
    expect(tasks).toHaveLength(2);
    expect(await applicationRow(applicationId)).toMatchObject({
      status: 'failed',
      attempts: 2,
      error_message: `gave up after ${last} attempts: the form did not load within 30 s`,
      history: [
        { attempt: 2, status: 'failed', reason: 'the form did not load within 30 s', retryable: true, adapter: 'greenhouse' },
        { attempt: 1, status: 'failed', reason: 'the form did not load within 30 s', retryable: true, adapter: 'greenhouse' },
      ],
    });
  });

  it('records a failure that is not retryable at once, without a retry', async () => {
    const { applicationId } = await application();
    const { applier } = recording(() => outcome('failed', { reason: 'required question without an answer: "Do you hold a clearance?"' }));
    const handler = applyWorker(applier, { db });
    expect(await deliver(handler, applyQueue, [sqsRecord(applyQueue, { applicationId })])).toEqual({ batchItemFailures: [] });
    expect(await applicationRow(applicationId)).toMatchObject({ status: 'failed', error_message: expect.stringContaining('clearance') });
  });

  it('never re-runs an applier that threw (the form may have gone out)', async () => {
    const { applicationId } = await application();
    const handler = applyWorker(async () => {
      throw new Error('Target closed');
    }, { db });
    expect(await deliver(handler, applyQueue, [sqsRecord(applyQueue, { applicationId })])).toEqual({ batchItemFailures: [] });
    const row = await applicationRow(applicationId);
    expect(row.status).toBe('failed');
    expect(row.error_message).toContain('Target closed');
    expect(row.history).toEqual([{ attempt: 1, status: 'failed', reason: row.error_message, retryable: false, adapter: null }]);
  });

  it('fails an application whose profile was deleted, without opening the applier', async () => {
    const { applicationId } = await application({ deleteProfile: true });
    const { applier, tasks } = recording(() => outcome('applied'));
    await deliver(applyWorker(applier, { db }), applyQueue, [sqsRecord(applyQueue, { applicationId })]);
    expect(tasks).toHaveLength(0);
    const reason = 'the profile this application was made from was deleted';
    expect(await applicationRow(applicationId)).toMatchObject({
      status: 'failed',
      error_message: reason,
      history: [{ attempt: 1, status: 'failed', reason, retryable: false, adapter: null }],
    });
  });

  it('keeps a log too large for a Data API row as its first and last steps, under 48 KB', async () => {
    const { applicationId } = await application();
    const steps = Array.from({ length: 2_000 }, (_, i) => ({ atMs: i, kind: 'field' as const, message: `typed ${i} characters into a field with a long label`, field: `Question ${i}` }));
    const { applier } = recording(() => outcome('applied', { log: { ...outcome('applied').log, steps } }));
    await deliver(applyWorker(applier, { db }), applyQueue, [sqsRecord(applyQueue, { applicationId })]);
    const stored = await db.one<{ bytes: number; log: { steps: { message: string }[] } }>(
      `select octet_length(log::text) as bytes, log from application_attempts where application_id = :id`,
      { id: applicationId },
    );
    expect(stored.bytes).toBeLessThan(48 * 1024);
    expect(stored.log.steps[0]!.message).toBe(steps[0]!.message);
    expect(stored.log.steps.at(-1)!.message).toBe(steps.at(-1)!.message);
    expect(stored.log.steps.find((s) => /steps left out to keep this log under 48 KB$/.test(s.message))).toBeDefined();
  });

  it('does one of two simultaneous deliveries; the good records of a batch are not failed by a bad one', async () => {
    const a = await application();
    const b = await application();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { applier, tasks } = recording(async () => {
      await gate;
      return outcome('applied');
    });
    const handler = applyWorker(applier, { db });
    const first = deliver(handler, applyQueue, [sqsRecord(applyQueue, { applicationId: a.applicationId }, 1, 'a1')]);
    while (tasks.length === 0) await new Promise((r) => setTimeout(r, 10));
    const second = deliver(handler, applyQueue, [
      sqsRecord(applyQueue, { applicationId: a.applicationId }, 1, 'a2'),
      sqsRecord(applyQueue, { nope: true }, 1, 'junk'),
      sqsRecord(applyQueue, { applicationId: b.applicationId }, 1, 'b'),
    ]);
    while (tasks.length < 2) await new Promise((r) => setTimeout(r, 10));
    release();
    expect(await first).toEqual({ batchItemFailures: [] });
    expect(failedIds(await second)).toEqual(['a2', 'junk']);
    expect(tasks.map((t) => t.applicationId)).toEqual([a.applicationId, b.applicationId]);
    expect((await applicationRow(b.applicationId)).status).toBe('applied');
  });
});
