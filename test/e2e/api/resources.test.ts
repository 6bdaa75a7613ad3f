import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../support/runtime';
import { Api, expectProblem, newUser, uploadResume, type User } from './client';
import { drainQueue, job, storeJobs } from './fixtures';

let runtime: TestRuntime;
let api: Api;
let user: User;
let stranger: User;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = new Api(runtime.baseUrl);
  [user, stranger] = await Promise.all([newUser(api), newUser(api, 'stranger')]);
});
afterAll(() => runtime?.stop());

const fullProfile = {
  coverLetterTemplate: 'Dear {company}, ...',
  skills: ['TypeScript', 'PostgreSQL'],
  experienceYears: 7,
  linkedinUrl: 'https://www.linkedin.com/in/ada',
  githubUrl: 'https://github.com/ada',
  portfolioUrl: 'https://ada.example.com',
  phone: '+49 30 1234567',
  location: 'Berlin',
  jobPreferences: {
    keywords: ['backend'],
    titles: ['Backend Engineer'],
    locations: ['Berlin', 'Remote'],
    remote: true,
    salaryMin: 80_000,
    jobTypes: ['full-time'],
    sources: ['linkedin', 'indeed'],
    excludedCompanies: ['Evil Corp'],
    autoApply: { enabled: true, dryRun: true, dailyLimit: 5 },
  },
  answers: { workAuthorization: 'EU citizen', requiresSponsorship: false, noticePeriod: '1 month', custom: [{ question: 'Why us?', answer: 'Because.' }] },
};

describe('profiles', () => {
  it('creates, lists, reads, replaces, patches and deletes, with defaults filled in', async () => {
    const created = await api.post('/profiles', { ...fullProfile, resumeUrl: await uploadResume(api, user.token) }, user.token);
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ ...fullProfile, jobPreferences: { ...fullProfile.jobPreferences, crawlIntervalHours: 24 } });
    expect(created.body.resumeUrl).toMatch(new RegExp(`^s3://uploads/resumes/${user.id}/`));
    const id = created.body.id;
    const second = await api.post('/profiles', {}, user.token);
    expect(second.body).toMatchObject({ skills: [], jobPreferences: { autoApply: { enabled: false, dryRun: true } }, answers: { custom: [] } });

    const list = await api.get('/profiles?limit=1', user.token);
    expect(list.body.items.map((p: { id: number }) => p.id)).toEqual([second.body.id]);
    const next = await api.get(`/profiles?limit=1&cursor=${list.body.nextCursor}`, user.token);
    expect(next.body).toMatchObject({ items: [{ id }], nextCursor: null });

    const patched = await api.patch(`/profiles/${id}`, { phone: '+1 (555) 010-9999', skills: ['Go'] }, user.token);
    expect(patched.body).toMatchObject({ phone: '+1 (555) 010-9999', skills: ['Go'], githubUrl: fullProfile.githubUrl });
    const replaced = await api.put(`/profiles/${id}`, { location: 'Lisbon' }, user.token);
    expect(replaced.body).toMatchObject({ location: 'Lisbon', githubUrl: null, skills: [], phone: null });
    expect((await api.get(`/profiles/${id}`, user.token)).body.location).toBe('Lisbon');
    expect((await api.delete(`/profiles/${id}`, user.token)).status).toBe(204);
    expectProblem(await api.get(`/profiles/${id}`, user.token), 404);
  });

  it('refuses bad URLs, phones, years and preferences with a 400 naming each field, and stores nothing', async () => {
    const before = await api.get('/profiles?limit=100', user.token);
    const reply = await api.post(
      '/profiles',
      {
        linkedinUrl: 'javascript:alert(1)',
        githubUrl: 'not a url',
        phone: 'call me maybe',
        experienceYears: 200,
        skills: 'TypeScript',
        jobPreferences: { salaryMin: -5, jobTypes: ['forever'], remote: 'yes', autoApply: { dailyLimit: 0 }, colour: 'blue' },
      },
      user.token,
    );
    expectProblem(reply, 400, 'validation-failed');
    expect(reply.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '#/experienceYears',
      '#/githubUrl',
      '#/jobPreferences/autoApply/dailyLimit',
      '#/jobPreferences/colour',
      '#/jobPreferences/jobTypes/0',
      '#/jobPreferences/remote',
      '#/jobPreferences/salaryMin',
      '#/linkedinUrl',
      '#/phone',
      '#/skills',
    ]);
    expect((await api.get('/profiles?limit=100', user.token)).body.items).toHaveLength(before.body.items.length);
    expectProblem(await api.patch(`/profiles/${before.body.items[0]?.id ?? 1}`, {}, user.token), 400);
  });
});

describe('saved jobs', () => {
  it('saves with notes, refuses a second save with 409, lists, edits notes and removes', async () => {
    const [a, b] = await storeJobs(runtime.db, [job({ title: 'Saved One' }), job({ title: 'Saved Two' })]);
    const saved = await api.post('/saved-jobs', { jobId: a, notes: 'apply before Friday' }, user.token);
    expect(saved.status, saved.text).toBe(201);
    expect(saved.body).toMatchObject({ jobId: a, notes: 'apply before Friday', job: { id: a, title: 'Saved One' } });
    expectProblem(await api.post('/saved-jobs', { jobId: a }, user.token), 409, 'already-saved');
    expectProblem(await api.post('/saved-jobs', { jobId: 999999999 }, user.token), 404);
    await api.post('/saved-jobs', { jobId: b }, user.token);
    const list = await api.get('/saved-jobs?limit=1', user.token);
    expect(list.body.items[0].jobId).toBe(b);
    const rest = await api.get(`/saved-jobs?cursor=${list.body.nextCursor}`, user.token);
    expect(rest.body.items.map((s: { jobId: number }) => s.jobId)).toEqual([a]);
    const edited = await api.patch(`/saved-jobs/${saved.body.id}`, { notes: null }, user.token);
    expect(edited.body.notes).toBeNull();
    expect((await api.delete(`/saved-jobs/${saved.body.id}`, user.token)).status).toBe(204);
    expectProblem(await api.delete(`/saved-jobs/${saved.body.id}`, user.token), 404);
    // Someone else may save the same job.
    expect((await api.post('/saved-jobs', { jobId: b }, stranger.token)).status).toBe(201);
  });
});

describe('crawls', () => {
  it('queues a crawl with a message on the crawl queue, and lists and reads it', async () => {
    await drainQueue(runtime, 'crawl');
    const started = await api.post('/crawls', { searchQuery: 'typescript', location: 'Berlin', source: 'linkedin' }, user.token);
    expect(started.status, started.text).toBe(202);
    expect(started.body).toMatchObject({ status: 'queued', jobsFound: 0, source: 'linkedin', target: null, errorMessage: null });
    const board = await api.post('/crawls', { searchQuery: 'all', source: 'custom', target: { kind: 'greenhouse', board: 'acme' } }, user.token);
    expect(board.status, board.text).toBe(202);
    expect(await drainQueue(runtime, 'crawl')).toEqual([{ crawlId: started.body.id }, { crawlId: board.body.id }]);
    expect((await api.get(`/crawls/${started.body.id}`, user.token)).body).toMatchObject({ id: started.body.id, searchQuery: 'typescript' });
    const listed = await api.get('/crawls?status=queued', user.token);
    expect(listed.body.items.map((c: { id: number }) => c.id)).toEqual([board.body.id, started.body.id]);
    expect((await api.get('/crawls?status=failed', user.token)).body.items).toEqual([]);
  });

  it('refuses a custom crawl without a target, a board crawl with one, and a profile not yours', async () => {
    const noTarget = await api.post('/crawls', { searchQuery: 'x', source: 'custom' }, user.token);
    expectProblem(noTarget, 400);
    expect(noTarget.body.errors[0].pointer).toBe('#/target');
    expectProblem(await api.post('/crawls', { searchQuery: 'x', source: 'indeed', target: { kind: 'lever', site: 'acme' } }, user.token), 400);
    expectProblem(await api.post('/crawls', { searchQuery: 'x', source: 'custom', target: { kind: 'site', url: 'ftp://x' } }, user.token), 400);
    const theirs = await api.post('/profiles', {}, stranger.token);
    expectProblem(await api.post('/crawls', { searchQuery: 'x', source: 'indeed', profileId: theirs.body.id }, user.token), 404);
  });

  it("refuses a target that names the company: a crawl's jobs are every user's, and only the board says whose they are", async () => {
    for (const target of [
      { kind: 'lever', site: 'acme', companyName: 'Evil Corp' },
      { kind: 'ashby', board: 'acme', companyName: 'Evil Corp' },
      { kind: 'personio', board: 'acme', companyName: 'Evil Corp' },
    ]) {
      const refused = await api.post('/crawls', { searchQuery: '*', source: 'custom', target }, user.token);
      expectProblem(refused, 400);
      expect(refused.body.errors, target.kind).toEqual([expect.objectContaining({ pointer: '#/target/companyName', code: 'unrecognized_key', detail: 'is not a known field' })]);
    }
  });
});

describe('stats', () => {
  it('counts applications by status live, reads the refreshed totals, and exports CSV', async () => {
    const counter = await newUser(api, 'counter');
    const profile = await api.post('/profiles', {}, counter.token);
    const jobIds = await storeJobs(runtime.db, [job({ title: '=HYPERLINK("evil")' }), job({ title: 'Quote "this", please' }), job()]);
    const made = [];
    for (const jobId of jobIds) made.push((await api.post('/applications', { jobId, profileId: profile.body.id }, counter.token)).body);
    await runtime.db.execute(`update job_applications set status = 'applied' where id = :id`, { id: made[0].id });
    const counts = await api.get('/stats/applications', counter.token);
    expect(counts.body.total).toBe(3);
    expect(counts.body.byStatus).toMatchObject({ pending: 2, applied: 1, interview: 0, filled: 0, unconfirmed: 0 });

    const before = await api.get('/stats/summary', counter.token);
    expect(before.body).toMatchObject({ totalApplications: 0, appliedCount: 0 });
    await runtime.db.query('select refresh_user_application_stats() as at');
    const after = await api.get('/stats/summary', counter.token);
    expect(after.body).toMatchObject({ totalApplications: 3, appliedCount: 1, interviewCount: 0 });
    expect(Date.parse(after.body.refreshedAt)).toBeGreaterThanOrEqual(Date.parse(before.body.refreshedAt));

    const csv = await api.get('/stats/applications/export', counter.token);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,jobId,title,company,source,sourceUrl,status,dryRun,attempts,appliedAt,createdAt,updatedAt,errorMessage');
    expect(lines).toHaveLength(4);
    expect(csv.text).toContain(`"'=HYPERLINK(""evil"")"`);
    expect(csv.text).toContain('"Quote ""this"", please"');
    expect((await api.get('/stats/applications', stranger.token)).body.total).toBe(0);
  });
});

describe('ownership', () => {
  it("answers 404 for another user's profile, saved job, application and crawl, whatever the method", async () => {
    const profile = (await api.post('/profiles', {}, user.token)).body;
    const [jobId] = await storeJobs(runtime.db, [job()]);
    const saved = (await api.post('/saved-jobs', { jobId }, user.token)).body;
    const application = (await api.post('/applications', { jobId, profileId: profile.id }, user.token)).body;
    const crawl = (await api.post('/crawls', { searchQuery: 'q', source: 'monster' }, user.token)).body;
    const attempts = [
      api.get(`/profiles/${profile.id}`, stranger.token),
      api.patch(`/profiles/${profile.id}`, { location: 'Mine now' }, stranger.token),
      api.put(`/profiles/${profile.id}`, {}, stranger.token),
      api.delete(`/profiles/${profile.id}`, stranger.token),
      api.get(`/saved-jobs/${saved.id}`, stranger.token),
      api.patch(`/saved-jobs/${saved.id}`, { notes: 'x' }, stranger.token),
      api.delete(`/saved-jobs/${saved.id}`, stranger.token),
      api.get(`/applications/${application.id}`, stranger.token),
      api.patch(`/applications/${application.id}`, { status: 'applied' }, stranger.token),
      api.post(`/applications/${application.id}/retry`, undefined, stranger.token),
      api.delete(`/applications/${application.id}`, stranger.token),
      api.get(`/crawls/${crawl.id}`, stranger.token),
    ];
    for (const reply of await Promise.all(attempts)) expectProblem(reply, 404, 'not-found');
    const owned: [string, number][] = [['/profiles', profile.id], ['/saved-jobs', saved.id], ['/applications', application.id], ['/crawls', crawl.id]];
    for (const [path, id] of owned) {
      const theirs = await api.get(`${path}?limit=100`, stranger.token);
      expect(theirs.body.items.map((item: { id: number }) => item.id)).not.toContain(id);
    }
    // Still the owner's, unchanged.
    expect((await api.get(`/profiles/${profile.id}`, user.token)).body.location).toBeNull();
    expect((await api.get(`/applications/${application.id}`, user.token)).body.status).toBe('pending');
  });
});
