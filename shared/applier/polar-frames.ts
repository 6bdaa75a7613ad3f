/**
 * The wordings ./polarity reads with certainty, per topic: in frame terms ("zzplace" a country,
 * "zzjob" the job's country, "zzcompany" the employer), normalized, time words taken out.
 */
import type { AgeComparison, PolarTopic } from './polarity';

/**
 * A frame: its head (from the start of the sentence), at most one `inversion` it must contain, and the
 * complements that may follow, in any order, each once. Nothing else may be in the sentence.
 */
interface Frame {
  head: RegExp;
  polarity: 'affirms' | 'negates';
  inversion?: RegExp;
  complements: RegExp[];
}

/** A part of a frame, matched at the start of what is left of the sentence, with the space after it. */
const part = (source: string) => new RegExp(`^(?:${source})(?: |$)`, 'u');

const WHERE = '(?:in|within) (?:zzplace|zzjob)';
const FOR_WHOM = 'for (?:zzcompany|us)|with zzcompany|at zzcompany';
const THIS_JOB = '(?:for|in) (?:this|the) (?:role|position|job|opportunity|vacancy)';

const SPONSORSHIP = '(?:an? )?(?:(?:visa|work visa|employment visa|immigration|employer|employment|company) )?sponsorship';
const NEED = '(?:be )?(?:require|need|requiring|needing)';
const SPONSORS = '(?:us|zzcompany|the company|the employer) to sponsor (?:you|your (?:visa|work visa|employment visa|work permit)|an immigration case|an? (?:work |employment )?visa(?: for you)?)';
const SPONSORSHIP_COMPLEMENTS = [
  `(?:to|in order to) (?:legally )?work(?: (?:in|within) (?:zzplace|zzjob)| for (?:zzcompany|us))?`,
  WHERE,
  `for (?:any )?employment(?: (?:in|within) (?:zzplace|zzjob)| with zzcompany| at zzcompany)?`,
  `for (?:an? )?(?:employment |work )?visa(?: status)?`,
  THIS_JOB,
  `(?:to|in order to) (?:obtain|maintain|obtain or maintain|maintain or obtain|obtain and maintain|get|keep) (?:your |a |an )?(?:work authori[sz]ation|employment authori[sz]ation|authori[sz]ation to work|work visa|visa|visa status|work permit|employment visa status)(?: (?:in|within) (?:zzplace|zzjob))?`,
  `(?:from|by) (?:us|zzcompany|the company)`,
  FOR_WHOM,
  `(?:in order )?to employ you`,
].map(part);
/** "Are you able to work here without sponsorship?": needing none, said the other way round. */
const AUTHORIZED_HEAD = '(?:are you|would you be|will you be|you are)(?: legally| lawfully)? (?:able|eligible|authori[sz]ed|permitted|allowed|entitled) to (?:legally |lawfully )?work(?: legally| lawfully)?|(?:can|could) you (?:legally |lawfully )?work|do you have (?:the )?(?:legal )?right to work';
const WITHOUT_SPONSORSHIP = `(?:without|with no) (?:the |a |any )?(?:need (?:for|of) |requirement (?:for|of) |requiring |needing )?(?:any )?${SPONSORSHIP.replace('(?:an? )?', '')}(?: (?:being )?(?:required|needed))?|without (?:requiring|needing) ${SPONSORS}`;

const AUTHORIZED = '(?:authori[sz]ed|eligible|permitted|entitled|allowed|cleared) (?:to (?:legally |lawfully )?work|for employment)(?: legally| lawfully)?';
const AUTHORIZATION_COMPLEMENTS = [
  WHERE,
  `for (?:any|an|all) (?:zzplace )?employers?(?: (?:in|within) (?:zzplace|zzjob))?`,
  FOR_WHOM,
  THIS_JOB,
  `to work(?: (?:in|within) (?:zzplace|zzjob))?`,
].map(part);

const WILLING = '(?:willing|open|prepared|happy|ready|able and willing)';
const RELOCATE = '(?:consider )?(?:relocate|relocating|relocation|a relocation)';
const RELOCATION_COMPLEMENTS = [
  `(?:to|within) (?:our |the )?(?<destination>.+?)(?: (?:office|offices|area|site|headquarters|hq|campus|location))?(?= for | if |$)`,
  THIS_JOB,
  `if (?:required|necessary|needed|offered(?: the (?:role|position|job))?|the (?:role|job|position) (?:requires|required) it)`,
].map(part);

const FRAMES: Record<Exclude<PolarTopic, 'age'>, Frame[]> = {
  // Yes means needing sponsorship.
  sponsorship: [
    { head: part(`(?:will|do|would) you ${NEED} (?:${SPONSORSHIP}|${SPONSORS})`), polarity: 'affirms', complements: SPONSORSHIP_COMPLEMENTS },
    { head: part(`(?:(?:will|would|is) )?(?:visa |immigration |employer )?sponsorship (?:be |is )?(?:required|needed)(?: for you)?`), polarity: 'affirms', complements: SPONSORSHIP_COMPLEMENTS },
    { head: part(`(?:will|do|would) you not ${NEED} (?:${SPONSORSHIP}|${SPONSORS})`), polarity: 'negates', complements: SPONSORSHIP_COMPLEMENTS },
    { head: part(AUTHORIZED_HEAD), polarity: 'negates', inversion: part(WITHOUT_SPONSORSHIP), complements: [...AUTHORIZATION_COMPLEMENTS, ...SPONSORSHIP_COMPLEMENTS] },
  ],
  // Yes means being authorized to work.
  authorization: [
    { head: part(`(?:are you|you are)(?: legally| lawfully)? ${AUTHORIZED}`), polarity: 'affirms', complements: AUTHORIZATION_COMPLEMENTS },
    { head: part('do you have (?:the |a )?(?:legal )?(?:right|permission|authori[sz]ation|entitlement) to work(?: legally| lawfully)?'), polarity: 'affirms', complements: AUTHORIZATION_COMPLEMENTS },
    { head: part('do you (?:hold|have) (?:valid |current )?(?:work|employment) authori[sz]ation'), polarity: 'affirms', complements: AUTHORIZATION_COMPLEMENTS },
    { head: part(`(?:are you|you are) not(?: legally| lawfully)? ${AUTHORIZED}`), polarity: 'negates', complements: AUTHORIZATION_COMPLEMENTS },
    // "Will you require work authorization?" asks whether the user lacks it.
    { head: part('(?:will|do|would) you (?:require|need) (?:work authori[sz]ation|employment authori[sz]ation|authori[sz]ation to work)'), polarity: 'negates', complements: AUTHORIZATION_COMPLEMENTS },
  ],
  // Yes means being willing to relocate.
  relocation: [
    { head: part(`(?:are you|would you be|will you be|you are)(?: also)? ${WILLING} to ${RELOCATE}|(?:are you|would you be) interested in (?:relocating|relocation)|would you (?:consider )?(?:relocate|relocating)|${WILLING} to ${RELOCATE}`), polarity: 'affirms', complements: RELOCATION_COMPLEMENTS },
    { head: part(`(?:are you|would you be|will you be|you are) (?:unwilling|not ${WILLING}) to ${RELOCATE}|would you not (?:be ${WILLING} to |consider )?(?:relocate|relocating|relocation)`), polarity: 'negates', complements: RELOCATION_COMPLEMENTS },
  ],
};

/** The frame a sentence fits, with what its complements named; null when it fits none. */
function fitFrames(frames: Frame[], text: string): { polarity: 'affirms' | 'negates'; destination?: string } | null {
  for (const frame of frames) {
    const start = frame.head.exec(text);
    if (!start) continue;
    let rest = text.slice(start[0].length);
    let inverted = false;
    let destination: string | undefined;
    const unused = new Set(frame.complements);
    for (let progress = true; rest && progress; ) {
      progress = false;
      if (frame.inversion && !inverted) {
        const m = frame.inversion.exec(rest);
        if (m) { rest = rest.slice(m[0].length); inverted = progress = true; continue; }
      }
      // The longest complement that fits here ("for employment visa status" over "for employment").
      let best: { complement: RegExp; match: RegExpExecArray } | undefined;
      for (const complement of unused) {
        const match = complement.exec(rest);
        if (match && (!best || match[0].length > best.match[0].length)) best = { complement, match };
      }
      if (best) {
        destination ??= best.match.groups?.destination;
        rest = rest.slice(best.match[0].length);
        unused.delete(best.complement);
        progress = true;
      }
    }
    if (!rest && (!frame.inversion || inverted)) return { polarity: frame.polarity, destination };
  }
  return null;
}

export const COMPLEMENT: Record<AgeComparison, AgeComparison> = { '>=': '<', '<': '>=', '>': '<=', '<=': '>' };

/** "Are you at least 18 years of age?", "Are you under 18?", "I am 18 or older": the comparison, or null when it is not one of these. */
export function ageFrame(text: string, threshold: number): { comparison: AgeComparison } | null {
  const n = String(threshold);
  const years = '(?: years)?(?: of age| old)?';
  const forms: Array<[string, AgeComparison]> = [
    [`(?:at least|a minimum of|minimum) (?:the age of )?${n}${years}`, '>='],
    [`${n}${years} or (?:older|over|above|more)`, '>='],
    [`${n} ?\\+${years}`, '>='],
    [`(?:over|above|older than|more than) (?:the age of )?${n}${years}`, '>'],
    [`(?:under|below|younger than|less than) (?:the age of )?${n}${years}`, '<'],
    [`${n}${years} or (?:younger|under|below|less)`, '<='],
  ];
  for (const [form, comparison] of forms) {
    const m = new RegExp(`^(?:(?:are you|you are) )?(not )?${form}$`).exec(text);
    if (m) return { comparison: m[1] ? COMPLEMENT[comparison] : comparison };
  }
  return null;
}

/** The frame of `topic` a sentence fits (its polarity, and where to for relocation), or null. */
export function fit(topic: Exclude<PolarTopic, 'age'>, text: string): { polarity: 'affirms' | 'negates'; destination?: string } | null {
  return fitFrames(FRAMES[topic], text);
}
