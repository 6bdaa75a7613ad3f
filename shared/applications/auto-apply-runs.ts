/**
 * The record of auto-apply runs (sql/015): what each run did for each profile, so that a run which
 * creates nothing says why. Written by createAutoApplications, read at GET /profiles/{id}/auto-apply.
 */
import type { Db } from '../data/types';
import { json } from '../data/values';
import { autoApplySchema } from '../profiles/schema';
import { schedules } from '../tables/schedules';
import type { AutoApplyOutcome, AutoApplyRun, AutoApplyStatus } from './auto-apply-schema';

/** A day of hourly runs. */
export const AUTO_APPLY_RUNS_KEPT = 24;

export interface RunRecord {
  profileId: number;
  userId: number;
  ranAt: Date;
  outcome: AutoApplyOutcome;
  applicationIds?: number[];
  dailyLimit?: number;
  dryRun?: boolean;
  appliedToday?: number;
}

/** Records one run for a profile and forgets the profile's runs older than the newest AUTO_APPLY_RUNS_KEPT. */
export async function recordRun(db: Db, run: RunRecord): Promise<void> {
  const ids = run.applicationIds ?? [];
  await db.execute(
    `insert into auto_apply_runs (profile_id, user_id, ran_at, outcome, created, application_ids, daily_limit, dry_run, applied_today)
     values (:profile_id, :user_id, :ran_at, :outcome, :created, :application_ids, :daily_limit, :dry_run, :applied_today)`,
    {
      profile_id: run.profileId,
      user_id: run.userId,
      ran_at: run.ranAt,
      outcome: run.outcome,
      created: ids.length,
      application_ids: json(ids),
      daily_limit: run.dailyLimit ?? null,
      dry_run: run.dryRun ?? null,
      applied_today: run.appliedToday ?? null,
    },
  );
  await db.execute(
    `delete from auto_apply_runs
      where profile_id = :profile_id
        and id not in (select id from auto_apply_runs where profile_id = :profile_id order by ran_at desc, id desc limit :kept)`,
    { profile_id: run.profileId, kept: AUTO_APPLY_RUNS_KEPT },
  );
}

/**
 * Records `turned_off` for each profile of an active user whose auto-apply is off now while its last
 * record says otherwise: the user who turned it off (or lost it to an edit) reads when runs stopped
 * applying. Once per change, not once a run; a lock keeps two runs at once from both recording it.
 */
export async function recordTurnedOff(db: Db, ranAt: Date): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(`select pg_advisory_xact_lock(hashtextextended('auto-apply turned off', 0))`);
    const { rowsAffected } = await tx.execute(
      `insert into auto_apply_runs (profile_id, user_id, ran_at, outcome)
       select last.profile_id, last.user_id, :ran_at, 'turned_off'
         from (select distinct on (r.profile_id) r.profile_id, r.user_id, r.outcome
                 from auto_apply_runs r
                order by r.profile_id, r.ran_at desc, r.id desc) last
         join user_profiles up on up.id = last.profile_id
         join users u on u.id = up.user_id
        where last.outcome <> 'turned_off'
          and u.is_active
          and (up.job_preferences -> 'autoApply' -> 'enabled') is distinct from 'true'::jsonb`,
      { ran_at: ranAt },
    );
    return rowsAffected;
  });
}

/** The run's outcome in words, with the numbers it went by. */
export function describeRun(run: Omit<AutoApplyRun, 'message'>): string {
  switch (run.outcome) {
    case 'created': {
      const room = run.dailyLimit! - run.appliedToday!;
      const what = `Queued ${run.created} ${run.dryRun ? 'dry-run ' : ''}application${run.created === 1 ? '' : 's'}`;
      return run.created < room ? `${what}; no other job matched (room was left for ${room - run.created} more today)` : what;
    }
    case 'daily_limit_reached':
      return `Nothing queued: the daily limit of ${run.dailyLimit} was reached (${run.appliedToday} applications already made that UTC day, by hand or automatically)`;
    case 'no_matching_job':
      return "Nothing queued: no active job matches the profile's preferences that has not been applied to (or had its application deleted)";
    case 'matches_applied_meanwhile':
      return 'Nothing queued: the jobs that matched were applied to by hand while the run was picking them';
    case 'invalid_settings':
      return "Nothing queued: the profile's jobPreferences.autoApply is not valid; save the profile's preferences again";
    case 'turned_off':
      return "Auto-apply is off for this profile (jobPreferences.autoApply.enabled is not true): runs apply for it no more";
  }
}

interface RunRow {
  [column: string]: unknown;
  ran_at: string;
  outcome: AutoApplyOutcome;
  created: number;
  application_ids: number[];
  daily_limit: number | null;
  dry_run: boolean | null;
  applied_today: number | null;
}

const autoApplySchedule = schedules.find((s) => s.name === 'auto-apply')!;

/** The profile's auto-apply as its owner sees it; undefined when the profile is not theirs. */
export async function autoApplyStatus(db: Db, userId: number, profileId: number, now: Date = new Date()): Promise<AutoApplyStatus | undefined> {
  const profile = await db.maybeOne<{ auto_apply: unknown }>(
    `select job_preferences -> 'autoApply' as auto_apply from user_profiles where id = :id and user_id = :user_id`,
    { id: profileId, user_id: userId },
  );
  if (!profile) return undefined;
  const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const today = await db.one<{ n: number }>(
    `select count(*) as n from job_applications where user_id = :user_id and created_at >= :day_start`,
    { user_id: userId, day_start: dayStart },
  );
  const rows = await db.query<RunRow>(
    `select ran_at, outcome, created, application_ids, daily_limit, dry_run, applied_today
       from auto_apply_runs
      where profile_id = :profile_id
      order by ran_at desc, id desc
      limit :kept`,
    { profile_id: profileId, kept: AUTO_APPLY_RUNS_KEPT },
  );
  const settings = autoApplySchema.safeParse(profile.auto_apply ?? {});
  return {
    profileId,
    enabled: settings.success && settings.data.enabled,
    settings: settings.success ? settings.data : null,
    appliedToday: today.n,
    schedule: autoApplySchedule.expression,
    runs: rows.map((row) => {
      const run = {
        ranAt: row.ran_at,
        outcome: row.outcome,
        created: row.created,
        applicationIds: row.application_ids,
        dailyLimit: row.daily_limit,
        dryRun: row.dry_run,
        appliedToday: row.applied_today,
      };
      return { ...run, message: describeRun(run) };
    }),
  };
}
