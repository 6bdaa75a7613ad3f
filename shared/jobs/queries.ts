/**
 * The seed's three sample queries as this project runs them: correct for users without a profile or
 * without preferences, and written so the indexes serve them (see test/bench/db.ts for the figures).
 * Plus the recommendations auto-apply picks from, and the per-user stats read from the seed's
 * materialized view.
 */
import * as z from 'zod';
import type { Db, Params } from '../data/types';
import { arrayLiteral } from '../data/values';
import { queryWithinBudget, readInChunks, readWithinBudget } from '../data/response-budget';
import { createdAtAfter, createdAtKey, createdAtKeyOf, decodeCursor, newestFirst, readPage, toPage, type CreatedAtKey, type Page } from '../http/pagination';
import type { JobSummary } from './api-schema';
import { CREATED_KEY, JOB_SUMMARY_MAX_RESPONSE_BYTES, activeJobSummaryColumns, jobSummaryColumns, toJobSummary, type JobSummaryRow } from './summary';

/**
 * The application_status enum as stored, in its order: the seed's seven (lowercase) and 006's
 * `filled` (a dry run filled the form, nothing was sent) and `unconfirmed` (submitted, no
 * confirmation seen). test/integration/schema/queries.test.ts holds this list to the database's.
 */
export const applicationStatuses = [
  'pending',
  'in_progress',
  'filled',
  'applied',
  'unconfirmed',
  'failed',
  'rejected',
  'interview',
  'accepted',
] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

export interface ListOptions {
  /** 1 to 100; 50 (the seed's LIMIT) when absent. */
  limit?: number;
}

export interface PageOptions extends ListOptions {
  /** The previous page's nextCursor. */
  cursor?: string;
}

const SUMMARY_COLUMNS = jobSummaryColumns();
const ACTIVE_SUMMARY_COLUMNS = activeJobSummaryColumns();

function limitOf(options: ListOptions): number {
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new RangeError('limit must be an integer from 1 to 100');
  return limit;
}

/** A jsonb array of strings from the profile's preferences, as rows; anything else is no rows. */
const prefStrings = (key: string) =>
  `jsonb_array_elements_text(case when jsonb_typeof(p.prefs -> '${key}') = 'array' then p.prefs -> '${key}' else '[]' end)`;

const PROFILE_CTE = String.raw`
profile as (
  select up.location, up.job_preferences as prefs
    from user_profiles up
   where up.user_id = :user_id
     and (cast(:profile_id as bigint) is null or up.id = cast(:profile_id as bigint))
   order by up.updated_at desc, up.id desc
   limit 1
)`;

/** The preferences, each one column of `wanted` (null when the user has no profile or did not set it). */
const WANTED_COLUMNS = {
  // The profile's location and its preferred locations, as ILIKE patterns matching anywhere.
  location_patterns: String.raw`(select array_agg('%' || replace(replace(replace(btrim(place), '\', '\\'), '%', '\%'), '_', '\_') || '%')
       from profile p
       cross join lateral (select p.location union select ${prefStrings('locations')}) as places (place)
      where btrim(place) <> '') as location_patterns`,
  salary_min: `(select case when jsonb_typeof(p.prefs -> 'salaryMin') = 'number' then (p.prefs ->> 'salaryMin')::numeric end from profile p) as salary_min`,
  remote: `(select case when jsonb_typeof(p.prefs -> 'remote') = 'boolean' then (p.prefs ->> 'remote')::boolean end from profile p) as remote`,
  excluded_companies: `(select array_agg(lower(btrim(c))) from profile p cross join lateral ${prefStrings('excludedCompanies')} as c where btrim(c) <> '') as excluded_companies`,
  job_types: `(select array_agg(t) from profile p cross join lateral ${prefStrings('jobTypes')} as t) as job_types`,
  sources: `(select array_agg(s) from profile p cross join lateral ${prefStrings('sources')} as s) as sources`,
  // Keywords and titles again, as ILIKE patterns: a job with one in its title ranks first.
  title_patterns: String.raw`(select array_agg('%' || replace(replace(replace(btrim(term), '\', '\\'), '%', '\%'), '_', '\_') || '%')
       from profile p
       cross join lateral (select ${prefStrings('keywords')} union all select ${prefStrings('titles')}) as terms (term)
      where btrim(term) <> '') as title_patterns`,
  // Keywords and titles, each a phrase, any one of them enough; null when there are none (or only
  // stop words, which would match nothing).
  terms: `(select nullif(q, ''::tsquery)
       from (select websearch_to_tsquery('english', string_agg('"' || replace(term, '"', ' ') || '"', ' or ')) as q
               from profile p
               cross join lateral (select ${prefStrings('keywords')} union all select ${prefStrings('titles')}) as terms (term)
              where btrim(term) <> '') as terms) as terms`,
};

/**
 * What a profile asks of a job, read once per query: one row of the preferences named, from the
 * profile :profile_id when given, else the user's most recently updated one. Values of the wrong JSON
 * type count as not set, so one odd profile cannot fail a query. A query names only what it uses:
 * PostgreSQL parses and plans every column it is given.
 */
const wantedCtes = (names: (keyof typeof WANTED_COLUMNS)[]) => `${PROFILE_CTE},
wanted as (
  select ${names.map((name) => WANTED_COLUMNS[name]).join(',\n    ')}
)`;

/**
 * Sample query 1, "active jobs for a user based on preferences", newest first. The user's profile
 * (their most recently updated one) contributes its location and job_preferences.locations, matched
 * case-insensitively anywhere in the job's location, with remote jobs always in; and
 * job_preferences.salaryMin, met by the job's salary_min (the seed's rule). A preference that is not
 * set filters nothing, so a user without a profile sees every active job. (The seed's version
 * returns nothing at all for them: its LIKE and >= compare with NULL.)
 * The page is one index-only walk of idx_jobs_active_newest_summary, which holds every column the
 * filters read and the summary shows: the table is never read. (A page of jobs at their largest
 * passes the Data API's 1 MiB a response: then it is read in chunks, each after the last job of the
 * one before; see readWithinBudget.)
 */
const matchingProfileSql = (after: string) => `
with ${wantedCtes(['location_patterns', 'salary_min'])}
select ${ACTIVE_SUMMARY_COLUMNS}, ${CREATED_KEY}
  from jobs j
  cross join wanted w
 where j.is_active
   and (w.location_patterns is null or j.remote or j.location ilike any (w.location_patterns))
   and (w.salary_min is null or j.salary_min >= w.salary_min)
   ${after}
 order by j.created_at desc, j.id desc
 limit :limit`;

/** The order of every newest-first statement here, over its output columns (see withinResponseBudget). */
const NEWEST_FIRST = 'created_at desc, id desc';

export async function jobsMatchingProfile(db: Db, userId: number, options: ListOptions = {}): Promise<JobSummary[]> {
  const rows = await readWithinBudget<JobSummaryRow & { created_key: string }>(db, limitOf(options), NEWEST_FIRST, (after, take) => {
    const keyset = createdAtAfter('j', after && createdAtKeyOf(after));
    return { sql: matchingProfileSql(keyset.condition), params: { user_id: userId, profile_id: null, limit: take, ...keyset.params } };
  }, { maxRowBytes: JOB_SUMMARY_MAX_RESPONSE_BYTES });
  return rows.map((row) => toJobSummary(row));
}

/**
 * Sample query 3, "jobs not yet applied to", newest first, paged. NOT EXISTS instead of the seed's
 * NOT IN (an anti-join on the (user_id, job_id) unique index, and no NULL trap). A dry run is not an
 * application: its job is still offered.
 */
export async function jobsNotAppliedTo(db: Db, userId: number, options: PageOptions = {}): Promise<Page<JobSummary>> {
  const list = newestFirst<JobSummaryRow & { created_key: string }>((after, take) => {
    const keyset = createdAtAfter('j', after);
    return {
      sql: `select ${ACTIVE_SUMMARY_COLUMNS}, ${CREATED_KEY}
       from jobs j
      where j.is_active
        and not exists (select 1 from job_applications a where a.user_id = :user_id and a.job_id = j.id and not a.dry_run)
        ${keyset.condition}
      order by j.created_at desc, j.id desc
      limit :limit`,
      params: { user_id: userId, limit: take, ...keyset.params },
    };
  }, JOB_SUMMARY_MAX_RESPONSE_BYTES);
  return readPage(db, { limit: limitOf(options), cursor: options.cursor }, list, (row) => toJobSummary(row));
}

export interface RecommendOptions extends PageOptions {
  /** The profile whose preferences to follow; the user's most recently updated profile when absent. */
  profileId?: number;
}

/** What a profile asks of a recommendation, read once (arrays as JSON; null where not set). */
type Wanted = {
  location_patterns: string | null;
  salary_min: string | null;
  remote: boolean | null;
  excluded_companies: string | null;
  job_types: string | null;
  sources: string | null;
  title_patterns: string | null;
  terms: string | null;
};

const WANTED_SQL = `
with ${wantedCtes(Object.keys(WANTED_COLUMNS) as (keyof typeof WANTED_COLUMNS)[])}
select to_json(w.location_patterns)::text as location_patterns, w.salary_min::text as salary_min, w.remote,
       to_json(w.excluded_companies)::text as excluded_companies, to_json(w.job_types)::text as job_types,
       to_json(w.sources)::text as sources, to_json(w.title_patterns)::text as title_patterns, w.terms::text as terms
  from wanted w`;

const textArray = (json: string) => arrayLiteral(JSON.parse(json) as string[]);

/**
 * The preferences the profile sets, as conditions on the jobs row `a` (all on columns
 * idx_jobs_active_newest_summary holds), each present only when its preference is set, every value
 * a parameter: so the planner sees what is asked (a location it can look up in the trigram index).
 */
function recommendedFilters(wanted: Wanted, a: string): { conditions: string[]; params: Params } {
  const conditions: string[] = [];
  const params: Params = {};
  if (wanted.location_patterns !== null) {
    conditions.push(`(${a}.remote or ${a}.location ilike any (cast(:location_patterns as text[])))`);
    params.location_patterns = textArray(wanted.location_patterns);
  }
  if (wanted.remote !== null) {
    conditions.push(`${a}.remote = :remote`);
    params.remote = wanted.remote;
  }
  if (wanted.salary_min !== null) {
    conditions.push(`coalesce(${a}.salary_max, ${a}.salary_min) >= cast(:salary_min as numeric)`);
    params.salary_min = wanted.salary_min;
  }
  if (wanted.excluded_companies !== null) {
    conditions.push(`lower(${a}.company) <> all (cast(:excluded_companies as text[]))`);
    params.excluded_companies = textArray(wanted.excluded_companies);
  }
  if (wanted.sources !== null) {
    conditions.push(`${a}.source::text = any (cast(:sources as text[]))`);
    params.sources = textArray(wanted.sources);
  }
  if (wanted.job_types !== null) {
    conditions.push(`(${a}.job_type is null or ${a}.job_type = any (cast(:job_types as text[])))`);
    params.job_types = textArray(wanted.job_types);
  }
  return { conditions, params };
}

/**
 * Not applied to in any way, and no application to it deleted by the user (deleted_applications): one
 * may have reached the employer, or was withdrawn as not wanted; auto-apply, which picks from here,
 * must not send it again by itself.
 */
const notApplied = (a: string) =>
  `not exists (select 1 from job_applications x where x.user_id = :user_id and x.job_id = ${a}.id)
       and not exists (select 1 from deleted_applications d where d.user_id = :user_id and d.job_id = ${a}.id)`;

/**
 * How well a recommendation matches, higher first: 2 has one of the profile's keywords or titles in
 * its title, 1 in its text only, 0 when the profile names none (every job that meets the rest).
 */
export type RecommendedJob = JobSummary & { score: number };
type Score = 0 | 1 | 2;

/** Which jobs have a score, on the jobs row `a` (the title test reads only the index's columns). */
const scoreCondition: Record<Score, (a: string) => string> = {
  2: (a) => `and ${a}.title ilike any (cast(:title_patterns as text[]))`,
  1: (a) => `and (${a}.title ilike any (cast(:title_patterns as text[]))) is not true`,
  0: () => '',
};
/** The keywords in the text: last, as it reads the search vector (stored out of line, about 3 KB). */
const textMatch = (score: Score) => (score === 0 ? '' : `and j.search_vector @@ cast(:terms as tsquery)`);

/** A recommendations cursor: the last row's score, then the newest-first key. */
const recommendedKey = z.tuple([z.number().int().min(0).max(2), ...createdAtKey.def.items]);

const afterKey = (a: string) => `and ${a}.created_at <= cast(:after_at as timestamptz)
         and (${a}.created_at, ${a}.id) < (cast(:after_at as timestamptz), :after_id)`;

/**
 * How many of the newest active jobs (after the cursor) a recommendations page walks, per score,
 * before it asks for that score's matches by index instead (see recommendedJobs).
 */
export const RECOMMENDED_WINDOW = 20_000;

type Found = JobSummaryRow & { created_key: string };

/**
 * One score's jobs after the key, newest first: from the newest RECOMMENDED_WINDOW active jobs (the
 * walk reads the index only, and the heap for the jobs that pass the filters, to check their text;
 * the subquery's limit keeps the filters outside it, so it counts jobs, not matches); or, `all`,
 * from every active job: found by index, or walked to the end for a title without a trigram.
 */
function recommendedSql(wanted: Wanted, score: Score, fromKey: boolean, all: boolean): { sql: string; params: Params } {
  const { conditions, params } = recommendedFilters(wanted, all ? 'j' : 'k');
  if (score > 0) Object.assign(params, { title_patterns: textArray(wanted.title_patterns!), terms: wanted.terms });
  // A title without three letters or digits in a row (Go, C++) has no trigram to look it up by (the
  // trigram index skips other characters), and its text is in most jobs: then the walk goes on to
  // the end of the index.
  const shortTitle = score === 2 && (JSON.parse(wanted.title_patterns!) as string[]).some((p) => !/[\p{L}\p{N}]{3}/u.test(p));
  if (!all || shortTitle) {
    // Whether the user applied, and the text, are checked in the lateral subquery, job by job in the
    // window's order (offset 0 keeps the planner from making it a join that reads every job).
    return {
      sql: `
select ${SUMMARY_COLUMNS}, ${CREATED_KEY}
  from (select k.id, k.created_at, k.remote, k.location, k.salary_min, k.salary_max, k.company, k.source, k.job_type, k.title
          from jobs k
         where k.is_active
         ${fromKey ? afterKey('k') : ''}
         order by k.created_at desc, k.id desc
         ${all ? '' : 'limit :window'}) k
  cross join lateral (
    select j.*
      from jobs j
     where j.id = k.id and j.created_at = k.created_at
       and ${notApplied('j')}
       ${textMatch(score)}
    offset 0) j
 where true
   ${scoreCondition[score]('k')}
   ${conditions.map((c) => `and ${c}`).join('\n   ')}
 order by k.created_at desc, k.id desc
 limit :limit`,
      params: all ? params : { ...params, window: RECOMMENDED_WINDOW },
    };
  }
  const filters = [...conditions, notApplied('j')].map((c) => `and ${c}`).join('\n   ');
  const after = fromKey ? afterKey('j') : '';
  if (score === 0) {
    // No keywords: the newest-first index, walked to the end if need be.
    return {
      sql: `
select ${ACTIVE_SUMMARY_COLUMNS}, ${CREATED_KEY}
  from jobs j
 where j.is_active
   ${filters}
   ${after}
 order by j.created_at desc, j.id desc
 limit :limit`,
      params,
    };
  }
  // Title matches of three letters or more: the text is checked outside the subquery (offset 0
  // keeps it there), so the trigram indexes of titles and locations find the candidates and only
  // theirs search vectors are read (a bitmap that included the full-text index would recheck every
  // candidate's). Text matches: the full-text index finds them; a materialized CTE is planned for
  // all its rows, so the planner cannot choose to walk every job newest first for it.
  if (score === 2) {
    return {
      sql: `
select ${SUMMARY_COLUMNS}, ${CREATED_KEY}
  from (select j.*
          from jobs j
         where j.is_active
           ${scoreCondition[2]('j')}
           ${filters}
           ${after}
        offset 0) j
 where true
   ${textMatch(2)}
 order by j.created_at desc, j.id desc
 limit :limit`,
      params,
    };
  }
  return {
    sql: `
with matches as materialized (
  select ${SUMMARY_COLUMNS}, ${CREATED_KEY}
    from jobs j
   where j.is_active
     ${textMatch(score)}
     ${scoreCondition[score]('j')}
     ${filters}
     ${after}
)
select * from matches order by created_at desc, id desc limit :limit`,
    params,
  };
}

/**
 * The jobs to suggest to a user (GET /jobs/recommended, and what auto-apply applies to), best match
 * first, paged: active, not applied to in any way (a dry run included: its application row is where
 * the user takes it further), and meeting every preference the profile sets:
 *   - location: the profile's location or preferred locations, or remote (as in sample query 1);
 *   - remote: true asks for remote jobs only, false for on-site only;
 *   - salaryMin: the top of the job's posted range reaches it (a job with no posted pay does not);
 *   - excludedCompanies: never, case-insensitively; sources: only these boards;
 *   - jobTypes: these types, or a job whose type the posting did not say;
 *   - keywords and titles: at least one of them in the job's text; a job with one in its title
 *     first (the score).
 * Then newest first. Ranking by a plain match in the title keeps candidates' titles unparsed.
 *
 * The profile is read first; then a page is read a score at a time (2, then 1; or 0 when the
 * profile names no keywords), each newest first from the cursor's key in the cursor's score and from
 * the top in the scores after it. Ranking every full-text candidate and sorting them read about
 * 150,000 jobs per page at 1,000,000 jobs (0.6 to 0.8 s) for a common keyword. So each score first
 * walks the newest RECOMMENDED_WINDOW active jobs; if that yields what the page still needs, those
 * are the score's first matches (the window is the start of the list). Otherwise the score's
 * matches come from all active jobs, found by index and sorted: fast for a rare keyword or title.
 * Either way the page is the same rows, in the same order, with the same cursor.
 */
export async function recommendedJobs(db: Db, userId: number, options: RecommendOptions = {}): Promise<Page<RecommendedJob>> {
  const limit = limitOf(options);
  const after = options.cursor ? decodeCursor(options.cursor, recommendedKey) : undefined;
  const wanted = await db.one<Wanted>(WANTED_SQL, { user_id: userId, profile_id: options.profileId ?? null });
  const scores = (after === undefined ? [2, 1, 0] : after[0] === 2 ? [2, 1] : [after[0]]).filter((s): s is Score =>
    wanted.terms === null ? s === 0 : s > 0,
  );
  const rows: (Found & { score: Score })[] = [];
  for (const score of scores) {
    const needed = limit + 1 - rows.length;
    if (needed <= 0) break;
    const fromCursor: CreatedAtKey | undefined = after !== undefined && after[0] === score ? [after[1], after[2]] : undefined;
    // In chunks under the Data API's 1 MiB a response, each from the last job of the one before.
    const found = await readInChunks<Found>(needed, async (last, take) => {
      const key = last ? createdAtKeyOf(last) : fromCursor;
      const common = { user_id: userId, limit: take, ...(key && { after_at: key[0], after_id: key[1] }) };
      const walk = recommendedSql(wanted, score, key !== undefined, false);
      const bound = { take, maxRowBytes: JOB_SUMMARY_MAX_RESPONSE_BYTES };
      const walked = await queryWithinBudget<Found>(db, walk.sql, { ...common, ...walk.params }, NEWEST_FIRST, bound);
      if (walked.cut || walked.rows.length === take) return walked;
      const all = recommendedSql(wanted, score, key !== undefined, true);
      return queryWithinBudget<Found>(db, all.sql, { ...common, ...all.params }, NEWEST_FIRST, bound);
    });
    rows.push(...found.map((row) => ({ ...row, score })));
  }
  return toPage(
    rows,
    limit,
    (row) => [row.score, row.created_key, row.id],
    (row) => ({ ...toJobSummary(row), score: row.score }),
  );
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
