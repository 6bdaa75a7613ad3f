/**
 * What keeps the apply worker from sending a form twice or too often, through the whole stack (the
 * local SQS event source, the real apply worker, @sparticuz/chromium, the fixture employer forms):
 * a message delivered again after the application was applied, and two identical messages at once,
 * submit once; the auto-apply schedule, fired twice at once and again, creates and the worker
 * processes exactly the profile's daily limit; with dry run in the preferences nothing is submitted.
 */
import { GetQueueAttributesCommand, SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext, loadHandler } from '../../../infra/local/lambda';
import { scheduledEvent } from '../../../infra/local/scheduler';
import type { Application } from '../../../shared/applications/schema';
import { createSqsClient } from '../../../shared/queue/client';
import { encodeMessage } from '../../../shared/queue/messages';
import { deadLetterQueueName, applyQueue } from '../../../shared/tables/queues';
import { schedules } from '../../../shared/tables/schedules';
import { testApplicant } from '../../fixtures/sites/forms/applicant';
import { LEVER_POSTING, type FormSites } from '../../fixtures/sites/forms/server';
import type { TestRuntime } from '../../support/runtime';
import type { Api } from '../api/client';
import { addFormJob, applicationSettled, createApplicantProfile, pollUntil, registerApplicant, startApplyPipeline, type ApplyPipeline } from './helpers';

let pipeline: ApplyPipeline | undefined;
let runtime: TestRuntime;
let forms: FormSites;
let api: Api;
let sqs: SQSClient;
/** The event source's reports: which message ids went to the worker in a batch, and which it failed. */
const batches: { messageIds: string[]; failedIds: string[] }[] = [];

const applicant = testApplicant();
const GREENHOUSE_JOB = '/greenhouse/acme/jobs/4012345';
const GREENHOUSE_POST = `${GREENHOUSE_JOB}/applications`;

beforeAll(async () => {
  pipeline = await startApplyPipeline({
    log: (line) => {
      if (!line.startsWith('{')) return;
      const entry = JSON.parse(line);
      if (entry.service === 'local-event-source' && entry.queue === applyQueue.name && Array.isArray(entry.failedIds)) batches.push(entry);
    },
  });
  ({ runtime, forms, api } = pipeline);
  sqs = createSqsClient({ endpoint: runtime.sqs.endpoint, region: runtime.sqs.region });
});
afterAll(async () => {
  sqs?.destroy();
  await pipeline?.stop();
});

const submissionsTo = (path: string) => forms.submissions().filter((s) => s.path === path).length;

const addJob = (token: string, path: string, title?: string) => addFormJob(pipeline!, token, path, title);

/** Messages on a queue: waiting, being worked on (received, not yet deleted), and delayed. */
async function messagesOn(queueName: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: runtime.sqs.queueUrl(queueName),
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
    }),
  );
  return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible) + Number(Attributes.ApproximateNumberOfMessagesDelayed);
}

/**
 * Until the worker has taken every message off the apply queue and acknowledged it. A message it
 * failed would stay in flight for the visibility timeout (18 minutes), so this times out instead.
 */
async function applyQueueDrained(timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while ((await messagesOn(applyQueue.name)) > 0) {
    if (Date.now() - started > timeoutMs) throw new Error(`the apply queue still holds messages after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(await messagesOn(deadLetterQueueName(applyQueue))).toBe(0);
}

/** Whether the worker was handed this message and acknowledged it. */
const workerAcknowledged = (messageId: string) =>
  batches.some((b) => b.messageIds.includes(messageId)) && !batches.some((b) => b.failedIds.includes(messageId));

/** The body POST /applications sends for a row, sent again by hand. */
const applyMessage = (applicationId: number) => encodeMessage('apply', { applicationId });

describe('the same application delivered more than once', () => {
  let token: string;
  let profileId: number;
  beforeAll(async () => {
    ({ token } = await registerApplicant(api, applicant.fullName));
    profileId = await createApplicantProfile(api, token, applicant);
  });

  it('a message for an application already applied submits nothing more and leaves the row as it was', async () => {
    const created = await api.post('/applications', { jobId: await addJob(token, GREENHOUSE_JOB), profileId, dryRun: false }, token);
    expect(created.status, created.text).toBe(202);
    const id: number = created.body.id;
    const applied = await applicationSettled(api, id, token);
    expect(applied, applied.errorMessage ?? '').toMatchObject({ status: 'applied', attemptCount: 1, errorMessage: null });
    await applyQueueDrained();
    expect(submissionsTo(GREENHOUSE_POST)).toBe(1);

    const resent = await sqs.send(new SendMessageCommand({ QueueUrl: runtime.env.APPLY_QUEUE_URL, MessageBody: applyMessage(id) }));
    await applyQueueDrained();
    expect(workerAcknowledged(resent.MessageId!)).toBe(true);

    expect(submissionsTo(GREENHOUSE_POST)).toBe(1);
    const after = await api.get<Application>(`/applications/${id}`, token);
    expect(after.body).toEqual(applied);
  });

  it('two identical messages sent at once, before any run, submit the form once', async () => {
    // A pending row with no message sent yet (as auto-apply leaves it), then its message twice in one request.
    const { id: userId } = await runtime.db.one<{ id: number }>(`select user_id as id from user_profiles where id = :id`, { id: profileId });
    const { id } = await runtime.db.one<{ id: number }>(
      `insert into job_applications (user_id, job_id, profile_id, status, dry_run) values (:user_id, :job_id, :profile_id, 'pending', false) returning id`,
      { user_id: userId, job_id: await addJob(token, LEVER_POSTING), profile_id: profileId },
    );
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: runtime.env.APPLY_QUEUE_URL,
        Entries: [
          { Id: 'first', MessageBody: applyMessage(id) },
          { Id: 'second', MessageBody: applyMessage(id) },
        ],
      }),
    );
    expect(sent.Successful).toHaveLength(2);

    const applied = await applicationSettled(api, id, token);
    await applyQueueDrained();
    expect(sent.Successful!.map((m) => workerAcknowledged(m.MessageId!))).toEqual([true, true]);
    expect(applied, applied.errorMessage ?? '').toMatchObject({ status: 'applied', attemptCount: 1, errorMessage: null });
    expect(submissionsTo(`${LEVER_POSTING}/apply`)).toBe(1);
    expect((await api.get<Application>(`/applications/${id}`, token)).body).toEqual(applied);
  });
});

describe('auto-apply within the daily limit', () => {
  const DAILY_LIMIT = 2;
  const spec = schedules.find((s) => s.name === 'auto-apply')!;
  /** The schedule's handler, run as EventBridge would run it (with this runtime's environment). */
  const fireAutoApply = async () => (await loadHandler(spec.fn))(scheduledEvent(spec), lambdaContext(spec.fn)) as Promise<{ created: number; unsent: number[] }>;

  beforeAll(async () => {
    // One more matching job than the limit allows; every one a real form (the query string makes each posting its own job).
    const { token } = await registerApplicant(api, 'Job Poster', 'poster');
    for (const n of [1, 2, 3]) await addJob(token, `${GREENHOUSE_JOB}?gh_jid=90${n}`, `Zephyr Robotics Engineer ${n}`);
  });

  /** A new account whose profile turns auto-apply on for the Zephyr jobs in London. */
  async function autoApplicant(dryRun: boolean) {
    const account = await registerApplicant(api, applicant.fullName, dryRun ? 'dry' : 'auto');
    const profileId = await createApplicantProfile(api, account.token, applicant, {
      jobPreferences: { keywords: ['Zephyr'], locations: ['London'], autoApply: { enabled: true, dryRun, dailyLimit: DAILY_LIMIT } },
    });
    return { ...account, profileId };
  }

  const listApplications = async (token: string) => {
    const reply = await api.get<{ items: Application[] }>('/applications?limit=100', token);
    expect(reply.status, reply.text).toBe(200);
    return reply.body.items;
  };

  it('fired twice at once and once more, it creates exactly the daily limit, and the worker submits exactly those', async () => {
    const { token, profileId } = await autoApplicant(false);
    const before = submissionsTo(GREENHOUSE_POST);

    const results = await Promise.all([fireAutoApply(), fireAutoApply()]);
    expect(results.reduce((n, r) => n + r.created, 0)).toBe(DAILY_LIMIT);
    expect(results.flatMap((r) => r.unsent)).toEqual([]);

    const created = await listApplications(token);
    expect(created).toHaveLength(DAILY_LIMIT);
    const settled = await Promise.all(created.map((a) => applicationSettled(api, a.id, token)));
    for (const a of settled) {
      expect(a, a.errorMessage ?? '').toMatchObject({ status: 'applied', dryRun: false, profileId, attemptCount: 1, errorMessage: null });
      expect(a.job!.title).toMatch(/^Zephyr Robotics Engineer/);
      expect(a.createdAt.slice(0, 10)).toBe(new Date().toISOString().slice(0, 10));
    }
    expect(new Set(settled.map((a) => a.jobId)).size).toBe(DAILY_LIMIT);
    await applyQueueDrained();
    expect(submissionsTo(GREENHOUSE_POST) - before).toBe(DAILY_LIMIT);

    // The limit counts the day's applications, finished ones too: the third job waits for tomorrow.
    expect((await fireAutoApply()).created).toBe(0);
    expect(await listApplications(token)).toHaveLength(DAILY_LIMIT);
    await applyQueueDrained();
    expect(submissionsTo(GREENHOUSE_POST) - before).toBe(DAILY_LIMIT);
  });

  it('with dry run in the preferences it fills the forms, takes their screenshots and submits nothing', async () => {
    const { token } = await autoApplicant(true);
    const before = forms.submissions().length;

    // The first applicant's day is full: only this one's applications are created.
    expect((await fireAutoApply()).created).toBe(DAILY_LIMIT);
    const created = await listApplications(token);
    expect(created).toHaveLength(DAILY_LIMIT);
    for (const { id } of created) {
      const filled = await applicationSettled(api, id, token);
      expect(filled, filled.errorMessage ?? '').toMatchObject({ status: 'filled', dryRun: true, appliedAt: null, errorMessage: null });
      expect(filled.attempts[0]!.log!.screenshots.map((s) => s.url)).toEqual([`/applications/${id}/attempts/1/screenshots/filled.png`]);
      const image = await fetch(runtime.baseUrl + filled.attempts[0]!.log!.screenshots[0]!.url, { headers: { authorization: `Bearer ${token}` } });
      expect(image.headers.get('content-type')).toBe('image/png');
    }
    await applyQueueDrained();
    expect(forms.submissions().length).toBe(before);
  });
});
