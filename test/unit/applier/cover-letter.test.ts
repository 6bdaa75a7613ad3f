import { describe, expect, it } from 'vitest';
import { CoverLetterError, renderCoverLetter } from '../../../shared/applier/cover-letter';
import { testApplicant, testTask } from '../../fixtures/sites/forms/applicant';

describe('cover letter', () => {
  it('fills company, title, name and skills for the job', () => {
    const letter = renderCoverLetter(testTask('https://example.com'));
    expect(letter).toBe('Dear Acme Robotics team,\n\nI would like to apply for the Senior Software Engineer role. I work with TypeScript, PostgreSQL, AWS.\n\nKind regards,\nJane Q Doe');
  });

  it('allows spaces inside the braces', () => {
    const task = testTask('https://example.com', { applicant: testApplicant({ coverLetterTemplate: 'Hello {{ company }}, {{firstName}} here ({{ experienceYears }} years).' }) });
    expect(renderCoverLetter(task)).toBe('Hello Acme Robotics, Jane here (7 years).');
  });

  it('refuses an unknown placeholder and names it', () => {
    const task = testTask('https://example.com', { applicant: testApplicant({ coverLetterTemplate: 'Dear {{hiringManager}} at {{company}}, {{ favouriteColour }}' }) });
    expect(() => renderCoverLetter(task)).toThrow(CoverLetterError);
    expect(() => renderCoverLetter(task)).toThrow(/\{\{hiringManager\}\}, \{\{favouriteColour\}\}/);
  });

  it('refuses a known placeholder the profile has no value for, rather than leaving a gap', () => {
    const task = testTask('https://example.com', { applicant: testApplicant({ phone: null, coverLetterTemplate: 'Call me on {{phone}}' }) });
    expect(() => renderCoverLetter(task)).toThrow(/\{\{phone\}\} but the profile has no value/);
  });

  it('is null without a template', () => {
    expect(renderCoverLetter(testTask('https://example.com', { applicant: testApplicant({ coverLetterTemplate: null }) }))).toBeNull();
  });
});
