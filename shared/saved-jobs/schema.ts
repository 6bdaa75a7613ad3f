/** Saved jobs over the API: a job bookmarked with the user's notes. */
import { z } from 'zod';
import { idParam, idSchema, timestampSchema } from '../http/schemas';
import { jobSummarySchema } from '../jobs/api-schema';

export const savedJobIdParams = z.object({ savedJobId: idParam }).strict();

const notesSchema = z.string().max(10_000).nullable();

export const saveJobSchema = z.object({ jobId: idSchema, notes: notesSchema.optional() }).strict();
export const savedJobUpdateSchema = z.object({ notes: notesSchema }).strict();

export const savedJobSchema = z
  .object({
    id: idSchema,
    jobId: idSchema,
    notes: z.string().nullable(),
    createdAt: timestampSchema,
    job: jobSummarySchema,
  })
  .meta({ id: 'SavedJob' });
export type SavedJob = z.infer<typeof savedJobSchema>;
