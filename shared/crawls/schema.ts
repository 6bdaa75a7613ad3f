/** Crawls over the API: a search on a job board, or a company's career site or ATS board, run by the crawler. */
import { z } from 'zod';
import { pageQueryShape } from '../http/pagination';
import { idParam, idSchema, queryList, text, timestampSchema } from '../http/schemas';
import { jobSourceSchema } from '../jobs/input';

export const crawlStatuses = ['queued', 'running', 'completed', 'failed'] as const;
export const crawlStatusSchema = z.enum(crawlStatuses);

const slug = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'must be the board name as it appears in its URL');

/** Where to crawl when it is not a board search (crawler_jobs.target). */
export const crawlTargetSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('greenhouse'), board: slug }).strict(),
    z.object({ kind: z.literal('lever'), site: slug }).strict(),
    z.object({ kind: z.literal('ashby'), board: slug }).strict(),
    z.object({ kind: z.literal('site'), url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2048) }).strict(),
  ])
  .meta({ id: 'CrawlTarget' });
export type CrawlTarget = z.infer<typeof crawlTargetSchema>;

export const crawlIdParams = z.object({ crawlId: idParam }).strict();

export const crawlRequestSchema = z
  .object({
    searchQuery: text(500),
    location: text(200).nullable().optional(),
    source: jobSourceSchema.describe('A job board, or custom for a career site or ATS board (then give target)'),
    target: crawlTargetSchema.nullable().optional(),
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
    errorMessage: z.string().nullable(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'Crawl' });
export type Crawl = z.infer<typeof crawlSchema>;
