/**
 * PATCH /profiles/{id} is a JSON Merge Patch (RFC 7396): objects merge member by member at any depth,
 * null removes a member (it takes its default), arrays are replaced whole, and the result is checked as
 * a whole profile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../support/runtime';
import { Api, newUser, type User } from './client';

let runtime: TestRuntime;
let api: Api;
let user: User;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = new Api(runtime.baseUrl);
  user = await newUser(api, 'patcher');
});
afterAll(() => runtime?.stop());

const jobPreferences = {
  keywords: ['backend'],
  titles: ['Backend Engineer'],
  locations: ['Berlin', 'Remote'],
  remote: true,
  salaryMin: 80_000,
  jobTypes: ['full-time'],
  sources: ['linkedin', 'indeed'],
  excludedCompanies: ['Evil Corp'],
  crawlIntervalHours: 12,
  autoApply: { enabled: false, dryRun: false, dailyLimit: 5 },
};
const answers = {
  workAuthorization: 'EU citizen',
  requiresSponsorship: false,
  noticePeriod: '1 month',
  eeo: { gender: 'decline', veteran: 'decline' },
  custom: [{ question: 'Why us?', answer: 'Because.' }],
};

async function profile(): Promise<number> {
  const created = await api.post('/profiles', { phone: '+49 30 1234567', skills: ['Go', 'SQL'], jobPreferences, answers }, user.token);
  expect(created.status, created.text).toBe(201);
  return created.body.id;
}

describe('PATCH /profiles/{id} as a JSON Merge Patch', () => {
  it('changes one nested preference and keeps every other one', async () => {
    const id = await profile();
    const patched = await api.patch(`/profiles/${id}`, { jobPreferences: { autoApply: { enabled: true } } }, user.token);
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.jobPreferences).toEqual({ ...jobPreferences, autoApply: { enabled: true, dryRun: false, dailyLimit: 5 } });
    expect(patched.body.answers).toEqual(answers);
    expect(patched.body).toMatchObject({ phone: '+49 30 1234567', skills: ['Go', 'SQL'] });
    expect((await api.get(`/profiles/${id}`, user.token)).body.jobPreferences).toEqual(patched.body.jobPreferences);
  });

  it('removes a member with null (it takes its default), replaces arrays whole, merges the answers', async () => {
    const id = await profile();
    const patched = await api.patch(
      `/profiles/${id}`,
      {
        phone: null,
        jobPreferences: { salaryMin: null, keywords: null, locations: ['Lisbon'], autoApply: null },
        answers: { eeo: { race: 'decline', veteran: null }, noticePeriod: '2 weeks', custom: [] },
      },
      user.token,
    );
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.phone).toBeNull();
    const { salaryMin: _salary, ...keptPreferences } = jobPreferences;
    expect(patched.body.jobPreferences).toEqual({ ...keptPreferences, keywords: [], locations: ['Lisbon'], autoApply: { enabled: false, dryRun: true, dailyLimit: 10 } });
    expect(patched.body.answers).toEqual({ ...answers, noticePeriod: '2 weeks', eeo: { gender: 'decline', race: 'decline' }, custom: [] });
  });

  it('takes application/merge-patch+json, the media type RFC 7396 registers', async () => {
    const id = await profile();
    const reply = await api.request('PATCH', `/profiles/${id}`, {
      token: user.token,
      raw: JSON.stringify({ jobPreferences: { remote: false } }),
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.jobPreferences).toEqual({ ...jobPreferences, remote: false });
  });

  it('is documented as a merge patch in the OpenAPI document', async () => {
    const doc = (await api.get('/openapi.json')).body;
    expect(doc.paths['/profiles/{profileId}'].patch.summary).toMatch(/JSON Merge Patch/);
    expect(doc.paths['/profiles/{profileId}'].patch.description).toMatch(/JSON Merge Patch \(RFC 7396\)/);
    expect(doc.paths['/profiles/{profileId}'].patch.description).toMatch(/null removes a member/);
  });
});
