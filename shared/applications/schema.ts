/** Applications over the API: asking to apply, following the attempt, and the statuses a user sets. */
import * as z from 'zod';
import { pageQueryShape } from '../http/pagination';
import { idParam, idSchema, queryList, timestampSchema } from '../http/schemas';
import { automationLogSchema } from '../applier/log';
import { jobSourceSchema } from '../jobs/input';

/**
 * The seed's ApplicationStatus, as stored, with sql/006's two outcomes: filled (a dry run filled the
 * form and stopped before submitting) and unconfirmed (submitted, but the page confirmed nothing).
 */
export const applicationStatuses = ['pending', 'in_progress', 'filled', 'applied', 'unconfirmed', 'failed', 'rejected', 'interview', 'accepted'] as const;
export const applicationStatusSchema = z.enum(applicationStatuses);
export type ApplicationStatus = z.infer<typeof applicationStatusSchema>;

/** The statuses a user sets by hand; the others belong to the applier. */
export const manualStatuses = ['applied', 'interview', 'rejected', 'accepted'] as const;
export type ManualStatus = (typeof manualStatuses)[number];

/**
 * Where a user may move an application by hand, from each status. What the applier could not finish
 * (failed, filled, unconfirmed) the user may have completed themselves; the rest follows the hiring
 * process. pending and in_progress belong to the applier.
 */
export const manualTransitions: Readonly<Record<ApplicationStatus, readonly ManualStatus[]>> = {
  pending: [],
  in_progress: [],
  failed: ['applied'],
  filled: ['applied'],
  unconfirmed: ['applied', 'interview', 'rejected', 'accepted'],
  applied: ['interview', 'rejected', 'accepted'],
  interview: ['rejected', 'accepted'],
  rejected: [],
  accepted: [],
};

/** Retry: a failed attempt runs again as it was; a filled dry run runs again for real. */
export const retryableStatuses = ['failed', 'filled'] as const satisfies readonly ApplicationStatus[];

export const applicationIdParams = z.object({ applicationId: idParam }).strict();

const screenshotName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'must be a screenshot name');

/** A screenshot of an application, by the file name the applier gave it: the newest attempt's by that name. */
export const screenshotParams = z.object({ applicationId: idParam, name: screenshotName }).strict();

/** A screenshot of one attempt of an application. */
export const attemptScreenshotParams = z
  .object({ applicationId: idParam, attempt: z.string().regex(/^[1-9][0-9]{0,8}$/, 'must be an attempt number').transform(Number), name: screenshotName })
  .strict();

export const applicationRequestSchema = z
  .object({
    jobId: idSchema,
    profileId: idSchema.describe('The profile whose resume and answers the applier uses'),
    dryRun: z.boolean().default(false).describe('Fill the form and stop before submitting'),
  })
  .strict();
export type ApplicationRequest = z.infer<typeof applicationRequestSchema>;

export const statusChangeSchema = z.object({ status: z.enum(manualStatuses) }).strict();

export const applicationListQuerySchema = z
  .object({
    status: queryList(applicationStatusSchema, applicationStatuses.length).optional().describe(`Comma-separated: ${applicationStatuses.join(', ')}`),
    ...pageQueryShape,
  })
  .strict();

const applicationCommon = {
  id: idSchema,
  jobId: idSchema,
  profileId: idSchema.nullable().describe('Null once the profile was deleted'),
  status: applicationStatusSchema,
  dryRun: z.boolean(),
  appliedAt: timestampSchema.nullable(),
  errorMessage: z.string().nullable(),
  attemptCount: z.number().int().nonnegative().describe('How many times the applier took it up'),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  job: z
    .object({ title: z.string(), company: z.string(), source: jobSourceSchema, sourceUrl: z.string() })
    .nullable()
    .describe('Null when the job was archived'),
};

export const applicationSummarySchema = z.object(applicationCommon).meta({ id: 'ApplicationSummary' });
export type ApplicationSummary = z.infer<typeof applicationSummarySchema>;

/** What one attempt ended in: the applier's outcomes (shared/applier/port.ts). */
export const attemptStatuses = ['applied', 'filled', 'unconfirmed', 'failed'] as const;

export const applicationAttemptSchema = z
  .object({
    attempt: z.number().int().positive().describe("The attempt's number; an attempt whose worker vanished leaves a gap"),
    status: z
      .enum(attemptStatuses)
      .nullable()
      .describe('What the attempt ended in; null only for an attempt kept from before attempts were recorded one by one, once the application had moved on'),
    reason: z.string().nullable().describe('Why it did not end applied'),
    retryable: z
      .boolean()
      .describe("A failure that running again could help (a timeout, a page that did not load): the worker queued it again by itself, until the queue's receives ran out"),
    finishedAt: timestampSchema,
    log: automationLogSchema
      .extend({ screenshots: z.array(z.object({ key: z.string(), label: z.string(), url: z.string().describe('GET it with your token') })) })
      .nullable()
      .describe("The applier's step log, each screenshot with the API path that serves it; null when the applier did not run (the job had expired, the profile was deleted)"),
  })
  .meta({ id: 'ApplicationAttempt' });
export type ApplicationAttempt = z.infer<typeof applicationAttemptSchema>;

export const applicationSchema = z
  .object({
    ...applicationCommon,
    resumeUsed: z.string().nullable(),
    coverLetterUsed: z.string().nullable(),
    attempts: z.array(applicationAttemptSchema).describe('Every attempt, newest first, each with its own log and screenshots'),
  })
  .meta({ id: 'Application' });
export type Application = z.infer<typeof applicationSchema>;
