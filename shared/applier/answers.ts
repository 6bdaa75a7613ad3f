/**
 * From a form question to the user's own answer. Values come only from the Applicant (profile fields,
 * links, skills, experience) and its answer bank; a question nothing here answers is reported as
 * missing when the form requires it and left alone when it does not. Nothing is guessed.
 */
import { customAnswer, exactCustom, similarCustom, type Answer, type Lookup } from './answer-bank';
import type { Applicant } from './port';
import { chooseOption } from './options';
import { polarAnswer } from './polar-answer';
import { readPolarQuestion } from './polarity';
import { resumeWording } from './resume-wording';
import { normalize } from './text';

export type FieldKind =
  | 'text' | 'email' | 'tel' | 'url' | 'number' | 'textarea'
  | 'select' | 'radio' | 'checkbox' | 'checkboxes' | 'combobox' | 'buttons' | 'file';

export interface FormQuestion {
  label: string;
  kind: FieldKind;
  required: boolean;
  /** Choice fields: the options' visible text (a custom dropdown's are read once it is opened). */
  options: string[];
}

export type { Answer, Lookup } from './answer-bank';

export type Resolution =
  | { kind: 'text'; value: string; source: string }
  | { kind: 'choice'; option: string; source: string }
  | { kind: 'check'; checked: boolean; source: string }
  | { kind: 'file'; slot: 'resume' | 'coverLetter'; source: string }
  | { kind: 'skip'; why: string }
  | { kind: 'missing'; why: string };

export interface AnswerContext {
  applicant: Applicant;
  /** The cover letter rendered for this job, or null when the profile has no template. */
  coverLetter: string | null;
  /** The job applied to: its employer and place are what unnamed ones in a question mean (./polar-answer). */
  job?: { company: string; location: string | null };
}

type Rule = [RegExp, (ctx: AnswerContext) => Answer | undefined];

const given = <T>(value: T | null | undefined, source: string, declinable = false): Answer | undefined =>
  value === null || value === undefined || value === '' ? undefined : { value: typeof value === 'number' ? String(value) : (value as string | boolean), source, declinable };

function nameParts(fullName: string): { first: string; last: string } | undefined {
  const parts = fullName.trim().split(/\s+/);
  return parts.length >= 2 ? { first: parts[0] as string, last: parts.slice(1).join(' ') } : undefined;
}

/** Checked in order: the more specific wording first ("Hispanic" before "race", a cover letter before anything it mentions). */
const FIRST_RULES: Rule[] = [
  [/cover(ing)? letter/, (c) => given(c.coverLetter, 'cover letter template')],
  [/hispanic|latin[oa]/, (c) => given(c.applicant.answers.eeo?.hispanicLatino, 'answers.eeo.hispanicLatino', true)],
  [/\bgender\b|\bsex\b/, (c) => given(c.applicant.answers.eeo?.gender, 'answers.eeo.gender', true)],
  [/\brace\b|ethnicity/, (c) => given(c.applicant.answers.eeo?.race, 'answers.eeo.race', true)],
  [/veteran/, (c) => given(c.applicant.answers.eeo?.veteran, 'answers.eeo.veteran', true)],
  [/disabilit/, (c) => given(c.applicant.answers.eeo?.disability, 'answers.eeo.disability', true)],
];

/** After the yes/no facts (sponsorship, work authorization, relocation, age: ./polarity). */
const RULES: Rule[] = [
  [/notice period|when (can|could) you start|earliest start|start date|available to start/, (c) => given(c.applicant.answers.noticePeriod, 'answers.noticePeriod')],
  [/salary|compensation|pay expectation|desired pay|expected pay/, (c) => given(c.applicant.answers.salaryExpectation, 'answers.salaryExpectation')],
  [/linkedin/, (c) => given(c.applicant.linkedinUrl, 'profile.linkedinUrl')],
  [/github/, (c) => given(c.applicant.githubUrl, 'profile.githubUrl')],
  [/portfolio|website|personal (site|url|page)|\bblog\b/, (c) => given(c.applicant.portfolioUrl, 'profile.portfolioUrl')],
  [/first name|given name|forename/, (c) => c.applicant.answers.firstName ? given(c.applicant.answers.firstName, 'answers.firstName') : given(nameParts(c.applicant.fullName)?.first, 'profile.fullName')],
  [/last name|surname|family name/, (c) => c.applicant.answers.lastName ? given(c.applicant.answers.lastName, 'answers.lastName') : given(nameParts(c.applicant.fullName)?.last, 'profile.fullName')],
  [/^(full |legal |your )?name$|full name|legal name/, (c) => given(c.applicant.fullName, 'profile.fullName')],
  [/e ?mail/, (c) => given(c.applicant.email, 'profile.email')],
  [/phone|mobile|telephone/, (c) => given(c.applicant.phone, 'profile.phone')],
  [/^(current )?location$|located|where are you based|\bcity\b|reside|where do you live/, (c) => given(c.applicant.location, 'profile.location')],
  // Total experience only: "years of experience with Kubernetes" is a different question, never answered from the total.
  [/^(how many )?(total |overall )?years (of )?(professional |relevant |work )?experience( do you have)?$/, (c) => given(c.applicant.experienceYears, 'profile.experienceYears')],
  [/^((your|key|technical|relevant) )?skills$|list your skills/, (c) => given(c.applicant.skills.length ? c.applicant.skills.join(', ') : undefined, 'profile.skills')],
];

const wrap = (answer: Answer | undefined): Lookup | undefined => (answer ? { answer } : undefined);

/** The user's answer to a question, why it cannot be answered, or undefined when nothing the user wrote speaks to it. */
export function lookUpAnswer(label: string, ctx: AnswerContext): Lookup | undefined {
  // The user's own answer to this very question, whatever it is about.
  const exact = exactCustom(label, ctx.applicant);
  if (exact !== undefined) return { answer: customAnswer(exact, ctx.applicant) };
  const wording = normalize(label);
  const reading = readPolarQuestion(label, { company: ctx.job?.company });
  // A yes/no fact question is read for its polarity before any near-wording answers it.
  const similar = reading ? undefined : similarCustom(label, ctx.applicant, ctx.job?.company);
  if (similar !== undefined) return { answer: customAnswer(similar, ctx.applicant) };
  for (const [pattern, answer] of FIRST_RULES) if (pattern.test(wording)) return wrap(answer(ctx));
  if (reading) return polarAnswer(reading, ctx);
  for (const [pattern, answer] of RULES) if (pattern.test(wording)) return wrap(answer(ctx));
  return undefined;
}

/** The user's answer to a question, wherever it is written, or undefined. */
export function findAnswer(label: string, ctx: AnswerContext): Answer | undefined {
  const found = lookUpAnswer(label, ctx);
  return found && 'answer' in found ? found.answer : undefined;
}

const YES = /^(yes|y|true|i agree|agree|accept|i accept|acknowledge|i acknowledge|checked)$/;
const NO = /^(no|n|false|unchecked)$/;

function unanswered(q: FormQuestion, why: string): Resolution {
  return q.required ? { kind: 'missing', why } : { kind: 'skip', why };
}

/** What to put in one field. */
export function resolveQuestion(q: FormQuestion, ctx: AnswerContext): Resolution {
  const wording = normalize(q.label);
  if (q.kind === 'file') {
    if (/photo|picture|avatar|headshot|image/.test(wording)) return unanswered(q, 'photo uploads are never filled');
    if (/cover(ing)? letter/.test(wording)) {
      return ctx.coverLetter ? { kind: 'file', slot: 'coverLetter', source: 'cover letter template' } : unanswered(q, 'the profile has no cover letter template');
    }
    if (resumeWording.test(wording)) {
      // A form with a resume slot gets the resume or no application, optional slot or not.
      return ctx.applicant.resumeUrl ? { kind: 'file', slot: 'resume', source: 'profile.resumeUrl' } : { kind: 'missing', why: 'the form has a resume slot and the profile has no resume' };
    }
    return unanswered(q, 'an upload the profile has nothing for');
  }
  const found = lookUpAnswer(q.label, ctx);
  if (!found) return unanswered(q, 'no answer in the profile or answer bank');
  if ('unanswerable' in found) return unanswered(q, found.unanswerable);
  const { answer } = found;
  switch (q.kind) {
    case 'select': case 'radio': case 'combobox': case 'buttons': case 'checkboxes': {
      const option = chooseOption(answer.value, q.options, { decline: answer.declinable });
      return option ? { kind: 'choice', option, source: answer.source } : unanswered(q, `the answer (${answer.source}) matches none of the options`);
    }
    case 'checkbox': {
      const value = typeof answer.value === 'boolean' ? answer.value : YES.test(normalize(answer.value)) ? true : NO.test(normalize(answer.value)) ? false : undefined;
      return value === undefined ? unanswered(q, `the answer (${answer.source}) is not a yes or no`) : { kind: 'check', checked: value, source: answer.source };
    }
    case 'number': {
      const text = typeof answer.value === 'boolean' ? '' : answer.value.trim();
      return /^-?\d+(\.\d+)?$/.test(text) ? { kind: 'text', value: text, source: answer.source } : unanswered(q, `the answer (${answer.source}) is not a number`);
    }
    default:
      return { kind: 'text', value: typeof answer.value === 'boolean' ? (answer.value ? 'Yes' : 'No') : answer.value, source: answer.source };
  }
}
