/** The user's own answers (answers.custom) found for a form question, by its wording. */
import type { Applicant } from './port';
import { contentWords, normalize, wordingSimilarity } from './text';

export interface Answer {
  value: string | boolean;
  /** Where it came from: 'profile.email', 'answers.noticePeriod', 'answers.custom[2]'. */
  source: string;
  /** EEO answers may be the literal 'decline': the form's own decline option. */
  declinable?: boolean;
}

/** A found answer, or why the question cannot be answered from what the user wrote. */
export type Lookup = { answer: Answer } | { unanswerable: string };

/** A custom pair answers a question when its wording is the same, or nearly (most content words shared, no number or name apart). */
const CUSTOM_SIMILARITY = 0.75;

export function exactCustom(label: string, applicant: Applicant): number | undefined {
  const index = applicant.answers.custom.findIndex((pair) => normalize(pair.question) === normalize(label));
  return index < 0 ? undefined : index;
}

/**
 * Words that make two wordings different questions however much else they share: a number ("5 years"
 * against "3 years") or a name, written capitalized past the sentence's start ("Acme" in a consent to
 * Acme's processing, which says nothing of Globex's). Lowercased, as contentWords has them. The name
 * of the company applied to is not among them: "your ability to join?" and "your ability to join Acme
 * Robotics?" ask Acme Robotics the same thing.
 */
function distinguishingWords(text: string, company: Set<string>): Set<string> {
  const words = text.split(/[^\p{L}\p{N}+#'’]+/u).filter(Boolean);
  const marked = words.filter((w, i) => /\p{N}/u.test(w) || (i > 0 && /^\p{Lu}/u.test(w))).map((w) => normalize(w));
  return new Set(marked.filter((w) => !company.has(w)));
}

/** Whether the words only one of the wordings has include a number or a name. */
function differInNumberOrName(a: string, b: string, company: Set<string>): boolean {
  const wa = contentWords(a);
  const wb = contentWords(b);
  const marked = new Set([...distinguishingWords(a, company), ...distinguishingWords(b, company)]);
  for (const w of wa) if (!wb.has(w) && marked.has(w)) return true;
  for (const w of wb) if (!wa.has(w) && marked.has(w)) return true;
  return false;
}

export function similarCustom(label: string, applicant: Applicant, company?: string): number | undefined {
  const companyWords = contentWords(company ?? '');
  let best: { score: number; index: number } | undefined;
  applicant.answers.custom.forEach((pair, index) => {
    const score = wordingSimilarity(pair.question, label);
    if (score < CUSTOM_SIMILARITY || differInNumberOrName(pair.question, label, companyWords)) return;
    if (!best || score > best.score) best = { score, index };
  });
  return best?.index;
}

export const customAnswer = (index: number, applicant: Applicant): Answer => ({ value: applicant.answers.custom[index]!.answer, source: `answers.custom[${index}]` });
