/**
 * Reading jobs for the API: search with full text and filters, one job, recommendations for a
 * profile, jobs not applied to, and jobs added by hand. Lists are newest first (first seen, then id)
 * and paged by keyset: a page starts strictly after the last row of the one before, so jobs that
 * arrive meanwhile (always newer) never shift the pages still to come: nothing skipped, nothing twice.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { Db, Params } from '../data/types';
import { arrayLiteral } from '../data/values';
import { createdAtKey, decodeCursor, toPage, type Page } from '../http/pagination';
import { HttpProblem } from '../http/problem';
import type { JobPreferences } from '../profiles/schema';
import type { CustomJob, Job, JobSearchQuery, JobSummary } from './api-schema';
import type { JobSource, JobType } from './input';
import { upsertJobs } from './upsert';

interface JobRow {
  [column: string]: unknown;
  id: number;
  external_id: string;
  title: string;
  company: string;
  location: string | null;
  description: string | null;
  requirements: string | null;
  salary_min: number | null;
  salary_max: number | null;
  job_type: JobType | null;
  remote: boolean;
  source: JobSource;
  source_url: string;
  posted_date: string | null;
  expires_date: string | null;
  metadata: Record<string, unknown>;
  is_active: boolean;
  created_at: string;
  updated_at: string;
  /** created_at to the microsecond, as PostgreSQL prints it: the cursor key. */
  created_key: string;
}

const SUMMARY_COLUMNS = `j.id, j.title, j.company, j.location, j.salary_min, j.salary_max, j.job_type, j.remote, j.source,
  j.source_url, j.posted_date, j.expires_date, j.is_active, j.created_at, j.created_at::text as created_key`;
const JOB_COLUMNS = `${SUMMARY_COLUMNS}, j.external_id, j.description, j.requirements, j.metadata, j.updated_at`;

function toSummary(row: JobRow): JobSummary {
  return {
    id: row.id,
    title: row.title,
    company: row.company,
    location: row.location,
    salaryMin: row.salary_min,
    salaryMax: row.salary_max,
    jobType: row.job_type,
    remote: row.remote,
    source: row.source,
    sourceUrl: row.source_url,
    postedDate: row.posted_date,
    expiresDate: row.expires_date,
    isActive: row.is_active,
    createdAt: row.created_at,
  };
}

function toJob(row: JobRow): Job {
  return {
    ...toSummary(row),
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

const pageKey = (row: JobRow) => [row.created_key, row.id] as const;

/** The keyset condition and its parameters for a page after `cursor`. */
function after(cursor: string | undefined): { condition: string; params: Params } {
  if (!cursor) return { condition: '', params: {} };
  const [at, id] = decodeCursor(cursor, createdAtKey);
  return { condition: 'and (j.created_at, j.id) < (cast(:after_at as timestamptz), :after_id)', params: { after_at: at, after_id: id } };
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
  const page = after(query.cursor);
  const rows = await db.query<JobRow>(
    `select ${SUMMARY_COLUMNS}
       from jobs j
      where j.is_active
        ${filters.join('\n        ')}
        ${page.condition}
      order by j.created_at desc, j.id desc
      limit :limit`,
    { ...params, ...page.params },
  );
  return toPage(rows, query.limit, pageKey, toSummary);
}

export async function getJob(db: Db, id: number): Promise<Job | undefined> {
  const row = await db.maybeOne<JobRow>(`select ${JOB_COLUMNS} from jobs j where j.id = :id`, { id });
  return row && toJob(row);
}

/**
 * The seed's third sample query, paged: active jobs the user has not applied to. A dry run is not an
 * application, so its job is still offered.
 */
export async function jobsNotAppliedTo(db: Db, userId: number, query: { limit: number; cursor?: string }): Promise<Page<JobSummary>> {
  const page = after(query.cursor);
  const rows = await db.query<JobRow>(
    `select ${SUMMARY_COLUMNS}
       from jobs j
      where j.is_active
        and not exists (select 1 from job_applications a where a.user_id = :user_id and a.job_id = j.id and not a.dry_run)
        ${page.condition}
      order by j.created_at desc, j.id desc
      limit :limit`,
    { user_id: userId, limit: query.limit + 1, ...page.params },
  );
  return toPage(rows, query.limit, pageKey, toSummary);
}

// --- Recommendations ----------------------------------------------------------------------------

/** What a recommendation matches: a profile's location and preferences. */
export interface Wanted {
  location: string | null;
  preferences: JobPreferences;
}

/** Score rounded to fixed decimals, so the cursor compares exactly what the query computed. */
const recommendedKey = z.tuple([z.string().regex(/^\d+(\.\d+)?$/), ...createdAtKey.def.items]);

/** Keywords, titles and skills as one websearch query: any of them, phrases kept whole. */
function interestQuery(terms: string[]): string | null {
  const phrases = terms.map((t) => t.replace(/["]/g, ' ').trim()).filter(Boolean);
  return phrases.length ? phrases.map((p) => `"${p}"`).join(' OR ') : null;
}

/**
 * The seed's first sample query, ranked: active jobs in the profile's places (or remote) that pay at
 * least its minimum, of its job types and sources, not at excluded companies; best text match of
 * its keywords, titles and skills first, then newest.
 */
export async function recommendedJobs(
  db: Db,
  wanted: Wanted | undefined,
  skills: string[],
  query: { limit: number; cursor?: string },
): Promise<Page<JobSummary & { score: number }>> {
  const prefs = wanted?.preferences;
  const places = [wanted?.location, ...(prefs?.locations ?? [])].filter((p): p is string => !!p && p.trim() !== '');
  const terms = interestQuery([...(prefs?.keywords ?? []), ...(prefs?.titles ?? []), ...skills]);
  let cursor: z.infer<typeof recommendedKey> | undefined;
  if (query.cursor) cursor = decodeCursor(query.cursor, recommendedKey);
  const rows = await db.query<JobRow & { score: string }>(
    `with scored as (
       select ${SUMMARY_COLUMNS},
              round(cast(case when cast(:terms as varchar) is null then 0
                              else ts_rank(j.search_vector, websearch_to_tsquery('english', :terms)) end as numeric), 6) as score
         from jobs j
        where j.is_active
          and (cast(:places as varchar[]) is null or j.remote or j.location ilike any (cast(:places as varchar[])))
          and (cast(:remote_only as boolean) is not true or j.remote)
          and (cast(:salary_min as integer) is null or j.salary_min >= cast(:salary_min as integer))
          and (cast(:job_types as varchar[]) is null or j.job_type = any(cast(:job_types as varchar[])))
          and (cast(:sources as job_source[]) is null or j.source = any(cast(:sources as job_source[])))
          and (cast(:excluded as varchar[]) is null or lower(j.company) <> all(cast(:excluded as varchar[])))
     )
     select * from scored s
      where :first or (s.score, s.created_at, s.id) < (cast(:after_score as numeric), cast(:after_at as timestamptz), :after_id)
      order by s.score desc, s.created_at desc, s.id desc
      limit :limit`,
    {
      terms,
      places: places.length ? arrayLiteral(places.map(containsPattern)) : null,
      remote_only: prefs?.remote === true,
      salary_min: prefs?.salaryMin ?? null,
      job_types: prefs?.jobTypes.length ? arrayLiteral(prefs.jobTypes) : null,
      sources: prefs?.sources.length ? arrayLiteral(prefs.sources) : null,
      excluded: prefs?.excludedCompanies.length ? arrayLiteral(prefs.excludedCompanies.map((c) => c.toLowerCase())) : null,
      first: !cursor,
      after_score: cursor?.[0] ?? null,
      after_at: cursor?.[1] ?? null,
      after_id: cursor?.[2] ?? 0,
      limit: query.limit + 1,
    },
  );
  return toPage(
    rows,
    query.limit,
    (r) => [r.score, r.created_key, r.id],
    (r) => ({ ...toSummary(r), score: Number(r.score) }),
  );
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
