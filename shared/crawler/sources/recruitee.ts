/**
 * Recruitee careers sites: `GET https://{company}.recruitee.com/api/offers/` answers every published
 * offer in one response: HTML description and requirements, location, remote / hybrid / on_site
 * flags, employment_type_code, salary {min, max, period, currency} (amounts as numbers or strings),
 * published_at and close_at ("2026-07-30 19:46:15 UTC"), company_name, careers_url.
 */
import { UnreadablePageError } from '../errors';
import { parseDate } from '../normalize/dates';
import { isObject, type JsonObject } from '../normalize/jsonld';
import { parseJobType } from '../normalize/job-type';
import type { JobDraft } from '../normalize/job';
import { detectRemote } from '../normalize/remote';
import { salaryFromAmounts, type ParsedSalary } from '../normalize/salary';
import { atsBoardJson, atsBoardSettings, str } from './ats';
import type { CrawlSpec } from '../port';
import { joinUrl, type SourceAdapter } from './types';

function boardOf(spec: CrawlSpec): string {
  const t = spec.target;
  if (t?.kind !== 'recruitee') throw new Error('recruitee crawl without a recruitee target');
  return t.board;
}

const amount = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);

function salaryOf(offer: JsonObject): ParsedSalary | null {
  const s = isObject(offer.salary) ? offer.salary : null;
  if (!s) return null;
  return salaryFromAmounts({ min: amount(s.min), max: amount(s.max), interval: str(s.period), currency: str(s.currency) });
}

function flagsWorkplace(offer: JsonObject): string | null {
  if (offer.hybrid === true) return 'hybrid';
  if (offer.remote === true) return 'remote';
  if (offer.on_site === true) return 'onsite';
  return null;
}

export function recruiteeOfferToDraft(offer: JsonObject, board: string): JobDraft | null {
  if (offer.id == null || (offer.status != null && offer.status !== 'published')) return null;
  const location = str(offer.location) ?? ([str(offer.city), str(offer.country)].filter(Boolean).join(', ') || null);
  return {
    source: 'custom',
    externalId: `recruitee:${board.toLowerCase()}:${String(offer.id)}`,
    title: offer.title,
    company: str(offer.company_name) ?? board,
    location,
    description: str(offer.description),
    requirements: str(offer.requirements),
    salary: salaryOf(offer),
    jobType: parseJobType(str(offer.employment_type_code)),
    remote: detectRemote({ workplace: flagsWorkplace(offer), texts: [location] }),
    sourceUrl: str(offer.careers_url),
    applyUrl: str(offer.careers_apply_url),
    postedDate: parseDate(offer.published_at) ?? parseDate(offer.created_at),
    expiresDate: parseDate(offer.close_at),
    metadata: {
      ats: 'recruitee',
      board,
      ...(str(offer.department) ? { department: str(offer.department) } : {}),
      ...(str(offer.experience_code) ? { experienceLevel: str(offer.experience_code) } : {}),
      ...(str(offer.slug) ? { slug: str(offer.slug) } : {}),
    },
  };
}

export const recruitee: SourceAdapter = {
  name: 'recruitee',
  ...atsBoardSettings,
  defaultBaseUrl: 'https://{board}.recruitee.com',
  baseUrlParams: (spec) => ({ board: boardOf(spec) }),
  firstPageUrl: (ctx) => joinUrl(ctx.base, 'api/offers/'),
  parsePage(page, ctx) {
    const board = boardOf(ctx.spec);
    const data = atsBoardJson(page, 'careers site', board);
    if (!isObject(data) || !Array.isArray(data.offers)) throw new UnreadablePageError(`answered JSON without an offers list for careers site "${board}"`, page.url);
    const drafts = data.offers.filter(isObject).map((o) => recruiteeOfferToDraft(o, board)).filter((d): d is JobDraft => d !== null);
    return { drafts, nextUrl: null, total: data.offers.length };
  },
};
