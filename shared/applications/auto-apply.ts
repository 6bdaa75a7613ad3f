/**
 * Auto-apply: for every profile that turned it on, queue applications to the jobs that match it
 * best, within the user's daily cap, and record what the run did for each profile (or why it did
 * nothing). It only creates `pending` rows (enqueued_at null): the queue sweeper sends unsent
 * pending rows to the apply queue, so a crash between the insert and the send loses nothing.
 *
 * Safe to run twice at once (a schedule fired twice, a retry): each user's picks are made under a
 * per-user advisory transaction lock, so the second run counts what the first created; and
 * (user_id, job_id) is unique, so a job is never applied to twice in any case.
 */
import { readWithinBudget } from '../data/response-budget';
import type { Db } from '../data/types';
import { arrayLiteral } from '../data/values';
import { recommendedJobs } from '../jobs/queries';
import { autoApplySchema } from '../profiles/schema';
import { recordRun, recordTurnedOff, type RunRecord } from './auto-apply-runs';
import type { AutoApplyOutcome } from './auto-apply-schema';

export interface AutoApplyResult {
  /** Applications created by this run, over every user. */
  created: number;
  applicationIds: number[];
  /** How many profiles ended in each outcome (turned_off: those found off since their last run). */
  outcomes: Partial<Record<AutoApplyOutcome, number>>;
}

/**
 * Profiles taken up per page. The API keeps autoApply to three settings (a page is about 70 KB), but
 * another writer may store up to sql/016's 8,000 bytes of preferences: then the page is read in
 * chunks under the Data API's 1 MiB a response (readWithinBudget).
 */
const PROFILE_PAGE = 500;

interface EnabledProfile {
  [column: string]: unknown;
  id: number;
  user_id: number;
  auto_apply: unknown;
}

/**
 * Creates today's automatic applications, and records for each profile what the run did and why it
 * created nothing when it created nothing (./auto-apply-runs). `now` fixes the day (UTC) the daily
 * cap counts in, and is the new rows' created_at so that they count in that same day.
 */
export async function createAutoApplications(db: Db, now: Date = new Date()): Promise<AutoApplyResult> {
  const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const dayEnd = new Date(dayStart.getTime() + 24 * 60 * 60 * 1000);
  const applicationIds: number[] = [];
  const outcomes: AutoApplyResult['outcomes'] = {};
  let afterId = 0;
  for (;;) {
    const profiles = await readWithinBudget<EnabledProfile>(db, PROFILE_PAGE, 'id', (last, take) => ({
      sql: `select up.id, up.user_id, up.job_preferences -> 'autoApply' as auto_apply
         from user_profiles up
         join users u on u.id = up.user_id
        where u.is_active
          and up.job_preferences -> 'autoApply' -> 'enabled' = 'true'::jsonb
          and up.id > :after_id
        order by up.id
        limit :take`,
      params: { after_id: last?.id ?? afterId, take },
    }));
    for (const profile of profiles) {
      const run = await db.transaction(async (tx): Promise<RunRecord> => {
        const base = { profileId: profile.id, userId: profile.user_id, ranAt: now };
        // Profiles are validated when written; one that is not (written before a rule existed) is
        // left alone rather than applied for with guessed settings.
        const settings = autoApplySchema.safeParse(profile.auto_apply);
        if (!settings.success) return recorded(tx, { ...base, outcome: 'invalid_settings' });
        const { dailyLimit, dryRun } = settings.data;
        await tx.execute(`select pg_advisory_xact_lock(hashtextextended('auto-apply user ' || cast(:user_id as text), 0))`, {
          user_id: profile.user_id,
        });
        const today = await tx.one<{ n: number }>(
          `select count(*) as n from job_applications where user_id = :user_id and created_at >= :day_start and created_at < :day_end`,
          { user_id: profile.user_id, day_start: dayStart, day_end: dayEnd },
        );
        const counts = { ...base, dailyLimit, dryRun, appliedToday: today.n };
        const room = dailyLimit - today.n;
        if (room <= 0) return recorded(tx, { ...counts, outcome: 'daily_limit_reached' });
        const { items: picks } = await recommendedJobs(tx, profile.user_id, { profileId: profile.id, limit: room });
        if (picks.length === 0) return recorded(tx, { ...counts, outcome: 'no_matching_job' });
        const rows = await tx.query<{ id: number }>(
          `insert into job_applications (user_id, job_id, profile_id, status, dry_run, created_at)
           select :user_id, picked.job_id, :profile_id, 'pending', :dry_run, :now
             from unnest(cast(:job_ids as bigint[])) with ordinality as picked (job_id, rank)
            order by picked.rank
           on conflict (user_id, job_id) do nothing
           returning id`,
          { user_id: profile.user_id, profile_id: profile.id, dry_run: dryRun, now, job_ids: arrayLiteral(picks.map((j) => j.id)) },
        );
        const ids = rows.map((r) => r.id);
        return recorded(tx, { ...counts, outcome: ids.length ? 'created' : 'matches_applied_meanwhile', applicationIds: ids });
      });
      applicationIds.push(...(run.applicationIds ?? []));
      outcomes[run.outcome] = (outcomes[run.outcome] ?? 0) + 1;
    }
    if (profiles.length < PROFILE_PAGE) break;
    afterId = profiles[profiles.length - 1]!.id;
  }
  const turnedOff = await recordTurnedOff(db, now);
  if (turnedOff) outcomes.turned_off = turnedOff;
  return { created: applicationIds.length, applicationIds, outcomes };
}

/** The run, recorded in the transaction that made its applications: both or neither. */
async function recorded(tx: Db, run: RunRecord): Promise<RunRecord> {
  await recordRun(tx, run);
  return run;
}
