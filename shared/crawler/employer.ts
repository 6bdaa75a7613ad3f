/**
 * The employer's name from a board's own public page, for boards whose API names nobody (see
 * EmployerPage): read once per crawl through the crawl's own fetcher, so its pace, URL guard,
 * robots.txt and block screening apply. A page that cannot be read, or that names nobody, costs the
 * jobs that name and never the crawl: they show the board's name, and the crawl's note says why.
 */
import { config } from '../config';
import { jobInputSchema } from '../jobs/input';
import { CrawlBlockedError, UnreadablePageError } from './errors';
import type { PoliteFetcher } from './http/fetcher';
import type { PageLoader } from './load';
import type { CrawlSpec } from './port';
import { joinUrl, type EmployerPage } from './sources/types';

export type EmployerReading = { name: string } | { name: null; note: string };

const FALLBACK = "its jobs show the board's name instead";
const MAX_COMPANY = jobInputSchema.shape.company.maxLength ?? 300;

export async function readEmployer(page: EmployerPage, spec: CrawlSpec, fetcher: PoliteFetcher, http: PageLoader): Promise<EmployerReading> {
  const url = joinUrl(config.sourceBaseUrl(page.name) ?? page.defaultBaseUrl, page.path(spec));
  try {
    if (!(await fetcher.robotsFor(url)).allowed(url)) return { name: null, note: `robots.txt disallows the board's page ${url}: ${FALLBACK}` };
    const loaded = await http.load(url, { expect: [404, 410] });
    const name = loaded.status === 200 ? page.employer(loaded)?.replace(/\s+/g, ' ').trim() : null;
    // Longer than a job's company may be: not a name.
    if (name && name.length <= MAX_COMPANY) return { name };
    const why = loaded.status === 200 ? 'names no employer' : `answered HTTP ${loaded.status}`;
    return { name: null, note: `the board's page ${url} ${why}: ${FALLBACK}` };
  } catch (err) {
    // A deadline is the crawl's to handle; anything else the page did is only this name's loss.
    if (err instanceof CrawlBlockedError || err instanceof UnreadablePageError) return { name: null, note: `the board's page could not be read (${err.message}): ${FALLBACK}` };
    throw err;
  }
}
