/**
 * The answer to a yes/no fact question (./polarity) from what the user wrote: their own answers to such
 * questions (answers.custom), however worded, else the profile's fact, each read through the question's
 * polarity and used only where it covers the place the question is about.
 *
 * Places. answers.workAuthorization and answers.requiresSponsorship name no country, so they are the
 * user's standing in the country of their profile's location ("Bristol, United Kingdom": the United
 * Kingdom). A question is about the country it names, else the job's country when the job's location
 * names one ("Austin, TX", or a well-known city: "Berlin"), else ("Remote") a country nothing tells,
 * taken to be the user's own. A question about another country, or about any country when the profile's location
 * names none, is answered only by the user's answer to a question naming that country. Relocation:
 * answers.willingToRelocate is about moving for the job applied to, so a question naming a place the
 * job's location does not is unclear.
 */
import type { AnswerContext } from './answers';
import { customAnswer, type Answer, type Lookup } from './answer-bank';
import { countriesOfLocation } from './places';
import { readPolarQuestion, relate, TOPIC_NAMES, type PolarReading, type PolarTopic } from './polarity';
import { normalize } from './text';

/** "Yes" / "No" (and their like) as a boolean; undefined for anything else. */
function yesOrNo(value: string | boolean): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const lead = normalize(value).split(' ')[0] ?? '';
  return /^(yes|y|true)$/.test(lead) ? true : /^(no|n|false)$/.test(lead) ? false : undefined;
}

/** An answer to a question asked one way round, given to one asked the same way (as it is) or the other (its opposite). */
function through(relation: 'same' | 'opposite', answer: Answer, topic: PolarTopic): Lookup {
  if (relation === 'same') return { answer };
  const truth = yesOrNo(answer.value);
  if (truth === undefined) return { unanswerable: `the question asks about ${TOPIC_NAMES[topic]} the other way round, and the answer (${answer.source}) is not a yes or no` };
  return { answer: { value: !truth, source: answer.source } };
}

function profileFact(topic: PolarTopic, ctx: AnswerContext): Answer | undefined {
  const { answers } = ctx.applicant;
  const fact = (value: string | boolean | undefined, source: string) => (value === undefined ? undefined : { value, source });
  switch (topic) {
    case 'sponsorship': return fact(answers.requiresSponsorship, 'answers.requiresSponsorship');
    case 'authorization': return fact(answers.workAuthorization, 'answers.workAuthorization');
    case 'relocation': return fact(answers.willingToRelocate, 'answers.willingToRelocate');
    case 'age': return undefined; // no profile field: only the user's own answers to an age question
  }
}

const onlyOne = (countries: string[]) => (countries.length === 1 ? countries[0] : undefined);

/** Work authorization and sponsorship: the country the question is about (undefined: nothing tells), or why it cannot be told. */
function askedCountry(reading: PolarReading, ctx: AnswerContext): { country: string | undefined } | { problem: string } {
  if (reading.countries.length > 1) return { problem: `it names more than one country (${reading.countries.join(', ')})` };
  if (reading.countries.length === 1) return { country: reading.countries[0] };
  const job = countriesOfLocation(ctx.job?.location, { guessCity: true });
  if (job.length > 1) return { problem: `it is about the job's country, and the job's location ("${ctx.job!.location}") names more than one` };
  return { country: job[0] };
}

/** Relocation: whether the place the question names (if any) is where the job is. */
function destinationProblem(reading: PolarReading, ctx: AnswerContext): string | undefined {
  if (!reading.destination && !reading.countries.length) return undefined;
  const where = ctx.job?.location ?? null;
  const words = normalize(where ?? '');
  const named = [reading.destination, ...reading.countries].filter(Boolean).join(', ');
  const jobCountries = countriesOfLocation(where, { guessCity: true });
  const inPlace = (!reading.destination || ` ${words} `.includes(` ${reading.destination} `)) && reading.countries.every((c) => jobCountries.includes(c));
  if (where && inPlace) return undefined;
  return `it asks about relocating to ${named}, and ${where ? `this job is in "${where}"` : 'the job names no place'}; answers.willingToRelocate is about moving for the job applied to`;
}

/** Whether a saved answer's question is about the same place as the form's (one naming no country: the user's own). */
function samePlace(stored: PolarReading, form: PolarReading, formCountry: string | undefined, home: string | undefined): boolean {
  if (form.topic === 'relocation') return stored.destination === form.destination && stored.countries.join() === form.countries.join();
  if (form.topic === 'age') return true;
  if (stored.countries.length > 1) return false;
  return (stored.countries[0] ?? home) === formCountry;
}

/** Sponsorship needed now only: a saved need "now or in the future" answers it only when it is no need at all. */
function nowOnlyProblem(stored: PolarReading, form: PolarReading, answer: Answer): string | undefined {
  if (!form.nowOnly || stored.nowOnly) return undefined;
  const says = yesOrNo(answer.value);
  const needs = says === undefined ? undefined : stored.polarity === 'negates' ? !says : says;
  return needs === false ? undefined : `it asks whether you need sponsorship now, and your answer (${answer.source}) is about now or in the future`;
}

/** How the profile's own fact reads: the question asked the straight way round. */
const FACT_READING = (topic: PolarTopic): PolarReading => ({ topic, polarity: 'affirms', countries: [] });

/** A yes/no fact question: the user's answers to it (however worded), else the profile's fact, for its place and read through its polarity. */
export function polarAnswer(reading: PolarReading, ctx: AnswerContext): Lookup | undefined {
  if (reading.polarity === 'unclear') return { unanswerable: `the question about ${TOPIC_NAMES[reading.topic]} cannot be answered with certainty: ${reading.why}` };
  const placed = reading.topic === 'sponsorship' || reading.topic === 'authorization' ? askedCountry(reading, ctx) : { country: undefined };
  if ('problem' in placed) return { unanswerable: placed.problem };
  if (reading.topic === 'relocation') {
    const problem = destinationProblem(reading, ctx);
    if (problem) return { unanswerable: problem };
  }
  const home = onlyOne(countriesOfLocation(ctx.applicant.location));
  const formCountry = placed.country ?? home;
  const company = ctx.job?.company;

  // The user's own answers to questions on the topic, about the same place, asked the same way round or the other.
  const saved = ctx.applicant.answers.custom.flatMap((pair, index) => {
    const stored = readPolarQuestion(pair.question, { company });
    if (!stored || stored.topic !== reading.topic || stored.polarity === 'unclear' || !samePlace(stored, reading, formCountry, home)) return [];
    const relation = relate(stored, reading);
    return relation === 'unrelated' ? [] : [{ stored, relation, answer: customAnswer(index, ctx.applicant) }];
  });
  if (saved.length) {
    const found = saved.map(({ stored, relation, answer }): Lookup => {
      const notNow = nowOnlyProblem(stored, reading, answer);
      return notNow ? { unanswerable: notNow } : through(relation, answer, reading.topic);
    });
    const answered = found.flatMap((f) => ('answer' in f ? [f.answer] : []));
    if (answered.length < found.length) return found.find((f) => 'unanswerable' in f);
    const says = (a: Answer) => yesOrNo(a.value) ?? a.value;
    if (answered.some((a) => says(a) !== says(answered[0]!))) return { unanswerable: `your saved answers to it disagree (${answered.map((a) => a.source).join(', ')})` };
    return found[0];
  }
  if (reading.topic === 'age') {
    const asked = ctx.applicant.answers.custom.some((pair) => readPolarQuestion(pair.question)?.topic === 'age');
    return asked ? { unanswerable: 'no saved answer asks about this age the same way round or the opposite way' } : undefined;
  }

  const fact = profileFact(reading.topic, ctx);
  if (!fact) return undefined;
  if (formCountry !== home) {
    return {
      unanswerable: home
        ? `it asks about ${formCountry}, and your answer (${fact.source}) is read as covering ${home}, the country of your profile's location`
        : `it asks about ${formCountry}, and your profile's location names no country your answer (${fact.source}) could cover`,
    };
  }
  const notNow = nowOnlyProblem(FACT_READING(reading.topic), reading, fact);
  return notNow ? { unanswerable: notNow } : through(reading.polarity === 'affirms' ? 'same' : 'opposite', fact, reading.topic);
}
