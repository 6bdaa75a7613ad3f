/**
 * Values at the largest sizes the API and the crawler let in, for the tests that read them back
 * through the local Data API endpoint (largest-rows, largest-pages). Text is written with three-byte
 * characters (€) wherever a limit counts characters, which is the most bytes a character limit lets
 * in.
 */
import { jsonbTextBytes } from '../../../shared/data/row-size';
import { JOB_OTHER_METADATA_BYTES, JOB_TEXT_BYTES } from '../../../shared/jobs/sizes';
import { profileInputSchema, type ProfileInput } from '../../../shared/profiles/schema';
import { PROFILE_BYTES } from '../../../shared/profiles/sizes';
import { jobInput } from '../schema/helpers';

export const EURO = '€'; // three bytes in UTF-8
export const euros = (n: number) => EURO.repeat(n);
/** Text of exactly `bytes` bytes, mostly three-byte characters. */
export const textOfBytes = (bytes: number) => euros(Math.floor(bytes / 3)) + 'x'.repeat(bytes % 3);
/** A URL of `chars` characters, as many of them three-byte as a URL allows. */
export const urlOf = (chars: number, host = 'https://example.com/') => host + euros(chars - host.length);

/** Items made by `item(i)` appended while the whole stays within `maxBytes` as jsonb. */
export function fill<T>(maxBytes: number, base: T[], item: (i: number) => T, count = 10_000): T[] {
  const out = [...base];
  for (let i = 0; i < count; i++) {
    const candidate = [...out, item(i)];
    if (jsonbTextBytes(candidate) > maxBytes) break;
    out.push(item(i));
  }
  return out;
}

/** A profile with every field at its largest. */
export function largestProfileInput(): ProfileInput {
  const keywords = Array.from({ length: 50 }, (_, i) => `${i}${euros(30)}`);
  const preferences = { keywords: [] as string[], titles: [] as string[], locations: [] as string[], excludedCompanies: [] as string[], jobTypes: [], sources: [] };
  const prefBudget = PROFILE_BYTES.jobPreferences - jsonbTextBytes(profileInputSchema.shape.jobPreferences.parse(preferences)) - 64;
  preferences.keywords = fill(prefBudget / 2, [], (i) => keywords[i % 50]!, 50);
  preferences.excludedCompanies = fill(prefBudget / 2, [], (i) => `${i}${euros(90)}`, 200);
  const answers = {
    firstName: euros(100),
    lastName: euros(100),
    workAuthorization: euros(500),
    custom: [] as { question: string; answer: string }[],
  };
  answers.custom = fill(PROFILE_BYTES.answers - jsonbTextBytes({ ...answers, custom: [] }) - 16, [], (i) => ({ question: `${i} ${euros(20)}`, answer: euros(40) }), 200);
  return profileInputSchema.parse({
    coverLetterTemplate: textOfBytes(PROFILE_BYTES.coverLetterTemplate),
    skills: fill(PROFILE_BYTES.skills, [], (i) => `${i}${euros(33)}`, 200),
    experienceYears: 70,
    linkedinUrl: `https://linkedin.com/in/${'l'.repeat(2048 - 24)}`,
    githubUrl: `https://github.com/${'g'.repeat(2048 - 19)}`,
    portfolioUrl: `https://example.com/${'p'.repeat(2048 - 20)}`,
    phone: '+44 (20) 7946-0958 123',
    location: euros(200),
    jobPreferences: preferences,
    answers,
  });
}

/** A job whose every column a list shows is at its largest (title, company, location, URL); its texts are short. */
export function largestListedJob(overrides: Parameters<typeof jobInput>[0] = {}) {
  const base = jobInput(overrides);
  return {
    ...base,
    title: euros(500),
    company: euros(300),
    location: euros(500),
    sourceUrl: urlOf(2048),
    ...overrides,
  };
}

/** A job with every field at its largest, as the crawler's store takes it. */
export function largestJob() {
  const other = { ats: 'greenhouse', board: 'acme', applyUrl: urlOf(2048) };
  const padding = JOB_OTHER_METADATA_BYTES - jsonbTextBytes({ ...other, offices: [] }) - 8;
  return {
    ...largestListedJob(),
    description: `<p>${textOfBytes(JOB_TEXT_BYTES.description - 7)}</p>`,
    requirements: textOfBytes(JOB_TEXT_BYTES.requirements),
    metadata: { ...other, offices: [textOfBytes(padding)], descriptionText: textOfBytes(JOB_TEXT_BYTES.descriptionText) },
  };
}
