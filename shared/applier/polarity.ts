/**
 * Yes/no questions whose answer the profile holds as a fact: does the user need visa sponsorship, are
 * they authorized to work, will they relocate, are they over an age. A wrong "No, I am not authorized"
 * sent in the user's name is worse than stopping, so a question is answered only when it is read with
 * certainty: its one question sentence is a known frame of its topic (./polar-frames: the asking verb,
 * "you", present or future, the topic's words, and the inversions that belong to the frame: "without
 * sponsorship", "not require", "unwilling"), followed only by what that frame allows (a country, the
 * job's country, the company, an example). Anything else on one of these topics is unclear and stops the attempt,
 * named: a negative outside the frame, "if not …", a second question or topic, someone other than the
 * user, the past, or a status the profile does not state (a visa, citizenship, residence).
 */
import { countriesNamed, markCountries } from './places';
import { ageFrame, COMPLEMENT, fit } from './polar-frames';
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
  /** The countries the question names, first mention first; none: it is about the job's country. */
  countries: string[];
  /** Sponsorship asked about for now only ("Do you currently require…"): a need that may lie ahead does not answer it. */
  nowOnly?: boolean;
  /** Relocation: where to, in the question's words without its countries ("london", "austin"), when it says. */
  destination?: string;
  /** Why the question cannot be read with certainty, for the log and the missing-answer reason. */
  why?: string;
}

/** What else the question may name: the employer ("Will you require Acme to sponsor you?"). */
export interface ReadingContext {
  company?: string;
}

const TOPICS: Array<[PolarTopic, RegExp]> = [
  ['sponsorship', /sponsor/],
  ['authorization', /authori[sz]ed to work|authori[sz]ation to work|(work|employment) authori[sz]ation|right to work|(eligible|permitted|allowed|entitled|permission) to work|eligible for employment|legally (authori[sz]ed|permitted|entitled|allowed|eligible)|work permit/],
  ['relocation', /relocat/],
  ['age', /\b(age|aged|old|older|younger|adult)\b|\b(under|over|at least|above|below|be|are you|you are|i am) (1[4-9]|2[0-5])\b|\b(1[4-9]|2[0-5]) ?\+/],
];
const AGE_NUMBER = /\b(1[4-9]|2[0-5])\b/;

/** What the answer decides ("if not, …", "if yes, please describe …"): a Yes or No then says more than the question. */
const ON_THE_ANSWER = /\b(if (not|no|yes|so|you answered|your answer)|otherwise)\b/;
const NEGATIVE = /\b(not|never|no|nor|neither|without|dont|doesnt|didnt|wont|wouldnt|isnt|arent|cannot|cant|couldnt|unable|unwilling|lack|lacking|except|unless)\b/;
const OTHER_SENSE = /\b(refuse|problem|issue|concern|concerns|prevent|preventing|stop|restricted|restriction|restrictions|limited|time limited|depend|depends|expire|expires)\b/;
const CONDITION = /\b(if|unless|provided|when|even though|although)\b/;
const STATUS = /\b(visas?|citizens?|citizenship|nationals?|nationality|permanent residen(t|ts|ce|cy)|residency|green card|passport|settled status|pre settled|indefinite leave|ilr|refugee|asylum|h ?1 ?b|opt|cpt|ead|immigration status|work permit)\b/;
const OTHER_PEOPLE = /\b(spouse|partner|husband|wife|dependants?|dependents?|family|children|child|relatives?|parents?)\b/;
const PAST = /\b(did you|have you (ever|previously|been|needed|required)|were you|had you|previously|in the past|last (employer|job|role|position)|prior (employer|job|role)|ever (been|needed|required|held|had))\b/;
const SECOND_QUESTION = /\b(and|or|but) (will|do|would|are|have|can|could|is|does|did|were|should) you\b/;
const ASSISTANCE = /\b(assist|assistance|package|support|bonus|reimburs\w*|expenses?|costs?|stipend|allowance|located|live|living|based|reside|residing|commute|travel)\b/;
/** Lines that ask nothing: a prompt to pick, a required mark. */
const PROMPT = /^((please )?(select|choose|answer|pick)( one| an option| yes or no)?|yes or no|yes no|required|optional|mandatory)$/;
/** A heading before the question ("Work authorization: Are you …"). */
const HEADING = /^(visa |immigration |work |legal )?(sponsorship|authori[sz]ation|right to work|eligibility|relocation|age|status|requirements?)( status| requirements?)?$/;

/** The job's country, named as such ("the country where this job is located"): read like a question that names none. */
const JOB_COUNTRY = /\b(the country (in which|where|that|for which|to which) (this|the) (job|role|position|vacancy|opening) is (located|based)|the country (in which|where|for which|to which|that) you are applying( for| to| in)?|the country you are applying (for|to|in)|the country of (this|the) (job|role|position)|this country|(this|the) (jobs?|roles?|positions?) location|the location of (this|the) (job|role|position)|this location|where (this|the) (job|role|position) is (located|based))\b/g;

const NOT_A_CITIZEN = /^if you are not an? (zzplace )?(citizen|national|permanent resident|green card holder)( of zzplace)? (?=(do|will|would|are|can) you )/;

/** Time words: stripped, after noting whether the question is about now only. */
const FUTURE = /\b(future|later|going forward|at any (time|point))\b/;
const NOW = /\b(currently|presently|at this time|at present|right now|now|today|at the moment)\b/;
const TIMES = [
  /\b(either )?now (or|and) (at any (time|point) )?(in the )?future\b/g,
  /\bnow or later\b/g,
  /\b(at any (time|point) )?in the future\b/g,
  /\b(going forward|at any (time|point))\b/g,
  /\b(currently|presently|at this time|at present|right now|now|today|at the moment)\b/g,
];

interface Chunk {
  text: string;
  question: boolean;
  heading: boolean;
}

/** The label's sentences, its abbreviations and examples ("(e.g. H-1B visa status)") taken out first. */
function chunksOf(label: string): Chunk[] {
  const text = label
    .replace(/\bU\.S\.A\.?/g, 'USA')
    .replace(/\bU\.S\.?(?![A-Za-z])/g, 'US')
    .replace(/\bU\.K\.?(?![A-Za-z])/g, 'UK')
    .replace(/\b(e\.g|i\.e)\.?,?/gi, (m) => (m.toLowerCase().startsWith('e') ? ' eg ' : ' ie '))
    .replace(/\betc\./gi, 'etc')
    .replace(/\(\s*(eg|ie|for example|such as|including)\b[^)]*\)/gi, ' ')
    .replace(/[,–—-]?\s*\b(eg|ie|for example|such as)\b[^.?!;()]*/gi, ' ')
    .replace(/[()]/g, ' ');
  return (text.match(/[^?!.;:\n]+[?!.;:]*/g) ?? []).map((raw) => ({
    text: raw,
    question: raw.includes('?') || /^(are|do|does|will|would|can|could|have|has|is|did|were|was|should|may)\b/.test(normalize(raw)),
    heading: raw.trim().endsWith(':') && HEADING.test(normalize(raw)),
  }));
}

function mentionsTopic(text: string): boolean {
  return TOPICS.some(([topic, re]) => re.test(text) && (topic !== 'age' || AGE_NUMBER.test(text)));
}

/** A sentence that says nothing about the question: no topic, no status, no negative, no condition, not a question. */
function saysNothing(chunk: Chunk): boolean {
  const text = normalize(chunk.text);
  if (!text || PROMPT.test(text) || chunk.heading) return true;
  return !chunk.question && !mentionsTopic(text) && !STATUS.test(text) && !NEGATIVE.test(text) && !CONDITION.test(text) && !OTHER_SENSE.test(text);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The question sentence in frame terms: countries as "zzplace", the job's country as "zzjob", the employer as "zzcompany", "I am" as "are you", time words out. */
function prepare(raw: string, context: ReadingContext): { text: string; nowOnly: boolean } {
  let text = normalize(markCountries(raw, ' zzplace '));
  const company = context.company ? normalize(context.company) : '';
  if (company) text = text.replace(new RegExp(`\\b${escapeRegExp(company)}\\b`, 'g'), 'zzcompany');
  text = text.replace(JOB_COUNTRY, 'zzjob').replace(/\bthe (zzplace|zzjob)\b/g, '$1');
  // A statement to tick ("I do not require sponsorship") reads as the question it answers.
  text = text
    .replace(/^i (hereby )?(confirm|certify|declare|acknowledge|attest)( that)? (?=i )/, '')
    .replace(/^i am\b/, 'are you')
    .replace(/^i (do not|dont)\b/, 'do you not')
    .replace(/^i (will not|wont)\b/, 'will you not')
    .replace(/^i (will|would|can)\b/, '$1 you')
    .replace(/^i (have|hold|require|need)\b/, 'do you $1');
  const nowOnly = NOW.test(text) && !FUTURE.test(text);
  for (const re of TIMES) text = text.replace(re, ' ');
  text = text.replace(/\s+/g, ' ').trim().replace(/^(do|will|are) you (or|and) (will|would) you\b/, '$3 you');
  return { text, nowOnly };
}

/** Why a sentence on `topics` fits no frame, in words for the user. */
function diagnose(text: string, topics: PolarTopic[], countries: string[]): string {
  if (SECOND_QUESTION.test(text)) return 'it asks more than one question';
  if (countries.length > 1) return `it names more than one country (${countries.join(', ')})`;
  if (/\b(we|our|us)\b/.test(text) && NEGATIVE.test(text)) return 'it says what the employer does not do beside what it asks you';
  if (OTHER_PEOPLE.test(text)) return 'it asks about someone other than you';
  if (PAST.test(text)) return 'it asks about the past';
  if (STATUS.test(text.replace(/\b(visa |employment visa |work visa )?sponsorship\b/g, ''))) return 'it asks you to state a visa, citizenship or residence status your profile does not hold';
  if (topics.length > 1) return `it asks about ${topics.map((t) => TOPIC_NAMES[t]).join(' and ')} at once`;
  if (topics[0] === 'relocation' && ASSISTANCE.test(text)) return 'it asks about more than whether you are willing to relocate';
  if (NEGATIVE.test(text) || OTHER_SENSE.test(text)) return 'it is worded the other way round in a way that cannot be read with certainty';
  return 'its wording is not one the applier reads with certainty';
}

export const TOPIC_NAMES: Record<PolarTopic, string> = { sponsorship: 'visa sponsorship', authorization: 'work authorization', relocation: 'relocation', age: 'age' };

/** How a question reads, when it is about one of the polar topics; null for any other question. */
export function readPolarQuestion(label: string, context: ReadingContext = {}): PolarReading | null {
  const whole = normalize(label);
  const ages = [...new Set([...whole.matchAll(new RegExp(AGE_NUMBER, 'g'))].map((m) => Number(m[1])))];
  // Age words without an age ("age verification") are another kind of question.
  const topics = TOPICS.filter(([topic, re]) => re.test(whole) && (topic !== 'age' || ages.length > 0)).map(([t]) => t);
  const topic = topics[0];
  if (!topic) return null;
  const countries = countriesNamed(label);
  const unclear = (why: string): PolarReading => ({ topic, polarity: 'unclear', countries, why });

  if (ON_THE_ANSWER.test(whole)) return unclear('it says what follows from the answer ("if not …", "if yes …"), so a Yes or No says more than the question');
  const said = chunksOf(label).filter((chunk) => !saysNothing(chunk));
  if (said.length > 1) return unclear(said.filter((c) => c.question).length > 1 ? 'it asks more than one question' : 'a sentence beside the question says more about it');
  if (said.length === 0) return unclear('its wording is not one the applier reads with certainty');
  const prepared = prepare(said[0]!.text, context);
  const { nowOnly } = prepared;
  // "If you are not a British citizen, will you require sponsorship?": a citizen's answer is the same, so the condition changes nothing.
  const text = topic === 'sponsorship' || topic === 'authorization' ? prepared.text.replace(NOT_A_CITIZEN, '') : prepared.text;

  if (topic === 'age') {
    if (ages.length > 1) return unclear('it names more than one age');
    const frame = topics.length === 1 ? ageFrame(text, ages[0]!) : null;
    if (!frame) return unclear(diagnose(text, topics, countries));
    return { topic, polarity: 'affirms', countries, age: { threshold: ages[0]!, comparison: frame.comparison } };
  }
  const frame = fit(topic, text);
  if (!frame) return unclear(diagnose(text, topics, countries));
  // "To the United Kingdom" names a country (in `countries`), "to the job's location" the job's place: neither is a destination of its own.
  const destination = frame.destination?.replace(/\b(zzplace|zzjob)\b/g, ' ').replace(/\s+/g, ' ').trim() || undefined;
  return { topic, polarity: frame.polarity, countries, ...(destination ? { destination } : {}), ...(topic === 'sponsorship' && nowOnly ? { nowOnly } : {}) };
}

/** Whether the answer to `form` is the same as the answer to `stored`, the opposite, or cannot be told (places aside: polar-answer.ts compares them). */
export function relate(stored: PolarReading, form: PolarReading): 'same' | 'opposite' | 'unrelated' {
  if (stored.topic !== form.topic || stored.polarity === 'unclear' || form.polarity === 'unclear') return 'unrelated';
  if (stored.topic === 'age') {
    if (!stored.age || !form.age || stored.age.threshold !== form.age.threshold) return 'unrelated';
    if (stored.age.comparison === form.age.comparison) return 'same';
    return COMPLEMENT[stored.age.comparison] === form.age.comparison ? 'opposite' : 'unrelated';
  }
  return stored.polarity === form.polarity ? 'same' : 'opposite';
}
