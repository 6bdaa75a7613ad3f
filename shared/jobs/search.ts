/**
 * Reading jobs for the API: search with full text and filters, one job, and jobs added by hand
 * (recommendations and jobs not applied to are in ./queries). Lists are newest first (first seen, then id)
 * and paged by keyset: a page starts strictly after the last row of the one before, so jobs that
 * arrive meanwhile (always newer) never shift the pages still to come: nothing skipped, nothing twice.
 */
import { createHash } from 'node:crypto';
import { readLongTexts } from '../data/long-text';
import { queryWithinBudget, readInChunks, type Chunk } from '../data/response-budget';
import type { Db, Params } from '../data/types';
import { arrayLiteral } from '../data/values';
import { createdAtAfter, createdAtCursor, createdAtKeyOf, toPage, type CreatedAtKey, type Page } from '../http/pagination';
import { HttpProblem } from '../http/problem';
import type { CustomJob, Job, JobSearchQuery, JobSummary } from './api-schema';
import { CREATED_KEY, JOB_SUMMARY_MAX_RESPONSE_BYTES, activeJobSummaryColumns, jobSummaryColumns, toJobSummary, type JobSummaryRow } from './summary';
import { upsertJobs } from './upsert';

interface JobRow extends JobSummaryRow {
  external_id: string;
  metadata: Record<string, unknown>;
  updated_at: string;
}

/** A job's row without its texts that may be large: under the Data API's 64 KB row (./sizes). */
const JOB_COLUMNS = `${jobSummaryColumns()}, j.external_id, j.metadata - 'descriptionText' as metadata, j.updated_at`;
/** Those texts, read in pieces. */
const JOB_TEXTS = { description: 'j.description', requirements: 'j.requirements', descriptionText: `j.metadata ->> 'descriptionText'` };

function toJob(row: JobRow, texts: Record<keyof typeof JOB_TEXTS, string | null>): Job {
  return {
    ...toJobSummary(row),
    externalId: row.external_id,
    description: texts.description,
    requirements: texts.requirements,
    metadata: texts.descriptionText === null ? row.metadata : { ...row.metadata, descriptionText: texts.descriptionText },
    updatedAt: row.updated_at,
  };
}

/** 'a%b' matched literally, anywhere: '%a\%b%'. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * How many of the newest active jobs after the cursor a search with two or more filters reads in
 * order before it asks for its matches by index instead (see searchJobs).
 */
export const NEWEST_FIRST_WINDOW = 20_000;

/** The columns the search's filters other than keywords read: all in idx_jobs_active_newest_summary. */
const FILTER_COLUMNS = ['id', 'created_at', 'location', 'remote', 'salary_min', 'salary_max', 'job_type', 'source', 'company', 'posted_date'];

/**
 * The keywords' condition on `jobs j`. It goes after the filters: the search vector is stored out of
 * line (about 3 KB a job), so reading it is most of what checking a row costs, and PostgreSQL checks
 * conditions of equal estimated cost in the order written: a row that fails a cheap condition is
 * never detoasted.
 */
const KEYWORDS = `j.search_vector @@ websearch_to_tsquery('english', :q)`;

/**
 * The search's filters other than keywords on `jobs f` (FILTER_COLUMNS), each a fixed fragment
 * present when its filter is, every value a parameter.
 */
function filterConditions(query: JobSearchQuery, f: string): { conditions: string[]; params: Params } {
  const conditions: string[] = [];
  const params: Params = {};
  if (query.location !== undefined) {
    conditions.push(`${f}.location ilike :location`);
    params.location = containsPattern(query.location);
  }
  if (query.remote !== undefined) {
    conditions.push(`${f}.remote = :remote`);
    params.remote = query.remote;
  }
  if (query.salaryMin !== undefined) {
    conditions.push(`coalesce(${f}.salary_max, ${f}.salary_min) >= :salary_min`);
    params.salary_min = query.salaryMin;
  }
  if (query.jobType !== undefined) {
    conditions.push(`${f}.job_type = any(cast(:job_types as varchar[]))`);
    params.job_types = arrayLiteral(query.jobType);
  }
  if (query.source !== undefined) {
    conditions.push(`${f}.source = any(cast(:sources as job_source[]))`);
    params.sources = arrayLiteral(query.source);
  }
  if (query.company !== undefined) {
    conditions.push(`${f}.company ilike :company`);
    params.company = containsPattern(query.company);
  }
  if (query.postedSince !== undefined) {
    conditions.push(`${f}.posted_date >= cast(:posted_since as timestamptz)`);
    params.posted_since = query.postedSince;
  }
  return { conditions, params };
}

/**
 * Active jobs matching every filter, newest first, a page at a time.
 *
 * For a page, PostgreSQL either walks the newest-first index (idx_jobs_active_newest_summary) and checks each
 * job until it has a page, or collects the matches from the full-text and trigram indexes and sorts
 * them. It picks by the number of matches it expects, and for two filters it expects them as if the
 * two were unrelated. They are not ("Kotlin" jobs in Berlin can be few or none), and then the walk
 * reads every active job to fill a page it never fills: 0.5 to 1.6 s at 100,000 jobs with keywords.
 * So a search with two or more filters takes the walk only over the newest NEWEST_FIRST_WINDOW jobs
 * after the cursor, testing its filters in idx_jobs_active_newest_summary and reading from the
 * heap only the jobs that pass them (for their keywords and the page); if that yields a full page,
 * it is the page (the window is the start of the list, so its matches are the list's first matches). Otherwise the page comes from the matches collected
 * by index, sorted. Either way the page is the same rows, in the same order, with the same cursor.
 *
 * A page of ordinary jobs is one such read. A page of jobs whose listed columns are at their largest
 * (about 10 KB a job, more for text that escapes) passes the Data API's 1 MiB, and is read in
 * chunks, each one such read from the last job of the one before (../data/response-budget).
 */
export async function searchJobs(db: Db, query: JobSearchQuery): Promise<Page<JobSummary>> {
  const start = createdAtCursor(query.cursor);
  const rows = await readInChunks<SearchRow>(query.limit + 1, (after, take) => searchChunk(db, query, after ? createdAtKeyOf(after) : start, take));
  return toPage(rows, query.limit, createdAtKeyOf, (row) => toJobSummary(row));
}

type SearchRow = JobSummaryRow & { created_key: string };
const NEWEST_FIRST = 'created_at desc, id desc';

/** At most `take` matches after the key `after`, newest first, as far as the response budget lets them (searchJobs). */
async function searchChunk(db: Db, query: JobSearchQuery, after: CreatedAtKey | undefined, take: number): Promise<Chunk<SearchRow>> {
  const filters = filterConditions(query, 'j');
  const keywords = query.q === undefined ? [] : [KEYWORDS];
  const conditions = [...filters.conditions, ...keywords];
  const params: Params = { ...filters.params, ...(query.q !== undefined && { q: query.q }) };
  const page = createdAtAfter('j', after);
  const all: Params = { ...params, ...page.params, limit: take };
  const matching = conditions.map((c) => `and ${c}`).join('\n        ');
  const bound = { take, maxRowBytes: JOB_SUMMARY_MAX_RESPONSE_BYTES };

  if (conditions.length < 2) {
    // No filter, or one: the planner's estimate comes from that one column's statistics.
    return queryWithinBudget<SearchRow>(
      db,
      `select ${activeJobSummaryColumns()}, ${CREATED_KEY}
         from jobs j
        where j.is_active
          ${matching}
          ${page.condition}
        order by j.created_at desc, j.id desc
        limit :limit`,
      all,
      NEWEST_FIRST,
      bound,
    );
  }
  // The subquery's limit keeps the filters outside it, so they are checked on the window only; it
  // reads the window from the index alone. The lateral subquery then reads from the heap, job by
  // job in the window's order, those that pass, for the keywords and the page (offset 0 keeps the
  // planner from making it a join that reads every job).
  const windowFilters = filterConditions(query, 'f').conditions.map((c) => `and ${c}`).join('\n        ');
  const newest = await queryWithinBudget<SearchRow>(
    db,
    `select ${jobSummaryColumns()}, ${CREATED_KEY}
       from (select ${FILTER_COLUMNS.map((c) => `f.${c}`).join(', ')}
               from jobs f
              where f.is_active
                ${createdAtAfter('f', after).condition}
              order by f.created_at desc, f.id desc
              limit :window) f
      cross join lateral (
        select j.*
          from jobs j
         where j.id = f.id and j.created_at = f.created_at
           ${keywords.map((c) => `and ${c}`).join('')}
        offset 0) j
      where true
        ${windowFilters}
      order by f.created_at desc, f.id desc
      limit :limit`,
    { ...all, window: NEWEST_FIRST_WINDOW },
    NEWEST_FIRST,
    bound,
  );
  if (newest.cut || newest.rows.length === take) return newest;
  // A materialized CTE is planned for all its rows, so the planner cannot choose the walk for it.
  return queryWithinBudget<SearchRow>(
    db,
    `with matches as materialized (
       select ${jobSummaryColumns()}, ${CREATED_KEY}
         from jobs j
        where j.is_active
          ${matching}
          ${page.condition}
     )
     select * from matches order by created_at desc, id desc limit :limit`,
    all,
    NEWEST_FIRST,
    bound,
  );
}

export async function getJob(db: Db, id: number): Promise<Job | undefined> {
  const row = await db.maybeOne<JobRow>(`select ${JOB_COLUMNS} from jobs j where j.id = :id`, { id });
  if (!row) return undefined;
  return toJob(row, await readLongTexts(db, { from: 'from jobs j where j.id = :id', texts: JOB_TEXTS }, { id }));
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
