/**
 * Crawls a user starts: the crawler_jobs row is committed as queued, then the crawl message is sent
 * and enqueued_at set (the same outbox as applications: a failed send is re-sent by the sweeper).
 */
import type { Db } from '../data/types';
import { arrayLiteral, json } from '../data/values';
import type { Log } from '../http/log';
import { createdAtAfter, newestFirst, readPage, type Page } from '../http/pagination';
import { HttpProblem } from '../http/problem';
import type { JobSource } from '../jobs/input';
import type { Crawl, CrawlRequest } from './schema';
import { crawlTargetSchema } from './target';

interface CrawlRow {
  [column: string]: unknown;
  id: number;
  search_query: string;
  location: string | null;
  source: JobSource;
  target: unknown;
  profile_id: number | null;
  status: Crawl['status'];
  jobs_found: number;
  started_at: string | null;
  completed_at: string | null;
  error_message: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
  created_key: string;
}

const COLUMNS = `id, search_query, location, source, target, profile_id, status, jobs_found, started_at, completed_at,
  error_message, note, created_at, updated_at, created_at::text as created_key`;

function toCrawl(row: CrawlRow): Crawl {
  const target = crawlTargetSchema.safeParse(row.target);
  return {
    id: row.id,
    searchQuery: row.search_query,
    location: row.location,
    source: row.source,
    target: target.success ? target.data : null,
    profileId: row.profile_id,
    status: row.status,
    jobsFound: row.jobs_found,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    errorMessage: row.error_message,
    note: row.note,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export type CrawlSender = (message: { crawlId: number }) => Promise<string>;

export async function getCrawl(db: Db, userId: number, id: number): Promise<Crawl | undefined> {
  const row = await db.maybeOne<CrawlRow>(`select ${COLUMNS} from crawler_jobs where id = :id and user_id = :user_id`, { id, user_id: userId });
  return row && toCrawl(row);
}

export async function startCrawl(
  db: Db,
  send: CrawlSender,
  userId: number,
  request: CrawlRequest,
  log: Pick<Log, 'warn'>,
): Promise<Crawl> {
  if (request.profileId != null) {
    const owned = await db.maybeOne(`select 1 as owned from user_profiles where id = :id and user_id = :user_id`, {
      id: request.profileId,
      user_id: userId,
    });
    if (!owned) throw new HttpProblem('not-found', { detail: 'profile not found' });
  }
  const row = await db.one<CrawlRow>(
    `insert into crawler_jobs (user_id, profile_id, search_query, location, source, target)
     values (:user_id, :profile_id, :search_query, :location, cast(:source as job_source), :target)
     returning ${COLUMNS}`,
    {
      user_id: userId,
      profile_id: request.profileId ?? null,
      search_query: request.searchQuery,
      location: request.location ?? null,
      source: request.source,
      target: request.target ? json(request.target) : null,
    },
  );
  try {
    await send({ crawlId: row.id });
    await db.execute(`update crawler_jobs set enqueued_at = now() where id = :id and status = 'queued'`, { id: row.id });
  } catch (error) {
    log.warn('crawl message not sent; the sweeper will send it', { crawlId: row.id, error });
  }
  return toCrawl(row);
}

/** Newest first; a page of long error messages and targets is read in several statements (readPage). */
export function listCrawls(
  db: Db,
  userId: number,
  query: { status?: Crawl['status'][]; limit: number; cursor?: string },
): Promise<Page<Crawl>> {
  const list = newestFirst<CrawlRow>((after, take) => {
    const keyset = createdAtAfter('c', after);
    return {
      sql: `select ${COLUMNS} from crawler_jobs c
      where c.user_id = :user_id
        and (cast(:statuses as crawl_status[]) is null or c.status = any(cast(:statuses as crawl_status[])))
        ${keyset.condition}
      order by c.created_at desc, c.id desc
      limit :limit`,
      params: { user_id: userId, statuses: query.status ? arrayLiteral(query.status) : null, limit: take, ...keyset.params },
    };
  });
  return readPage(db, query, list, toCrawl);
}
