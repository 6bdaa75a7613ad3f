/**
 * A job seeker's profile: the seed's user_profiles columns, with the documented shapes of its JSON
 * columns (skills, job_preferences) and the answer bank the applier may use. The applier answers
 * only from what is written here; nothing is guessed.
 */
import * as z from 'zod';
import { coverLetterPlaceholders, unknownPlaceholders, unknownPlaceholdersMessage } from '../applier/cover-letter';
import { jobSourceSchema, jobTypeSchema } from '../jobs/input';
import { parseResumeUrl } from '../resumes/reference';
import { PROFILE_BYTES, jsonAtMost, textAtMost } from './sizes';

const httpUrl = z
  .string()
  .max(2048)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL')
  .superRefine(textAtMost(PROFILE_BYTES.url));

/**
 * The resumeUrl POST /resume-uploads gave (the file goes to an upload URL of the user's own), or an
 * https URL. Whose upload it is, whether it is there, its type and size are checked when the profile
 * is saved (./service.ts).
 */
const resumeUrl = z
  .string()
  .max(2048)
  .superRefine((value, ctx) => {
    const parsed = parseResumeUrl(value);
    if ('problem' in parsed) ctx.addIssue({ code: 'custom', message: parsed.problem });
  })
  .describe('The `resumeUrl` that `POST /resume-uploads` gave (PUT the file to its `uploadUrl` first), or an https URL of a PDF, DOCX, DOC, RTF or TXT file of at most 10 MB');

/** A placeholder no job or profile fills is refused here rather than sent to an employer as blank text. */
const coverLetterTemplate = z
  .string()
  .max(20_000)
  .superRefine(textAtMost(PROFILE_BYTES.coverLetterTemplate))
  .superRefine((template, ctx) => {
    const unknown = unknownPlaceholders(template);
    if (unknown.length) ctx.addIssue({ code: 'custom', message: unknownPlaceholdersMessage(unknown) });
  })
  .describe(`Rendered for each job; placeholders: ${coverLetterPlaceholders.map((p) => `{{${p}}}`).join(', ')}`);

/** E.164-ish: an optional +, then 7 to 15 digits, spaces, dots, dashes and parentheses allowed. */
const phone = z
  .string()
  .max(32)
  .refine((p) => /^\+?[0-9 ().-]+$/.test(p) && /^(?:\D*\d){7,15}\D*$/.test(p), 'must be a plausible phone number');

export const autoApplySchema = z
  .object({
    enabled: z.boolean().default(false),
    /** Fill every form and stop before submitting. */
    dryRun: z.boolean().default(true),
    dailyLimit: z.number().int().min(1).max(100).default(10),
  })
  .strict();

export const jobPreferencesSchema = z
  .object({
    keywords: z.array(z.string().min(1).max(100)).max(50).default([]),
    titles: z.array(z.string().min(1).max(200)).max(50).default([]),
    locations: z.array(z.string().min(1).max(200)).max(50).default([]),
    remote: z.boolean().optional(),
    /** Annual, in the user's currency. */
    salaryMin: z.number().int().min(0).max(10_000_000).optional(),
    jobTypes: z.array(jobTypeSchema).max(7).default([]),
    sources: z.array(jobSourceSchema).max(6).default([]),
    excludedCompanies: z.array(z.string().min(1).max(300)).max(200).default([]),
    /** How often the scheduler re-runs this profile's saved searches. */
    crawlIntervalHours: z.number().int().min(1).max(24 * 30).default(24),
    autoApply: autoApplySchema.default({ enabled: false, dryRun: true, dailyLimit: 10 }),
  })
  .strict();
export type JobPreferences = z.infer<typeof jobPreferencesSchema>;

const eeoChoice = z.string().min(1).max(200);

/** The answers the user allows the applier to give. Absent means "do not answer": the attempt stops. */
export const answerBankSchema = z
  .object({
    firstName: z.string().min(1).max(100).optional(),
    lastName: z.string().min(1).max(100).optional(),
    /** Both are about the country of the profile's `location`; a question about another country needs its own answer in `custom`. */
    workAuthorization: z.string().min(1).max(500).optional()
      .describe("Are you authorized to work in the country of your profile's location (Yes / No, or in words)"),
    requiresSponsorship: z.boolean().optional()
      .describe("Do you need visa sponsorship, now or in the future, to work in the country of your profile's location"),
    noticePeriod: z.string().min(1).max(200).optional(),
    salaryExpectation: z.string().min(1).max(200).optional(),
    willingToRelocate: z.boolean().optional().describe('Willing to relocate for the jobs you apply to (a question naming another place needs its own answer)'),
    /** EEO questions: the user's own choice, or the literal 'decline'. */
    eeo: z
      .object({ gender: eeoChoice, race: eeoChoice, veteran: eeoChoice, disability: eeoChoice, hispanicLatino: eeoChoice })
      .partial()
      .strict()
      .optional(),
    /** Free-form pairs, matched to form questions by their wording. */
    custom: z
      .array(z.object({ question: z.string().min(1).max(1000), answer: z.string().min(1).max(5000) }).strict())
      .max(200)
      .default([]),
  })
  .strict();
export type AnswerBank = z.infer<typeof answerBankSchema>;

/** What a user writes to create a profile (every seed column but ids and timestamps). */
export const profileInputSchema = z
  .object({
    resumeUrl: resumeUrl.nullable().optional(),
    coverLetterTemplate: coverLetterTemplate.nullable().optional(),
    skills: z.array(z.string().min(1).max(100)).max(200).superRefine(jsonAtMost(PROFILE_BYTES.skills)).default([]),
    experienceYears: z.number().int().min(0).max(70).nullable().optional(),
    linkedinUrl: httpUrl.nullable().optional(),
    githubUrl: httpUrl.nullable().optional(),
    portfolioUrl: httpUrl.nullable().optional(),
    phone: phone.nullable().optional(),
    location: z.string().min(1).max(200).nullable().optional(),
    jobPreferences: jobPreferencesSchema.superRefine(jsonAtMost(PROFILE_BYTES.jobPreferences)).default(jobPreferencesSchema.parse({})),
    answers: answerBankSchema.superRefine(jsonAtMost(PROFILE_BYTES.answers)).default(answerBankSchema.parse({})),
  })
  .strict();
export type ProfileInput = z.infer<typeof profileInputSchema>;
