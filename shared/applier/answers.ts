/**
 * From a form question to the user's own answer. Values come only from the Applicant (profile fields,
 * links, skills, experience) and its answer bank; a question nothing here answers is reported as
 * missing when the form requires it and left alone when it does not. Nothing is guessed.
 */
import type { Applicant } from './port';
import { chooseOption } from './options';
import { readPolarQuestion, relate, type PolarReading, type PolarTopic } from './polarity';
import { normalize, wordingSimilarity } from './text';

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

export interface Answer {
  value: string | boolean;
  /** Where it came from: 'profile.email', 'answers.noticePeriod', 'answers.custom[2]'. */
  source: string;
  /** EEO answers may be the literal 'decline': the form's own decline option. */
  declinable?: boolean;
}

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
}

/** A custom pair answers a question when its wording is the same, or nearly (most content words shared). */
const CUSTOM_SIMILARITY = 0.75;

function exactCustom(label: string, applicant: Applicant): number | undefined {
  const index = applicant.answers.custom.findIndex((pair) => normalize(pair.question) === normalize(label));
  return index < 0 ? undefined : index;
}

function similarCustom(label: string, applicant: Applicant): number | undefined {
  let best: { score: number; index: number } | undefined;
  applicant.answers.custom.forEach((pair, index) => {
    const score = wordingSimilarity(pair.question, label);
    if (score >= CUSTOM_SIMILARITY && (!best || score > best.score)) best = { score, index };
  });
  return best?.index;
}

const customAnswer = (index: number, applicant: Applicant): Answer => ({ value: applicant.answers.custom[index]!.answer, source: `answers.custom[${index}]` });

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

/** A found answer, or why the question cannot be answered from what the user wrote. */
export type Lookup = { answer: Answer } | { unanswerable: string };

const TOPIC_NAMES: Record<PolarTopic, string> = { sponsorship: 'visa sponsorship', authorization: 'work authorization', relocation: 'relocation', age: 'age' };

/** "Yes" / "No" (and their like) as a boolean; undefined for anything else. */
function yesOrNo(value: string | boolean): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const lead = normalize(value).split(' ')[0] ?? '';
  return /^(yes|y|true)$/.test(lead) ? true : /^(no|n|false)$/.test(lead) ? false : undefined;
}

/** A stated fact answering a question asked `polarity` round: as it is, or its opposite when the question negates it. */
function through(polarity: 'affirms' | 'negates', fact: Answer, topic: PolarTopic): Lookup {
  if (polarity === 'affirms') return { answer: fact };
  const truth = yesOrNo(fact.value);
  if (truth === undefined) return { unanswerable: `the question asks about ${TOPIC_NAMES[topic]} the other way round, and the answer (${fact.source}) is not a yes or no` };
  return { answer: { value: !truth, source: fact.source } };
}

function structuredFact(topic: PolarTopic, ctx: AnswerContext): Answer | undefined {
  const answers = ctx.applicant.answers;
  switch (topic) {
    case 'sponsorship': return given(answers.requiresSponsorship, 'answers.requiresSponsorship');
    case 'authorization': return given(answers.workAuthorization, 'answers.workAuthorization');
    case 'relocation': return given(answers.willingToRelocate, 'answers.willingToRelocate');
    case 'age': return undefined; // no profile field: only the user's own answers to an age question
  }
}

/** A yes/no fact question: the user's own answer to it asked either way round, else the profile's fact read through its polarity. */
function polarAnswer(label: string, reading: PolarReading, ctx: AnswerContext): Lookup | undefined {
  if (reading.polarity === 'unclear') return { unanswerable: `it cannot be told which way round the question about ${TOPIC_NAMES[reading.topic]} asks: ${reading.why}` };
  const custom = ctx.applicant.answers.custom;
  // Age: the user's answers to age questions, however worded (the threshold decides). Other topics: a
  // custom pair worded nearly the same; the profile's own field is the fallback.
  const similar = reading.topic === 'age' ? undefined : similarCustom(label, ctx.applicant);
  const candidates = reading.topic === 'age'
    ? custom.map((pair, index) => ({ pair, index })).filter(({ pair }) => readPolarQuestion(pair.question)?.topic === 'age')
    : similar === undefined ? [] : [{ pair: custom[similar]!, index: similar }];
  for (const { pair, index } of candidates) {
    const stored = readPolarQuestion(pair.question);
    const relation = stored ? relate(stored, reading) : 'unrelated';
    if (relation === 'unrelated') {
      if (reading.topic === 'age') continue;
      return { unanswerable: `the saved answer "${pair.question}" cannot be told to ask the same way round` };
    }
    return through(relation === 'same' ? 'affirms' : 'negates', customAnswer(index, ctx.applicant), reading.topic);
  }
  if (reading.topic === 'age' && candidates.length) return { unanswerable: 'no saved answer asks about this age the same way round or the opposite way' };
  const fact = structuredFact(reading.topic, ctx);
  return fact ? through(reading.polarity, fact, reading.topic) : undefined;
}

const wrap = (answer: Answer | undefined): Lookup | undefined => (answer ? { answer } : undefined);

/** The user's answer to a question, why it cannot be answered, or undefined when nothing the user wrote speaks to it. */
export function lookUpAnswer(label: string, ctx: AnswerContext): Lookup | undefined {
  // The user's own answer to this very question, whatever it is about.
  const exact = exactCustom(label, ctx.applicant);
  if (exact !== undefined) return { answer: customAnswer(exact, ctx.applicant) };
  const wording = normalize(label);
  const reading = readPolarQuestion(label);
  // A yes/no fact question is read for its polarity before any near-wording answers it.
  const similar = reading ? undefined : similarCustom(label, ctx.applicant);
  if (similar !== undefined) return { answer: customAnswer(similar, ctx.applicant) };
  for (const [pattern, answer] of FIRST_RULES) if (pattern.test(wording)) return wrap(answer(ctx));
  if (reading) return polarAnswer(label, reading, ctx);
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
    if (/resume|résumé|\bcv\b|curriculum/.test(wording)) {
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
