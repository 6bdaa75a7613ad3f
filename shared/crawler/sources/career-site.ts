/**
 * Company career sites that publish schema.org JobPosting JSON-LD: the postings on the careers page
 * itself, and those on the posting pages it links to (same site, robots.txt honoured), following
 * rel="next" pages. Broken JSON-LD is repaired where it can be (see normalize/loose-json).
 */
import { load } from 'cheerio';
import { extractJsonLdBlocks, findJobPostings } from '../normalize/jsonld';
import { jobPostingIdentifier, jobPostingToDraft } from '../normalize/job-posting';
import type { JobDraft } from '../normalize/job';
import { canonicalUrl } from '../normalize/url';
import type { LoadedPage } from '../load';
import type { SourceAdapter, SourceContext } from './types';

const POSTING_LINK = /\/(jobs?|careers?|positions?|openings?|vacanc(y|ies)|stellen|postings?|roles?|opportunit(y|ies))\b/i;
const MAX_LINKS_PER_PAGE = 500;

function siteName(html: string): string | null {
  const $ = load(html);
  return $('meta[property="og:site_name"]').attr('content')?.trim() || $('meta[name="application-name"]').attr('content')?.trim() || null;
}

export function careerPagePostings(page: LoadedPage): JobDraft[] {
  const { blocks } = extractJsonLdBlocks(page.body);
  const host = new URL(page.url).host;
  const fallbackCompany = siteName(page.body);
  const postings = blocks.flatMap((b) => findJobPostings(b));
  return postings.map((node) => {
    const id = jobPostingIdentifier(node);
    const url = typeof node.url === 'string' ? canonicalUrl(node.url, { base: page.url }) : null;
    const key = id ?? new URL(url ?? canonicalUrl(page.url) ?? page.url).pathname + (postings.length > 1 && !url ? `#${String(node.title ?? '')}` : '');
    return jobPostingToDraft(node, { source: 'custom', externalId: `jsonld:${host}:${key}`, pageUrl: canonicalUrl(page.url) ?? page.url, fallbackCompany });
  });
}

function siteUrl(ctx: SourceContext): string {
  const t = ctx.spec.target;
  if (t?.kind !== 'site') throw new Error('career-site crawl without a site target');
  return t.url;
}

export const careerSite: SourceAdapter = {
  name: 'site',
  source: 'custom',
  defaultBaseUrl: '',
  transport: 'http',
  pace: { intervalMs: 1_000, concurrency: 2 },
  maxResults: 2_000,
  robots: true,
  filterBySearch: true,
  firstPageUrl: siteUrl,
  parsePage(page) {
    const next = load(page.body)('a[rel~="next"], link[rel~="next"]').attr('href');
    const nextUrl = next ? new URL(next, page.url) : null;
    return { drafts: careerPagePostings(page), nextUrl: nextUrl && nextUrl.origin === new URL(page.url).origin ? nextUrl.href : null };
  },
  followLinks(page) {
    const $ = load(page.body);
    const here = new URL(page.url);
    const links = new Set<string>();
    $('a[href]').each((_, el) => {
      const href = $(el).attr('href') ?? '';
      if ($(el).is('[rel~="next"]')) return;
      let url: URL;
      try {
        url = new URL(href, here);
      } catch {
        return;
      }
      url.hash = '';
      if (url.origin !== here.origin || url.href === here.href || !POSTING_LINK.test(url.pathname) || url.pathname === here.pathname) return;
      links.add(canonicalUrl(url.href) ?? url.href);
    });
    return [...links].slice(0, MAX_LINKS_PER_PAGE);
  },
  parseFollowed: (page) => careerPagePostings(page),
};
