/**
 * An application's row through the applier: pending -> in_progress (claimed with a lease) -> applied,
 * filled, unconfirmed or failed. Every step is a guarded transition, so a message delivered twice, or
 * to two workers at once, fills the form once. An `unconfirmed` application is finished: it is never
 * sent again, so nothing is submitted twice in the user's name.
 */
import type { AutomationLog } from '../applier/log';
import type { ApplicationTask, ApplyOutcome } from '../applier/port';
import type { Db, Params } from '../data/types';
import { json } from '../data/values';
import type { JobSource } from '../jobs/input';
import { answerBankSchema } from '../profiles/schema';
import { unclaimed, workTableSteps, type Unclaimed, type WorkTable } from '../queue/work-table';
import { applyQueue } from '../tables/queues';
import { fitLog } from './attempts';

export const applicationWork: WorkTable<'apply'> = {
  table: 'job_applications',
  queue: 'apply',
  waiting: 'pending',
  working: 'in_progress',
  maxAttempts: applyQueue.maxReceiveCount * 2,
  message: (applicationId) => ({ applicationId }),
  idOf: (message) => message.applicationId,
};

/** Longer than the function can run, shorter than the visibility timeout (see CRAWL_LEASE_SECONDS). */
export const APPLY_LEASE_SECONDS = applyQueue.fn.timeoutSeconds + 60;

export interface ClaimedApplication {
  id: number;
  userId: number;
  jobId: number;
  profileId: number | null;
  dryRun: boolean;
}

export type ApplicationClaim = { kind: 'claimed'; attempt: number; application: ClaimedApplication } | Unclaimed;

/** Takes a pending application, or an in-progress one whose lease has run out, for this worker. */
export async function claimApplication(db: Db, applicationId: number, leaseSeconds = APPLY_LEASE_SECONDS): Promise<ApplicationClaim> {
  const row = await db.maybeOne<{ id: number; user_id: number; job_id: number; profile_id: number | null; dry_run: boolean; attempts: number }>(
    `update job_applications
        set status = 'in_progress', attempts = attempts + 1, lease_expires_at = now() + make_interval(secs => :lease)
      where id = :id and (status = 'pending' or (status = 'in_progress' and lease_expires_at <= now()))
      returning id, user_id, job_id, profile_id, dry_run, attempts`,
    { id: applicationId, lease: leaseSeconds },
  );
  if (!row) return unclaimed(db, applicationWork, applicationId);
  return {
    kind: 'claimed',
    attempt: row.attempts,
    application: { id: row.id, userId: row.user_id, jobId: row.job_id, profileId: row.profile_id, dryRun: row.dry_run },
  };
}

/** The task, or why it cannot be attempted at all (nothing a retry would change). */
export type TaskLoad = { ok: true; task: ApplicationTask } | { ok: false; reason: string };

type JobRow = {
  job_id: number;
  source: JobSource;
  title: string;
  company: string;
  job_location: string | null;
  source_url: string;
  metadata: Record<string, unknown>;
  is_active: boolean;
};

type ApplicantRow = {
  full_name: string | null;
  email: string;
  profile_id: number | null;
  phone: string | null;
  profile_location: string | null;
  resume_url: string | null;
  cover_letter_template: string | null;
  skills: unknown;
  experience_years: number | null;
  linkedin_url: string | null;
  github_url: string | null;
  portfolio_url: string | null;
  answers: unknown;
};

/**
 * Loads the job (through its key, in whatever month it is filed) and the applicant the application
 * was made for, for this attempt. Two rows, each within the Data API's 64 KB at the largest sizes a job and a profile
 * may have (shared/jobs/sizes.ts, shared/profiles/sizes.ts); the job's long texts are not needed.
 */
export async function loadApplicationTask(db: Db, application: ClaimedApplication, attempt: number): Promise<TaskLoad> {
  const applicant = await db.maybeOne<ApplicantRow>(
    `select u.full_name, u.email,
            p.id as profile_id, p.phone, p.location as profile_location, p.resume_url, p.cover_letter_template,
            p.skills, p.experience_years, p.linkedin_url, p.github_url, p.portfolio_url, p.answers
       from users u
       left join user_profiles p on p.id = :profile_id and p.user_id = u.id
      where u.id = :user_id`,
    { user_id: application.userId, profile_id: application.profileId },
  );
  if (!applicant) return { ok: false, reason: 'the account this application belongs to no longer exists' };
  const job = await db.maybeOne<JobRow>(
    `select j.id as job_id, j.source::text as source, j.title, j.company, j.location as job_location, j.source_url,
            j.metadata - 'descriptionText' as metadata, j.is_active
       from job_keys k
       join jobs j on j.id = k.id and j.created_at = k.created_at
      where k.id = :job_id`,
    { job_id: application.jobId },
  );
  if (!job) return { ok: false, reason: 'the job is no longer stored (its month was archived)' };
  const row = { ...job, ...applicant };
  if (!row.is_active) return { ok: false, reason: 'the job is no longer active (expired or taken down)' };
  if (row.profile_id === null) return { ok: false, reason: 'the profile this application was made from was deleted' };
  if (!row.full_name) return { ok: false, reason: 'the account has no full name to put on the application' };
  const answers = answerBankSchema.safeParse(row.answers ?? {});
  if (!answers.success) return { ok: false, reason: "the profile's answers are not in the expected shape; edit the profile and retry" };
  return {
    ok: true,
    task: {
      applicationId: application.id,
      attempt,
      userId: application.userId,
      dryRun: application.dryRun,
      job: {
        id: row.job_id,
        source: row.source,
        title: row.title,
        company: row.company,
        location: row.job_location,
        sourceUrl: row.source_url,
        metadata: row.metadata ?? {},
      },
      applicant: {
        fullName: row.full_name,
        email: row.email,
        phone: row.phone,
        location: row.profile_location,
        resumeUrl: row.resume_url,
        coverLetterTemplate: row.cover_letter_template,
        skills: Array.isArray(row.skills) ? row.skills.filter((s): s is string => typeof s === 'string') : [],
        experienceYears: row.experience_years,
        linkedinUrl: row.linkedin_url,
        githubUrl: row.github_url,
        portfolioUrl: row.portfolio_url,
        answers: answers.data,
      },
    },
  };
}

/**
 * The row this claim holds, moved on, and its attempt recorded with it: both or neither (one statement).
 * The reason is clipped as sql/016 clips error_message (2,000 characters): beside a log of
 * up to 48 KB (./attempts.ts) it must leave the attempt's row under the Data API's 64 KB.
 */
async function endAttempt(
  db: Db,
  applicationId: number,
  attempt: number,
  set: string,
  params: Params,
  recorded: { status: ApplyOutcome['status']; reason: string | null; retryable: boolean; log: AutomationLog | undefined },
): Promise<boolean> {
  const { rowsAffected } = await db.execute(
    `with ended as (
       update job_applications set ${set}, lease_expires_at = null
        where id = :id and status = 'in_progress' and attempts = :attempt
        returning id
     )
     insert into application_attempts (application_id, attempt, status, reason, retryable, log)
     select id, :attempt, cast(:attempt_status as application_status), left(cast(:attempt_reason as text), 2000), :retryable, cast(:log as jsonb) from ended`,
    {
      ...params,
      id: applicationId,
      attempt,
      attempt_status: recorded.status,
      attempt_reason: recorded.reason,
      retryable: recorded.retryable,
      log: recorded.log ? json(fitLog(recorded.log)) : null,
    },
  );
  return rowsAffected > 0;
}

/**
 * Records the applier's outcome; false when the row is no longer this run's. applied_at is set only
 * for a confirmed submission; the reason of any other outcome is kept in error_message.
 */
export async function finishApplication(db: Db, applicationId: number, attempt: number, outcome: ApplyOutcome): Promise<boolean> {
  const reason = outcome.status === 'applied' ? null : outcome.reason;
  return endAttempt(
    db,
    applicationId,
    attempt,
    `status = cast(:status as application_status), resume_used = :resume_used, cover_letter_used = :cover_letter_used,
     error_message = :error, applied_at = case when :status = 'applied' then now() else null end`,
    { status: outcome.status, resume_used: outcome.resumeUsed, cover_letter_used: outcome.coverLetterUsed, error: reason },
    { status: outcome.status, reason, retryable: false, log: outcome.log },
  );
}

/** Fails a claimed application that cannot be attempted (TaskLoad's reason), without a retry. */
export async function failApplication(db: Db, applicationId: number, attempt: number, reason: string): Promise<boolean> {
  return endAttempt(db, applicationId, attempt, `status = 'failed', error_message = :reason`, { reason }, { status: 'failed', reason, retryable: false, log: undefined });
}

/** A retryable failure hands the row back to pending, its attempt recorded with the reason; the message comes back. */
export async function releaseApplication(db: Db, applicationId: number, attempt: number, reason: string, outcome?: ApplyOutcome): Promise<boolean> {
  return endAttempt(
    db,
    applicationId,
    attempt,
    `status = 'pending', error_message = :reason`,
    { reason },
    { status: 'failed', reason, retryable: true, log: outcome?.log },
  );
}

/** Unconfirmed applications are finished: the sweeper never touches them. */
export const {
  giveUp: giveUpApplication,
  markEnqueued: markApplicationsEnqueued,
  enqueue: enqueueApplications,
  sweep: sweepApplications,
} = workTableSteps(applicationWork);
