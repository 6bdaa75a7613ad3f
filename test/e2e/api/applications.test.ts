import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { folderArtifactStore } from '../../../shared/artifacts/store';
import { json } from '../../../shared/data/values';
import { startTestRuntime, type TestRuntime } from '../../support/runtime';
import { Api, expectProblem, newUser, uploadResume, type User } from './client';
import { drainQueue, job, storeJobs } from './fixtures';

let runtime: TestRuntime;
let api: Api;
let user: User;
let profileId: number;
/** The resume the profile kept. */
let resumeUrl: string;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = new Api(runtime.baseUrl);
  user = await newUser(api);
  ({ id: profileId, resumeUrl } = (await api.post('/profiles', { resumeUrl: await uploadResume(api, user.token) }, user.token)).body);
});
afterAll(() => runtime?.stop());
beforeEach(async () => {
  await drainQueue(runtime, 'apply');
});

async function apply(jobId: number, dryRun = false) {
  const reply = await api.post('/applications', { jobId, profileId, dryRun }, user.token);
  expect(reply.status, reply.text).toBe(202);
  return reply.body as { id: number; status: string; dryRun: boolean };
}

/** What the applier would write; the applier itself is another part's. */
async function applierSets(id: number, status: string, extra: { error?: string } = {}) {
  await runtime.db.execute(`update job_applications set status = cast(:status as application_status), error_message = :error where id = :id`, {
    id,
    status,
    error: extra.error ?? null,
  });
}

const png = (n: number) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, n, n, n]);

/** An attempt as the worker records it, with its log and the screenshots it stored under its own keys. */
async function attemptRecorded(id: number, attempt: number, status: string, shots: Record<string, Uint8Array>, reason: string | null = null) {
  const screenshots = [];
  for (const [name, bytes] of Object.entries(shots)) {
    const key = `applications/${id}/attempts/${attempt}/${name}.png`;
    await folderArtifactStore(runtime.artifactsDir).put(key, { bytes, contentType: 'image/png' });
    screenshots.push({ key, label: `${name} of attempt ${attempt}` });
  }
  const log = {
    adapter: 'greenhouse',
    url: 'https://boards.greenhouse.io/acme/jobs/1',
    dryRun: status === 'filled',
    startedAt: '2026-11-25T10:00:00.000Z',
    durationMs: 5400,
    steps: [{ atMs: 0, kind: 'open', message: 'opened the form' }, ...screenshots.map((s, i) => ({ atMs: 5000 + i, kind: 'screenshot', message: s.label, screenshot: s.key }))],
    missingAnswers: [],
    screenshots,
  };
  await runtime.db.execute(
    `insert into application_attempts (application_id, attempt, status, reason, log) values (:id, :attempt, cast(:status as application_status), :reason, :log)`,
    { id, attempt, status, reason, log: json(log) },
  );
  await runtime.db.execute(
    `update job_applications set attempts = :attempt, status = cast(:status as application_status), error_message = :reason where id = :id`,
    { id, attempt, status, reason },
  );
}

async function image(url: string, token = user.token) {
  const reply = await fetch(runtime.baseUrl + url, { headers: { authorization: `Bearer ${token}` } });
  expect(reply.status, url).toBe(200);
  expect(reply.headers.get('content-type')).toBe('image/png');
  return new Uint8Array(await reply.arrayBuffer());
}

describe('applications', () => {
  it('creates a pending application and puts one message naming it on the apply queue', async () => {
    const [jobId] = await storeJobs(runtime.db, [job()]);
    const application = await apply(jobId!);
    expect(application).toMatchObject({ status: 'pending', dryRun: false, jobId, profileId, attemptCount: 0, attempts: [], job: { title: expect.any(String) } });
    expect(await drainQueue(runtime, 'apply')).toEqual([{ applicationId: application.id }]);
    const row = await runtime.db.one<{ enqueued_at: string | null; resume_used: string }>(
      'select enqueued_at, resume_used from job_applications where id = :id',
      { id: application.id },
    );
    expect(row.enqueued_at).not.toBeNull();
    expect(row.resume_used).toBe(resumeUrl);
  });

  it('refuses a second application to the same job, an unknown or inactive job, and a profile that is not yours', async () => {
    const [jobId, expired] = await storeJobs(runtime.db, [job(), job({ expiresDate: new Date('2020-01-01T00:00:00Z') })]);
    await apply(jobId!);
    expectProblem(await api.post('/applications', { jobId, profileId }, user.token), 409, 'already-applied');
    expectProblem(await api.post('/applications', { jobId: 987654321, profileId }, user.token), 404);
    expectProblem(await api.post('/applications', { jobId: expired, profileId }, user.token), 409, 'conflict');
    const other = await newUser(api);
    const [another] = await storeJobs(runtime.db, [job()]);
    expectProblem(await api.post('/applications', { jobId: another, profileId }, other.token), 404);
    expectProblem(await api.post('/applications', { jobId: 'x', profileId, extra: true }, user.token), 400, 'validation-failed');
    expect(await drainQueue(runtime, 'apply')).toHaveLength(1);
  });

  it('lists by status, newest first, paged', async () => {
    const jobIds = await storeJobs(runtime.db, [job(), job(), job()]);
    const made = [];
    for (const id of jobIds) made.push(await apply(id));
    await applierSets(made[0]!.id, 'failed', { error: 'the form asked for a visa status the profile does not give' });
    const failed = await api.get('/applications?status=failed', user.token);
    expect(failed.body.items.map((a: { id: number }) => a.id)).toEqual([made[0]!.id]);
    expect(failed.body.items[0].errorMessage).toMatch(/visa/);
    const firstPage = await api.get('/applications?limit=2&status=pending,failed', user.token);
    expect(firstPage.body.items).toHaveLength(2);
    const rest = await api.get(`/applications?limit=100&status=pending,failed&cursor=${firstPage.body.nextCursor}`, user.token);
    const all = [...firstPage.body.items, ...rest.body.items].map((a: { id: number }) => a.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(expect.arrayContaining(made.map((a) => a.id)));
    expectProblem(await api.get('/applications?status=sent', user.token), 400);
  });

  it('keeps every attempt, newest first, each with its log and its own screenshots, served to the owner only', async () => {
    const [jobId] = await storeJobs(runtime.db, [job()]);
    const application = await apply(jobId!, true);
    await attemptRecorded(application.id, 1, 'filled', { filled: png(1) });
    await attemptRecorded(application.id, 2, 'failed', { filled: png(2), outcome: png(3) }, 'the form did not load');

    const read = await api.get(`/applications/${application.id}`, user.token);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ status: 'failed', attemptCount: 2, errorMessage: 'the form did not load' });
    const attempts = read.body.attempts as { attempt: number; status: string; reason: string | null; log: { steps: unknown[]; screenshots: { url: string }[] } }[];
    expect(attempts.map((a) => [a.attempt, a.status, a.reason])).toEqual([[2, 'failed', 'the form did not load'], [1, 'filled', null]]);
    expect(attempts[0]!.log.steps).toHaveLength(3);
    const base = `/applications/${application.id}`;
    expect(attempts.map((a) => a.log.screenshots.map((s) => s.url))).toEqual([
      [`${base}/attempts/2/screenshots/filled.png`, `${base}/attempts/2/screenshots/outcome.png`],
      [`${base}/attempts/1/screenshots/filled.png`],
    ]);
    // The retry's filled.png did not replace the first attempt's.
    expect(await image(`${base}/attempts/1/screenshots/filled.png`)).toEqual(png(1));
    expect(await image(`${base}/attempts/2/screenshots/filled.png`)).toEqual(png(2));
    expect(await image(`${base}/attempts/2/screenshots/outcome.png`)).toEqual(png(3));
    // By name alone: the newest attempt's.
    expect(await image(`${base}/screenshots/filled.png`)).toEqual(png(2));

    const stranger = await newUser(api);
    expectProblem(await api.get(`${base}/attempts/1/screenshots/filled.png`, stranger.token), 404);
    expectProblem(await api.get(`${base}/screenshots/filled.png`, stranger.token), 404);
    expectProblem(await api.get(base, stranger.token), 404);
    expectProblem(await api.get(`${base}/attempts/1/screenshots/outcome.png`, user.token), 404);
    expectProblem(await api.get(`${base}/attempts/3/screenshots/filled.png`, user.token), 404);
    expectProblem(await api.get(`${base}/screenshots/other.png`, user.token), 404);
    expectProblem(await api.get(`${base}/attempts/0/screenshots/filled.png`, user.token), 400);
    expectProblem(await api.get(`${base}/screenshots/..%2F..%2Fsecret`, user.token), 400);
  });

  it('moves through the statuses a user sets, along allowed transitions only', async () => {
    const [jobId] = await storeJobs(runtime.db, [job()]);
    const application = await apply(jobId!);
    const path = `/applications/${application.id}`;
    const refused = await api.patch(path, { status: 'applied' }, user.token);
    expectProblem(refused, 409, 'invalid-transition');
    expect(refused.body.currentStatus).toBe('pending');
    await applierSets(application.id, 'unconfirmed');
    const applied = await api.patch(path, { status: 'applied' }, user.token);
    expect(applied.status).toBe(200);
    expect(applied.body.appliedAt).not.toBeNull();
    expect((await api.patch(path, { status: 'interview' }, user.token)).body.status).toBe('interview');
    expect((await api.patch(path, { status: 'accepted' }, user.token)).body.status).toBe('accepted');
    expectProblem(await api.patch(path, { status: 'rejected' }, user.token), 409, 'invalid-transition');
    expectProblem(await api.patch(path, { status: 'in_progress' }, user.token), 400, 'validation-failed');
    expectProblem(await api.patch(path, { status: 'applied' }, (await newUser(api)).token), 404);
  });

  it('retries a failed one as it was and a filled dry run for real, each with a new message', async () => {
    const [failedJob, dryJob] = await storeJobs(runtime.db, [job(), job()]);
    const failed = await apply(failedJob!);
    const dry = await apply(dryJob!, true);
    await drainQueue(runtime, 'apply');
    expectProblem(await api.post(`/applications/${failed.id}/retry`, undefined, user.token), 409, 'invalid-transition');
    await applierSets(failed.id, 'failed', { error: 'timeout' });
    await applierSets(dry.id, 'filled');
    const retried = await api.post(`/applications/${failed.id}/retry`, undefined, user.token);
    expect(retried.status, retried.text).toBe(202);
    expect(retried.body).toMatchObject({ status: 'pending', dryRun: false, errorMessage: null });
    const real = await api.post(`/applications/${dry.id}/retry`, undefined, user.token);
    expect(real.body).toMatchObject({ status: 'pending', dryRun: false });
    expect(await drainQueue(runtime, 'apply')).toEqual([{ applicationId: failed.id }, { applicationId: dry.id }]);
  });

  it('withdraws a pending application; one the applier is working on stays', async () => {
    const [a, b] = await storeJobs(runtime.db, [job(), job()]);
    const pending = await apply(a!);
    const started = await apply(b!);
    await applierSets(started.id, 'in_progress');
    const refused = await api.delete(`/applications/${started.id}`, user.token);
    expectProblem(refused, 409, 'invalid-transition');
    expect(refused.body).toMatchObject({ currentStatus: 'in_progress', detail: expect.stringMatching(/working on this application/) });
    expect((await api.get(`/applications/${started.id}`, user.token)).status).toBe(200);
    expectProblem(await api.delete(`/applications/${pending.id}`, (await newUser(api)).token), 404);
    expect((await api.delete(`/applications/${pending.id}`, user.token)).status).toBe(204);
    expectProblem(await api.get(`/applications/${pending.id}`, user.token), 404);
    expectProblem(await api.delete(`/applications/${pending.id}`, user.token), 404);
    // Withdrawn, the job can be applied to again by hand.
    expect((await api.post('/applications', { jobId: a, profileId }, user.token)).status).toBe(202);
  });

  it.each(['failed', 'unconfirmed', 'filled', 'applied', 'rejected'])('deletes a %s application with its attempts and their screenshots', async (status) => {
    const [jobId] = await storeJobs(runtime.db, [job()]);
    const application = await apply(jobId!);
    await attemptRecorded(application.id, 1, status === 'rejected' ? 'applied' : status, { outcome: png(7) });
    await applierSets(application.id, status);
    const shot = `/applications/${application.id}/attempts/1/screenshots/outcome.png`;
    expect(await image(shot)).toEqual(png(7));

    expect((await api.delete(`/applications/${application.id}`, user.token)).status).toBe(204);
    expectProblem(await api.get(`/applications/${application.id}`, user.token), 404);
    expectProblem(await api.get(shot, user.token), 404);
    expect(await folderArtifactStore(runtime.artifactsDir).get(`applications/${application.id}/attempts/1/outcome.png`)).toBeUndefined();
    expect(await runtime.db.one(`select count(*) as n from application_attempts where application_id = :id`, { id: application.id })).toEqual({ n: 0 });
    const listed = await api.get('/applications?limit=100', user.token);
    expect(listed.body.items.map((i: { id: number }) => i.id)).not.toContain(application.id);
  });
});
