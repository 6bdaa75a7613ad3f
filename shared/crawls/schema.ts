/** Crawls over the API: a search on a job board, or a company's career site or ATS board, run by the crawler. */
import * as z from 'zod';
import { pageQueryShape } from '../http/pagination';
import { idParam, idSchema, queryList, text, timestampSchema } from '../http/schemas';
import { jobSourceSchema } from '../jobs/input';
import { crawlTargetSchema } from './target';

export const crawlStatuses = ['queued', 'running', 'completed', 'failed'] as const;
export const crawlStatusSchema = z.enum(crawlStatuses);

export const crawlIdParams = z.object({ crawlId: idParam }).strict();

export const crawlRequestSchema = z
  .object({
    searchQuery: text(500),
    location: text(200).nullable().optional(),
    source: jobSourceSchema.describe('A job board, or custom for a career site or ATS board (then give target)'),
    target: crawlTargetSchema
      .nullable()
      .optional()
      .describe(
        'With source custom: the ATS board (greenhouse, lever, ashby, workday, smartrecruiters, workable, recruitee, personio, teamtailor) or the careers site to crawl. The whole board is read and the searchQuery ("*" for everything) and location filter it; an unknown board fails the crawl with "not found"',
      ),
    profileId: idSchema.nullable().optional().describe('The profile whose saved search this is'),
  })
  .strict()
  .refine((c) => (c.source === 'custom') === (c.target != null), {
    message: 'is required with source custom, and only then',
    path: ['target'],
  });
export type CrawlRequest = z.infer<typeof crawlRequestSchema>;

export const crawlListQuerySchema = z
  .object({
    status: queryList(crawlStatusSchema, crawlStatuses.length).optional().describe(`Comma-separated: ${crawlStatuses.join(', ')}`),
    ...pageQueryShape,
  })
  .strict();

export const crawlSchema = z
  .object({
    id: idSchema,
    searchQuery: z.string(),
    location: z.string().nullable(),
    source: jobSourceSchema,
    target: crawlTargetSchema.nullable(),
    profileId: idSchema.nullable(),
    status: crawlStatusSchema,
    jobsFound: z.number().int(),
    startedAt: timestampSchema.nullable(),
    completedAt: timestampSchema.nullable(),
    errorMessage: z.string().nullable().describe('Why a failed crawl failed (a block, a board not found, a page it could not read)'),
    note: z
      .string()
      .nullable()
      .describe('What a completed crawl has to say beyond its jobs: a result cap the board put on the search (Workday: 2,000), postings that did not match the query or were skipped as incomplete'),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'Crawl' });
export type Crawl = z.infer<typeof crawlSchema>;
