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

async function expectScreenshot(url: string): Promise<void> {
  const image = await fetch(runtime.baseUrl + url, { headers: { authorization: `Bearer ${token}` } });
  expect(image.status).toBe(200);
  expect(image.headers.get('content-type')).toBe('image/png');
  expect([...new Uint8Array(await image.arrayBuffer()).slice(0, 4)]).toEqual(PNG);
}

const submissionsTo = (path: string) => forms.submissions().filter((s) => s.path === path);

describe('applications through the queue to the real applier', () => {
  it('a dry run fills the Greenhouse form and stops with a screenshot; its retry submits, and the employer receives exactly the profile', async () => {
    const profileId = await createProfile(applicant.answers);
    const jobId = await createJob('/greenhouse/acme/jobs/4012345');
    const id = await apply(jobId, profileId, true);

    const filled = await applicationSettled(api, id, token);
    expect(filled, filled.errorMessage ?? '').toMatchObject({ status: 'filled', dryRun: true, errorMessage: null, attempts: 1, resumeUsed: await keptResumeOf(api, token, profileId), coverLetterUsed: ACME_COVER_LETTER });
    expect(filled.automationLog).toMatchObject({ adapter: 'greenhouse', dryRun: true, missingAnswers: [] });
    expect(filled.automationLog!.screenshots).toEqual([{ key: `applications/${id}/filled.png`, label: 'filled form, before submit', url: `/applications/${id}/screenshots/filled.png` }]);
    await expectScreenshot(filled.automationLog!.screenshots[0]!.url);
    expect(forms.submissions()).toEqual([]);

    await retry(id);
    const applied = await applicationSettled(api, id, token);
    expect(applied, applied.errorMessage ?? '').toMatchObject({ status: 'applied', dryRun: false, errorMessage: null, attempts: 2 });
    expect(applied.appliedAt).not.toBeNull();
    expect(applied.automationLog!.steps.find((s) => s.kind === 'confirmation')?.message).toMatch(/Thank you for applying/);

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
    expect(failed.automationLog!.missingAnswers).toEqual([heard]);
    expect(submissionsTo('/careers/apply/123')).toEqual([]);

    const patched = await api.patch(`/profiles/${profileId}`, { answers: applicant.answers }, token);
    expect(patched.status, patched.text).toBe(200);
    await retry(id);
    const applied = await applicationSettled(api, id, token);
    expect(applied, applied.errorMessage ?? '').toMatchObject({ status: 'applied', errorMessage: null, attempts: 2 });
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
    expect(failed.automationLog!.screenshots.map((s) => s.url)).toEqual([`/applications/${id}/screenshots/outcome.png`]);
    await expectScreenshot(failed.automationLog!.screenshots[0]!.url);
    expect(forms.submissions()).toHaveLength(before);
  });
});
