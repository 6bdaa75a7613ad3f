/**
 * A job as a crawl delivers it to the store: normalized, deduplicated by `externalId`. The crawler
 * produces these; the job store upserts them (one row per externalId, however often re-crawled).
 */
import * as z from 'zod';

/** The seed's JobSource enum, as stored (lowercase). */
export const jobSources = ['linkedin', 'indeed', 'glassdoor', 'ziprecruiter', 'monster', 'custom'] as const;
export const jobSourceSchema = z.enum(jobSources);
export type JobSource = z.infer<typeof jobSourceSchema>;

/** The seed's job_type vocabulary ("full-time, contract, etc."). */
export const jobTypes = ['full-time', 'part-time', 'contract', 'temporary', 'internship', 'volunteer', 'other'] as const;
export const jobTypeSchema = z.enum(jobTypes);
export type JobType = z.infer<typeof jobTypeSchema>;

/** The longest a job's listed texts may be, in characters: sql/003's varchar lengths. */
export const JOB_LISTED_TEXT_CHARS = { title: 500, company: 300, location: 500, jobType: 20, sourceUrl: 2048 } as const;

export const salaryIntervals = ['year', 'month', 'week', 'day', 'hour'] as const;

/** Pay as the posting states it: never swapped, never invented. */
export const salarySchema = z.object({
  min: z.number().nonnegative().nullable(),
  max: z.number().nonnegative().nullable(),
  interval: z.enum(salaryIntervals).nullable(),
  /** ISO 4217, when the posting says or implies it. */
  currency: z.string().length(3).nullable(),
  /** The text it was parsed from, for the record. */
  raw: z.string().nullable(),
});
export type Salary = z.infer<typeof salarySchema>;

export const jobInputSchema = z.object({
  source: jobSourceSchema,
  /** Namespaced by source so ids never collide: 'linkedin:4012345678', 'greenhouse:acme:4567', 'jsonld:careers.example.com:REQ-12'. */
  externalId: z.string().min(3).max(512),
  title: z.string().min(1).max(JOB_LISTED_TEXT_CHARS.title),
  company: z.string().min(1).max(JOB_LISTED_TEXT_CHARS.company),
  location: z.string().max(JOB_LISTED_TEXT_CHARS.location).nullable(),
  /** Sanitized HTML. The plain-text version goes in metadata.descriptionText. */
  description: z.string().nullable(),
  requirements: z.string().nullable(),
  /** Annual figures, only where the conversion from the posted interval is sound. */
  salaryMin: z.number().int().nonnegative().nullable(),
  salaryMax: z.number().int().nonnegative().nullable(),
  jobType: jobTypeSchema.nullable(),
  remote: z.boolean(),
  /** The canonical posting URL, tracking parameters removed. */
  sourceUrl: z.string().url().max(JOB_LISTED_TEXT_CHARS.sourceUrl),
  postedDate: z.date().nullable(),
  expiresDate: z.date().nullable(),
  /** salary (as posted), descriptionText, applyUrl, ats, raw identifiers: whatever the source adds. */
  metadata: z
    .object({
      salary: salarySchema.optional(),
      descriptionText: z.string().optional(),
      applyUrl: z.string().url().optional(),
    })
    .catchall(z.unknown()),
});
export type JobInput = z.infer<typeof jobInputSchema>;
