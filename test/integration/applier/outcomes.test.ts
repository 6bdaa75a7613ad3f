/**
 * How an attempt ends when it should not simply apply: a dry run, a question the profile cannot
 * answer, a captcha, a login wall, a posting that is gone, a page that never confirms, a bad
 * template, a refused address. Nothing may reach the employer in any of the stopping cases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplier } from '../../../shared/applier/index';
import { MemorySitePacing } from '../../../shared/applier/pacing';
import { testApplicant, testTask } from '../../fixtures/sites/forms/applicant';
import { deadline, startApplierWorld, type ApplierWorld } from './helpers';

let world: ApplierWorld;
beforeAll(async () => {
  world = await startApplierWorld();
});
afterAll(async () => world?.close());

const PNG = [0x89, 0x50, 0x4e, 0x47];

function task(path: string, id: number, applicant = testApplicant()) {
  return testTask(world.sites.baseUrl + path, { applicationId: id, applicant: { ...applicant, resumeUrl: world.resumeUrl } });
}

async function expectStoredPng(key: string) {
  const shot = await world.artifacts.get(key);
  expect(shot?.contentType).toBe('image/png');
  expect([...shot!.bytes.slice(0, 4)]).toEqual(PNG);
}

describe('dry run', () => {
  it('fills every field, stores a screenshot of the filled form and submits nothing', async () => {
    const before = world.sites.submissions().length;
    const outcome = await world.apply({ ...task('/greenhouse/acme/jobs/4012345', 201), dryRun: true }, deadline());
    expect(outcome.status).toBe('filled');
    expect(outcome.log.dryRun).toBe(true);
    expect(world.sites.submissions()).toHaveLength(before);
    expect(outcome.log.steps.some((s) => s.kind === 'submit')).toBe(false);
    expect(outcome.log.screenshots).toEqual([{ key: 'applications/201/attempts/1/filled.png', label: 'filled form, before submit' }]);
    await expectStoredPng('applications/201/attempts/1/filled.png');
    expect(outcome.log.steps.filter((s) => s.kind === 'field' && s.valueSource).length).toBeGreaterThanOrEqual(15);
  });

  it('walks every step of a multi-step form without submitting it', async () => {
    const before = world.sites.submissions().length;
    const outcome = await world.apply({ ...task('/careers/apply/123', 202), dryRun: true }, deadline());
    expect(outcome.status).toBe('filled');
    expect(outcome.log.steps.filter((s) => s.kind === 'step')).toHaveLength(2);
    expect(world.sites.submissions()).toHaveLength(before);
  });
});

describe('a required question the profile cannot answer', () => {
  it('stops before submit, names the question, and is not retryable', async () => {
    const applicant = testApplicant();
    applicant.answers = { ...applicant.answers, custom: applicant.answers.custom.filter((c) => !c.question.includes('18 years')) };
    const before = world.sites.submissions().length;
    const outcome = await world.apply(task('/greenhouse/acme/jobs/4012345', 203, applicant), deadline());
    expect(outcome).toMatchObject({ status: 'failed', retryable: false });
    expect(outcome.reason).toContain('"Are you at least 18 years of age?"');
    expect(outcome.log.missingAnswers).toEqual(['Are you at least 18 years of age?']);
    expect(world.sites.submissions()).toHaveLength(before);
  });

  it('a question only the inline validation marks as required is read from the error and recorded', async () => {
    const applicant = testApplicant();
    applicant.answers = { ...applicant.answers, custom: applicant.answers.custom.filter((c) => !c.question.startsWith('How did you hear')) };
    const before = world.sites.submissions().length;
    const outcome = await world.apply(task('/careers/apply/123', 204, applicant), deadline());
    expect(outcome).toMatchObject({ status: 'failed', retryable: false });
    expect(outcome.log.missingAnswers).toEqual(['How did you hear about this job?']);
    expect(outcome.log.steps).toContainEqual(expect.objectContaining({ kind: 'validation', field: 'How did you hear about this job?', message: 'Please tell us how you heard about this job' }));
    expect(world.sites.submissions()).toHaveLength(before);
  });

  it('an EEO question the user chose not to answer is left empty, never picked for them', async () => {
    const applicant = testApplicant();
    applicant.answers = { ...applicant.answers, eeo: { gender: 'decline' } };
    const outcome = await world.apply({ ...task('/greenhouse/acme/jobs/4012345', 205, applicant), dryRun: true }, deadline());
    expect(outcome.status).toBe('filled');
    expect(outcome.log.steps.find((s) => s.field === 'Veteran Status')?.message).toMatch(/^left empty/);
  });
});

describe('pages that stop the attempt', () => {
  it.each([
    [301, '/captcha/jobs/5/apply', /^captcha/],
    [302, '/login/jobs/6/apply', /^login wall/],
    [303, '/expired/jobs/9', /^expired posting: the page is gone \(HTTP 404\)/],
    [304, '/closed/jobs/10', /^expired posting: the page says "position has been filled"/],
    [305, '/removed/jobs/11', /^removed form/],
  ])('%i %s fails with its reason, a screenshot, and nothing sent', async (id, path, reason) => {
    const before = world.sites.submissions().length;
    const outcome = await world.apply(task(path, id), deadline());
    expect(outcome).toMatchObject({ status: 'failed', retryable: false });
    expect(outcome.reason).toMatch(reason);
    expect(outcome.log.screenshots.map((s) => s.key)).toEqual([`applications/${id}/attempts/1/outcome.png`]);
    await expectStoredPng(`applications/${id}/attempts/1/outcome.png`);
    expect(world.sites.submissions()).toHaveLength(before);
  });
});

describe('after submitting', () => {
  it('a page that gives no confirmation is unconfirmed, not applied and not failed', async () => {
    const outcome = await world.apply(task('/silent/apply', 401), deadline());
    expect(outcome).toMatchObject({ status: 'unconfirmed', retryable: false });
    expect(world.sites.submissions().filter((s) => s.path === '/silent/apply')).toHaveLength(1);
    expect(outcome.log.screenshots.map((s) => s.label)).toEqual(['filled form, before submit', 'page after submit']);
  });
});

describe('per-site pacing', () => {
  it('a second submission to the same host within the interval is held back as retryable, and nothing is sent twice', async () => {
    const apply = createApplier({ artifacts: () => world.artifacts, resumes: () => world.files, pacing: new MemorySitePacing(60_000) });
    const first = await apply(task('/silent/apply', 701), deadline());
    expect(first.status).toBe('unconfirmed');
    const sent = world.sites.submissions().length;
    const second = await apply(task('/silent/apply', 702), deadline());
    expect(second).toMatchObject({ status: 'failed', retryable: true });
    expect(second.reason).toMatch(/^pacing: the next submission to 127\.0\.0\.1:\d+ is due in more than this attempt has left \(one every 60 s per site\)/);
    expect(world.sites.submissions()).toHaveLength(sent);
  });
});

describe('the deadline', () => {
  it('an attempt that runs out of time before submitting fails as retryable, sends nothing, and closes its page', async () => {
    const before = world.sites.submissions().length;
    const outcome = await world.apply(task('/greenhouse/acme/jobs/4012345', 601), { deadline: Date.now() + 2_500 });
    expect(outcome).toMatchObject({ status: 'failed', retryable: true, reason: 'the deadline was reached' });
    // Its page is closed, so nothing can still be submitted from it; and nothing was.
    const { getBrowser } = await import('../../../shared/browser/chromium');
    expect((await (await getBrowser()).pages()).map((p) => p.url()).filter((u) => u.includes('/greenhouse/'))).toEqual([]);
    expect(world.sites.submissions()).toHaveLength(before);
  });
});

describe('before the browser', () => {
  it('an unknown cover letter placeholder fails the attempt and names the placeholder', async () => {
    const outcome = await world.apply(task('/greenhouse/acme/jobs/4012345', 501, testApplicant({ coverLetterTemplate: 'Dear {{hiringManager}}, ...' })), deadline());
    expect(outcome).toMatchObject({ status: 'failed', retryable: false });
    expect(outcome.reason).toContain('{{hiringManager}}');
  });

  it('a loopback address is refused when private targets are not allowed', async () => {
    process.env.ALLOW_PRIVATE_TARGETS = 'false';
    try {
      const outcome = await world.apply(task('/greenhouse/acme/jobs/4012345', 502), deadline());
      expect(outcome).toMatchObject({ status: 'failed', retryable: false });
      expect(outcome.reason).toMatch(/refused/);
    } finally {
      process.env.ALLOW_PRIVATE_TARGETS = 'true';
    }
  });
});
