/**
 * The Lever, Ashby and three-step employer forms, each applied to through the whole stack
 * (POST /applications → apply queue → the real apply worker in @sparticuz/chromium): the fixture
 * employer receives exactly the profile's values, the resume in the resume slot and nothing in a
 * photo slot, and the cover letter where the form asks for it. Field by field, these are the values
 * test/integration/applier/adapters.test.ts expects of the applier alone; here they come from the
 * account and the profile as stored, through the worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_COVER_LETTER, testApplicant } from '../../fixtures/sites/forms/applicant';
import { ASHBY_APPLICATION, LEVER_POSTING, RESUME_PDF, type FormSites } from '../../fixtures/sites/forms/server';
import type { TestRuntime } from '../../support/runtime';
import type { Api } from '../api/client';
import { addFormJob, applicationSettled, createApplicantProfile, keptResumeOf, registerApplicant, startApplyPipeline, type ApplyPipeline } from './helpers';

let pipeline: ApplyPipeline | undefined;
let runtime: TestRuntime;
let forms: FormSites;
let api: Api;
let resumeUrl: string;
let token: string;
let email: string;
let profileId: number;

const applicant = testApplicant();
const resumeFile = { name: 'jane-doe-resume.pdf', size: RESUME_PDF.length };

beforeAll(async () => {
  pipeline = await startApplyPipeline();
  ({ runtime, forms, api } = pipeline);
  ({ email, token } = await registerApplicant(api, applicant.fullName));
  profileId = await createApplicantProfile(api, token, applicant);
  resumeUrl = await keptResumeOf(api, token, profileId);
});
afterAll(() => pipeline?.stop());

/**
 * Adds the posting by its URL, applies for real, and returns the settled application: applied on the
 * page's `confirmation`, with the filled form and the confirmation page as PNGs linked from the log.
 */
async function applyTo(path: string, confirmation: string) {
  const jobId = await addFormJob(pipeline!, token, path);
  const created = await api.post('/applications', { jobId, profileId, dryRun: false }, token);
  expect(created.status, created.text).toBe(202);
  const settled = await applicationSettled(api, created.body.id, token);
  expect(settled, settled.errorMessage ?? '').toMatchObject({ status: 'applied', errorMessage: null, attemptCount: 1, resumeUsed: resumeUrl, coverLetterUsed: ACME_COVER_LETTER });
  expect(settled.attempts[0]!.log!.steps.find((s) => s.kind === 'confirmation')?.message).toBe(`the page says "${confirmation}"`);
  const id = settled.id;
  expect(settled.attempts[0]!.log!.screenshots).toEqual([
    { key: `applications/${id}/attempts/1/filled.png`, label: 'filled form, before submit', url: `/applications/${id}/attempts/1/screenshots/filled.png` },
    { key: `applications/${id}/attempts/1/outcome.png`, label: 'confirmation', url: `/applications/${id}/attempts/1/screenshots/outcome.png` },
  ]);
  for (const { url } of settled.attempts[0]!.log!.screenshots) {
    const image = await fetch(runtime.baseUrl + url, { headers: { authorization: `Bearer ${token}` } });
    expect(image.status, url).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await image.arrayBuffer()).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  }
  return settled;
}

const submissionsTo = (path: string) => forms.submissions().filter((s) => s.path === path);

describe('each form family through the apply worker', () => {
  it('lever: the profile in the text fields, custom cards and EEO selects, the cover letter typed into comments, the resume alone in its slot', async () => {
    const applied = await applyTo(LEVER_POSTING, 'Application submitted');
    expect(applied.attempts[0]!.log).toMatchObject({ adapter: 'lever', dryRun: false, missingAnswers: [] });

    const sent = submissionsTo(`${LEVER_POSTING}/apply`);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.fields).toEqual({
      // The page's own hidden fields, sent as the page set them; the honeypot left empty.
      accountId: [''], linkedInData: [''], origin: [''], website_confirm: [''], 'cards[a1b2c3][baseTemplate]': ['{}'],
      name: [applicant.fullName], email: [email], phone: [applicant.phone], location: [applicant.location], org: [''],
      'urls[LinkedIn]': [applicant.linkedinUrl], 'urls[GitHub]': [applicant.githubUrl], 'urls[Portfolio]': [applicant.portfolioUrl],
      'cards[a1b2c3][field0]': ['Yes'], 'cards[a1b2c3][field1]': ['4 weeks'], 'cards[a1b2c3][field2]': ['No'],
      comments: [ACME_COVER_LETTER.replace(/\n/g, '\r\n')],
      'eeo[gender]': ['Decline to self-identify'], 'eeo[race]': ['Decline to self-identify'], 'eeo[veteran]': ['Decline to self-identify'],
    });
    expect(sent[0]!.files).toEqual([{ field: 'resume', ...resumeFile }]);
  });

  it('ashby: the client-rendered form gets the profile through its controlled inputs, custom dropdown and yes/no buttons; the photo slot stays empty', async () => {
    const applied = await applyTo(ASHBY_APPLICATION, 'Thank you for applying');
    expect(applied.attempts[0]!.log).toMatchObject({ adapter: 'ashby', dryRun: false, missingAnswers: [] });

    const sent = submissionsTo('/ashby/api/non-user-graphql');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.fields).toEqual({
      _systemfield_name: [applicant.fullName], _systemfield_email: [email], 'a0c5e1f2-phone': [applicant.phone],
      'c93e2a77-linkedin': [applicant.linkedinUrl], 'd12f8b35-auth': ['Yes'], 'e58a4c91-sponsor': ['No'],
      'f27b6d13-notice': ['4 weeks'], '0a9c3e58-salary': ['£85,000'], '1b8d4f69-cover': [ACME_COVER_LETTER.replace(/\n/g, '\r\n')],
      eeo_gender: ['Decline to self-identify'], eeo_veteran: ['Decline to self-identify'],
    });
    expect(sent[0]!.files).toEqual([{ field: '_systemfield_resume', ...resumeFile }]);
    expect(applied.attempts[0]!.log!.steps.find((s) => s.field === 'Profile photo')?.message).toMatch(/never filled/);
  });

  it('the three-step form: the city typeahead, the question a choice reveals, the cover letter box; the CV in its slot, never the photo', async () => {
    const applied = await applyTo('/careers/apply/123', 'Thanks for applying');
    expect(applied.attempts[0]!.log).toMatchObject({ adapter: 'generic', dryRun: false, missingAnswers: [] });

    const sent = submissionsTo('/careers/apply/123');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.fields).toEqual({
      fullname: [applicant.fullName], email: [email], phone: [applicant.phone], city: [applicant.location], github: [applicant.githubUrl],
      years: ['7'], skills: ['TypeScript, PostgreSQL, AWS'], relocate: ['yes'], start: ['4 weeks'], heard: ['Company website'],
      project: [applicant.answers.custom.find((c) => c.question === 'Describe a project you are proud of')!.answer],
      cover: [ACME_COVER_LETTER.replace(/\n/g, '\r\n')],
    });
    expect(sent[0]!.files).toEqual([{ field: 'cv', ...resumeFile }]);
  });
});
