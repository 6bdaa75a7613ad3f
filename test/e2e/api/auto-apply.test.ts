/**
 * What auto-apply did, read over HTTP (GET /profiles/{id}/auto-apply): the schedule's handler is fired
 * as EventBridge fires it, and each run says, per profile, what it queued or why it queued nothing.
 * A deleted application keeps its job out of later runs, so an unconfirmed one is never sent again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext, loadHandler } from '../../../infra/local/lambda';
import { scheduledEvent } from '../../../infra/local/scheduler';
import type { AutoApplyStatus } from '../../../shared/applications/auto-apply-schema';
import { json } from '../../../shared/data/values';
import { schedules } from '../../../shared/tables/schedules';
import { startTestRuntime, type TestRuntime } from '../../support/runtime';
import { Api, expectProblem, newUser, uploadResume, type User } from './client';
import { drainQueue, job, storeJobs } from './fixtures';

let runtime: TestRuntime;
let api: Api;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = new Api(runtime.baseUrl);
});
afterAll(() => runtime?.stop());

const spec = schedules.find((s) => s.name === 'auto-apply')!;
type RunResult = { created: number; outcomes: Record<string, number> };
const fireAutoApply = async () => (await loadHandler(spec.fn))(scheduledEvent(spec), lambdaContext(spec.fn)) as Promise<RunResult>;

let topic = 0;
/** Jobs about a word no other test uses, so that a profile's keyword picks exactly these. */
async function jobsAbout(count: number) {
  const word = `Topic${process.pid}x${++topic}`.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!);
  const ids = await storeJobs(runtime.db, Array.from({ length: count }, (_, i) => job({ title: `${word} Engineer ${i}`, requirements: null })));
  return { word, ids };
}

async function autoApplyProfile(user: User, word: string, autoApply: Record<string, unknown>): Promise<number> {
  const reply = await api.post('/profiles', { resumeUrl: await uploadResume(api, user.token), jobPreferences: { keywords: [word], autoApply } }, user.token);
  expect(reply.status, reply.text).toBe(201);
  return reply.body.id;
}

async function statusOf(user: User, profileId: number): Promise<AutoApplyStatus> {
  const reply = await api.get<AutoApplyStatus>(`/profiles/${profileId}/auto-apply`, user.token);
  expect(reply.status, reply.text).toBe(200);
  return reply.body;
}

describe('GET /profiles/{id}/auto-apply', () => {
  it('says what each run queued, then that the daily limit stopped it', async () => {
    const { word, ids } = await jobsAbout(3);
    const user = await newUser(api);
    const profileId = await autoApplyProfile(user, word, { enabled: true, dryRun: true, dailyLimit: 2 });
    expect(await statusOf(user, profileId)).toEqual({
      profileId,
      enabled: true,
      settings: { enabled: true, dryRun: true, dailyLimit: 2 },
      appliedToday: 0,
      schedule: 'rate(1 hour)',
      runs: [],
    });

    expect((await fireAutoApply()).outcomes.created).toBeGreaterThanOrEqual(1);
    await fireAutoApply();
    const status = await statusOf(user, profileId);
    expect(status.appliedToday).toBe(2);
    const [second, first] = status.runs;
    expect(status.runs).toHaveLength(2);
    expect(first).toMatchObject({ outcome: 'created', created: 2, dailyLimit: 2, dryRun: true, appliedToday: 0, message: 'Queued 2 dry-run applications' });
    const listed = await api.get('/applications?limit=10', user.token);
    expect([...first!.applicationIds].sort()).toEqual(listed.body.items.map((a: { id: number }) => a.id).sort());
    expect(listed.body.items.every((a: { jobId: number }) => ids.includes(a.jobId))).toBe(true);
    expect(second).toMatchObject({ outcome: 'daily_limit_reached', created: 0, applicationIds: [], dailyLimit: 2, appliedToday: 2 });
    expect(second!.message).toMatch(/daily limit of 2 was reached \(2 applications already made that UTC day/);
    expect(Date.parse(second!.ranAt)).toBeGreaterThanOrEqual(Date.parse(first!.ranAt));
    await drainQueue(runtime, 'apply');
  });

  it('says that no job matched, and that fewer matched than the limit had room for', async () => {
    const { word } = await jobsAbout(1);
    const user = await newUser(api);
    const none = await autoApplyProfile(user, 'NoSuchTechnologyAnywhere', { enabled: true, dryRun: true, dailyLimit: 5 });
    const one = await autoApplyProfile(user, word, { enabled: true, dryRun: false, dailyLimit: 5 });
    await fireAutoApply();
    // The two profiles share the user's one daily limit; each says what it did.
    const [noneRun] = (await statusOf(user, none)).runs;
    const [oneRun] = (await statusOf(user, one)).runs;
    expect(noneRun).toMatchObject({ outcome: 'no_matching_job', created: 0, dailyLimit: 5 });
    expect(noneRun!.message).toMatch(/no active job matches the profile's preferences/);
    expect(oneRun).toMatchObject({ outcome: 'created', created: 1, dryRun: false });
    expect(oneRun!.message).toMatch(/^Queued 1 application; no other job matched/);
    await drainQueue(runtime, 'apply');
  });

  it('says when the stored settings are not valid', async () => {
    const user = await newUser(api);
    const profileId = await autoApplyProfile(user, 'anything', { enabled: true, dryRun: true, dailyLimit: 5 });
    // Written before a rule existed: the API would refuse it today.
    await runtime.db.execute(`update user_profiles set job_preferences = :prefs where id = :id`, {
      id: profileId,
      prefs: json({ keywords: ['anything'], autoApply: { enabled: true, dailyLimit: 'lots' } }),
    });
    await fireAutoApply();
    const status = await statusOf(user, profileId);
    expect(status).toMatchObject({ enabled: false, settings: null });
    expect(status.runs).toEqual([expect.objectContaining({ outcome: 'invalid_settings', created: 0, dailyLimit: null })]);
    expect(status.runs[0]!.message).toMatch(/jobPreferences.autoApply is not valid/);
  });

  it('says once that auto-apply was turned off, and nothing for a profile that never had it on', async () => {
    const { word } = await jobsAbout(1);
    const user = await newUser(api);
    const profileId = await autoApplyProfile(user, word, { enabled: true, dryRun: true, dailyLimit: 1 });
    await fireAutoApply();
    const off = await api.patch(`/profiles/${profileId}`, { jobPreferences: { keywords: [word], autoApply: { enabled: false, dryRun: true, dailyLimit: 1 } } }, user.token);
    expect(off.status, off.text).toBe(200);
    await fireAutoApply();
    await fireAutoApply();
    const status = await statusOf(user, profileId);
    expect(status.enabled).toBe(false);
    expect(status.runs.map((r) => r.outcome)).toEqual(['turned_off', 'created']);
    expect(status.runs[0]!.message).toMatch(/^Auto-apply is off for this profile/);

    const never = await api.post('/profiles', { skills: ['TypeScript'] }, user.token);
    expect(await statusOf(user, never.body.id)).toMatchObject({ enabled: false, settings: { enabled: false }, runs: [] });
    await drainQueue(runtime, 'apply');
  });

  it("answers 404 for another user's profile and 400 for a malformed id", async () => {
    const owner = await newUser(api);
    const profileId = await autoApplyProfile(owner, 'x', { enabled: false, dryRun: true, dailyLimit: 1 });
    expectProblem(await api.get(`/profiles/${profileId}/auto-apply`, (await newUser(api)).token), 404);
    expectProblem(await api.get(`/profiles/${profileId}/auto-apply`), 401);
    expectProblem(await api.get('/profiles/abc/auto-apply', owner.token), 400);
  });
});

describe('a deleted application and auto-apply', () => {
  it('never picks the job of a deleted unconfirmed application again; the user may still apply by hand', async () => {
    const { word, ids } = await jobsAbout(1);
    const user = await newUser(api);
    const profileId = await autoApplyProfile(user, word, { enabled: false, dryRun: false, dailyLimit: 5 });
    const made = await api.post('/applications', { jobId: ids[0], profileId }, user.token);
    expect(made.status, made.text).toBe(202);
    // The form went out but the page confirmed nothing.
    await runtime.db.execute(`update job_applications set status = 'unconfirmed', attempts = 1 where id = :id`, { id: made.body.id });
    expect((await api.delete(`/applications/${made.body.id}`, user.token)).status).toBe(204);

    const on = await api.patch(`/profiles/${profileId}`, { jobPreferences: { keywords: [word], autoApply: { enabled: true, dryRun: false, dailyLimit: 5 } } }, user.token);
    expect(on.status, on.text).toBe(200);
    await fireAutoApply();
    expect((await api.get('/applications', user.token)).body.items).toEqual([]);
    expect((await statusOf(user, profileId)).runs[0]).toMatchObject({ outcome: 'no_matching_job', created: 0 });
    const recommended = await api.get(`/jobs/recommended?profileId=${profileId}`, user.token);
    expect(recommended.body.items.map((j: { id: number }) => j.id)).not.toContain(ids[0]);

    expect((await api.post('/applications', { jobId: ids[0], profileId }, user.token)).status).toBe(202);
    await drainQueue(runtime, 'apply');
  });
});
