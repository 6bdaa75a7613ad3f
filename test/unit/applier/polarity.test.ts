/**
 * Yes/no fact questions asked either way round: the answer is the user's fact read through the
 * question's polarity, and a question whose polarity cannot be told stops the attempt, named.
 */
import { describe, expect, it } from 'vitest';
import { resolveQuestion, type FormQuestion } from '../../../shared/applier/answers';
import type { Applicant } from '../../../shared/applier/port';
import { testApplicant } from '../../fixtures/sites/forms/applicant';

const yesNo = (label: string): FormQuestion => ({ label, kind: 'select', required: true, options: ['Select...', 'Yes', 'No'] });
const answer = (label: string, applicant: Applicant = testApplicant()) => resolveQuestion(yesNo(label), { applicant, coverLetter: null });
const chose = (option: string, source: string) => ({ kind: 'choice', option, source });
const unanswerable = (why: RegExp) => expect.objectContaining({ kind: 'missing', why: expect.stringMatching(why) });
const withAnswers = (answers: Partial<Applicant['answers']>) => testApplicant({ answers: { ...testApplicant().answers, ...answers } });

describe('sponsorship (the applicant needs none)', () => {
  it.each([
    ['Will you now or in the future require sponsorship for employment in the United Kingdom?', 'No'],
    ['Do you need visa sponsorship to work in the UK?', 'No'],
    ['Do you now, or will you in the future, require sponsorship for employment visa status (e.g. H-1B visa status)?', 'No'],
    ['If you are not a British citizen, will you require sponsorship?', 'No'],
    ['Are you eligible to work in the UK without any sponsorship or visa?', 'Yes'],
    ['Can you work in the United States without requiring sponsorship?', 'Yes'],
    ['Will you not require sponsorship, now or in the future?', 'Yes'],
  ])('%s → %s', (label, option) => {
    expect(answer(label)).toEqual(chose(option, 'answers.requiresSponsorship'));
  });

  it('turns round for an applicant who needs sponsorship', () => {
    const needs = withAnswers({ requiresSponsorship: true });
    expect(answer('Are you eligible to work in the UK without any sponsorship or visa?', needs)).toEqual(chose('No', 'answers.requiresSponsorship'));
    expect(answer('Will you require sponsorship?', needs)).toEqual(chose('Yes', 'answers.requiresSponsorship'));
  });

  it.each([
    ['Visa sponsorship', /does not say whether Yes means needing sponsorship/],
    ['Are you authorized to work in the UK, or will you require sponsorship?', /two questions/],
    ['Are you not able to work without sponsorship?', /negatives/],
  ])('cannot be told: %s', (label, why) => {
    expect(answer(label)).toEqual(unanswerable(why));
  });
});

describe('work authorization (the applicant is authorized: "Yes")', () => {
  it.each([
    ['Are you legally authorized to work in the United Kingdom for any UK employer now and in the future?', 'Yes'],
    ['Do you have the right to work in the UK?', 'Yes'],
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
});

describe('relocation (the applicant is willing)', () => {
  it.each([
    ['Are you willing to relocate to London?', 'Yes'],
    ['Would you be open to relocating for this role?', 'Yes'],
    ['Are you unwilling to relocate?', 'No'],
    ['Would you not be open to relocating?', 'No'],
  ])('%s → %s', (label, option) => {
    expect(answer(label)).toEqual(chose(option, 'answers.willingToRelocate'));
  });

  it('an applicant who will not move', () => {
    expect(answer('Are you unwilling to relocate?', withAnswers({ willingToRelocate: false }))).toEqual(chose('Yes', 'answers.willingToRelocate'));
  });

  it.each([
    ['Do you require relocation assistance?', /more than whether the user is willing/],
    ['Are you currently located in or willing to relocate to London?', /more than whether the user is willing/],
    ['Relocation', /does not ask whether the user is willing/],
  ])('another question: %s', (label, why) => {
    expect(answer(label)).toEqual(unanswerable(why));
  });
});

describe('age (the applicant saved "Are you at least 18 years of age?": Yes)', () => {
  it.each([
    ['Are you 18 years of age or older?', 'Yes'],
    ['Are you 18+?', 'Yes'],
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
  ])('no saved answer to compare: %s', (label) => {
    expect(answer(label)).toEqual(unanswerable(/no saved answer asks about this age/));
  });
});
