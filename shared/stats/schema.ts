/** Statistics over the API: live counts, the materialized view's totals, and the CSV export. */
import { z } from 'zod';
import { timestampSchema } from '../http/schemas';
import { applicationStatuses } from '../applications/schema';

export const statusCountsSchema = z
  .object({
    total: z.number().int(),
    byStatus: z.object(Object.fromEntries(applicationStatuses.map((s) => [s, z.number().int()])) as Record<(typeof applicationStatuses)[number], z.ZodNumber>),
  })
  .meta({ id: 'ApplicationCounts' });
export type StatusCounts = z.infer<typeof statusCountsSchema>;

export const statsSummarySchema = z
  .object({
    totalApplications: z.number().int(),
    appliedCount: z.number().int(),
    interviewCount: z.number().int(),
    refreshedAt: timestampSchema.nullable().describe('When these totals were computed; they lag live counts until the next refresh'),
  })
  .meta({ id: 'StatsSummary' });
export type StatsSummary = z.infer<typeof statsSummarySchema>;
