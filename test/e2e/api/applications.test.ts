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
async function applierSets(id: number, status: string, extra: { error?: string; log?: unknown } = {}) {
  await runtime.db.execute(
    `update job_applications set status = cast(:status as application_status), error_message = :error, automation_log = :log where id = :id`,
    { id, status, error: extra.error ?? null, log: extra.log === undefined ? null : json(extra.log) },
  );
}

describe('applications', () => {
  it('creates a pending application and puts one message naming it on the apply queue', async () => {
    const [jobId] = await storeJobs(runtime.db, [job()]);
    const application = await apply(jobId!);
    expect(application).toMatchObject({ status: 'pending', dryRun: false, jobId, profileId, attempts: 0, job: { title: expect.any(String) } });
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

  it('reads the automation log with links that serve its screenshots to the owner only', async () => {
    const [jobId] = await storeJobs(runtime.db, [job()]);
    const application = await apply(jobId!, true);
    const key = `applications/${application.id}/filled.png`;
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    await folderArtifactStore(runtime.artifactsDir).put(key, { bytes: png, contentType: 'image/png' });
    await applierSets(application.id, 'filled', {
      log: {
        adapter: 'greenhouse',
        url: 'https://boards.greenhouse.io/acme/jobs/1',
        dryRun: true,
        startedAt: '2026-11-25T10:00:00.000Z',
        durationMs: 5400,
        steps: [{ atMs: 0, kind: 'open', message: 'opened the form' }, { atMs: 5000, kind: 'screenshot', message: 'filled', screenshot: key }],
        missingAnswers: [],
        screenshots: [{ key, label: 'Filled, before submit' }],
      },
    });
    const read = await api.get(`/applications/${application.id}`, user.token);
    expect(read.status).toBe(200);
    expect(read.body.status).toBe('filled');
    expect(read.body.automationLog.steps).toHaveLength(2);
    const url = read.body.automationLog.screenshots[0].url;
    expect(url).toBe(`/applications/${application.id}/screenshots/filled.png`);
    const image = await fetch(runtime.baseUrl + url, { headers: { authorization: `Bearer ${user.token}` } });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(png);
    const stranger = await newUser(api);
    expectProblem(await api.get(url, stranger.token), 404);
    expectProblem(await api.get(`/applications/${application.id}`, stranger.token), 404);
    expectProblem(await api.get(`/applications/${application.id}/screenshots/other.png`, user.token), 404);
    expectProblem(await api.get(`/applications/${application.id}/screenshots/..%2F..%2Fsecret`, user.token), 400);
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

  it('withdraws a pending application; one the applier has started stays', async () => {
    const [a, b] = await storeJobs(runtime.db, [job(), job()]);
    const pending = await apply(a!);
    const started = await apply(b!);
    await applierSets(started.id, 'in_progress');
    expectProblem(await api.delete(`/applications/${started.id}`, user.token), 409, 'invalid-transition');
    expectProblem(await api.delete(`/applications/${pending.id}`, (await newUser(api)).token), 404);
    expect((await api.delete(`/applications/${pending.id}`, user.token)).status).toBe(204);
    expectProblem(await api.get(`/applications/${pending.id}`, user.token), 404);
    // Withdrawn, the job can be applied to again.
    expect((await api.post('/applications', { jobId: a, profileId }, user.token)).status).toBe(202);
  });
});
