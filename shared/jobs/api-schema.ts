/**
 * Jobs over the API: the search filters, a job as a list shows it and as its page shows it, and a
 * job a user adds by hand.
 */
import { z } from 'zod';
import { pageQueryShape } from '../http/pagination';
import { idParam, idSchema, queryBoolean, queryList, text, timestampSchema } from '../http/schemas';
import { jobSourceSchema, jobSources, jobTypeSchema, jobTypes } from './input';

export const jobIdParams = z.object({ jobId: idParam }).strict();

/** A date ('2026-11-01') or an instant: postings on or after it. */
const sinceSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const jobSearchQuerySchema = z
  .object({
    q: text(200).optional().describe('Keywords, matched as full text over title, company and description; "quoted phrases", OR and -exclusions work'),
    location: text(200).optional().describe('Matched anywhere in the location, case-insensitively'),
    remote: queryBoolean.optional().describe('true: remote jobs only; false: on-site jobs only'),
    salaryMin: z.coerce.number().int().min(0).max(10_000_000).optional().describe('Jobs whose stated annual maximum (or minimum) reaches this'),
    jobType: queryList(jobTypeSchema, jobTypes.length).optional().describe(`Comma-separated: ${jobTypes.join(', ')}`),
    source: queryList(jobSourceSchema, jobSources.length).optional().describe(`Comma-separated: ${jobSources.join(', ')}`),
    company: text(300).optional().describe('Matched anywhere in the company name, case-insensitively'),
    postedSince: sinceSchema.optional().describe('Date or instant: jobs posted on or after it'),
    ...pageQueryShape,
  })
  .strict();
export type JobSearchQuery = z.infer<typeof jobSearchQuerySchema>;

export const recommendedQuerySchema = z
  .object({
    profileId: idParam.optional().describe("The profile whose location and preferences to match; default: the caller's most recently updated profile"),
    ...pageQueryShape,
  })
  .strict();

export const notAppliedQuerySchema = z.object({ ...pageQueryShape }).strict();

const jobCommon = {
  id: idSchema,
  title: z.string(),
  company: z.string(),
  location: z.string().nullable(),
  salaryMin: z.number().int().nullable().describe('Annual'),
  salaryMax: z.number().int().nullable().describe('Annual'),
  jobType: jobTypeSchema.nullable(),
  remote: z.boolean(),
  source: jobSourceSchema,
  sourceUrl: z.string(),
  postedDate: timestampSchema.nullable(),
  expiresDate: timestampSchema.nullable(),
  isActive: z.boolean(),
  createdAt: timestampSchema,
};

export const jobSummarySchema = z.object(jobCommon).meta({ id: 'JobSummary' });
export type JobSummary = z.infer<typeof jobSummarySchema>;

export const jobSchema = z
  .object({
    ...jobCommon,
    externalId: z.string(),
    description: z.string().nullable().describe('Sanitized HTML'),
    requirements: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()).describe('Salary as posted, plain-text description, apply URL, and whatever the source adds'),
    updatedAt: timestampSchema,
  })
  .meta({ id: 'Job' });
export type Job = z.infer<typeof jobSchema>;

export const recommendedJobSchema = jobSummarySchema.extend({ score: z.number().describe('Higher is a better match') }).meta({ id: 'RecommendedJob' });

const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .max(2048);

export const customJobSchema = z
  .object({
    title: text(500),
    company: text(300),
    sourceUrl: httpUrl.describe('The posting; adding the same URL again updates that job'),
    location: text(500).nullable().optional(),
    description: z.string().max(40_000).nullable().optional().describe('Plain text'),
    requirements: z.string().max(20_000).nullable().optional().describe('Plain text'),
    salaryMin: z.number().int().min(0).max(10_000_000).nullable().optional().describe('Annual'),
    salaryMax: z.number().int().min(0).max(10_000_000).nullable().optional().describe('Annual'),
    jobType: jobTypeSchema.nullable().optional(),
    remote: z.boolean().default(false),
    postedDate: z.iso.datetime({ offset: true }).nullable().optional(),
    expiresDate: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict()
  .refine((j) => j.salaryMin == null || j.salaryMax == null || j.salaryMin <= j.salaryMax, {
    message: 'must not be below salaryMin',
    path: ['salaryMax'],
  });
export type CustomJob = z.infer<typeof customJobSchema>;
