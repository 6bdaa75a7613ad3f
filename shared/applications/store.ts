/**
 * Applications: asking to apply, reading them, and the changes a user makes. Asking is an outbox:
 * the pending row is committed first, then the apply message is sent and enqueued_at set. If the
 * send fails the row stays pending and unsent, and the sweeper sends it again; a message is never
 * sent for a row that does not exist.
 */
import type { ArtifactStore } from '../artifacts/store';
import { DatabaseError } from '../data/errors';
import { readLongTexts } from '../data/long-text';
import { readWithinBudget } from '../data/response-budget';
import type { Db } from '../data/types';
import { arrayLiteral } from '../data/values';
import type { Log } from '../http/log';
import { createdAtAfter, newestFirst, readPage, type Page } from '../http/pagination';
import { HttpProblem } from '../http/problem';
import type { JobSource } from '../jobs/input';
import {
  manualTransitions,
  retryableStatuses,
  type Application,
  type ApplicationRequest,
  type ApplicationStatus,
  type ApplicationSummary,
  type ManualStatus,
} from './schema';
import { deleteArtifactsOf, requestArtifactDeletion } from './artifact-deletions';
import { attemptsOf } from './attempts';

interface ApplicationRow {
  [column: string]: unknown;
  id: number;
  job_id: number;
  profile_id: number | null;
  status: ApplicationStatus;
  dry_run: boolean;
  applied_at: string | null;
  error_message: string | null;
  attempts: number;
  created_at: string;
  updated_at: string;
  created_key: string;
  resume_used?: string | null;
  cover_letter_used?: string | null;
  title: string | null;
  company: string | null;
  source: JobSource | null;
  source_url: string | null;
}

// The job's details are gone once its month is archived (the key stays): then job is null.
const selectApplications = (detail: boolean) => `
select a.id, a.job_id, a.profile_id, a.status, a.dry_run, a.applied_at, a.error_message, a.attempts, a.created_at,
       a.updated_at, a.created_at::text as created_key,
       ${detail ? 'a.resume_used,' : ''}
       j.title, j.company, j.source, j.source_url
  from job_applications a
  left join jobs j on j.id = a.job_id`;
/** Lists leave out what only one application's page shows (the letter can be long; a page must stay under the Data API's 1 MiB). */
const SELECT_SUMMARY = selectApplications(false);
const SELECT_DETAIL = selectApplications(true);
/** The cover letter sent has no size limit: read in pieces, not in the row (64 KB). */
const DETAIL_TEXTS = { cover_letter_used: 'a.cover_letter_used' };

/** What sends the apply message: shared/queue/send.ts in the functions, anything alike in tests. */
export type ApplySender = (message: { applicationId: number }) => Promise<string>;

export type Logger = Pick<Log, 'warn'>;

function toSummary(row: ApplicationRow): ApplicationSummary {
  return {
    id: row.id,
    jobId: row.job_id,
    profileId: row.profile_id,
    status: row.status,
    dryRun: row.dry_run,
    appliedAt: row.applied_at,
    errorMessage: row.error_message,
    attemptCount: row.attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    job: row.title === null ? null : { title: row.title, company: row.company!, source: row.source!, sourceUrl: row.source_url! },
  };
}

async function toApplication(db: Db, row: ApplicationRow): Promise<Application> {
  return { ...toSummary(row), resumeUsed: row.resume_used ?? null, coverLetterUsed: row.cover_letter_used ?? null, attempts: await attemptsOf(db, row.id) };
}

async function findRow(db: Db, userId: number, id: number): Promise<ApplicationRow | undefined> {
  const row = await db.maybeOne<ApplicationRow>(`${SELECT_DETAIL} where a.id = :id and a.user_id = :user_id`, { id, user_id: userId });
  if (!row) return undefined;
  const texts = await readLongTexts(db, { from: 'from job_applications a where a.id = :id', texts: DETAIL_TEXTS }, { id });
  return { ...row, cover_letter_used: texts.cover_letter_used };
}

export async function getApplication(db: Db, userId: number, id: number): Promise<Application | undefined> {
  const row = await findRow(db, userId, id);
  return row && toApplication(db, row);
}

/** Sends the apply message for a committed pending row and marks it sent; a failed send is left to the sweeper. */
async function enqueue(db: Db, send: ApplySender, id: number, log: Logger): Promise<void> {
  try {
    await send({ applicationId: id });
  } catch (error) {
    log.warn('apply message not sent; the sweeper will send it', { applicationId: id, error });
    return;
  }
  await db.execute(`update job_applications set enqueued_at = now() where id = :id and status = 'pending'`, { id });
}

export async function createApplication(
  db: Db,
  send: ApplySender,
  userId: number,
  request: ApplicationRequest,
  log: Logger,
): Promise<Application> {
  const id = await db.transaction(async (tx) => {
    const profile = await tx.maybeOne<{ resume_url: string | null }>(
      `select resume_url from user_profiles where id = :id and user_id = :user_id`,
      { id: request.profileId, user_id: userId },
    );
    if (!profile) throw new HttpProblem('not-found', { detail: 'profile not found' });
    const job = await tx.maybeOne<{ is_active: boolean }>(`select is_active from jobs where id = :id`, { id: request.jobId });
    if (!job) throw new HttpProblem('not-found', { detail: 'job not found' });
    if (!job.is_active) throw new HttpProblem('conflict', { detail: 'The job is no longer active' });
    try {
      const row = await tx.maybeOne<{ id: number }>(
        `insert into job_applications (user_id, job_id, profile_id, dry_run, resume_used)
         values (:user_id, :job_id, :profile_id, :dry_run, :resume_used)
         on conflict (user_id, job_id) do nothing
         returning id`,
        { user_id: userId, job_id: request.jobId, profile_id: request.profileId, dry_run: request.dryRun, resume_used: profile.resume_url },
      );
      if (!row) throw new HttpProblem('already-applied');
      return row.id;
    } catch (error) {
      if (error instanceof DatabaseError && error.kind === 'unique_violation') throw new HttpProblem('already-applied');
      throw error;
    }
  });
  await enqueue(db, send, id, log);
  return (await getApplication(db, userId, id))!;
}

/** Newest first; a page of long error messages is read in several statements (readPage). */
export function listApplications(
  db: Db,
  userId: number,
  query: { status?: ApplicationStatus[]; limit: number; cursor?: string },
): Promise<Page<ApplicationSummary>> {
  const list = newestFirst<ApplicationRow>((after, take) => {
    const keyset = createdAtAfter('a', after);
    return {
      sql: `${SELECT_SUMMARY}
      where a.user_id = :user_id
        and (cast(:statuses as application_status[]) is null or a.status = any(cast(:statuses as application_status[])))
        ${keyset.condition}
      order by a.created_at desc, a.id desc
      limit :limit`,
      params: { user_id: userId, statuses: query.status ? arrayLiteral(query.status) : null, limit: take, ...keyset.params },
    };
  });
  return readPage(db, query, list, toSummary);
}

/** The one place a refused change is explained: what the status is and what it may become. */
function refused(from: ApplicationStatus, action: string): HttpProblem {
  const allowed = manualTransitions[from];
  return new HttpProblem('invalid-transition', {
    detail: `Cannot ${action} an application that is ${from}` + (allowed.length ? `; it may become ${allowed.join(', ')}` : ''),
    extensions: { currentStatus: from },
  });
}

export async function setStatus(db: Db, userId: number, id: number, status: ManualStatus): Promise<Application | undefined> {
  const current = await findRow(db, userId, id);
  if (!current) return undefined;
  if (!manualTransitions[current.status].includes(status)) throw refused(current.status, `mark as ${status}`);
  // Only from the status just read: a worker that moved it meanwhile wins, and the user is told.
  const { rowsAffected } = await db.execute(
    `update job_applications
        set status = cast(:status as application_status),
            applied_at = case when cast(:status as application_status) = 'applied' then coalesce(applied_at, now()) else applied_at end
      where id = :id and user_id = :user_id and status = cast(:from as application_status)`,
    { id, user_id: userId, status, from: current.status },
  );
  if (!rowsAffected) throw new HttpProblem('conflict', { detail: 'The application changed meanwhile; read it again' });
  return getApplication(db, userId, id);
}

/** A failed attempt runs again as it was; a filled dry run runs again for real. */
export async function retryApplication(db: Db, send: ApplySender, userId: number, id: number, log: Logger): Promise<Application | undefined> {
  const current = await findRow(db, userId, id);
  if (!current) return undefined;
  if (!(retryableStatuses as readonly string[]).includes(current.status)) {
    throw new HttpProblem('invalid-transition', {
      detail: `Only a failed application or a filled dry run can be retried; this one is ${current.status}`,
      extensions: { currentStatus: current.status },
    });
  }
  const { rowsAffected } = await db.execute(
    `update job_applications
        set status = 'pending', dry_run = case when status = 'filled' then false else dry_run end,
            error_message = null, lease_expires_at = null, enqueued_at = null
      where id = :id and user_id = :user_id and status = cast(:from as application_status)`,
    { id, user_id: userId, from: current.status },
  );
  if (!rowsAffected) throw new HttpProblem('conflict', { detail: 'The application changed meanwhile; read it again' });
  await enqueue(db, send, id, log);
  return getApplication(db, userId, id);
}

/**
 * Deletes an application the applier does not hold (in_progress), with its attempts and their
 * screenshots; a pending one is withdrawn before it starts. The row goes first (with a record that
 * its screenshots are to go), then the screenshots; any the bucket did not delete, the sweep deletes
 * later (./artifact-deletions.ts), so a failing bucket never keeps a deleted application alive. The job is listed in
 * deleted_applications, so auto-apply never picks it again by itself: an unconfirmed application
 * may have reached the employer, and a deleted one must not be sent a second time behind the user's back.
 */
export async function deleteApplication(db: Db, artifacts: ArtifactStore, userId: number, id: number): Promise<boolean> {
  const deleted = await db.transaction(async (tx) => {
    // Locked until the delete commits: a worker's claim of a pending row waits, then finds it gone.
    const current = await tx.maybeOne<{ status: ApplicationStatus; job_id: number }>(
      `select status::text as status, job_id from job_applications where id = :id and user_id = :user_id for update`,
      { id, user_id: userId },
    );
    if (!current) return false;
    if (current.status === 'in_progress') {
      throw new HttpProblem('invalid-transition', {
        detail: 'The applier is working on this application (in_progress); it can be deleted once the attempt has finished',
        extensions: { currentStatus: current.status },
      });
    }
    await tx.execute(
      `insert into deleted_applications (user_id, job_id, status) values (:user_id, :job_id, cast(:status as application_status))
       on conflict (user_id, job_id) do update set status = excluded.status, deleted_at = now()`,
      { user_id: userId, job_id: current.job_id, status: current.status },
    );
    await tx.execute(`delete from job_applications where id = :id`, { id });
    await requestArtifactDeletion(tx, id);
    return true;
  });
  if (deleted) await deleteArtifactsOf(db, artifacts, id);
  return deleted;
}

/** Rows the CSV export reads at a time, in statements that each stay under the Data API's 1 MiB (readWithinBudget). */
const EXPORT_BATCH = 500;

/** Every application of the user, oldest first, for the CSV export. */
export async function* allApplications(db: Db, userId: number): AsyncGenerator<ApplicationSummary> {
  let after: ApplicationRow | undefined;
  for (;;) {
    const from = after;
    const rows = await readWithinBudget<ApplicationRow>(db, EXPORT_BATCH, 'created_at, id', (last, take) => {
      const key = last ?? from;
      return {
        sql: `${SELECT_SUMMARY}
        where a.user_id = :user_id
          and (:first or (a.created_at, a.id) > (cast(:after_at as timestamptz), :after_id))
        order by a.created_at, a.id
        limit :take`,
        params: { user_id: userId, first: !key, after_at: key?.created_key ?? null, after_id: key?.id ?? 0, take },
      };
    });
    for (const row of rows) yield toSummary(row);
    if (rows.length < EXPORT_BATCH) return;
    after = rows.at(-1);
  }
}
