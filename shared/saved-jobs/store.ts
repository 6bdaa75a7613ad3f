/** Saved jobs: a user's bookmarks with notes. One save per user and job (idx_saved_jobs_unique). */
import { DatabaseError } from '../data/errors';
import type { Db } from '../data/types';
import { createdAtAfter, newestFirst, readPage, type Page } from '../http/pagination';
import { HttpProblem } from '../http/problem';
import { jobSummaryColumns, toJobSummary } from '../jobs/summary';
import type { SavedJob } from './schema';

interface SavedJobRow {
  [column: string]: unknown;
  id: number;
  job_id: number;
  notes: string | null;
  created_at: string;
  created_key: string;
}

// A saved job keeps its key while its month is archived: the details are then gone, and so is the row from this list.
const SELECT = `
select s.id, s.job_id, s.notes, s.created_at, s.created_at::text as created_key, ${jobSummaryColumns('job_')}
  from saved_jobs s
  join jobs j on j.id = s.job_id`;

function toSavedJob(row: SavedJobRow): SavedJob {
  return { id: row.id, jobId: row.job_id, notes: row.notes, createdAt: row.created_at, job: toJobSummary(row, 'job_') };
}

export async function getSavedJob(db: Db, userId: number, id: number): Promise<SavedJob | undefined> {
  const row = await db.maybeOne<SavedJobRow>(`${SELECT} where s.id = :id and s.user_id = :user_id`, { id, user_id: userId });
  return row && toSavedJob(row);
}

export async function saveJob(db: Db, userId: number, input: { jobId: number; notes?: string | null }): Promise<SavedJob> {
  let id: number;
  try {
    const row = await db.maybeOne<{ id: number }>(
      `insert into saved_jobs (user_id, job_id, notes)
       select :user_id, j.id, cast(:notes as text) from jobs j where j.id = :job_id
       returning id`,
      { user_id: userId, job_id: input.jobId, notes: input.notes ?? null },
    );
    if (!row) throw new HttpProblem('not-found', { detail: 'job not found' });
    id = row.id;
  } catch (error) {
    if (error instanceof DatabaseError && error.kind === 'unique_violation') throw new HttpProblem('already-saved');
    throw error;
  }
  return (await getSavedJob(db, userId, id))!;
}

/** Newest first; a page of notes at their longest is read in several statements (readPage). */
export function listSavedJobs(db: Db, userId: number, page: { limit: number; cursor?: string }): Promise<Page<SavedJob>> {
  const list = newestFirst<SavedJobRow>((after, take) => {
    const keyset = createdAtAfter('s', after);
    return {
      sql: `${SELECT}
      where s.user_id = :user_id
        ${keyset.condition}
      order by s.created_at desc, s.id desc
      limit :limit`,
      params: { user_id: userId, limit: take, ...keyset.params },
    };
  });
  return readPage(db, page, list, toSavedJob);
}

export async function updateSavedJobNotes(db: Db, userId: number, id: number, notes: string | null): Promise<SavedJob | undefined> {
  const { rowsAffected } = await db.execute(`update saved_jobs set notes = :notes where id = :id and user_id = :user_id`, {
    id,
    user_id: userId,
    notes,
  });
  return rowsAffected ? getSavedJob(db, userId, id) : undefined;
}

export async function removeSavedJob(db: Db, userId: number, id: number): Promise<boolean> {
  const { rowsAffected } = await db.execute(`delete from saved_jobs where id = :id and user_id = :user_id`, { id, user_id: userId });
  return rowsAffected > 0;
}
