/** Where a crawl goes when it is not a board search: a company's ATS board or its careers site (crawler_jobs.target). */
import * as z from 'zod';

const slug = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'must be the board name as it appears in its URL');
/** A board on its own subdomain (https://{board}.recruitee.com): one DNS label. */
const subdomain = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/, "must be the board's subdomain as it appears in its URL");

export const crawlTargetSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('greenhouse'), board: slug }).strict().describe('A Greenhouse board: boards.greenhouse.io/{board}'),
    z
      .object({ kind: z.literal('lever'), site: slug })
      .strict()
      .describe("A Lever postings site: jobs.lever.co/{site}. Its postings name no company: jobs show the company the site's page names (its logo, its home-page link), else the site's name as written here"),
    z
      .object({ kind: z.literal('ashby'), board: slug })
      .strict()
      .describe("An Ashby job board: jobs.ashbyhq.com/{board}. Its jobs name no company: jobs show the organization the board's page names, else the board's name as written here"),
    z
      .object({
        kind: z.literal('workday'),
        tenant: subdomain,
        instance: z.string().regex(/^wd\d{1,3}$/, 'must be the wdN part of the board URL (wd1, wd3, wd5, wd12...)'),
        site: slug,
      })
      .strict()
      .describe('A Workday careers site: https://{tenant}.{instance}.myworkdayjobs.com/{site}. Workday serves at most 2,000 results of one search; the crawl notes when it hits that cap'),
    z.object({ kind: z.literal('smartrecruiters'), board: slug }).strict().describe('A SmartRecruiters company: jobs.smartrecruiters.com/{board} (its company identifier)'),
    z.object({ kind: z.literal('workable'), board: slug }).strict().describe('A Workable account: apply.workable.com/{board}'),
    z.object({ kind: z.literal('recruitee'), board: subdomain }).strict().describe('A Recruitee careers site: https://{board}.recruitee.com'),
    z
      .object({ kind: z.literal('personio'), board: subdomain })
      .strict()
      .describe("A Personio jobs page: https://{board}.jobs.personio.de (its XML feed). Jobs name their subcompany where the feed gives one; the feed names no company otherwise, so those jobs show the board's name as written here"),
    z
      .object({ kind: z.literal('teamtailor'), board: z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[a-z]{2,4})?$/, "must be the careers site's subdomain as it appears in its URL (acme, or acme.na)") })
      .strict()
      .describe('A Teamtailor careers site: https://{board}.teamtailor.com (its job list and each job page)'),
    z.object({ kind: z.literal('site'), url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2048) }).strict().describe('A careers site that publishes schema.org JobPosting JSON-LD'),
  ])
  .meta({ id: 'CrawlTarget' });
export type CrawlTarget = z.infer<typeof crawlTargetSchema>;
