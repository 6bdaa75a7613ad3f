/**
 * Yes/no fact questions (sponsorship, work authorization, relocation, age): answered from the user's
 * answers only when the question is read with certainty and is about what the answer covers; every
 * other wording stops the attempt, named. The test applicant lives in Bristol, United Kingdom, needs no
 * sponsorship, is authorized ("Yes"), is willing to relocate, and saved "Are you at least 18 years of
 * age?": Yes. The job is Acme Robotics' in London unless a test says otherwise.
 */
import { describe, expect, it } from 'vitest';
import { resolveQuestion, type AnswerContext, type FormQuestion } from '../../../shared/applier/answers';
import type { Applicant } from '../../../shared/applier/port';
import { testApplicant } from '../../fixtures/sites/forms/applicant';

const LONDON_JOB = { company: 'Acme Robotics', location: 'London' };
const yesNo = (label: string): FormQuestion => ({ label, kind: 'select', required: true, options: ['Select...', 'Yes', 'No'] });
const answer = (label: string, applicant: Applicant = testApplicant(), job: AnswerContext['job'] | null = LONDON_JOB) =>
  resolveQuestion(yesNo(label), { applicant, coverLetter: null, job: job ?? undefined });
const chose = (option: string, source: string) => ({ kind: 'choice', option, source });
const unanswerable = (why: RegExp) => expect.objectContaining({ kind: 'missing', why: expect.stringMatching(why) });
const withAnswers = (answers: Partial<Applicant['answers']>, overrides: Partial<Applicant> = {}) =>
  testApplicant({ ...overrides, answers: { ...testApplicant().answers, ...answers } });
const saving = (...pairs: Array<[string, string]>) => withAnswers({ custom: [...testApplicant().answers.custom, ...pairs.map(([question, answer]) => ({ question, answer }))] });

describe('sponsorship (the applicant needs none)', () => {
  it.each([
    ['Will you now or in the future require sponsorship for employment in the United Kingdom?', 'No'],
    ['Will you now or in the future require visa sponsorship?', 'No'],
    ['Will you now, or in the future, require sponsorship for employment visa status (e.g., H-1B visa status)?', 'No'],
    ['Do you now, or will you in the future, require sponsorship for employment visa status (e.g. H-1B visa status)?', 'No'],
    ['Will you now or in the future require Acme Robotics to sponsor an immigration case in order to employ you?', 'No'],
    ['Will you now, or in the future, require sponsorship to obtain or maintain work authorization in the United Kingdom?', 'No'],
    ['Do you need visa sponsorship to work in the UK?', 'No'],
    ['Do you require visa sponsorship?', 'No'],
    ['Do you require sponsorship? Yes or no.', 'No'],
    ['Do you currently require sponsorship?', 'No'],
    ['Visa sponsorship required?', 'No'],
    ['If you are not a British citizen, will you require sponsorship?', 'No'],
    ['Are you able to work in the UK without sponsorship?', 'Yes'],
    ['Can you work in the United Kingdom without requiring sponsorship?', 'Yes'],
    ['Are you eligible to work in the UK without the need for sponsorship?', 'Yes'],
    ['Are you authorised to work in the UK, with no need for sponsorship now or in the future?', 'Yes'],
    ['Will you not require sponsorship, now or in the future?', 'Yes'],
  ])('%s → %s', (label, option) => {
    expect(answer(label)).toEqual(chose(option, 'answers.requiresSponsorship'));
  });

  it('a statement to tick is read as the question it answers', () => {
    const box = (label: string): FormQuestion => ({ label, kind: 'checkbox', required: true, options: [] });
    expect(resolveQuestion(box('I do not require sponsorship'), { applicant: testApplicant(), coverLetter: null })).toEqual({ kind: 'check', checked: true, source: 'answers.requiresSponsorship' });
    expect(resolveQuestion(box('I will require visa sponsorship'), { applicant: testApplicant(), coverLetter: null })).toEqual({ kind: 'check', checked: false, source: 'answers.requiresSponsorship' });
  });

  it('turns round for an applicant who needs sponsorship', () => {
    const needs = withAnswers({ requiresSponsorship: true });
    expect(answer('Can you work in the United Kingdom without requiring sponsorship?', needs)).toEqual(chose('No', 'answers.requiresSponsorship'));
    expect(answer('Will you require sponsorship?', needs)).toEqual(chose('Yes', 'answers.requiresSponsorship'));
  });

  it('a need "now or in the future" does not answer whether it is needed now', () => {
    expect(answer('Do you currently require sponsorship?', withAnswers({ requiresSponsorship: true }))).toEqual(unanswerable(/need sponsorship now, and your answer \(answers\.requiresSponsorship\) is about now or in the future/));
  });

  it('"without any sponsorship or visa" asks whether a visa is needed at all: only the user\'s own answer to it answers it', () => {
    const label = 'Are you eligible to work in the UK without any sponsorship or visa?';
    expect(answer(label)).toEqual(chose('Yes', 'answers.custom[7]'));
    const unsaved = withAnswers({ custom: testApplicant().answers.custom.filter((pair) => pair.question !== label) });
    expect(answer(label, unsaved)).toEqual(unanswerable(/visa, citizenship or residence status/));
  });

  it.each([
    ['Visa sponsorship', /not one the applier reads with certainty/],
    ['Are you authorized to work in the UK, or will you require sponsorship?', /more than one question/],
    ['Are you not able to work without sponsorship?', /other way round/],
    ['Will you now or in the future require visa sponsorship or a visa transfer?', /visa, citizenship or residence status/],
  ])('cannot be told: %s', (label, why) => {
    expect(answer(label)).toEqual(unanswerable(why));
  });
});

describe('work authorization (the applicant is authorized: "Yes")', () => {
  it.each([
    ['Are you legally authorized to work in the United Kingdom for any UK employer now and in the future?', 'Yes'],
    ['Are you legally authorized to work in the United Kingdom?', 'Yes'],
    ['Are you legally authorized to work in the U.K.?', 'Yes'],
    ['Are you authorised to work in the UK?', 'Yes'],
    ['Are you legally eligible to work in the United Kingdom?', 'Yes'],
    ['Are you authorized to work lawfully in the UK?', 'Yes'],
    ['Are you currently authorized to work in the country where this job is located?', 'Yes'],
    ['Are you legally authorized to work in the country for which you are applying?', 'Yes'],
    ['Work authorization: Are you legally authorized to work in the UK?', 'Yes'],
    ['Do you have the right to work in the UK?', 'Yes'],
    ['Do you have the legal right to work in the United Kingdom?', 'Yes'],
    ['Will you require work authorization to work in the UK?', 'No'],
    ['Are you not legally permitted to work in the UK?', 'No'],
  ])('%s → %s', (label, option) => {
    expect(answer(label)).toEqual(chose(option, 'answers.workAuthorization'));
  });

  it('a written answer that is not a yes or no answers only the question asked its own way round', () => {
    const visa = withAnswers({ workAuthorization: 'I hold a Skilled Worker visa' });
    const text = (label: string): FormQuestion => ({ label, kind: 'text', required: true, options: [] });
    expect(resolveQuestion(text('Are you legally authorized to work in the UK?'), { applicant: visa, coverLetter: null })).toMatchObject({ kind: 'text', value: 'I hold a Skilled Worker visa' });
    expect(resolveQuestion(text('Will you require work authorization to work in the UK?'), { applicant: visa, coverLetter: null })).toEqual(unanswerable(/not a yes or no/));
  });

  it.each([
    ['Do you have unrestricted right to work in the UK?'],
    ['Are you authorised to work in the UK with no restrictions?'],
    ['Are you authorized to work in the UK on a Skilled Worker visa?'],
    ['Do you have a work permit?'],
  ])('asks for more than a yes to "authorized": %s', (label) => {
    expect(answer(label)).toEqual(expect.objectContaining({ kind: 'missing' }));
  });
});

describe('the country a question is about', () => {
  const inAustin = (answers: Partial<Applicant['answers']> = {}) => withAnswers(answers, { location: 'Austin, TX' });

  it('a UK-based applicant\'s answers do not cover the United States', () => {
    expect(answer('Are you legally authorized to work in the United States?')).toEqual(unanswerable(/asks about United States, and your answer \(answers\.workAuthorization\) is read as covering United Kingdom, the country of your profile's location/));
    expect(answer('Will you require sponsorship to work in the US?')).toEqual(unanswerable(/covering United Kingdom/));
    expect(answer('Can you work in the United States without requiring sponsorship?')).toEqual(unanswerable(/covering United Kingdom/));
  });

  it('an applicant in Austin, TX answers for the United States and not for the United Kingdom', () => {
    const job = { company: 'Acme Robotics', location: 'Austin, TX' };
    expect(answer('Are you legally authorized to work in the United States?', inAustin(), job)).toEqual(chose('Yes', 'answers.workAuthorization'));
    expect(answer('Will you now or in the future require visa sponsorship?', inAustin(), job)).toEqual(chose('No', 'answers.requiresSponsorship'));
    expect(answer('Are you legally authorized to work in the United Kingdom?', inAustin(), job)).toEqual(unanswerable(/covering United States/));
  });

  it('a question naming no country is about the job\'s country, when its location names one', () => {
    const label = 'Will you now or in the future require visa sponsorship?';
    expect(answer(label, testApplicant(), { company: 'Acme Robotics', location: 'London, England, United Kingdom' })).toEqual(chose('No', 'answers.requiresSponsorship'));
    expect(answer(label, testApplicant(), { company: 'Acme Robotics', location: 'Austin, TX' })).toEqual(unanswerable(/asks about United States/));
    expect(answer('Are you legally authorized to work in the country where this job is located?', testApplicant(), { company: 'Globex', location: 'Remote - US' })).toEqual(unanswerable(/asks about United States/));
    expect(answer(label, testApplicant(), { company: 'Acme Robotics', location: 'London, UK or New York, NY' })).toEqual(unanswerable(/names more than one/));
  });

  it('a profile whose location names no country covers no named country', () => {
    const nowhere = testApplicant({ location: 'Bristol' });
    expect(answer('Are you legally authorized to work in the United Kingdom?', nowhere)).toEqual(unanswerable(/your profile's location names no country/));
    expect(answer('Will you now or in the future require visa sponsorship?', nowhere)).toEqual(unanswerable(/asks about United Kingdom, and your profile's location names no country/));
    // Nothing says which country a remote job's question is about: it is taken to be the user's own.
    expect(answer('Will you now or in the future require visa sponsorship?', nowhere, { company: 'Acme Robotics', location: 'Remote' })).toEqual(chose('No', 'answers.requiresSponsorship'));
  });

  it('a job in a well-known city is in its country; the user\'s own location must say its country', () => {
    expect(answer('Will you now or in the future require visa sponsorship?', testApplicant(), { company: 'Acme Robotics', location: 'Berlin' })).toEqual(unanswerable(/asks about Germany/));
    expect(answer('Will you now or in the future require visa sponsorship?', testApplicant({ location: 'London' }), { company: 'Acme Robotics', location: 'Remote' })).toEqual(chose('No', 'answers.requiresSponsorship'));
    expect(answer('Are you legally authorized to work in the UK?', testApplicant({ location: 'London' }))).toEqual(unanswerable(/names no country/));
  });

  it('the user\'s answer to a question naming a country answers that country\'s questions, however worded', () => {
    const alsoUs = saving(['Are you legally authorized to work in the United States?', 'No']);
    expect(answer('Are you authorized to work in the US?', alsoUs)).toEqual(chose('No', 'answers.custom[8]'));
    expect(answer('Will you require work authorization to work in the United States?', alsoUs)).toEqual(chose('Yes', 'answers.custom[8]'));
    expect(answer('Are you legally authorized to work in the UK?', alsoUs)).toEqual(chose('Yes', 'answers.workAuthorization'));
  });

  it('saved answers asked either way round that agree answer it', () => {
    const agree = saving(['Are you legally authorized to work in the United States?', 'Yes'], ['Will you require work authorization to work in the US?', 'No']);
    expect(answer('Do you have the right to work in the US?', agree)).toEqual(chose('Yes', 'answers.custom[8]'));
  });

  it('saved answers that disagree stop the question', () => {
    const both = saving(['Are you legally authorized to work in the United States?', 'No'], ['Do you have the right to work in the US?', 'Yes']);
    expect(answer('Are you authorized to work in the US?', both)).toEqual(unanswerable(/saved answers to it disagree \(answers\.custom\[8\], answers\.custom\[9\]\)/));
  });

  it('several countries at once', () => {
    expect(answer('Would you require sponsorship to work in Canada, the US or the UK?')).toEqual(unanswerable(/more than one country/));
  });
});

describe('relocation (the applicant is willing)', () => {
  it.each([
    ['Are you willing to relocate?', 'Yes'],
    ['Willing to relocate?', 'Yes'],
    ['Are you open to relocation?', 'Yes'],
    ['Are you willing to relocate to London?', 'Yes'],
    ['Are you open to relocating to our London office?', 'Yes'],
    ['Would you be open to relocating for this role?', 'Yes'],
    ['Would you consider relocating if the role required it?', 'Yes'],
    ['I am willing to relocate', 'Yes'],
    ['Are you unwilling to relocate?', 'No'],
    ['Would you not be open to relocating?', 'No'],
  ])('%s → %s', (label, option) => {
    expect(answer(label)).toEqual(chose(option, 'answers.willingToRelocate'));
  });

  it('an applicant who will not move', () => {
    expect(answer('Are you unwilling to relocate?', withAnswers({ willingToRelocate: false }))).toEqual(chose('Yes', 'answers.willingToRelocate'));
  });

  it('a place other than the job\'s is another question', () => {
    expect(answer('Are you willing to relocate to London?', testApplicant(), { company: 'Acme Robotics', location: 'Austin, TX' })).toEqual(unanswerable(/relocating to london, and this job is in "Austin, TX"/));
    expect(answer('Are you willing to relocate to our Austin office?', testApplicant(), { company: 'Acme Robotics', location: 'Austin, TX' })).toEqual(chose('Yes', 'answers.willingToRelocate'));
    expect(answer('Are you willing to relocate to the United States?')).toEqual(unanswerable(/relocating to United States/));
    expect(answer('Are you willing to relocate to the United Kingdom?')).toEqual(chose('Yes', 'answers.willingToRelocate'));
    expect(answer('Are you willing to relocate to London?', testApplicant(), null)).toEqual(unanswerable(/the job names no place/));
  });

  it.each([
    ['Do you require relocation assistance?', /more than whether you are willing to relocate/],
    ['Are you currently located in or willing to relocate to London?', /more than whether you are willing to relocate/],
    ['Relocation', /not one the applier reads/],
    ['Are you willing to relocate or commute to our Austin office?', /more than whether you are willing to relocate/],
    ['Are you willing to relocate? We do not offer relocation assistance', /a sentence beside the question/],
    ['Are you open to relocation? If not, please tell us why.', /what follows from the answer/],
  ])('another question: %s', (label, why) => {
    expect(answer(label)).toEqual(unanswerable(why));
  });
});

describe('age (the applicant saved "Are you at least 18 years of age?": Yes)', () => {
  it.each([
    ['Are you 18 years of age or older?', 'Yes'],
    ['Are you 18 years old or above?', 'Yes'],
    ['Are you 18+?', 'Yes'],
    ['I am at least 18 years of age', 'Yes'],
    ['Are you under 18?', 'No'],
    ['Are you under the age of 18?', 'No'],
    ['Are you not at least 18 years old?', 'No'],
  ])('%s → %s', (label, option) => {
    expect(answer(label)).toEqual(chose(option, 'answers.custom[1]'));
  });

  it('a saved "No" turns round the same way', () => {
    const minor = withAnswers({ custom: [{ question: 'Are you at least 18 years of age?', answer: 'No' }] });
    expect(answer('Are you under 18?', minor)).toEqual(chose('Yes', 'answers.custom[0]'));
  });

  it.each([
    ['Are you over 18?'],
    ['Are you at least 21 years of age?'],
    ['Are you 21 or over?'],
  ])('no saved answer to compare: %s', (label) => {
    expect(answer(label)).toEqual(unanswerable(/no saved answer asks about this age/));
  });

  it.each([
    ['Are you under 18 years of age or older than 65?', /not one the applier reads/],
    ['Are you over 18 or under 21?', /more than one age/],
    ['Can you provide proof that you are over 18?', /not one the applier reads/],
    ['Will you not be 18 by the start date?', /other way round/],
  ])('cannot be told: %s', (label, why) => {
    expect(answer(label)).toEqual(unanswerable(why));
  });
});

/**
 * The review of issue 11 (notes/review-polarity.md): each of these was answered, wrongly, for this
 * applicant. Each now stops, named, or (where the wording is one of the frames) gets the right answer.
 */
describe('questions that were answered wrongly', () => {
  it.each([
    ['Are you able to work with no sponsorship required?', 'Yes'],
    ['Are you able to work with no need for sponsorship?', 'Yes'],
  ])('"with no sponsorship" is "without": %s → %s', (label, option) => {
    expect(answer(label)).toEqual(chose(option, 'answers.requiresSponsorship'));
  });

  it.each([
    ['Are you able to work in the US with no sponsorship required?', /asks about United States/],
    ['Are you able to work in the US with no need for sponsorship?', /asks about United States/],
    ['We cannot offer visa sponsorship - will you require sponsorship to work in the UK?', /what the employer does not do/],
    ['Will you require sponsorship, as we are unable to sponsor visas at this time?', /what the employer does not do/],
    ['Would you relocate if we did not pay for it?', /what the employer does not do/],
    ['Are you at least 18 years of age, and if not, do you have a work permit?', /what follows from the answer/],
    ['Are you legally authorized to work in the UK, and if not, will you be by the start date?', /what follows from the answer/],
    ['Are you willing to relocate, and if not, would you work remotely?', /what follows from the answer/],
    ['Are you at least 18 years old and not currently enrolled in school?', /other way round/],
    ['Are you authorized to work in the UK? If not, do you require sponsorship?', /what follows from the answer/],
    ['Are you legally authorized to work in the United Kingdom? Will you require sponsorship?', /more than one question/],
    ['Are you eligible to work in the UK without restriction, and will you require sponsorship in the future?', /more than one question/],
    ['Would relocating be a problem for you?', /other way round/],
    ['Will relocation be an issue for you?', /other way round/],
    ['Would you have any concerns about relocating?', /other way round/],
    ['Would you refuse to relocate?', /other way round/],
    ['Is there anything preventing you from being authorized to work in the UK?', /other way round/],
    ['Is your right to work in the UK time-limited?', /other way round/],
    ['Does your right to work in the UK depend on a visa?', /visa, citizenship or residence status/],
    ['Are you able to start work without first relocating?', /other way round/],
    ['Does your spouse require sponsorship?', /someone other than you/],
    ['Did you need sponsorship at your last employer?', /the past/],
    ['Have you ever been refused a visa or required sponsorship?', /the past/],
    ['Do you hold a visa that does not require sponsorship?', /visa, citizenship or residence status/],
    ['Are you a US citizen or permanent resident not requiring sponsorship?', /visa, citizenship or residence status/],
    ['Are you legally authorized to work in the United States?', /asks about United States/],
  ])('stops: %s', (label, why) => {
    expect(answer(label)).toEqual(unanswerable(why));
  });
});
