/**
 * Reading jobs for the API: search with full text and filters, one job, and jobs added by hand
 * (recommendations and jobs not applied to are in ./queries). Lists are newest first (first seen, then id)
 * and paged by keyset: a page starts strictly after the last row of the one before, so jobs that
 * arrive meanwhile (always newer) never shift the pages still to come: nothing skipped, nothing twice.
 */
import { createHash } from 'node:crypto';
import type { Db, Params } from '../data/types';
import { arrayLiteral } from '../data/values';
import { createdAtAfter, createdAtKeyOf, toPage, type Page } from '../http/pagination';
import { HttpProblem } from '../http/problem';
import type { CustomJob, Job, JobSearchQuery, JobSummary } from './api-schema';
import { CREATED_KEY, jobSummaryColumns, toJobSummary, type JobSummaryRow } from './summary';
import { upsertJobs } from './upsert';

interface JobRow extends JobSummaryRow {
  external_id: string;
  description: string | null;
  requirements: string | null;
  metadata: Record<string, unknown>;
  updated_at: string;
}

const JOB_COLUMNS = `${jobSummaryColumns()}, j.external_id, j.description, j.requirements, j.metadata, j.updated_at`;

function toJob(row: JobRow): Job {
  return {
    ...toJobSummary(row),
    externalId: row.external_id,
    description: row.description,
    requirements: row.requirements,
    metadata: row.metadata,
    updatedAt: row.updated_at,
  };
}

/** 'a%b' matched literally, anywhere: '%a\%b%'. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function searchJobs(db: Db, query: JobSearchQuery): Promise<Page<JobSummary>> {
  // Each filter is a fixed fragment, present when the filter is; every value is a parameter.
  const filters: string[] = [];
  const params: Params = { limit: query.limit + 1 };
  if (query.q !== undefined) {
    filters.push(`and j.search_vector @@ websearch_to_tsquery('english', :q)`);
    params.q = query.q;
  }
  if (query.location !== undefined) {
    filters.push('and j.location ilike :location');
    params.location = containsPattern(query.location);
  }
  if (query.remote !== undefined) {
    filters.push('and j.remote = :remote');
    params.remote = query.remote;
  }
  if (query.salaryMin !== undefined) {
    filters.push('and coalesce(j.salary_max, j.salary_min) >= :salary_min');
    params.salary_min = query.salaryMin;
  }
  if (query.jobType !== undefined) {
    filters.push('and j.job_type = any(cast(:job_types as varchar[]))');
    params.job_types = arrayLiteral(query.jobType);
  }
  if (query.source !== undefined) {
    filters.push('and j.source = any(cast(:sources as job_source[]))');
    params.sources = arrayLiteral(query.source);
  }
  if (query.company !== undefined) {
    filters.push('and j.company ilike :company');
    params.company = containsPattern(query.company);
  }
  if (query.postedSince !== undefined) {
    filters.push('and j.posted_date >= cast(:posted_since as timestamptz)');
    params.posted_since = query.postedSince;
  }
  const page = createdAtAfter('j', query.cursor);
  const rows = await db.query<JobSummaryRow & { created_key: string }>(
    `select ${jobSummaryColumns()}, ${CREATED_KEY}
       from jobs j
      where j.is_active
        ${filters.join('\n        ')}
        ${page.condition}
      order by j.created_at desc, j.id desc
      limit :limit`,
    { ...params, ...page.params },
  );
  return toPage(rows, query.limit, createdAtKeyOf, (row) => toJobSummary(row));
}

export async function getJob(db: Db, id: number): Promise<Job | undefined> {
  const row = await db.maybeOne<JobRow>(`select ${JOB_COLUMNS} from jobs j where j.id = :id`, { id });
  return row && toJob(row);
}

// --- Jobs added by hand ---------------------------------------------------------------------------

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Plain text as the sanitized HTML the description column holds: one paragraph per blank-line block. */
function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => `<p>${escapeHtml(block).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** One job per URL: the same URL again updates it. */
export async function addCustomJob(db: Db, input: CustomJob): Promise<{ job: Job; created: boolean }> {
  const externalId = `custom:url:${createHash('sha256').update(input.sourceUrl).digest('hex').slice(0, 40)}`;
  const result = await upsertJobs(db, [
    {
      source: 'custom',
      externalId,
      title: input.title,
      company: input.company,
      location: input.location ?? null,
      description: input.description ? paragraphs(input.description) : null,
      requirements: input.requirements ?? null,
      salaryMin: input.salaryMin ?? null,
      salaryMax: input.salaryMax ?? null,
      jobType: input.jobType ?? null,
      remote: input.remote,
      sourceUrl: input.sourceUrl,
      postedDate: input.postedDate ? new Date(input.postedDate) : null,
      expiresDate: input.expiresDate ? new Date(input.expiresDate) : null,
      metadata: { addedByHand: true, ...(input.description && { descriptionText: input.description }) },
    },
  ]);
  const job = await getJob(db, result.ids[0]!);
  if (!job) throw new HttpProblem('internal-error', { detail: 'the job was stored but could not be read back' });
  return { job, created: result.inserted === 1 };
}
