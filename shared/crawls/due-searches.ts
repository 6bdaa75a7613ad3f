/**
 * The enqueue-due-crawls schedule: every saved search whose interval has passed becomes a queued
 * crawl, and is sent. Saved searches are each active user's profile preferences (every keyword and
 * title, in every location, on every source chosen; all boards when none is chosen), re-run every
 * crawlIntervalHours since that profile's last crawl of that search, and the operator's list in
 * scheduled_searches (sql/007), re-run every interval_hours since its last crawl.
 *
 * A failed crawl counts as the last crawl: a board that blocks us is not asked again before the
 * interval is over. Two runs at once take turns on an advisory lock, and the second finds nothing
 * due. Rows are committed before their messages are sent; a failed send is left to the sweeper.
 */
import type { Db } from '../data/types';
import { timestamp } from '../data/values';
import type { QueueSender } from '../queue/send';
import { enqueueCrawls } from './lifecycle';

/** The boards a profile's search runs on when it names none (custom crawls need a target). */
export const DEFAULT_SEARCH_SOURCES = ['linkedin', 'indeed', 'glassdoor', 'ziprecruiter', 'monster'] as const;

/**
 * At most this many crawls are queued for one profile per run, the least recently crawled first; the
 * rest come due on the next runs. 50 keywords in 50 places on 5 boards would be 12,500 crawls.
 */
export const MAX_DUE_SEARCHES_PER_PROFILE = 25;

/**
 * Profiles whose searches one statement queues. Its answer is the new crawls' ids, at most 25 a
 * profile and 33 bytes an id in a Data API response (a bigint of 19 digits, escaped twice): 1,000
 * profiles stay under 830 KB, inside the 1 MiB a response may hold, however many there are in all.
 */
export const PROFILES_PER_STATEMENT = 1000;
/** Operator searches one statement queues: each answers two ids, at most 70 bytes (700 KB in all). */
export const OPERATOR_SEARCHES_PER_STATEMENT = 10_000;

export interface DueCrawlsResult {
  /** crawler_jobs rows created, profile searches first. */
  created: number[];
  fromProfiles: number;
  fromOperator: number;
  /** Created but not sent (the sweeper sends them). */
  unsent: Array<{ id: number; reason: string }>;
}

const PROFILE_SEARCHES = `
with searches as (
  select p.user_id, p.id as profile_id, term.value as search_query, place.value as location, src.value as source,
         least(720, greatest(1, coalesce(
           case when jsonb_typeof(p.job_preferences -> 'crawlIntervalHours') = 'number'
                then round((p.job_preferences ->> 'crawlIntervalHours')::numeric)::integer end, 24))) as interval_hours
    from user_profiles p
    join users u on u.id = p.user_id and u.is_active
   cross join lateral (
     select distinct value from jsonb_array_elements_text(
       case when jsonb_typeof(p.job_preferences -> 'keywords') = 'array' then p.job_preferences -> 'keywords' else '[]' end
       || case when jsonb_typeof(p.job_preferences -> 'titles') = 'array' then p.job_preferences -> 'titles' else '[]' end)
   ) term
   cross join lateral (
     select value from jsonb_array_elements_text(
       case when jsonb_typeof(p.job_preferences -> 'locations') = 'array' then p.job_preferences -> 'locations' else '[]' end)
     union
     select null where coalesce(jsonb_array_length(case when jsonb_typeof(p.job_preferences -> 'locations') = 'array'
                                                         then p.job_preferences -> 'locations' end), 0) = 0
   ) place
   cross join lateral (
     select cast(s as job_source) as value from jsonb_array_elements_text(
       case when jsonb_typeof(p.job_preferences -> 'sources') = 'array' then p.job_preferences -> 'sources' else '[]' end) s
      where s <> 'custom'
     union
     select cast(s as job_source) from unnest(cast(:default_sources as text[])) s
      where coalesce(jsonb_array_length(case when jsonb_typeof(p.job_preferences -> 'sources') = 'array'
                                             then p.job_preferences -> 'sources' end), 0) = 0
   ) src
   where term.value <> ''
     and p.id > :after_profile and p.id <= :last_profile
),
last_crawl as (
  select s.*,
         (select max(c.created_at) from crawler_jobs c
           where c.profile_id = s.profile_id and c.source = s.source and c.search_query = s.search_query
             and c.location is not distinct from s.location) as last_at
    from searches s
),
due as (
  select l.*, row_number() over (partition by l.profile_id order by l.last_at nulls first, l.search_query, l.location, l.source) as n
    from last_crawl l
   where l.last_at is null or l.last_at <= cast(:now as timestamptz) - make_interval(hours => l.interval_hours)
)
insert into crawler_jobs (user_id, profile_id, search_query, location, source)
select user_id, profile_id, search_query, location, source
  from due
 where n <= :per_profile
 order by profile_id, n
returning id`;

const OPERATOR_SEARCHES = `
insert into crawler_jobs (search_query, location, source, target, scheduled_search_id)
select ss.search_query, ss.location, ss.source, ss.target, ss.id
  from scheduled_searches ss
 where ss.enabled
   and ss.id > :after_search
   and not exists (
     select 1 from crawler_jobs c
      where c.scheduled_search_id = ss.id
        and c.created_at > cast(:now as timestamptz) - make_interval(hours => ss.interval_hours))
 order by ss.id
 limit :searches
returning id, scheduled_search_id`;

/** The last of the next PROFILES_PER_STATEMENT profiles after one (null when there are none). */
const NEXT_PROFILES = `select max(id) as last_profile from (select id from user_profiles where id > :after_profile order by id limit :profiles) batch`;

// Known source values only (a fixed list in code), so the array literal needs no quoting.
const defaultSources = `{${DEFAULT_SEARCH_SOURCES.join(',')}}`;

/** Queues and sends the crawls that are due at `now` (default: now). */
export async function enqueueDueCrawls(db: Db, sender: QueueSender, now: Date = new Date()): Promise<DueCrawlsResult> {
  const { fromProfiles, fromOperator } = await queueDueCrawls(db, now);
  const created = [...fromProfiles, ...fromOperator];
  const { failed } = await enqueueCrawls(db, sender, created);
  return { created, fromProfiles: fromProfiles.length, fromOperator: fromOperator.length, unsent: failed };
}

/**
 * Creates the crawler_jobs rows of the searches due at `now`, in one transaction, and returns their
 * ids (committed, not yet sent): the profiles' searches a thousand profiles at a time, in profile
 * order, then the operator's.
 */
export async function queueDueCrawls(db: Db, now: Date): Promise<{ fromProfiles: number[]; fromOperator: number[] }> {
  return db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(hashtext('enqueue-due-crawls'))`);
    const at = timestamp(now);
    const fromProfiles: number[] = [];
    for (let after = 0; ; ) {
      const { last_profile: last } = await tx.one<{ last_profile: number | null }>(NEXT_PROFILES, { after_profile: after, profiles: PROFILES_PER_STATEMENT });
      if (last === null) break;
      const rows = await tx.query<{ id: number }>(PROFILE_SEARCHES, {
        now: at,
        per_profile: MAX_DUE_SEARCHES_PER_PROFILE,
        default_sources: defaultSources,
        after_profile: after,
        last_profile: last,
      });
      fromProfiles.push(...rows.map((r) => r.id));
      after = last;
    }
    const fromOperator: number[] = [];
    for (let after = 0; ; ) {
      const rows = await tx.query<{ id: number; scheduled_search_id: number }>(OPERATOR_SEARCHES, {
        now: at,
        after_search: after,
        searches: OPERATOR_SEARCHES_PER_STATEMENT,
      });
      fromOperator.push(...rows.map((r) => r.id));
      if (rows.length < OPERATOR_SEARCHES_PER_STATEMENT) break;
      after = rows.reduce((last, r) => Math.max(last, r.scheduled_search_id), after);
    }
    return { fromProfiles, fromOperator };
  });
}
