/**
 * LinkedIn's guest job search: `jobs-guest/jobs/api/seeMoreJobPostings/search` answers HTML cards
 * without login (the job id is the numeric tail of the card link, `data-entity-urn` on the card);
 * `jobs-guest/jobs/api/jobPosting/<id>` answers the detail fragment with the description and the
 * criteria (employment type, seniority). Plain HTTP: neither needs a browser.
 */
import { load } from 'cheerio';
import { UnreadablePageError } from '../errors';
import { parseDate, parseRelativeAge } from '../normalize/dates';
import { cleanText } from '../normalize/html';
import { parseJobType } from '../normalize/job-type';
import type { JobDraft } from '../normalize/job';
import { detectRemote } from '../normalize/remote';
import { parseSalaryText } from '../normalize/salary';
import { boardSearchUrl, jobBoardSettings } from './board';
import { joinUrl, type SourceAdapter } from './types';

const SEARCH_PATH = 'jobs-guest/jobs/api/seeMoreJobPostings/search';

function idOf(urn: string | undefined, href: string | undefined): string | null {
  const fromUrn = /jobPosting:(\d+)/.exec(urn ?? '')?.[1];
  if (fromUrn) return fromUrn;
  const path = href ? href.split('?')[0] ?? '' : '';
  return /-?(\d{6,})\/?$/.exec(path)?.[1] ?? null;
}

export function parseLinkedInCards(html: string, pageUrl: string): JobDraft[] {
  const $ = load(html);
  const drafts: JobDraft[] = [];
  $('.base-search-card, .job-search-card, [data-entity-urn*="jobPosting"]').each((_, el) => {
    const card = $(el);
    if (card.parents('.base-search-card').length) return;
    const href = card.find('a.base-card__full-link').attr('href') ?? card.find('a[href*="/jobs/view/"]').first().attr('href');
    const id = idOf(card.attr('data-entity-urn'), href);
    if (!id || drafts.some((d) => d.externalId === `linkedin:${id}`)) return;
    const origin = href ? new URL(href, pageUrl).origin : new URL(pageUrl).origin;
    const location = cleanText(card.find('.job-search-card__location').text());
    const title = cleanText(card.find('.base-search-card__title').text());
    const time = card.find('time');
    const salaryText = cleanText(card.find('.job-search-card__salary-info').text());
    drafts.push({
      source: 'linkedin',
      externalId: `linkedin:${id}`,
      title,
      company: cleanText(card.find('.base-search-card__subtitle').text()),
      location,
      salary: parseSalaryText(salaryText),
      remote: detectRemote({ texts: [location, title] }),
      sourceUrl: `${origin}/jobs/view/${id}`,
      postedDate: parseDate(time.attr('datetime')) ?? parseRelativeAge(time.text()),
      metadata: { linkedinId: id },
    });
  });
  return drafts;
}

/** Description, criteria and pay from a guest jobPosting fragment. */
export function mergeLinkedInDetail(draft: JobDraft, html: string): JobDraft {
  const $ = load(html);
  const criteria: Record<string, string> = {};
  $('.description__job-criteria-item').each((_, el) => {
    const name = cleanText($(el).find('.description__job-criteria-subheader').text());
    const value = cleanText($(el).find('.description__job-criteria-text').text());
    if (name && value) criteria[name] = value;
  });
  const description = $('.show-more-less-html__markup').first().html()?.trim() || $('.description__text').first().html()?.trim() || null;
  const salaryText = cleanText($('.salary.compensation__salary, .compensation__salary').first().text());
  const workplace = cleanText($('.topcard__flavor--metadata.workplace-type, .workplace-type').first().text());
  return {
    ...draft,
    title: cleanText($('.topcard__title, .top-card-layout__title').first().text()) ?? draft.title,
    company: cleanText($('.topcard__org-name-link').first().text()) ?? draft.company,
    description: description ?? draft.description ?? null,
    salary: parseSalaryText(salaryText) ?? draft.salary ?? null,
    jobType: parseJobType(criteria['Employment type'] ?? null) ?? draft.jobType ?? null,
    remote: workplace ? detectRemote({ workplace }) : draft.remote,
    applyUrl: $('a.apply-button, a[data-tracking-control-name*="apply"]').attr('href') ?? draft.applyUrl ?? null,
    metadata: {
      ...draft.metadata,
      ...(criteria['Seniority level'] ? { seniority: criteria['Seniority level'] } : {}),
      ...(criteria['Job function'] ? { jobFunction: criteria['Job function'] } : {}),
      ...(criteria.Industries ? { industries: criteria.Industries } : {}),
    },
  };
}

export const linkedin: SourceAdapter = {
  name: 'linkedin',
  source: 'linkedin',
  ...jobBoardSettings,
  defaultBaseUrl: 'https://www.linkedin.com',
  pace: { intervalMs: 1_500, concurrency: 2 },
  firstPageUrl: ({ base, spec }) => boardSearchUrl(base, SEARCH_PATH, spec, { query: 'keywords', location: 'location' }, { start: '0' }),
  parsePage(page) {
    const drafts = parseLinkedInCards(page.body, page.url);
    // The guest API answers an empty body past the last page; a page with markup but no cards changed shape.
    if (drafts.length === 0 && /base-search-card|<li/i.test(page.body) && !/no matching jobs/i.test(page.body)) {
      throw new UnreadablePageError(`answered a results page with no readable job cards (${page.url})`, page.url);
    }
    const next = new URL(page.url);
    next.searchParams.set('start', String(Number(next.searchParams.get('start') ?? 0) + drafts.length));
    return { drafts, nextUrl: drafts.length ? next.href : null };
  },
  detail: {
    url: (draft, { base }) => joinUrl(base, `jobs-guest/jobs/api/jobPosting/${String(draft.metadata?.linkedinId)}`),
    merge: (draft, page) => mergeLinkedInDetail(draft, page.body),
  },
};
