/** Applications over the API: asking to apply, following the attempt, and the statuses a user sets. */
import { z } from 'zod';
import { pageQueryShape } from '../http/pagination';
import { idParam, idSchema, queryList, timestampSchema } from '../http/schemas';
import { jobSourceSchema } from '../jobs/input';

/** The seed's ApplicationStatus, as stored. */
export const applicationStatuses = ['pending', 'in_progress', 'applied', 'failed', 'rejected', 'interview', 'accepted'] as const;
export const applicationStatusSchema = z.enum(applicationStatuses);
export type ApplicationStatus = z.infer<typeof applicationStatusSchema>;

/** The statuses a user sets by hand; the others belong to the applier. */
export const manualStatuses = ['applied', 'interview', 'rejected', 'accepted'] as const;

export const applicationIdParams = z.object({ applicationId: idParam }).strict();

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
  attempts: z.number().int(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  job: z
    .object({ title: z.string(), company: z.string(), source: jobSourceSchema, sourceUrl: z.string() })
    .nullable()
    .describe('Null when the job was archived'),
};

export const applicationSummarySchema = z.object(applicationCommon).meta({ id: 'ApplicationSummary' });
export type ApplicationSummary = z.infer<typeof applicationSummarySchema>;

export const applicationSchema = z
  .object({
    ...applicationCommon,
    resumeUsed: z.string().nullable(),
    coverLetterUsed: z.string().nullable(),
    automationLog: z.unknown().nullable().describe("The applier's step log of the last attempt"),
  })
  .meta({ id: 'Application' });
export type Application = z.infer<typeof applicationSchema>;
