import { describe, expect, it } from 'vitest';
import { findAnswer, resolveQuestion, type FormQuestion } from '../../../shared/applier/answers';
import { chooseOption } from '../../../shared/applier/options';
import { testApplicant } from '../../fixtures/sites/forms/applicant';

const ctx = { applicant: testApplicant(), coverLetter: 'Dear Acme team' };
const q = (label: string, kind: FormQuestion['kind'] = 'text', options: string[] = [], required = true): FormQuestion => ({ label, kind, required, options });

describe('question to answer', () => {
  it('answers profile fields by their usual labels', () => {
    expect(resolveQuestion(q('First Name*'), ctx)).toEqual({ kind: 'text', value: 'Jane', source: 'profile.fullName' });
    expect(resolveQuestion(q('Last Name'), ctx)).toEqual({ kind: 'text', value: 'Q Doe', source: 'profile.fullName' });
    expect(resolveQuestion(q('Full name'), ctx)).toMatchObject({ value: 'Jane Q Doe' });
    expect(resolveQuestion(q('Email address', 'email'), ctx)).toMatchObject({ value: 'jane.doe@example.com', source: 'profile.email' });
    expect(resolveQuestion(q('Phone', 'tel'), ctx)).toMatchObject({ source: 'profile.phone' });
    expect(resolveQuestion(q('LinkedIn Profile'), ctx)).toMatchObject({ value: 'https://www.linkedin.com/in/jane-q-doe' });
    expect(resolveQuestion(q('GitHub URL', 'url'), ctx)).toMatchObject({ source: 'profile.githubUrl' });
    expect(resolveQuestion(q('Website'), ctx)).toMatchObject({ source: 'profile.portfolioUrl' });
    expect(resolveQuestion(q('Where are you currently located?'), ctx)).toMatchObject({ value: 'Bristol, United Kingdom' });
    expect(resolveQuestion(q('Years of experience', 'number'), ctx)).toMatchObject({ value: '7', source: 'profile.experienceYears' });
  });

  it('prefers the answer bank first and last name over splitting the full name', () => {
    const applicant = testApplicant({ fullName: 'María José García López', answers: { ...testApplicant().answers, firstName: 'María José', lastName: 'García López' } });
    expect(resolveQuestion(q('First Name'), { applicant, coverLetter: null })).toMatchObject({ value: 'María José', source: 'answers.firstName' });
  });

  it('never answers a skill-specific experience question from total experience', () => {
    expect(resolveQuestion(q('How many years of experience do you have with Kubernetes?', 'number'), ctx)).toEqual({ kind: 'missing', why: 'no answer in the profile or answer bank' });
  });

  it('maps answer bank booleans and strings onto the form options', () => {
    expect(resolveQuestion(q('Will you now or in the future require sponsorship?', 'select', ['Select...', 'Yes', 'No']), ctx)).toEqual({ kind: 'choice', option: 'No', source: 'answers.requiresSponsorship' });
    expect(resolveQuestion(q('Are you legally authorized to work in the United Kingdom?', 'combobox', ['Yes', 'No']), ctx)).toMatchObject({ option: 'Yes', source: 'answers.workAuthorization' });
    expect(resolveQuestion(q('Are you willing to relocate?', 'radio', ['Yes', 'No']), ctx)).toMatchObject({ option: 'Yes' });
    expect(resolveQuestion(q('What is your notice period?'), ctx)).toMatchObject({ value: '4 weeks', source: 'answers.noticePeriod' });
    expect(resolveQuestion(q('Salary expectations'), ctx)).toMatchObject({ value: '£85,000' });
  });

  it("turns an EEO 'decline' into the form's own decline option, whatever it is called", () => {
    expect(resolveQuestion(q('Gender', 'select', ['Male', 'Female', 'Decline To Self Identify']), ctx)).toMatchObject({ option: 'Decline To Self Identify', source: 'answers.eeo.gender' });
    expect(resolveQuestion(q('Veteran Status', 'combobox', ['I am a protected veteran', 'I am not a protected veteran', "I don't wish to answer"]), ctx)).toMatchObject({ option: "I don't wish to answer" });
    expect(resolveQuestion(q('Are you Hispanic/Latino?', 'radio', ['Yes', 'No', 'Prefer not to say']), ctx)).toMatchObject({ source: 'answers.eeo.hispanicLatino', option: 'Prefer not to say' });
  });

  it('an EEO question the user did not answer stays unanswered, never picked', () => {
    const applicant = testApplicant({ answers: { custom: [] } });
    expect(resolveQuestion(q('Gender', 'select', ['Male', 'Female']), { applicant, coverLetter: null })).toMatchObject({ kind: 'missing' });
    expect(resolveQuestion(q('Gender', 'select', ['Male', 'Female'], false), { applicant, coverLetter: null })).toMatchObject({ kind: 'skip' });
  });

  it('matches custom question/answer pairs by wording, not by a single shared word', () => {
    expect(findAnswer('Are you at least 18 years of age?*', ctx)).toEqual({ value: 'Yes', source: 'answers.custom[1]' });
    expect(findAnswer('Do you agree to our terms of age verification?', ctx)).toBeUndefined();
    expect(findAnswer('Describe a project you are proud of.', ctx)?.source).toBe('answers.custom[5]');
    expect(findAnswer('Describe a failure you learned from', ctx)).toBeUndefined();
  });

  it('a near wording never carries an answer across a differing number or name', () => {
    const consent = 'I consent to Acme Corp processing my personal data for recruitment purposes in line with its privacy notice';
    const applicant = testApplicant({
      answers: { custom: [{ question: consent, answer: 'Yes' }, { question: 'Do you have at least 5 years of professional Python experience?', answer: 'Yes' }] },
    });
    const own = { applicant, coverLetter: null };
    // One word apart in twelve: near enough by wording, but another company's consent.
    expect(findAnswer(consent.replace('Acme', 'Globex'), own)).toBeUndefined();
    // A generic saved question answers one that names the company applied to, and no other.
    const generic = { applicant: testApplicant(), coverLetter: null };
    const obligations = 'Do you have any contractual obligations, agreements, relationships, or commitments to another person or entity that would impact your ability to join';
    expect(findAnswer(`${obligations} Acme Robotics?`, { ...generic, job: { company: 'Acme Robotics', location: null } })?.source).toBe('answers.custom[4]');
    expect(findAnswer(`${obligations} Globex?`, { ...generic, job: { company: 'Acme Robotics', location: null } })).toBeUndefined();
    expect(findAnswer('Do you have at least 8 years of professional Python experience?', own)).toBeUndefined();
    // Applying to Acme Corp, its consent matches; the same question worded a little differently still finds the user's answer.
    const toAcme = { ...own, job: { company: 'Acme Corp', location: null } };
    expect(findAnswer(consent.replace('Acme Corp', 'Globex Corp'), toAcme)).toBeUndefined();
    expect(findAnswer('I consent to Acme Corp processing my personal data for recruitment purposes in line with the privacy notice.', own)).toEqual({ value: 'Yes', source: 'answers.custom[0]' });
  });

  it('ticks a required acknowledgement only when the user wrote the answer', () => {
    expect(resolveQuestion(q('Privacy Policy', 'checkboxes', ['Acknowledge']), ctx)).toMatchObject({ kind: 'choice', option: 'Acknowledge' });
    expect(resolveQuestion(q('I agree to the terms of service', 'checkbox'), ctx)).toMatchObject({ kind: 'missing' });
  });

  it('a required question with no answer is missing; an optional one is skipped', () => {
    expect(resolveQuestion(q('What is your favourite colour?'), ctx)).toMatchObject({ kind: 'missing' });
    expect(resolveQuestion(q('What is your favourite colour?', 'text', [], false), ctx).kind).toBe('skip');
  });

  it('puts the resume and cover letter in their own upload slots and never fills a photo', () => {
    // What a profile stores once it has kept the user's upload (shared/resumes/reference.ts).
    const applicant = testApplicant({ resumeUrl: 's3://uploads/resumes/1/6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b/cv.pdf' });
    expect(resolveQuestion(q('Resume/CV', 'file'), { applicant, coverLetter: 'x' })).toEqual({ kind: 'file', slot: 'resume', source: 'profile.resumeUrl' });
    expect(resolveQuestion(q('Cover Letter', 'file'), { applicant, coverLetter: 'x' })).toMatchObject({ slot: 'coverLetter' });
    expect(resolveQuestion(q('Profile photo', 'file', [], false), { applicant, coverLetter: 'x' }).kind).toBe('skip');
    expect(resolveQuestion(q('Resume', 'file'), { applicant: testApplicant(), coverLetter: null })).toMatchObject({ kind: 'missing', why: 'the form has a resume slot and the profile has no resume' });
    expect(resolveQuestion(q('Resume (optional)', 'file', [], false), { applicant: testApplicant(), coverLetter: null }).kind).toBe('missing');
  });

  it('a slot is the resume\'s when its label says resume, résumé, CV or curriculum vitae as a word', () => {
    const applicant = testApplicant({ resumeUrl: '/tmp/cv.pdf' });
    for (const label of ['Upload your résumé', 'CV', 'Curriculum vitae (PDF)', 'Resume/CV']) {
      expect(resolveQuestion(q(label, 'file'), { applicant, coverLetter: null }), label).toMatchObject({ kind: 'file', slot: 'resume' });
    }
    for (const label of ['Attachment', 'Resumed projects', 'CVV scan']) {
      expect(resolveQuestion(q(label, 'file', [], false), { applicant, coverLetter: null }), label).toMatchObject({ kind: 'skip' });
    }
  });

  it('an answer that fits no option is not forced onto one', () => {
    expect(resolveQuestion(q('What is your notice period?', 'select', ['Immediately', '1 month', '3 months']), ctx)).toMatchObject({ kind: 'missing' });
  });
});

describe('option choice', () => {
  it('needs a unique match', () => {
    expect(chooseOption('Female', ['Male', 'Female', 'Non-binary'])).toBe('Female');
    expect(chooseOption('engineer', ['Software engineer', 'Data engineer'])).toBeNull();
    expect(chooseOption(true, ['Yes', 'No'])).toBe('Yes');
    expect(chooseOption('Yes, I am authorized to work in the UK', ['Yes', 'No'])).toBe('Yes');
    expect(chooseOption('decline', ['Yes', 'No'], { decline: true })).toBeNull();
  });
});
