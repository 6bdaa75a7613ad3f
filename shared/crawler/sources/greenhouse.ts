/**
 * Greenhouse job boards: `GET /v1/boards/{board}/jobs?content=true` returns the whole board, each
 * job with its entity-encoded HTML `content`, location, departments, offices and dates. Pay has no
 * field of its own: boards with pay transparency on print it at the end of `content`. The workplace
 * is a custom field on boards that keep one (`metadata`: "Workplace Type"), else in the location text.
 */
import { load } from 'cheerio';
import { UnreadablePageError } from '../errors';
import { parseDate } from '../normalize/dates';
import { decodeEntities } from '../normalize/html';
import { isObject, type JsonObject } from '../normalize/jsonld';
import type { JobDraft } from '../normalize/job';
import { detectRemote } from '../normalize/remote';
import { parseSalaryText, type ParsedSalary } from '../normalize/salary';
import { atsBoardJson, atsBoardSettings } from './ats';
import { joinUrl, type SourceAdapter, type SourceContext } from './types';

function boardOf(ctx: SourceContext): string {
  const t = ctx.spec.target;
  if (t?.kind !== 'greenhouse') throw new Error('greenhouse crawl without a greenhouse target');
  return t.board;
}

function namesOf(list: unknown): string[] {
  return (Array.isArray(list) ? list : []).filter(isObject).map((x) => String(x.name ?? '').trim()).filter(Boolean);
}

/** The pay range of `content`'s pay-transparency block ("<span>$150,000</span><span class="divider">&mdash;</span><span>$190,000 USD</span>"). */
function payTransparencyOf(content: string): ParsedSalary | null {
  if (!content.includes('pay-range')) return null;
  const html = content.includes('<') ? content : decodeEntities(content);
  const range = load(html)('.content-pay-transparency .pay-range').first();
  return range.length ? parseSalaryText(range.text()) : null;
}

/** The board's own custom field for the workplace ("Workplace Type": "Hybrid", or ["Hybrid"]), on boards that keep one. */
function workplaceField(metadata: unknown): string | null {
  for (const field of (Array.isArray(metadata) ? metadata : []).filter(isObject)) {
    if (!/workplace|location type|remote status|work (arrangement|model|type)/i.test(String(field.name ?? ''))) continue;
    const value = Array.isArray(field.value) ? field.value.filter((v) => typeof v === 'string').join(' ') : field.value;
    if (typeof value === 'string' && value.trim()) return value;
  }
  return null;
}

export function greenhouseJobToDraft(job: JsonObject, board: string): JobDraft | null {
  if (job.id == null) return null;
  const location = isObject(job.location) ? job.location.name : null;
  const departments = namesOf(job.departments);
  const offices = namesOf(job.offices);
  return {
    source: 'custom',
    externalId: `greenhouse:${board.toLowerCase()}:${String(job.id)}`,
    title: job.title,
    company: job.company_name ?? board,
    location,
    description: typeof job.content === 'string' ? job.content : null,
    salary: typeof job.content === 'string' ? payTransparencyOf(job.content) : null,
    remote: detectRemote({ workplace: workplaceField(job.metadata), texts: [String(location ?? ''), offices.join(' ')] }),
    sourceUrl: typeof job.absolute_url === 'string' ? job.absolute_url : null,
    postedDate: parseDate(job.first_published) ?? parseDate(job.updated_at),
    expiresDate: parseDate(job.application_deadline),
    metadata: {
      ats: 'greenhouse',
      board,
      ...(departments.length ? { department: departments.join(', ') } : {}),
      ...(offices.length ? { offices } : {}),
      ...(job.requisition_id ? { requisitionId: String(job.requisition_id) } : {}),
      ...(job.updated_at ? { updatedAt: String(job.updated_at) } : {}),
    },
  };
}

export const greenhouse: SourceAdapter = {
  name: 'greenhouse',
  ...atsBoardSettings,
  defaultBaseUrl: 'https://boards-api.greenhouse.io',
  firstPageUrl: (ctx) => joinUrl(ctx.base, `v1/boards/${encodeURIComponent(boardOf(ctx))}/jobs?content=true`),
  parsePage(page, ctx) {
    const board = boardOf(ctx);
    const data = atsBoardJson(page, 'board', board);
    if (!isObject(data) || !Array.isArray(data.jobs)) throw new UnreadablePageError(`answered JSON without a jobs list for board "${board}"`, page.url);
    const drafts = data.jobs.filter(isObject).map((j) => greenhouseJobToDraft(j, board)).filter((d): d is JobDraft => d !== null);
    return { drafts, nextUrl: null, total: isObject(data.meta) && typeof data.meta.total === 'number' ? data.meta.total : null };
  },
};
