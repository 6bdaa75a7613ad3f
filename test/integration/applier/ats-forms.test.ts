/**
 * Applying, in the real browser, through the pages the Workday, SmartRecruiters, Workable, Recruitee,
 * Personio and Teamtailor replicas link their jobs to (test/fixtures/sites/forms/ats), starting where
 * the crawler leaves a job (its applyUrl, else its page), on the host each ATS serves them from: what
 * the employer receives, field by field, and where an ATS lets no one apply without an account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardJobs } from '../../fixtures/sites/boards/ats';
import { personioId } from '../../fixtures/sites/boards/personio';
import { recruiteeSlug } from '../../fixtures/sites/boards/recruitee';
import { startBoardSites, type BoardSites } from '../../fixtures/sites/boards/server';
import { smartRecruitersPostingUrl, smartRecruitersUuid } from '../../fixtures/sites/boards/smartrecruiters';
import { teamtailorId, teamtailorJobPath } from '../../fixtures/sites/boards/teamtailor';
import { workableShortcode } from '../../fixtures/sites/boards/workable';
import { workdayPath } from '../../fixtures/sites/boards/workday';
import { PERSONIO_CONSENT } from '../../fixtures/sites/forms/ats/personio';
import { RECRUITEE_CONSENT } from '../../fixtures/sites/forms/ats/recruitee';
import { teamtailorConsent } from '../../fixtures/sites/forms/ats/teamtailor-form';
import { testApplicant, testTask } from '../../fixtures/sites/forms/applicant';
import { RESUME_PDF } from '../../fixtures/sites/forms/server';
import { deadline, field, startApplierWorld, type ApplierWorld } from './helpers';

let world: ApplierWorld;
let boards: BoardSites;
beforeAll(async () => {
  world = await startApplierWorld();
  boards = await startBoardSites({ formsUrl: world.sites.baseUrl });
  // The board's jobs, as a crawl of it would have asked (Workable's short links resolve through the accounts it served).
  await fetch(`${boards.baseUrls.workable}/api/v1/widget/accounts/acme`);
});
afterAll(async () => {
  await boards?.close();
  await world?.close();
});

const job = boardJobs('acme', 1)[0]!;
const RESUME = [{ field: 'resume', name: 'jane-doe-resume.pdf', size: RESUME_PDF.length }];

/** The test applicant, with the consents these employers ask for given. */
function applicant(teamtailorEmployer = job.company) {
  const base = testApplicant({ resumeUrl: world.resumeUrl });
  return testApplicant({
    resumeUrl: world.resumeUrl,
    answers: {
      ...base.answers,
      custom: [
        ...base.answers.custom,
        { question: RECRUITEE_CONSENT, answer: 'Yes' },
        { question: PERSONIO_CONSENT, answer: 'Yes' },
        { question: teamtailorConsent(teamtailorEmployer), answer: 'Yes' },
      ],
    },
  });
}

/** A crawled job's task: its page, and the apply URL the crawler found where its ATS gives one. */
function task(id: number, sourceUrl: string, applyUrl?: string, dryRun = false, teamtailorEmployer?: string) {
  const t = testTask(sourceUrl, { applicationId: id, applicant: applicant(teamtailorEmployer), dryRun });
  t.job = { ...t.job, title: job.title, company: job.company, metadata: applyUrl ? { applyUrl } : {} };
  return t;
}

const submissionTo = (path: string) => world.sites.submissions().filter((s) => s.path === path).at(-1);

describe('applying through the ATS pages the replicas link to', () => {
  it('workday: Apply, then Apply Manually, reaches the candidate account step, and stops there: no account, no application', async () => {
    const page = `${boards.baseUrls.workday}/acme${workdayPath(job)}`;
    const outcome = await world.apply(task(201, page, `${page}/apply`), deadline());
    expect(outcome).toMatchObject({ status: 'failed', reason: 'login wall: the site requires signing in to an account to apply', retryable: false });
    expect(outcome.log.steps.some((s) => s.kind === 'navigate' && s.message.startsWith('following "Apply Manually"'))).toBe(true);
    expect(outcome.log.url).toBe(`${page}/apply/applyManually`);
    expect(world.sites.submissions().filter((s) => s.path.startsWith('/workday/'))).toEqual([]);
  });

  it('smartrecruiters: the One Click form in shadow roots, the city picked from its autocomplete, two steps, the resume in the Resume slot', async () => {
    const posting = smartRecruitersPostingUrl(job, 'acme', `${world.sites.baseUrl}/smartrecruiters`);
    const outcome = await world.apply(task(202, posting, `${posting}?oga=true`), deadline());
    expect(outcome, outcome.reason ?? '').toMatchObject({ status: 'applied', resumeUsed: world.resumeUrl });
    expect(outcome.log.adapter).toBe('generic');
    const sent = submissionTo(`/smartrecruiters/oneclick-ui/company/acme/publication/${smartRecruitersUuid(job)}/applications`);
    expect(sent?.fields).toEqual({
      firstName: ['Jane'], lastName: ['Q Doe'], email: ['jane.doe@example.com'], linkedin: ['https://www.linkedin.com/in/jane-q-doe'], facebook: [''], twitter: [''],
      website: ['https://janedoe.dev'], message: [''], location: ['Bristol, United Kingdom'], phoneCountry: ['GB'], phoneNumber: ['+44 20 7946 0958'],
      'answers[notice]': ['4 weeks'], 'answers[heard]': ['Company website'],
    });
    expect(sent?.files).toEqual(RESUME);
    expect(outcome.log.steps.find((s) => s.kind === 'upload')).toMatchObject({ field: 'Resume', valueSource: 'profile.resumeUrl' });
    expect(outcome.log.steps.filter((s) => s.kind === 'step')).toHaveLength(1);
  });

  it("smartrecruiters: from the posting's page, \"I'm interested\" leads to the form", async () => {
    const posting = smartRecruitersPostingUrl(job, 'acme', `${world.sites.baseUrl}/smartrecruiters`);
    const outcome = await world.apply(task(203, posting, undefined, true), deadline());
    expect(outcome, outcome.reason ?? '').toMatchObject({ status: 'filled' });
    expect(outcome.log.steps.some((s) => s.kind === 'navigate' && s.message.startsWith('following "I\'m interested"'))).toBe(true);
    expect(outcome.log.url).toContain(`/oneclick-ui/company/acme/publication/${smartRecruitersUuid(job)}`);
  });

  it("workable: the widget's short apply link, through to the account's form; the posting's questions answered", async () => {
    const shortcode = workableShortcode(job);
    const outcome = await world.apply(task(204, `${boards.baseUrls.workable}/j/${shortcode}`, `${boards.baseUrls.workable}/j/${shortcode}/apply`), deadline());
    expect(outcome, outcome.reason ?? '').toMatchObject({ status: 'applied', resumeUsed: world.resumeUrl });
    expect(outcome.log.url).toBe(`${boards.baseUrls.workable}/acme/j/${shortcode}/apply/`);
    const sent = submissionTo(`/workable/acme/j/${shortcode}/apply`);
    expect(sent?.fields).toMatchObject({
      firstname: ['Jane'], lastname: ['Q Doe'], email: ['jane.doe@example.com'], phone: ['+44 20 7946 0958'], headline: [''], address: [''], summary: [''],
      qa_relocation: ['Yes'], qa_salary: ['£85,000'],
    });
    expect(field(sent, 'cover_letter')).toMatch(/^Dear Hooli team,/);
    expect(sent?.files).toEqual(RESUME);
  });

  it('recruitee: the offer\'s application, posted to the careers site\'s candidates API, the consent given as the profile says', async () => {
    const slug = recruiteeSlug(job);
    const offer = `${boards.baseUrls.recruitee}/acme/o/${slug}`;
    const outcome = await world.apply(task(205, offer, `${offer}/c/new`), deadline());
    expect(outcome, outcome.reason ?? '').toMatchObject({ status: 'applied' });
    const sent = submissionTo(`/recruitee/acme/api/offers/${slug}/candidates`);
    expect(sent?.fields).toMatchObject({
      'candidate[name]': ['Jane Q Doe'], 'candidate[email]': ['jane.doe@example.com'], 'candidate[phone]': ['+44 20 7946 0958'],
      'candidate[open_question_answers_attributes][0][content]': ['Yes'], 'candidate[gdpr_consent]': ['1'],
    });
    expect(sent?.files).toEqual([{ field: 'candidate[cv]', name: 'jane-doe-resume.pdf', size: RESUME_PDF.length }]);
  });

  it("personio: the position's page and its form: CV and cover letter in their slots, the other-documents slot left empty", async () => {
    const position = `${boards.baseUrls.personio}/acme/job/${personioId(job)}`;
    const outcome = await world.apply(task(206, position), deadline());
    expect(outcome, outcome.reason ?? '').toMatchObject({ status: 'applied' });
    const sent = submissionTo(`/personio/acme/job/${personioId(job)}/apply`);
    expect(sent?.fields).toMatchObject({
      first_name: ['Jane'], last_name: ['Q Doe'], email: ['jane.doe@example.com'], phone: ['+44 20 7946 0958'],
      'custom_attribute[salary_expectations]': ['£85,000'], 'custom_attribute[available_from]': ['4 weeks'], privacy_policy_acceptance: ['1'],
    });
    expect(sent?.files.map((f) => f.field)).toEqual(['documents[cv]', 'documents[cover-letter]']);
  });

  it("teamtailor: the job page's own form (the crawler reads the same page): the CV uploaded on choosing it, the consent in the company's name", async () => {
    const page = `${boards.baseUrls.teamtailor}/acme${teamtailorJobPath(job)}`;
    const outcome = await world.apply(task(207, page), deadline());
    expect(outcome, outcome.reason ?? '').toMatchObject({ status: 'applied' });
    expect(submissionTo('/teamtailor/acme/uploads')?.files).toEqual([{ field: 'file', name: 'jane-doe-resume.pdf', size: RESUME_PDF.length }]);
    const sent = submissionTo('/teamtailor/acme/applications');
    expect(sent?.fields).toMatchObject({
      'candidate[job_applications_attributes][0][job_id]': [teamtailorId(job)], 'candidate[first_name]': ['Jane'], 'candidate[last_name]': ['Q Doe'],
      'candidate[email]': ['jane.doe@example.com'], 'candidate[phone]': ['+44 20 7946 0958'], 'candidate[answers_attributes][0][text]': ['4 weeks'],
      'candidate[answers_attributes][1][text]': ['Company website'], 'candidate[consent_given]': ['0', '1'], 'candidate[consent_given_future_jobs]': ['0'],
      'candidate[resume_remote_url]': [expect.stringMatching(/^https:\/\/teamtailor-production\./)],
    });
  });

  it("teamtailor: a consent the user gave another employer is not this one's: the attempt stops naming it, and nothing is sent", async () => {
    const page = `${boards.baseUrls.teamtailor}/acme${teamtailorJobPath(job)}`;
    const before = world.sites.submissions().length;
    const outcome = await world.apply(task(208, page, undefined, false, 'Acme Robotics'), deadline());
    expect(outcome).toMatchObject({ status: 'failed', retryable: false });
    expect(outcome.reason).toContain(`confirm that ${job.company} store my personal details`);
    expect(world.sites.submissions().slice(before).filter((s) => s.path === '/teamtailor/acme/applications')).toEqual([]);
  });
});
