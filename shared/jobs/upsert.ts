/**
 * The job store's write path: crawled jobs in, one row per external id out, however often and in
 * however many months a job is crawled again (see sql/003_jobs.sql for the job_keys/jobs design).
 *
 * A batch travels as ONE jsonb parameter and is written by ONE statement: upsert the keys, then
 * insert or update the jobs rows in the keys' months. Batches are cut by encoded size, well under
 * the Data API's 4 MiB request limit.
 */
import type { Db } from '../data/types';
import type { JobInput } from './input';
import { JOB_OTHER_METADATA_BYTES, jobSizeProblems } from './sizes';

export interface UpsertResult {
  /** Jobs stored for the first time. */
  inserted: number;
  /** Jobs already stored, updated by this crawl. */
  updated: number;
  /** The stored job's id for each input, in input order (a job given twice gets its id twice). */
  ids: number[];
}

/** Encoded bytes per statement: half the request limit leaves room for JSON escaping and the envelope. */
export const UPSERT_CHUNK_BYTES = 2 * 1024 * 1024;
/** Rows per statement: keeps each statement's locks and duration short whatever the row size. */
export const UPSERT_CHUNK_ROWS = 1000;

export class JobTooLargeError extends Error {
  override readonly name = 'JobTooLargeError';
}

/**
 * On a re-crawl the posting's current title, company, URL, remote flag and dates win; what a crawl
 * did not deliver (null or empty: a search-results card has no description, a card may omit the salary) is kept
 * from earlier crawls, and metadata is merged key by key. A board's name standing in for a company
 * its page named before (metadata.companyFrom 'board slug' against 'board page': that page could not
 * be read this time) is no news: the named company stays. The job counts as active again unless it
 * has expired.
 */
const UPSERT_SQL = `
with input as (
  select *
    from jsonb_to_recordset(cast(:rows as jsonb)) as r(
      n integer, external_id varchar, source job_source, title varchar, company varchar, location varchar,
      description text, requirements text, salary_min integer, salary_max integer, job_type varchar,
      remote boolean, source_url varchar, posted_date timestamptz, expires_date timestamptz, metadata jsonb)
),
keys as (
  -- Sorted, so that two crawls writing overlapping batches lock keys in the same order.
  insert into job_keys as k (source, external_id)
  select source, external_id from input order by external_id
  on conflict (external_id) do update
    set created_at = case when k.archived_at is null then k.created_at else now() end,
        archived_at = null
  returning k.id, k.external_id, k.created_at, (k.xmax = 0) as inserted
),
upserted as (
  insert into jobs as j (
    id, created_at, external_id, source, title, company, location, description, requirements,
    salary_min, salary_max, job_type, remote, source_url, posted_date, expires_date, metadata, is_active)
  select k.id, k.created_at, i.external_id, i.source, i.title, i.company, i.location, i.description, i.requirements,
         i.salary_min, i.salary_max, i.job_type, i.remote, i.source_url, i.posted_date, i.expires_date,
         i.metadata, i.expires_date is null or i.expires_date > now()
    from input i
    join keys k on k.external_id = i.external_id
  on conflict (id, created_at) do update set
    title = excluded.title,
    company = case when excluded.metadata ->> 'companyFrom' = 'board slug' and j.metadata ->> 'companyFrom' = 'board page' then j.company else excluded.company end,
    location = coalesce(nullif(excluded.location, ''), j.location),
    description = coalesce(nullif(excluded.description, ''), j.description),
    requirements = coalesce(nullif(excluded.requirements, ''), j.requirements),
    salary_min = case when excluded.salary_min is null and excluded.salary_max is null then j.salary_min else excluded.salary_min end,
    salary_max = case when excluded.salary_min is null and excluded.salary_max is null then j.salary_max else excluded.salary_max end,
    job_type = coalesce(excluded.job_type, j.job_type),
    remote = excluded.remote,
    source_url = excluded.source_url,
    posted_date = coalesce(excluded.posted_date, j.posted_date),
    expires_date = coalesce(excluded.expires_date, j.expires_date),
    -- Merged key by key, unless that takes the metadata read with the job's row past its limit
    -- (./sizes): then this crawl's metadata, keeping the plain text of a description kept above.
    metadata = case
      when octet_length(((j.metadata || excluded.metadata) - 'descriptionText')::text) <= :other_metadata_max then j.metadata || excluded.metadata
      else jsonb_strip_nulls(jsonb_build_object('descriptionText', j.metadata -> 'descriptionText')) || excluded.metadata
    end || case
      when excluded.metadata ->> 'companyFrom' = 'board slug' and j.metadata ->> 'companyFrom' = 'board page' then jsonb_build_object('companyFrom', 'board page')
      else '{}'::jsonb
    end,
    is_active = coalesce(excluded.expires_date, j.expires_date) is null or coalesce(excluded.expires_date, j.expires_date) > now(),
    last_seen_at = now()
  returning j.id
)
-- A new key is a new job (a partitioned table cannot tell inserted from updated rows in RETURNING).
-- Each input row is named by its place in the batch, not by its external id: 1,000 ids of 512
-- characters would pass the Data API's 1 MiB a response; 1,000 of these rows are about 50 KB.
select k.id, i.n, k.inserted from keys k join input i on i.external_id = k.external_id join upserted u on u.id = k.id`;

/** The row as the statement's jsonb_to_recordset reads it; `n` is its place in the batch. */
function toRecord(job: JobInput, n: number): Record<string, unknown> {
  return {
    n,
    external_id: job.externalId,
    source: job.source,
    title: job.title,
    company: job.company,
    location: job.location,
    description: job.description,
    requirements: job.requirements,
    salary_min: job.salaryMin,
    salary_max: job.salaryMax,
    job_type: job.jobType,
    remote: job.remote,
    source_url: job.sourceUrl,
    posted_date: job.postedDate?.toISOString() ?? null,
    expires_date: job.expiresDate?.toISOString() ?? null,
    metadata: job.metadata,
  };
}

interface EncodedRow {
  json: string;
  /** Its bytes inside the request: the JSON text, escaped again as part of a JSON string value. */
  cost: number;
}

/** Cuts the encoded rows into statements under the size and row budgets. */
function* chunks(encoded: EncodedRow[]): Generator<string[]> {
  let chunk: string[] = [];
  let bytes = 0;
  for (const { json, cost } of encoded) {
    if (chunk.length > 0 && (bytes + cost > UPSERT_CHUNK_BYTES || chunk.length >= UPSERT_CHUNK_ROWS)) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(json);
    bytes += cost;
  }
  if (chunk.length > 0) yield chunk;
}

export async function upsertJobs(db: Db, jobs: JobInput[]): Promise<UpsertResult> {
  // A job seen twice in one crawl is one row; its last sighting wins.
  const latest = new Map<string, JobInput>();
  for (const job of jobs) {
    latest.delete(job.externalId);
    latest.set(job.externalId, job);
  }
  const unique = [...latest.values()];
  const encoded = unique.map((job, n): EncodedRow => {
    // Within these limits a job is also far under the Data API's 4 MiB request.
    const problems = jobSizeProblems(job);
    if (problems.length) throw new JobTooLargeError(`Job ${job.externalId} is too large to store: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
    const json = JSON.stringify(toRecord(job, n));
    return { json, cost: Buffer.byteLength(JSON.stringify(json)) - 1 };
  });

  const idByExternalId = new Map<string, number>();
  let inserted = 0;
  for (const chunk of chunks(encoded)) {
    const rows = await db.query<{ id: number; n: number; inserted: boolean }>(UPSERT_SQL, {
      rows: { typeHint: 'JSON', value: `[${chunk.join(',')}]` },
      other_metadata_max: JOB_OTHER_METADATA_BYTES,
    });
    for (const row of rows) {
      idByExternalId.set(unique[row.n]!.externalId, row.id);
      if (row.inserted) inserted++;
    }
  }
  return {
    inserted,
    updated: idByExternalId.size - inserted,
    ids: jobs.map((job) => idByExternalId.get(job.externalId)!),
  };
}
