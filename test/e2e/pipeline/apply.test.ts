/**
 * Applications carried through the whole stack: POST /applications stores a row and sends a message;
 * the local SQS event source hands it to the real apply worker (functions/workers/apply.ts), which
 * fills the fixture employer's form on 127.0.0.1 in @sparticuz/chromium; the outcome, the automation
 * log and its screenshots are read back over the API, and the fixture form server shows what it received.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_COVER_LETTER, testApplicant } from '../../fixtures/sites/forms/applicant';
import { RESUME_PDF, type FormSites } from '../../fixtures/sites/forms/server';
import type { TestRuntime } from '../../support/runtime';
import type { Api } from '../api/client';
import { addFormJob, applicationSettled, createApplicantProfile, keptResumeOf, registerApplicant, startApplyPipeline, type ApplyPipeline } from './helpers';

let pipeline: ApplyPipeline | undefined;
let runtime: TestRuntime;
let forms: FormSites;
let api: Api;
let token: string;
let email: string;

const applicant = testApplicant();
const PNG = [0x89, 0x50, 0x4e, 0x47];

beforeAll(async () => {
  pipeline = await startApplyPipeline();
  ({ runtime, forms, api } = pipeline);
  // The name and email on the form come from the account; everything else from the profile.
  ({ email, token } = await registerApplicant(api, applicant.fullName));
});
afterAll(() => pipeline?.stop());

const createProfile = (answers: typeof applicant.answers) => createApplicantProfile(api, token, applicant, { answers });

const createJob = (path: string, title?: string) => addFormJob(pipeline!, token, path, title);

async function apply(jobId: number, profileId: number, dryRun: boolean): Promise<number> {
  const reply = await api.post('/applications', { jobId, profileId, dryRun }, token);
  expect(reply.status, reply.text).toBe(202);
  expect(reply.body.status).toBe('pending');
  return reply.body.id;
}

async function retry(id: number): Promise<void> {
  const reply = await api.post(`/applications/${id}/retry`, undefined, token);
  expect(reply.status, reply.text).toBe(202);
  expect(reply.body.status).toBe('pending');
}

async function expectScreenshot(url: string): Promise<Uint8Array> {
  const image = await fetch(runtime.baseUrl + url, { headers: { authorization: `Bearer ${token}` } });
  expect(image.status, url).toBe(200);
  expect(image.headers.get('content-type')).toBe('image/png');
  const bytes = new Uint8Array(await image.arrayBuffer());
  expect([...bytes.slice(0, 4)]).toEqual(PNG);
  return bytes;
}

/**
 * Byte for byte, at memcpy speed: a deep toEqual over a megabyte of PNG takes seconds under load,
 * and the HTTP client's idle keep-alive socket is closed by the server meanwhile.
 */
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

const submissionsTo = (path: string) => forms.submissions().filter((s) => s.path === path);

describe('applications through the queue to the real applier', () => {
  it('a dry run fills the Greenhouse form and stops with a screenshot; its retry submits, and the employer receives exactly the profile', async () => {
    const profileId = await createProfile(applicant.answers);
    const jobId = await createJob('/greenhouse/acme/jobs/4012345');
    const id = await apply(jobId, profileId, true);

    const filled = await applicationSettled(api, id, token);
    expect(filled, filled.errorMessage ?? '').toMatchObject({ status: 'filled', dryRun: true, errorMessage: null, attemptCount: 1, resumeUsed: await keptResumeOf(api, token, profileId), coverLetterUsed: ACME_COVER_LETTER });
    expect(filled.attempts[0]!.log).toMatchObject({ adapter: 'greenhouse', dryRun: true, missingAnswers: [] });
    expect(filled.attempts[0]!.log!.screenshots).toEqual([{ key: `applications/${id}/attempts/1/filled.png`, label: 'filled form, before submit', url: `/applications/${id}/attempts/1/screenshots/filled.png` }]);
    const dryRunImage = await expectScreenshot(filled.attempts[0]!.log!.screenshots[0]!.url);
    expect(forms.submissions()).toEqual([]);

    await retry(id);
    const applied = await applicationSettled(api, id, token);
    expect(applied, applied.errorMessage ?? '').toMatchObject({ status: 'applied', dryRun: false, errorMessage: null, attemptCount: 2 });
    expect(applied.appliedAt).not.toBeNull();
    expect(applied.attempts[0]!.log!.steps.find((s) => s.kind === 'confirmation')?.message).toMatch(/Thank you for applying/);

    // Both attempts are kept, newest first, each with its own log and its own screenshots: the
    // retry's filled.png did not overwrite the dry run's.
    expect(applied.attempts.map((a) => [a.attempt, a.status, a.log?.dryRun])).toEqual([[2, 'applied', false], [1, 'filled', true]]);
    expect(applied.attempts[1]).toEqual(filled.attempts[0]);
    expect(applied.attempts[0]!.log!.screenshots.map((s) => s.url)).toEqual([
      `/applications/${id}/attempts/2/screenshots/filled.png`,
      `/applications/${id}/attempts/2/screenshots/outcome.png`,
    ]);
    expect(sameBytes(await expectScreenshot(`/applications/${id}/attempts/1/screenshots/filled.png`), dryRunImage)).toBe(true);
    const submittedImage = await expectScreenshot(`/applications/${id}/attempts/2/screenshots/filled.png`);
    const confirmationImage = await expectScreenshot(`/applications/${id}/attempts/2/screenshots/outcome.png`);
    // Without an attempt, a name is the newest attempt's screenshot by that name.
    expect(sameBytes(await expectScreenshot(`/applications/${id}/screenshots/filled.png`), submittedImage)).toBe(true);
    expect(sameBytes(await expectScreenshot(`/applications/${id}/screenshots/outcome.png`), confirmationImage)).toBe(true);
    expect((await api.get(`/applications/${id}/attempts/3/screenshots/filled.png`, token)).status).toBe(404);

    const sent = submissionsTo('/greenhouse/acme/jobs/4012345/applications');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.fields).toEqual({
      first_name: ['Jane'], last_name: ['Q Doe'], email: [email], phone: [applicant.phone],
      question_21756357003: [applicant.linkedinUrl], question_21756358003: [applicant.portfolioUrl], question_21756359003: [applicant.location],
      question_21756360003: ['Yes'], question_21756361003: ['No'], question_21756362003: ['Yes'], question_21756363003: ['Yes'],
      question_21756365003: ['No'], question_21756367003: ['No'], 'question_21756366003[]': ['133139072003'],
      gender: ['Decline To Self Identify'], hispanic_ethnicity: ['Decline To Self Identify'], veteran_status: ["I don't wish to answer"],
      disability_status: ['I do not want to answer'],
    });
    expect(sent[0]!.files).toEqual([
      { field: 'resume', name: 'jane-doe-resume.pdf', size: RESUME_PDF.length },
      { field: 'cover_letter', name: 'Cover letter - Acme Robotics.txt', size: Buffer.byteLength(ACME_COVER_LETTER) },
    ]);

    const listed = await api.get('/applications?status=applied', token);
    expect(listed.body.items.map((a: { id: number }) => a.id)).toEqual([id]);
  });

  it('a required question the answer bank lacks fails the attempt naming it; once the profile answers it, the retry applies', async () => {
    const heard = 'How did you hear about this job?';
    const profileId = await createProfile({ ...applicant.answers, custom: applicant.answers.custom.filter((c) => c.question !== heard) });
    const jobId = await createJob('/careers/apply/123', 'Platform Engineer');
    const id = await apply(jobId, profileId, false);

    const failed = await applicationSettled(api, id, token);
    expect(failed.status).toBe('failed');
    expect(failed.errorMessage).toContain(heard);
    expect(failed.attempts[0]!.log!.missingAnswers).toEqual([heard]);
    expect(submissionsTo('/careers/apply/123')).toEqual([]);

    const patched = await api.patch(`/profiles/${profileId}`, { answers: applicant.answers }, token);
    expect(patched.status, patched.text).toBe(200);
    await retry(id);
    const applied = await applicationSettled(api, id, token);
    expect(applied, applied.errorMessage ?? '').toMatchObject({ status: 'applied', errorMessage: null, attemptCount: 2 });
    // The failed attempt keeps its reason and the question it stopped at.
    expect(applied.attempts.map((a) => [a.attempt, a.status])).toEqual([[2, 'applied'], [1, 'failed']]);
    expect(applied.attempts[1]).toMatchObject({ reason: failed.errorMessage, retryable: false, log: { missingAnswers: [heard] } });
    const sent = submissionsTo('/careers/apply/123');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.fields.heard).toEqual(['Company website']);
    expect(sent[0]!.fields.email).toEqual([email]);
  });

  it.each([
    ['a captcha', '/captcha/jobs/5/apply', /^captcha/],
    ['an expired posting', '/expired/jobs/9', /^expired posting: the page is gone \(HTTP 404\)/],
  ])('%s fails the attempt with its reason and a screenshot, sending nothing', async (_name, path, reason) => {
    const before = forms.submissions().length;
    const profileId = await createProfile(applicant.answers);
    const id = await apply(await createJob(path), profileId, false);
    const failed = await applicationSettled(api, id, token);
    expect(failed.status).toBe('failed');
    expect(failed.errorMessage).toMatch(reason);
    expect(failed.attempts[0]!.log!.screenshots.map((s) => s.url)).toEqual([`/applications/${id}/attempts/1/screenshots/outcome.png`]);
    await expectScreenshot(failed.attempts[0]!.log!.screenshots[0]!.url);
    expect(forms.submissions()).toHaveLength(before);
  });
});
