/**
 * Each form family filled and submitted in the real browser: the fixture employer receives exactly the
 * profile's values, the resume in the resume slot and nothing in the photo slot, and the attempt is
 * recorded as applied only because the page confirmed it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASHBY_APPLICATION, LEVER_POSTING, RESUME_PDF, TEAMTAILOR_JOB, WEBFLOW_JOB, WEBFLOW_SUBMIT } from '../../fixtures/sites/forms/server';
import { ACME_COVER_LETTER, testApplicant, testTask } from '../../fixtures/sites/forms/applicant';
import { deadline, field, startApplierWorld, type ApplierWorld } from './helpers';

let world: ApplierWorld;
beforeAll(async () => {
  world = await startApplierWorld();
});
afterAll(async () => world?.close());


function task(path: string, id: number) {
  return testTask(world.sites.baseUrl + path, { applicationId: id, applicant: testApplicant({ resumeUrl: world.resumeUrl }) });
}

function lastSubmissionTo(path: string) {
  return world.sites.submissions().filter((s) => s.path === path).at(-1);
}

describe('applying through each form family', () => {
  it('greenhouse: fills inputs, react-select dropdowns, the acknowledgement and EEO declines; resume and cover letter in their own slots', async () => {
    const outcome = await world.apply(task('/greenhouse/acme/jobs/4012345', 101), deadline());
    expect(outcome).toMatchObject({ status: 'applied', reason: null, resumeUsed: world.resumeUrl, coverLetterUsed: ACME_COVER_LETTER });
    expect(outcome.log.adapter).toBe('greenhouse');
    const sent = lastSubmissionTo('/greenhouse/acme/jobs/4012345/applications');
    expect(sent?.fields).toEqual({
      first_name: ['Jane'], last_name: ['Q Doe'], email: ['jane.doe@example.com'], phone: ['+44 20 7946 0958'],
      question_21756357003: ['https://www.linkedin.com/in/jane-q-doe'], question_21756358003: ['https://janedoe.dev'],
      question_21756359003: ['Bristol, United Kingdom'],
      question_21756360003: ['Yes'], question_21756361003: ['No'], question_21756362003: ['Yes'], question_21756363003: ['Yes'],
      question_21756365003: ['No'], question_21756367003: ['No'], 'question_21756366003[]': ['133139072003'],
      gender: ['Decline To Self Identify'], hispanic_ethnicity: ['Decline To Self Identify'], veteran_status: ["I don't wish to answer"],
      disability_status: ['I do not want to answer'],
    });
    expect(sent?.files).toEqual([
      { field: 'resume', name: 'jane-doe-resume.pdf', size: RESUME_PDF.length },
      { field: 'cover_letter', name: 'Cover letter - Acme Robotics.txt', size: Buffer.byteLength(ACME_COVER_LETTER) },
    ]);
    expect(outcome.log.steps.find((s) => s.kind === 'confirmation')?.message).toMatch(/Thank you for applying/);
  });

  it('lever: follows the posting to /apply, answers the custom cards, types the cover letter, leaves the honeypot alone', async () => {
    const outcome = await world.apply(task(LEVER_POSTING, 102), deadline());
    expect(outcome).toMatchObject({ status: 'applied', coverLetterUsed: ACME_COVER_LETTER });
    expect(outcome.log.adapter).toBe('lever');
    const sent = lastSubmissionTo(`${LEVER_POSTING}/apply`);
    expect(field(sent, 'name')).toBe('Jane Q Doe');
    expect(field(sent, 'email')).toBe('jane.doe@example.com');
    expect(field(sent, 'phone')).toBe('+44 20 7946 0958');
    expect(field(sent, 'location')).toBe('Bristol, United Kingdom');
    expect(field(sent, 'org')).toBe('');
    expect(field(sent, 'urls[LinkedIn]')).toBe('https://www.linkedin.com/in/jane-q-doe');
    expect(field(sent, 'urls[GitHub]')).toBe('https://github.com/janeqdoe');
    expect(field(sent, 'cards[a1b2c3][field0]')).toBe('Yes');
    expect(field(sent, 'cards[a1b2c3][field1]')).toBe('4 weeks');
    expect(field(sent, 'cards[a1b2c3][field2]')).toBe('No');
    expect(field(sent, 'comments')).toBe(ACME_COVER_LETTER);
    expect(field(sent, 'eeo[gender]')).toBe('Decline to self-identify');
    expect(field(sent, 'eeo[race]')).toBe('Decline to self-identify');
    expect(field(sent, 'website_confirm')).toBe('');
    expect(sent?.files).toEqual([{ field: 'resume', name: 'jane-doe-resume.pdf', size: RESUME_PDF.length }]);
  });

  it('ashby: waits for the client-rendered form, types into controlled inputs, uses the custom dropdown and yes/no buttons, skips the photo slot', async () => {
    const outcome = await world.apply(task(ASHBY_APPLICATION, 103), deadline());
    expect(outcome).toMatchObject({ status: 'applied', coverLetterUsed: ACME_COVER_LETTER });
    expect(outcome.log.adapter).toBe('ashby');
    const sent = lastSubmissionTo('/ashby/api/non-user-graphql');
    expect(sent?.fields).toEqual({
      _systemfield_name: ['Jane Q Doe'], _systemfield_email: ['jane.doe@example.com'], 'a0c5e1f2-phone': ['+44 20 7946 0958'],
      'c93e2a77-linkedin': ['https://www.linkedin.com/in/jane-q-doe'], 'd12f8b35-auth': ['Yes'], 'e58a4c91-sponsor': ['No'],
      'f27b6d13-notice': ['4 weeks'], '0a9c3e58-salary': ['£85,000'], '1b8d4f69-cover': [ACME_COVER_LETTER.replace(/\n/g, '\r\n')],
      eeo_gender: ['Decline to self-identify'], eeo_veteran: ['Decline to self-identify'],
    });
    expect(sent?.files).toEqual([{ field: '_systemfield_resume', name: 'jane-doe-resume.pdf', size: RESUME_PDF.length }]);
    expect(outcome.log.steps.find((s) => s.field === 'Profile photo')?.message).toMatch(/never filled/);
  });

  it('generic: walks three steps, searches a typeahead, and answers the question a choice reveals', async () => {
    const outcome = await world.apply(task('/careers/apply/123', 104), deadline());
    expect(outcome).toMatchObject({ status: 'applied', coverLetterUsed: ACME_COVER_LETTER });
    expect(outcome.log.adapter).toBe('generic');
    const sent = lastSubmissionTo('/careers/apply/123');
    expect(sent?.fields).toEqual({
      fullname: ['Jane Q Doe'], email: ['jane.doe@example.com'], phone: ['+44 20 7946 0958'], city: ['Bristol, United Kingdom'], github: ['https://github.com/janeqdoe'],
      years: ['7'], skills: ['TypeScript, PostgreSQL, AWS'], relocate: ['yes'], start: ['4 weeks'], heard: ['Company website'],
      project: ['I rebuilt the billing pipeline of a payments company on PostgreSQL and cut month-end close from three days to four hours.'],
      cover: [ACME_COVER_LETTER.replace(/\n/g, '\r\n')],
    });
    expect(sent?.files).toEqual([{ field: 'cv', name: 'jane-doe-resume.pdf', size: RESUME_PDF.length }]);
    expect(outcome.log.steps.filter((s) => s.kind === 'step')).toHaveLength(2);
  });

  it('webflow: the aria-hidden upload behind its button gets the resume; "eligible without any sponsorship or visa" gets the applicant\'s own answer', async () => {
    const outcome = await world.apply(task(WEBFLOW_JOB, 109), deadline());
    expect(outcome).toMatchObject({ status: 'applied', reason: null, resumeUsed: world.resumeUrl });
    expect(lastSubmissionTo('/webflow/uploads')?.files).toEqual([{ field: 'file', name: 'jane-doe-resume.pdf', size: RESUME_PDF.length }]);
    const sent = lastSubmissionTo(WEBFLOW_SUBMIT);
    expect(sent?.fields).toMatchObject({
      'fields[Full Name]': ['Jane Q Doe'], 'fields[Email]': ['jane.doe@example.com'], 'fields[Phone]': ['+44 20 7946 0958'],
      'fields[Right to work]': ['Yes'], 'fileUploads[CV]': [expect.stringMatching(/^65f1c3/)],
    });
    expect(outcome.log.steps.find((s) => s.kind === 'upload')).toMatchObject({ field: 'CV / Resume', valueSource: 'profile.resumeUrl' });
    expect(outcome.log.steps.find((s) => s.field === 'Are you eligible to work in the UK without any sponsorship or visa?')).toMatchObject({ message: 'chose "Yes"', valueSource: 'answers.custom[7]' });
  });

  it('a form that asks for a CV through an upload widget with no file field: the log says the resume was not attached', async () => {
    const outcome = await world.apply({ ...task(`${WEBFLOW_JOB}/uploadcare`, 110), dryRun: true }, deadline());
    expect(outcome).toMatchObject({ status: 'filled', resumeUsed: null });
    expect(outcome.log.steps.filter((s) => s.kind === 'note').map((s) => s.message)).toContain('resume not attached: the form asks for one ("CV / Resume") but no upload slot for it was found');
  });

  it('a form that asks for a CV and has an upload slot whose label does not say so: the log names the slot it left empty', async () => {
    const page = '<!doctype html><html><head><title>Apply</title></head><body><form action="/apply" method="post" enctype="multipart/form-data">' +
      '<label for="name">Full name</label><input id="name" name="name" required>' +
      '<p>Please attach your CV.</p><label for="doc">Attachment</label><input type="file" id="doc" name="doc">' +
      '<button type="submit">Submit application</button></form></body></html>';
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jobs/1/apply`;
      const outcome = await world.apply({ ...testTask(url, { applicationId: 112, applicant: testApplicant({ resumeUrl: world.resumeUrl }) }), dryRun: true }, deadline());
      expect(outcome).toMatchObject({ status: 'filled', resumeUsed: null });
      expect(outcome.log.steps.filter((s) => s.kind === 'note').map((s) => s.message)).toContain('resume not attached: the form asks for one ("Please attach your CV."), but none of its upload slots ("Attachment") says it is for a resume');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('teamtailor: labels read without their screen-reader "Required", so saved answers match their questions and the log names them plainly', async () => {
    const base = testApplicant({ resumeUrl: world.resumeUrl });
    const applicant = testApplicant({
      resumeUrl: world.resumeUrl,
      answers: {
        ...base.answers,
        custom: [
          ...base.answers.custom,
          { question: 'Please tell us about your visa requirements', answer: 'I have the right to work in the UK without sponsorship' },
          { question: 'What are your salary expectations for this role?', answer: '85000' },
          { question: 'Are you able to work in our London office one day per week?', answer: 'Yes' },
          { question: 'By submitting this application, I agree that I have read the Privacy Policy and confirm that Harper store my personal details to be able to process my job application.', answer: 'Yes' },
        ],
      },
    });
    const outcome = await world.apply(testTask(world.sites.baseUrl + TEAMTAILOR_JOB, { applicationId: 111, applicant }), deadline());
    expect(outcome, outcome.reason ?? '').toMatchObject({ status: 'applied', resumeUsed: world.resumeUrl });
    const sent = lastSubmissionTo('/teamtailor/harper/applications');
    expect(sent?.fields).toMatchObject({
      'candidate[first_name]': ['Jane'], 'candidate[last_name]': ['Q Doe'], 'candidate[email]': ['jane.doe@example.com'], 'candidate[phone]': ['+44 20 7946 0958'],
      'candidate[answers_attributes][0][choice]': ['3'], 'candidate[answers_attributes][1][number]': ['85000'], 'candidate[answers_attributes][2][text]': ['4 weeks'],
      'candidate[answers_attributes][3][boolean]': ['true'], 'candidate[answers_attributes][4][text]': ['Company website'],
      'candidate[consent_given]': ['0', '1'], 'candidate[consent_given_future_jobs]': ['0'],
    });
    expect(lastSubmissionTo('/teamtailor/harper/uploads')?.files).toEqual([{ field: 'file', name: 'jane-doe-resume.pdf', size: RESUME_PDF.length }]);
    const labels = outcome.log.steps.map((s) => s.field).filter(Boolean);
    expect(labels).toEqual(expect.arrayContaining(['First name', 'Email', 'Phone', 'Upload CV', 'Please tell us about your visa requirements']));
    expect(labels.filter((l) => /required/i.test(l!))).toEqual([]);
  });

  it("a board posting is followed to the employer's own form", async () => {
    const before = world.sites.submissions().length;
    const outcome = await world.apply(task('/board/jobs/777', 105), deadline());
    expect(outcome.status).toBe('applied');
    expect(outcome.log.steps.some((s) => s.kind === 'navigate' && s.message.includes('Apply on company website'))).toBe(true);
    expect(outcome.log.url).toMatch(/\/careers\/apply\/123$/);
    expect(world.sites.submissions().slice(before).map((s) => s.path)).toEqual(['/careers/apply/123']);
  });

  it("a career page embedding the Greenhouse form in an iframe is applied through the iframe's page", async () => {
    const outcome = await world.apply({ ...task('/careers/embedded/55', 108), dryRun: true }, deadline());
    expect(outcome.status).toBe('filled');
    expect(outcome.log.adapter).toBe('greenhouse');
    expect(outcome.log.steps.some((s) => s.kind === 'navigate' && s.message.startsWith('opening the application form embedded'))).toBe(true);
  });

  it("the job's applyUrl, when the crawl found one, is where the attempt starts", async () => {
    const t = task('/board/jobs/777', 107);
    t.job.metadata = { applyUrl: `${world.sites.baseUrl}${LEVER_POSTING}/apply` };
    const outcome = await world.apply({ ...t, dryRun: true }, deadline());
    expect(outcome.status).toBe('filled');
    expect(outcome.log.adapter).toBe('lever');
    expect(outcome.log.steps[0]?.message).toContain(`${LEVER_POSTING}/apply`);
  });

});
