import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../support/runtime';
import { Api, expectProblem, newUser, type Reply, type User } from './client';
import { job, storeJobs } from './fixtures';

let runtime: TestRuntime;
let api: Api;
let user: User;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = new Api(runtime.baseUrl);
  user = await newUser(api);
});
afterAll(() => runtime?.stop());

const ids = (reply: { body: { items: { id: number }[] } }) => reply.body.items.map((j) => j.id);

describe('job search', () => {
  let seeded: Record<string, number>;
  beforeAll(async () => {
    const [rust, designer, remote, contract, indeed, old, inactive] = await storeJobs(runtime.db, [
      job({ title: 'Senior Rust Developer', company: 'Ferrous Systems', location: 'Hamburg, Germany', salaryMin: 90_000, salaryMax: 120_000 }),
      job({ title: 'Product Designer', company: 'Pixel & Co', location: 'Paris, France', salaryMin: null, salaryMax: 60_000, jobType: 'part-time' }),
      job({ title: 'Platform Engineer', company: 'Cloudy', location: null, remote: true, salaryMin: null, salaryMax: null }),
      job({ title: 'Data Engineer', company: 'Numbers Ltd', location: 'London, UK', jobType: 'contract', salaryMin: 50_000, salaryMax: 55_000 }),
      job({ source: 'indeed', externalId: `indeed:${Date.now()}`, title: 'Backend Developer', company: 'Widgets 100%', location: 'Berlin, Germany' }),
      job({ title: 'Legacy COBOL Engineer', company: 'Old Bank', postedDate: new Date('2020-01-01T00:00:00Z') }),
      job({ title: 'Expired Rust role', company: 'Gone Inc', expiresDate: new Date('2020-01-01T00:00:00Z') }),
    ]);
    seeded = { rust: rust!, designer: designer!, remote: remote!, contract: contract!, indeed: indeed!, old: old!, inactive: inactive! };
  });

  it('matches keywords as full text over title, company and description, newest first, active only', async () => {
    expect(ids(await api.get('/jobs?q=rust', user.token))).toEqual([seeded.rust]);
    expect(ids(await api.get('/jobs?q=ferrous', user.token))).toEqual([seeded.rust]);
    expect(ids(await api.get('/jobs?q=' + encodeURIComponent('"product designer"'), user.token))).toEqual([seeded.designer]);
    expect(ids(await api.get('/jobs?q=' + encodeURIComponent('engineer -data -cobol -platform'), user.token))).not.toContain(seeded.contract);
    const all = ids(await api.get('/jobs?limit=100', user.token));
    expect(all).not.toContain(seeded.inactive);
    expect(all).toEqual([...all].sort((a, b) => b - a));
  });

  it('applies every filter', async () => {
    expect(ids(await api.get('/jobs?location=hamburg', user.token))).toEqual([seeded.rust]);
    expect(ids(await api.get('/jobs?remote=true', user.token))).toEqual([seeded.remote]);
    expect(ids(await api.get('/jobs?salaryMin=100000', user.token))).toEqual([seeded.rust]);
    expect(ids(await api.get('/jobs?jobType=contract,part-time', user.token))).toEqual([seeded.contract, seeded.designer]);
    expect(ids(await api.get('/jobs?source=indeed', user.token))).toEqual([seeded.indeed]);
    expect(ids(await api.get('/jobs?company=' + encodeURIComponent('100%'), user.token))).toEqual([seeded.indeed]);
    expect(ids(await api.get('/jobs?postedSince=2019-06-01&q=cobol', user.token))).toEqual([seeded.old]);
    expect(ids(await api.get('/jobs?postedSince=2026-01-01&q=cobol', user.token))).toEqual([]);
    expect(ids(await api.get('/jobs?location=berlin&remote=false&source=indeed,linkedin', user.token))).toContain(seeded.indeed);
  });

  it('refuses unknown or malformed parameters with per-parameter errors', async () => {
    const reply = await api.get('/jobs?remote=yes&salaryMin=-1&jobType=permanent&colour=blue&limit=1000', user.token);
    expectProblem(reply, 400, 'validation-failed');
    expect(reply.body.errors.map((e: { name: string }) => e.name).sort()).toEqual(['colour', 'jobType', 'limit', 'remote', 'salaryMin']);
    expectProblem(await api.get('/jobs?cursor=bogus', user.token), 400, 'invalid-cursor');
    expectProblem(await api.get('/jobs'), 401);
  });

  it('pages with a cursor that never skips or repeats a job while new jobs arrive', async () => {
    await storeJobs(runtime.db, Array.from({ length: 23 }, (_, i) => job({ title: `Paging Engineer ${i}`, company: 'Pager Co' })));
    const expected = ids(await api.get('/jobs?company=pager&limit=100', user.token));
    expect(expected).toHaveLength(23);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const reply: Reply = await api.get(`/jobs?company=pager&limit=5${cursor ? `&cursor=${cursor}` : ''}`, user.token);
      expect(reply.status).toBe(200);
      seen.push(...ids(reply));
      cursor = reply.body.nextCursor;
      pages++;
      // Jobs arriving meanwhile are newer than every page already read and every page still to come.
      await storeJobs(runtime.db, [job({ title: `Late Engineer ${pages}`, company: 'Pager Co' })]);
    } while (cursor);
    expect(seen).toEqual(expected);
    expect(pages).toBe(5);
  });

  it('reads one job with its details; unknown ids are 404 and malformed ones 400', async () => {
    const reply = await api.get(`/jobs/${seeded.rust}`, user.token);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id: seeded.rust, title: 'Senior Rust Developer', externalId: expect.stringMatching(/^linkedin:/), isActive: true });
    expect(reply.body.description).toContain('<p>');
    expectProblem(await api.get('/jobs/999999999', user.token), 404, 'not-found');
    expectProblem(await api.get('/jobs/abc', user.token), 400, 'validation-failed');
  });

  it('adds a job by hand with its URL; the same URL again updates it', async () => {
    const url = 'https://careers.example.com/jobs/42';
    const added = await api.post('/jobs', { title: 'Staff Engineer', company: 'Example', sourceUrl: url, description: 'Line one\n\n<b>bold</b>', salaryMin: 100_000, salaryMax: 150_000 }, user.token);
    expect(added.status, added.text).toBe(201);
    expect(added.body).toMatchObject({ source: 'custom', sourceUrl: url, salaryMin: 100_000 });
    expect(added.body.description).toBe('<p>Line one</p><p>&#60;b&#62;bold&#60;/b&#62;</p>');
    const again = await api.post('/jobs', { title: 'Staff Engineer II', company: 'Example', sourceUrl: url }, user.token);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: added.body.id, title: 'Staff Engineer II', salaryMin: 100_000 });
    const bad = await api.post('/jobs', { title: '', company: 'X', sourceUrl: 'javascript:alert(1)', salaryMin: 10, salaryMax: 5 }, user.token);
    expectProblem(bad, 400, 'validation-failed');
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['#/salaryMax', '#/sourceUrl', '#/title']);
  });
});

describe('recommended and not-applied jobs', () => {
  it("ranks active jobs that fit the profile's places, salary and keywords; another user's profile is 404", async () => {
    const seeker = await newUser(api, 'seeker');
    const [match, better, far, cheap] = await storeJobs(runtime.db, [
      job({ title: 'Kotlin Engineer', company: 'Lisbon Labs', location: 'Lisbon, Portugal', salaryMin: 80_000 }),
      job({ title: 'Kotlin Android Engineer', company: 'Lisbon Apps', location: 'Lisbon', salaryMin: 85_000, description: 'Kotlin and more Kotlin' }),
      job({ title: 'Kotlin Engineer', company: 'Far Away', location: 'Sydney, Australia', salaryMin: 90_000 }),
      job({ title: 'Kotlin Intern', company: 'Lisbon Labs', location: 'Lisbon, Portugal', salaryMin: 20_000, salaryMax: 25_000 }),
    ]);
    const profile = await api.post(
      '/profiles',
      { location: 'Lisbon', skills: ['Kotlin'], jobPreferences: { keywords: ['android', 'kotlin'], salaryMin: 60_000 } },
      seeker.token,
    );
    expect(profile.status, profile.text).toBe(201);
    const reply = await api.get(`/jobs/recommended?profileId=${profile.body.id}&limit=100`, seeker.token);
    expect(reply.status, reply.text).toBe(200);
    const found = ids(reply);
    expect(found.slice(0, 2)).toEqual([better, match]);
    expect(found).not.toContain(far);
    expect(found).not.toContain(cheap);
    const scores = reply.body.items.map((j: { score: number }) => j.score);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
    // Paging through recommendations gives the same list.
    const paged: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Reply = await api.get(`/jobs/recommended?limit=1${cursor ? `&cursor=${cursor}` : ''}`, seeker.token);
      paged.push(...ids(page));
      cursor = page.body.nextCursor;
    } while (cursor && paged.length < 500);
    expect(paged).toEqual(found);
    expectProblem(await api.get(`/jobs/recommended?profileId=${profile.body.id}`, user.token), 404);
  });

  it('lists jobs not applied to, paged, and a dry run does not count as applied', async () => {
    const applicant = await newUser(api, 'applicant');
    const profile = await api.post('/profiles', {}, applicant.token);
    const [applied, dry] = await storeJobs(runtime.db, [job({ title: 'Applied Job' }), job({ title: 'Dry Run Job' })]);
    expect((await api.post('/applications', { jobId: applied, profileId: profile.body.id }, applicant.token)).status).toBe(202);
    expect((await api.post('/applications', { jobId: dry, profileId: profile.body.id, dryRun: true }, applicant.token)).status).toBe(202);
    const all: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Reply = await api.get(`/jobs/not-applied?limit=50${cursor ? `&cursor=${cursor}` : ''}`, applicant.token);
      expect(page.status).toBe(200);
      all.push(...ids(page));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(all).not.toContain(applied);
    expect(all).toContain(dry);
    expect(new Set(all).size).toBe(all.length);
    // Someone else has applied to nothing.
    expect(ids(await api.get('/jobs/not-applied?limit=100', user.token))).toContain(applied);
  });
});
