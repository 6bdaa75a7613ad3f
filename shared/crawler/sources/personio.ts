/**
 * Personio jobs pages: `GET https://{company}.jobs.personio.de/xml` is the company's feed of open
 * positions, `<workzag-jobs><position>...`: id, subcompany, office and additionalOffices,
 * department, recruitingCategory, name, jobDescriptions (named HTML sections in CDATA),
 * employmentType (permanent, intern, trainee, freelance), seniority, schedule (full-time,
 * part-time), yearsOfExperience, keywords, createdAt. The feed carries no pay, no expiry and no
 * remote field (an office named "Remote" says it). A position's page is /job/{id}. Nothing in the
 * feed names the company but a position's subcompany: positions without one show the board's name.
 *
 * An unknown company's feed redirects to Personio's own site: that fails the crawl as "not found".
 */
import { load } from 'cheerio';
import { parseDate } from '../normalize/dates';
import { parseJobType } from '../normalize/job-type';
import type { JobDraft } from '../normalize/job';
import { detectRemote } from '../normalize/remote';
import type { LoadedPage } from '../load';
import type { CrawlSpec } from '../port';
import { atsBoardSettings, boardNotFound } from './ats';
import { joinUrl, type SourceAdapter } from './types';

function targetOf(spec: CrawlSpec) {
  const t = spec.target;
  if (t?.kind !== 'personio') throw new Error('personio crawl without a personio target');
  return t;
}

const text = (node: { first(): { text(): string } }): string | null => node.first().text().trim() || null;

export interface PersonioContext {
  board: string;
  /** The jobs page's origin: positions are at {base}/job/{id}. */
  base: string;
}

export function parsePersonioFeed(page: LoadedPage, ctx: PersonioContext): JobDraft[] {
  const redirected = !/\/xml\/?$/.test(new URL(page.url).pathname);
  if (page.status === 404 || redirected || !/<workzag-jobs[\s>/]/.test(page.body)) {
    throw boardNotFound('jobs page', ctx.board, page.status === 404 ? 'HTTP 404' : redirected ? `redirected to ${page.url}` : 'no <workzag-jobs> feed', page.url);
  }
  const $ = load(page.body, { xml: true });
  const drafts: JobDraft[] = [];
  $('workzag-jobs > position').each((_, el) => {
    const p = $(el);
    const id = text(p.children('id'));
    if (!id) return;
    const office = text(p.children('office'));
    const others = p
      .children('additionalOffices')
      .find('office')
      .map((_, o) => $(o).text().trim())
      .get()
      .filter(Boolean);
    // Older feeds list additional offices as bare text.
    const additional = others.length ? others : (text(p.children('additionalOffices'))?.split(/\s*,\s*/) ?? []);
    const offices = [...new Set([office, ...additional].filter((o): o is string => Boolean(o)))];
    const title = text(p.children('name'));
    // Feeds since 2025 group the sections in <jobDescriptions>; older ones list <jobDescription> under the position.
    const sections = p
      .children('jobDescriptions')
      .children('jobDescription')
      .add(p.children('jobDescription'))
      .map((_, d) => {
        const name = text($(d).children('name'));
        const value = text($(d).children('value'));
        return value ? `${name ? `<h3>${name}</h3>` : ''}${value}` : '';
      })
      .get()
      .filter(Boolean);
    const subcompany = text(p.children('subcompany'));
    const department = text(p.children('department'));
    const employmentType = text(p.children('employmentType'));
    const schedule = text(p.children('schedule'));
    drafts.push({
      source: 'custom',
      externalId: `personio:${ctx.board.toLowerCase()}:${id}`,
      title,
      company: subcompany ?? ctx.board,
      location: offices.join('; ') || null,
      description: sections.join('\n') || null,
      // "permanent" names no schedule; the schedule (full-time, part-time) then does.
      jobType: parseJobType([employmentType, schedule]),
      remote: detectRemote({ texts: [offices.join(' '), title] }),
      sourceUrl: joinUrl(ctx.base, `job/${encodeURIComponent(id)}`),
      postedDate: parseDate(text(p.children('createdAt'))),
      metadata: {
        ats: 'personio',
        board: ctx.board,
        ...(subcompany ? {} : { companyFrom: 'board slug' }),
        ...(department ? { department } : {}),
        ...(offices.length > 1 ? { locations: offices } : {}),
        ...(text(p.children('recruitingCategory')) ? { category: text(p.children('recruitingCategory')) } : {}),
        ...(text(p.children('seniority')) ? { experienceLevel: text(p.children('seniority')) } : {}),
        ...(text(p.children('yearsOfExperience')) ? { yearsOfExperience: text(p.children('yearsOfExperience')) } : {}),
        ...(text(p.children('keywords')) ? { keywords: text(p.children('keywords')) } : {}),
      },
    });
  });
  return drafts;
}

export const personio: SourceAdapter = {
  name: 'personio',
  ...atsBoardSettings,
  defaultBaseUrl: 'https://{board}.jobs.personio.de',
  baseUrlParams: (spec) => ({ board: targetOf(spec).board }),
  firstPageUrl: (ctx) => joinUrl(ctx.base, 'xml'),
  parsePage(page, ctx) {
    const drafts = parsePersonioFeed(page, { board: targetOf(ctx.spec).board, base: ctx.base });
    return { drafts, nextUrl: null, total: drafts.length };
  },
};
