/**
 * Lever postings: `GET /v0/postings/{site}?mode=json&skip=&limit=` returns postings with HTML
 * description, `lists` (sections such as Requirements), categories (commitment, location, team),
 * workplaceType and an optional salaryRange. No field names the company, and the site's name is
 * not it (jobs.lever.co/economicmodeling is Lightcast's): the site's own page, jobs.lever.co/{site},
 * names it, and the crawl reads that page first (see leverSiteEmployer). Where it names nobody the
 * jobs show the site's name as the target wrote it.
 */
import { load } from 'cheerio';
import { UnreadablePageError } from '../errors';
import { parseDate } from '../normalize/dates';
import { isObject, type JsonObject } from '../normalize/jsonld';
import { parseJobType } from '../normalize/job-type';
import type { JobDraft } from '../normalize/job';
import { detectRemote } from '../normalize/remote';
import { salaryFromAmounts } from '../normalize/salary';
import { atsBoardJson, atsBoardSettings } from './ats';
import { joinUrl, type SourceAdapter, type SourceContext } from './types';

const PAGE_SIZE = 100;
const REQUIREMENTS = /requirement|qualification|what you.ll need|what we.re looking for|you have|you bring|about you|skills/i;

function targetOf(ctx: Pick<SourceContext, 'spec'>) {
  const t = ctx.spec.target;
  if (t?.kind !== 'lever') throw new Error('lever crawl without a lever target');
  return t;
}

/**
 * The company a Lever site's page names, as live pages show it: the header logo's alt text
 * (`<a class="main-header-logo"><img alt="Lightcast logo">` on jobs.lever.co/economicmodeling),
 * else the footer's link to the company's home page ("Intropic Home Page"). The page inlines a
 * stylesheet that names the footer's classes long before the footer: read as a document, never by
 * searching the text. Lever's own logo and links are not the company.
 */
export function leverSiteEmployer(html: string): string | null {
  const $ = load(html);
  const alt = $('a.main-header-logo img').first().attr('alt')?.trim().replace(/\s+logo$/i, '');
  if (alt && !/^lever$/i.test(alt)) return alt;
  const home = $('.main-footer-text a')
    .filter((_, a) => !/(^|\.)lever\.co$/i.test(hostOf($(a).attr('href'))))
    .map((_, a) => /^(.+?)\s+Home Page$/i.exec($(a).text().replace(/\s+/g, ' ').trim())?.[1] ?? '')
    .get()
    .find(Boolean);
  return home ?? null;
}

function hostOf(href: string | undefined): string {
  try {
    return new URL(href ?? '').hostname;
  } catch {
    return '';
  }
}

/** A posting as a job draft: its company the one the site's page names (`employer`), else the site's name. */
export function leverPostingToDraft(p: JsonObject, site: string, employer?: string): JobDraft | null {
  if (typeof p.id !== 'string') return null;
  const cat = isObject(p.categories) ? p.categories : {};
  const lists = (Array.isArray(p.lists) ? p.lists : []).filter(isObject).map((l) => ({ text: String(l.text ?? ''), content: String(l.content ?? '') }));
  const requirementLists = lists.filter((l) => REQUIREMENTS.test(l.text));
  const otherLists = lists.filter((l) => !REQUIREMENTS.test(l.text));
  const section = (l: { text: string; content: string }) => `<h3>${l.text}</h3><ul>${l.content}</ul>`;
  const description = [p.description ?? p.opening ?? '', ...otherLists.map(section), p.additional ?? ''].filter((x) => typeof x === 'string' && x).join('\n');
  const range = isObject(p.salaryRange) ? p.salaryRange : null;
  const all = Array.isArray(cat.allLocations) ? cat.allLocations.map(String) : [];
  return {
    source: 'custom',
    externalId: `lever:${site.toLowerCase()}:${p.id}`,
    title: p.text,
    company: employer ?? site,
    location: cat.location ?? (all.length ? all.join('; ') : null),
    description: description || null,
    requirements: requirementLists.length ? requirementLists.map(section).join('\n') : null,
    salary: range ? salaryFromAmounts({ min: range.min as number, max: range.max as number, interval: String(range.interval ?? ''), currency: String(range.currency ?? '') }) : null,
    jobType: parseJobType(typeof cat.commitment === 'string' ? cat.commitment : null),
    remote: detectRemote({ workplace: typeof p.workplaceType === 'string' && p.workplaceType !== 'unspecified' ? p.workplaceType : null, texts: [String(cat.location ?? '')] }),
    sourceUrl: typeof p.hostedUrl === 'string' ? p.hostedUrl : null,
    postedDate: parseDate(p.createdAt),
    applyUrl: typeof p.applyUrl === 'string' ? p.applyUrl : null,
    metadata: {
      ats: 'lever',
      site,
      companyFrom: employer ? 'board page' : 'board slug',
      ...(cat.team ? { department: String(cat.team) } : {}),
      ...(all.length > 1 ? { locations: all } : {}),
      ...(p.country ? { country: String(p.country) } : {}),
    },
  };
}

export const lever: SourceAdapter = {
  name: 'lever',
  ...atsBoardSettings,
  defaultBaseUrl: 'https://api.lever.co',
  employerPage: {
    name: 'lever_jobs',
    defaultBaseUrl: 'https://jobs.lever.co',
    path: (spec) => encodeURIComponent(targetOf({ spec }).site),
    employer: (page) => leverSiteEmployer(page.body),
  },
  firstPageUrl: (ctx) => joinUrl(ctx.base, `v0/postings/${encodeURIComponent(targetOf(ctx).site)}?mode=json&skip=0&limit=${PAGE_SIZE}`),
  parsePage(page, ctx) {
    const { site } = targetOf(ctx);
    const data = atsBoardJson(page, 'postings site', site);
    if (!Array.isArray(data)) throw new UnreadablePageError(`answered JSON without a postings list for site "${site}"`, page.url);
    const drafts = data.filter(isObject).map((p) => leverPostingToDraft(p, site, ctx.employer)).filter((d): d is JobDraft => d !== null);
    const url = new URL(page.url);
    const skip = Number(url.searchParams.get('skip') ?? '0');
    url.searchParams.set('skip', String(skip + data.length));
    return { drafts, nextUrl: data.length >= PAGE_SIZE ? url.href : null };
  },
};
