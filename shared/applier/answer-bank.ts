/** The user's own answers (answers.custom) found for a form question, by its wording. */
import type { Applicant } from './port';
import { normalize, wordingSimilarity } from './text';

export interface Answer {
  value: string | boolean;
  /** Where it came from: 'profile.email', 'answers.noticePeriod', 'answers.custom[2]'. */
  source: string;
  /** EEO answers may be the literal 'decline': the form's own decline option. */
  declinable?: boolean;
}

/** A found answer, or why the question cannot be answered from what the user wrote. */
export type Lookup = { answer: Answer } | { unanswerable: string };

/** A custom pair answers a question when its wording is the same, or nearly (most content words shared). */
const CUSTOM_SIMILARITY = 0.75;

export function exactCustom(label: string, applicant: Applicant): number | undefined {
  const index = applicant.answers.custom.findIndex((pair) => normalize(pair.question) === normalize(label));
  return index < 0 ? undefined : index;
}

export function similarCustom(label: string, applicant: Applicant): number | undefined {
  let best: { score: number; index: number } | undefined;
  applicant.answers.custom.forEach((pair, index) => {
    const score = wordingSimilarity(pair.question, label);
    if (score >= CUSTOM_SIMILARITY && (!best || score > best.score)) best = { score, index };
  });
  return best?.index;
}

export const customAnswer = (index: number, applicant: Applicant): Answer => ({ value: applicant.answers.custom[index]!.answer, source: `answers.custom[${index}]` });
