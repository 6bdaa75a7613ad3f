/**
 * The seed's three sample queries as this project runs them: correct for users without a profile or
 * without preferences, and written so the indexes serve them (see test/bench/db.ts for the figures).
 * Plus the per-user stats read from the seed's materialized view.
 */
import type { Db } from '../data/types';
import type { JobSource, JobType } from './input';

/** The seed's ApplicationStatus enum, as stored (lowercase). */
export const applicationStatuses = ['pending', 'in_progress', 'applied', 'failed', 'rejected', 'interview', 'accepted'] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

/** A job as a list shows it. The description is left out: it can be large, and a list does not need it. */
export interface JobSummary {
  id: number;
  externalId: string;
  source: JobSource;
  title: string;
  company: string;
  location: string | null;
  salaryMin: number | null;
  salaryMax: number | null;
  jobType: JobType | null;
  remote: boolean;
  sourceUrl: string;
  /** ISO 8601 instants. */
  postedDate: string | null;
  expiresDate: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ListOptions {
  /** 1 to 100; 50 (the seed's LIMIT) when absent. */
  limit?: number;
}

const SUMMARY_COLUMNS = `j.id, j.external_id, j.source, j.title, j.company, j.location, j.salary_min, j.salary_max,
  j.job_type, j.remote, j.source_url, j.posted_date, j.expires_date, j.created_at, j.updated_at`;

interface SummaryRow {
  [column: string]: unknown;
  id: number;
  external_id: string;
  source: JobSource;
  title: string;
  company: string;
  location: string | null;
  salary_min: number | null;
  salary_max: number | null;
  job_type: JobType | null;
  remote: boolean;
  source_url: string;
  posted_date: string | null;
  expires_date: string | null;
  created_at: string;
  updated_at: string;
}

function toSummary(row: SummaryRow): JobSummary {
  return {
    id: row.id,
    externalId: row.external_id,
    source: row.source,
    title: row.title,
    company: row.company,
    location: row.location,
    salaryMin: row.salary_min,
    salaryMax: row.salary_max,
    jobType: row.job_type,
    remote: row.remote,
    sourceUrl: row.source_url,
    postedDate: row.posted_date,
    expiresDate: row.expires_date,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function limitOf(options: ListOptions): number {
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new RangeError('limit must be an integer from 1 to 100');
  return limit;
}

/**
 * Sample query 1, "active jobs for a user based on preferences", newest first. The user's profile
 * (their most recently updated one) contributes its location and job_preferences.locations, matched
 * case-insensitively anywhere in the job's location, with remote jobs always in; and
 * job_preferences.salaryMin, met by the job's salary_min (the seed's rule). A preference that is not
 * set filters nothing, so a user without a profile sees every active job. (The seed's version
 * returns nothing at all for them: its LIKE and >= compare with NULL.)
 */
const MATCHING_PROFILE_SQL = String.raw`
with profile as (
  select up.location, up.job_preferences as prefs
    from user_profiles up
   where up.user_id = :user_id
   order by up.updated_at desc, up.id desc
   limit 1
),
wanted as (
  select
    (select array_agg('%' || replace(replace(replace(btrim(place), '\', '\\'), '%', '\%'), '_', '\_') || '%')
       from profile p
       cross join lateral (
         select p.location
         union
         select jsonb_array_elements_text(case when jsonb_typeof(p.prefs -> 'locations') = 'array' then p.prefs -> 'locations' else '[]' end)
       ) as places (place)
      where btrim(place) <> '') as location_patterns,
    (select (p.prefs ->> 'salaryMin')::integer from profile p) as salary_min
)
select ${SUMMARY_COLUMNS}
  from jobs j
  cross join wanted w
 where j.is_active
   and (w.location_patterns is null or j.remote or j.location ilike any (w.location_patterns))
   and (w.salary_min is null or j.salary_min >= w.salary_min)
 order by j.created_at desc
 limit :limit`;

export async function jobsMatchingProfile(db: Db, userId: number, options: ListOptions = {}): Promise<JobSummary[]> {
  const rows = await db.query<SummaryRow>(MATCHING_PROFILE_SQL, { user_id: userId, limit: limitOf(options) });
  return rows.map(toSummary);
}

/**
 * Sample query 3, "jobs not yet applied to", newest first. NOT EXISTS instead of the seed's NOT IN
 * (an anti-join on the (user_id, job_id) unique index, and no NULL trap). A dry run is not an
 * application: its job is still offered.
 */
const NOT_APPLIED_SQL = `
select ${SUMMARY_COLUMNS}
  from jobs j
 where j.is_active
   and not exists (
     select 1 from job_applications a
      where a.user_id = :user_id and a.job_id = j.id and not a.dry_run)
 order by j.created_at desc
 limit :limit`;

export async function jobsNotAppliedTo(db: Db, userId: number, options: ListOptions = {}): Promise<JobSummary[]> {
  const rows = await db.query<SummaryRow>(NOT_APPLIED_SQL, { user_id: userId, limit: limitOf(options) });
  return rows.map(toSummary);
}

/**
 * Sample query 2, "application statistics for a user": a count for every status, zero included,
 * counted live (an index-only scan of idx_applications_user_status).
 */
export async function applicationStatusCounts(db: Db, userId: number): Promise<Record<ApplicationStatus, number>> {
  const rows = await db.query<{ status: ApplicationStatus; count: number }>(
    `select status, count(*) as count from job_applications where user_id = :user_id group by status`,
    { user_id: userId },
  );
  const counts = Object.fromEntries(applicationStatuses.map((s) => [s, 0])) as Record<ApplicationStatus, number>;
  for (const row of rows) counts[row.status] = row.count;
  return counts;
}

export interface ApplicationStats {
  totalApplications: number;
  appliedCount: number;
  interviewCount: number;
  /** When user_application_stats was last refreshed: the figures are as of then. */
  refreshedAt: string;
}

/** The seed's materialized view, read for one user (zeros for a user with no applications). */
export async function applicationStatsFromView(db: Db, userId: number): Promise<ApplicationStats> {
  const row = await db.one<{ total_applications: number; applied_count: number; interview_count: number; refreshed_at: string }>(
    `select coalesce(s.total_applications, 0) as total_applications,
            coalesce(s.applied_count, 0) as applied_count,
            coalesce(s.interview_count, 0) as interview_count,
            r.refreshed_at
       from materialized_view_refreshes r
       left join user_application_stats s on s.user_id = :user_id
      where r.view_name = 'user_application_stats'`,
    { user_id: userId },
  );
  return {
    totalApplications: row.total_applications,
    appliedCount: row.applied_count,
    interviewCount: row.interview_count,
    refreshedAt: row.refreshed_at,
  };
}

/** Refreshes user_application_stats without blocking readers (the scheduled refresh calls this). */
export async function refreshApplicationStats(db: Db): Promise<string> {
  const row = await db.one<{ refreshed_at: string }>(`select refresh_user_application_stats() as refreshed_at`);
  return row.refreshed_at;
}
