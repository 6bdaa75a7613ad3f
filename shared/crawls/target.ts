/** Where a crawl goes when it is not a board search: a company's ATS board or its careers site (crawler_jobs.target). */
import { z } from 'zod';

const slug = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'must be the board name as it appears in its URL');

export const crawlTargetSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('greenhouse'), board: slug }).strict(),
    z.object({ kind: z.literal('lever'), site: slug }).strict(),
    z.object({ kind: z.literal('ashby'), board: slug }).strict(),
    z.object({ kind: z.literal('site'), url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2048) }).strict(),
  ])
  .meta({ id: 'CrawlTarget' });
export type CrawlTarget = z.infer<typeof crawlTargetSchema>;
