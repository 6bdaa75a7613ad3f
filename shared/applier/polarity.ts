/**
 * Yes/no questions whose answer the profile holds as a fact: does the user need visa sponsorship, are
 * they authorized to work, will they relocate, are they over an age. Forms ask them either way round
 * ("Will you require sponsorship?", "Are you eligible to work here without sponsorship?"), so a
 * question is read for its polarity before the fact answers it; a question whose polarity cannot be
 * told (no verb of needing, a double negative, an instruction that contradicts the question) is
 * reported as unclear, never answered by a guess.
 */
import { normalize } from './text';

export type PolarTopic = 'sponsorship' | 'authorization' | 'relocation' | 'age';

/** Whether a Yes says the fact (affirms), its opposite (negates), or cannot be told (unclear). */
export type Polarity = 'affirms' | 'negates' | 'unclear';

/** Age questions compare with a threshold: "at least 18" is >=, "under 18" is <. */
export type AgeComparison = '>=' | '<' | '>' | '<=';

export interface PolarReading {
  topic: PolarTopic;
  polarity: Polarity;
  /** Age questions: the threshold and how the question compares with it (its polarity is then 'affirms'). */
  age?: { threshold: number; comparison: AgeComparison };
  /** Why the polarity is unclear, for the log and the missing-answer reason. */
  why?: string;
}

const TOPICS: Array<[PolarTopic, RegExp]> = [
  // Sponsorship first: "eligible to work without sponsorship" is a sponsorship question asked the other way round.
  ['sponsorship', /sponsor/],
  ['authorization', /authori[sz]ed to work|work authori[sz]ation|right to work|eligible to work|legally (authori[sz]ed|permitted|entitled|allowed)|permitted to work|allowed to work/],
  ['relocation', /relocat/],
  ['age', /\b(age|aged|old|older|younger|adult)\b|\b(under|over|at least|above|below) (1[4-9]|2[0-5])\b|\b(1[4-9]|2[0-5]) ?\+/],
];

const NOT = /\b(not|never|dont|doesnt|wont|isnt|arent|cannot|cant|unable|unwilling|lack|lacking)\b/g;
const NEED = /\b(require|requires|required|requiring|need|needs|needed|needing)\b/;
/** Sentences that instruct rather than ask ("Please explain") carry no polarity of the question. */
const INSTRUCTION = /^(if|when|unless|note|please|for example|eg|ie|e g|i e)\b/;
/** A leading condition ("If you are not authorized to work, do you require sponsorship?") is not the question. */
const CONDITION = /^\s*(if|when|unless)\b[^,]*,\s*/i;
/** Two questions in one ("Are you authorized to work, or will you require sponsorship?"): no single yes or no answers both. */
const TWO_QUESTIONS = /\bor (will|do|would|are|have|can|is|does|did) (you|they|we)\b/;

function count(text: string, re: RegExp): number {
  return [...text.matchAll(re)].length;
}

function sponsorship(text: string): Pick<PolarReading, 'polarity' | 'why'> {
  const negations = count(text, /\bwithout\b/g) + count(text, NOT);
  if (negations === 0) return NEED.test(text) ? { polarity: 'affirms' } : { polarity: 'unclear', why: 'it does not say whether Yes means needing sponsorship or not' };
  if (negations === 1 && (NEED.test(text) || /\bwithout\b/.test(text))) return { polarity: 'negates' };
  return { polarity: 'unclear', why: 'its negatives cannot be told apart' };
}

function authorization(text: string): Pick<PolarReading, 'polarity' | 'why'> {
  // "Will you require work authorization?" asks whether the user lacks it.
  const needs = /\b(require|requires|requiring|need|needs|needing)\b( \w+){0,2} (work )?(authori[sz]ation|permit)\b/.test(text) ? 1 : 0;
  const negations = needs + count(text, NOT);
  if (negations === 0) return { polarity: 'affirms' };
  if (negations === 1) return { polarity: 'negates' };
  return { polarity: 'unclear', why: 'its negatives cannot be told apart' };
}

function relocation(text: string): Pick<PolarReading, 'polarity' | 'why'> {
  // Assistance, packages and costs, or whether the role needs a move, are other questions than willingness.
  if (/assist|package|support|bonus|reimburs|expense|cost|stipend|allowance|(need|have|required|require|requires) to relocate|requir\w* relocation|\b(located|live|living|based|reside|residing)\b/.test(text)) {
    return { polarity: 'unclear', why: 'it asks about more than whether the user is willing to relocate' };
  }
  if (!/\b(willing|unwilling|open|able|unable|prepared|happy|consider|considering|interested|ready|can|could|would|will)\b/.test(text)) {
    return { polarity: 'unclear', why: 'it does not ask whether the user is willing to relocate' };
  }
  const negations = count(text, NOT);
  if (negations === 0) return { polarity: 'affirms' };
  if (negations === 1) return { polarity: 'negates' };
  return { polarity: 'unclear', why: 'its negatives cannot be told apart' };
}

const COMPLEMENT: Record<AgeComparison, AgeComparison> = { '>=': '<', '<': '>=', '>': '<=', '<=': '>' };

function age(text: string): Pick<PolarReading, 'polarity' | 'why' | 'age'> | null {
  const numbers = [...text.matchAll(/\b(1[4-9]|2[0-5])\b/g)].map((m) => Number(m[1]));
  if (numbers.length === 0) return null;
  if (new Set(numbers).size > 1) return { polarity: 'unclear', why: 'it names more than one age' };
  const n = String(numbers[0]);
  const forms: Array<[RegExp, AgeComparison]> = [
    [new RegExp(`\\b(at least|minimum( age)?( of)?) (the age of )?${n}\\b|\\b${n}( years)?( of age)? or (older|over|above)\\b|\\b${n} \\+|\\b${n}\\+`), '>='],
    [new RegExp(`\\b(under|below|younger than|less than) (the age of )?${n}\\b`), '<'],
    [new RegExp(`\\b(over|above|older than|more than) (the age of )?${n}\\b`), '>'],
    [new RegExp(`\\b${n}( years)?( of age)? or (younger|under|below|less)\\b`), '<='],
  ];
  const found = forms.filter(([re]) => re.test(text)).map(([, c]) => c);
  if (found.length !== 1) return { polarity: 'unclear', why: found.length ? 'it compares with the age in more than one way' : 'it does not say how it compares with the age' };
  const negations = count(text, NOT);
  if (negations > 1) return { polarity: 'unclear', why: 'its negatives cannot be told apart' };
  const comparison = negations === 1 ? COMPLEMENT[found[0]!] : found[0]!;
  return { polarity: 'affirms', age: { threshold: numbers[0]!, comparison } };
}

/** How a question reads, when it is one of the polar topics; null for any other question. */
export function readPolarQuestion(label: string): PolarReading | null {
  const whole = normalize(label);
  const matched = TOPICS.filter(([, re]) => re.test(whole)).map(([t]) => t);
  // Sponsorship questions speak of the right to work too; that is one question, not two.
  const topics = matched.includes('sponsorship') ? matched.filter((t) => t !== 'authorization') : matched;
  const topic = topics[0];
  if (!topic) return null;
  if (topics.length > 1 && !(topics.length === 2 && topics[1] === 'age' && age(whole) === null)) {
    return { topic, polarity: 'unclear', why: `it asks about ${topics.join(' and ')} at once` };
  }
  const topicRe = TOPICS.find(([t]) => t === topic)![1];
  // Read the sentences that ask about the topic (the questions, where it has some); an instruction around them says nothing of its polarity.
  const parts = (label.match(/[^.?!;]+[.?!;]?/g) ?? []).map((raw) => ({ question: raw.trim().endsWith('?'), text: normalize(raw.replace(CONDITION, '')) }));
  const onTopic = parts.filter((p) => p.text && topicRe.test(p.text) && !INSTRUCTION.test(p.text));
  const sentences = (onTopic.some((p) => p.question) ? onTopic.filter((p) => p.question) : onTopic).map((p) => p.text);
  if (sentences.length === 0) return { topic, polarity: 'unclear', why: 'it only says what to do in some case' };
  // "Do you now, or will you in the future, require sponsorship?" is one question; "Are you authorized to work, or will you require sponsorship?" is two.
  const twoQuestions = (s: string) => {
    const at = s.search(TWO_QUESTIONS);
    return at > 0 && TOPICS.some(([, re]) => re.test(s.slice(0, at))) && TOPICS.some(([, re]) => re.test(s.slice(at)));
  };
  if (sentences.some(twoQuestions)) return { topic, polarity: 'unclear', why: 'it asks two questions at once' };
  const readings = sentences.map((s): Pick<PolarReading, 'polarity' | 'why' | 'age'> | null => {
    switch (topic) {
      case 'sponsorship': return sponsorship(s);
      case 'authorization': return authorization(s);
      case 'relocation': return relocation(s);
      case 'age': return age(s);
    }
  });
  if (topic === 'age' && readings.every((r) => r === null)) return null;
  const clear = readings.filter((r): r is NonNullable<typeof r> => r !== null);
  const first = clear[0]!;
  const same = clear.every((r) => r.polarity === first.polarity && r.age?.comparison === first.age?.comparison && r.age?.threshold === first.age?.threshold);
  if (!same) return { topic, polarity: 'unclear', why: 'its sentences ask it different ways round' };
  return { topic, ...first };
}

/** Whether the answer to `form` is the same as the answer to `stored`, the opposite, or cannot be told. */
export function relate(stored: PolarReading, form: PolarReading): 'same' | 'opposite' | 'unrelated' {
  if (stored.topic !== form.topic || stored.polarity === 'unclear' || form.polarity === 'unclear') return 'unrelated';
  if (stored.topic === 'age') {
    if (!stored.age || !form.age || stored.age.threshold !== form.age.threshold) return 'unrelated';
    if (stored.age.comparison === form.age.comparison) return 'same';
    return COMPLEMENT[stored.age.comparison] === form.age.comparison ? 'opposite' : 'unrelated';
  }
  return stored.polarity === form.polarity ? 'same' : 'opposite';
}
