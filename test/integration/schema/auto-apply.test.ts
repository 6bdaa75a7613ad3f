/**
 * Auto-apply queues pending applications to the best-matching jobs for each profile that turned it
 * on, within the user's daily cap, never twice for a job, and safely when two runs overlap; and it
 * records what each run did for each profile.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAutoApplications } from '../../../shared/applications/auto-apply';
import { AUTO_APPLY_RUNS_KEPT } from '../../../shared/applications/auto-apply-runs';
import { json } from '../../../shared/data/values';
import type { Db } from '../../../shared/data/types';
import { upsertJobs } from '../../../shared/jobs/upsert';
import { freshDatabase } from '../../support/db';
import { createApplication, createProfile, createUser, jobInput } from './helpers';

let db: Db;

beforeAll(async () => {
  ({ db } = await freshDatabase());
});

// Every test starts with no profile asking for auto-apply, so a run's totals are the test's own.
afterEach(async () => {
  await db.execute(`update user_profiles set job_preferences = job_preferences - 'autoApply'`);
});

let topic = 0;
/** Jobs about a word no other test uses, so a profile's keyword selects exactly these. */
async function jobsAbout(count: number, fields: Parameters<typeof jobInput>[0] = {}) {
  const word = `Topic${process.pid}x${++topic}`.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!);
  const { ids } = await upsertJobs(
    db,
    Array.from({ length: count }, (_, i) => jobInput({ title: `${word} Engineer ${i}`, requirements: null, ...fields })),
  );
  return { word, ids };
}

interface StoredApplication {
  [column: string]: unknown;
  id: number;
  job_id: number;
  profile_id: number | null;
  status: string;
  dry_run: boolean;
  enqueued_at: string | null;
}

const applicationsOf = (user: number) =>
  db.query<StoredApplication>(`select id, job_id, profile_id, status::text as status, dry_run, enqueued_at from job_applications where user_id = :user order by id`, { user });

const day = (iso: string) => new Date(iso);

describe('createAutoApplications', () => {
  it('queues pending applications to matching jobs up to the daily limit, as the profile says', async () => {
    const { word, ids } = await jobsAbout(5);
    const excluded = await jobsAbout(1, { company: 'Blocked Industries' });
    const user = await createUser(db);
    const profile = await createProfile(db, user, {
      preferences: { keywords: [word, excluded.word], excludedCompanies: ['blocked industries'], autoApply: { enabled: true, dryRun: false, dailyLimit: 3 } },
    });
    const result = await createAutoApplications(db);
    expect(result.created).toBe(3);
    const stored = await applicationsOf(user);
    expect(stored.map((a) => a.id)).toEqual(result.applicationIds);
    for (const application of stored) {
      expect(application).toMatchObject({ profile_id: profile, status: 'pending', dry_run: false, enqueued_at: null });
      expect(ids).toContain(application.job_id);
    }
    expect(new Set(stored.map((a) => a.job_id)).size).toBe(3);
  });

  it('makes dry runs when the profile asks for them, and nothing for disabled profiles or inactive users', async () => {
    const { word } = await jobsAbout(2);
    const dry = await createUser(db);
    await createProfile(db, dry, { preferences: { keywords: [word], autoApply: { enabled: true, dryRun: true, dailyLimit: 5 } } });
    const disabled = await createUser(db);
    await createProfile(db, disabled, { preferences: { keywords: [word], autoApply: { enabled: false, dryRun: false, dailyLimit: 5 } } });
    const inactive = await createUser(db);
    await createProfile(db, inactive, { preferences: { keywords: [word], autoApply: { enabled: true, dryRun: false, dailyLimit: 5 } } });
    await db.execute(`update users set is_active = false where id = :inactive`, { inactive });

    expect((await createAutoApplications(db)).created).toBe(2);
    expect((await applicationsOf(dry)).map((a) => a.dry_run)).toEqual([true, true]);
    expect(await applicationsOf(disabled)).toEqual([]);
    expect(await applicationsOf(inactive)).toEqual([]);
  });

  it("counts the applications the user already made that UTC day, and starts afresh the next", async () => {
    const { word, ids } = await jobsAbout(8);
    const user = await createUser(db);
    await createProfile(db, user, { preferences: { keywords: [word], autoApply: { enabled: true, dryRun: false, dailyLimit: 3 } } });
    // One application the user made by hand just now.
    await createApplication(db, user, ids[0]!);
    const now = new Date();

    expect((await createAutoApplications(db, now)).created).toBe(2);
    expect((await createAutoApplications(db, now)).created).toBe(0);
    const tomorrow = new Date(now.getTime() + 24 * 60 * 60 * 1000);
    expect((await createAutoApplications(db, tomorrow)).created).toBe(3);
    const stored = await applicationsOf(user);
    expect(stored).toHaveLength(6);
    expect(new Set(stored.map((a) => a.job_id)).size).toBe(6);
  });

  it('the day is the UTC day of `now`: late evening and just after midnight are two days', async () => {
    const { word } = await jobsAbout(4);
    const user = await createUser(db);
    await createProfile(db, user, { preferences: { keywords: [word], autoApply: { enabled: true, dryRun: true, dailyLimit: 2 } } });
    expect((await createAutoApplications(db, day('2030-05-01T23:59:00Z'))).created).toBe(2);
    expect((await createAutoApplications(db, day('2030-05-01T00:00:00Z'))).created).toBe(0);
    expect((await createAutoApplications(db, day('2030-05-02T00:00:00Z'))).created).toBe(2);
  });

  it('shares one daily limit between the profiles of a user', async () => {
    const { word } = await jobsAbout(6);
    const user = await createUser(db);
    for (let i = 0; i < 2; i++) {
      await createProfile(db, user, { preferences: { keywords: [word], autoApply: { enabled: true, dryRun: false, dailyLimit: 4 } } });
    }
    expect((await createAutoApplications(db)).created).toBe(4);
  });

  it('two runs at once create each application once and keep to the limit', async () => {
    const { word } = await jobsAbout(10);
    const users = [await createUser(db), await createUser(db), await createUser(db)];
    for (const user of users) {
      await createProfile(db, user, { preferences: { keywords: [word], autoApply: { enabled: true, dryRun: false, dailyLimit: 4 } } });
    }
    const now = new Date();
    const [a, b] = await Promise.all([createAutoApplications(db, now), createAutoApplications(db, now)]);
    expect(a.created + b.created).toBe(12);
    expect(new Set([...a.applicationIds, ...b.applicationIds]).size).toBe(12);
    for (const user of users) expect(await applicationsOf(user)).toHaveLength(4);
  });

  it('creates nothing when no job matches, and skips a profile with invalid settings without failing the others', async () => {
    const { word } = await jobsAbout(1);
    const odd = await createUser(db);
    await createProfile(db, odd, { preferences: { keywords: [word], autoApply: { enabled: true, dryRun: false, dailyLimit: 'lots' } } });
    const nothingMatches = await createUser(db);
    await createProfile(db, nothingMatches, { preferences: { keywords: ['NoSuchTechnologyAnywhere'], autoApply: { enabled: true, dryRun: false, dailyLimit: 5 } } });
    const fine = await createUser(db);
    await createProfile(db, fine, { preferences: { keywords: [word], autoApply: { enabled: true, dryRun: false, dailyLimit: 5 } } });
    expect((await createAutoApplications(db)).created).toBe(1);
    expect(await applicationsOf(odd)).toEqual([]);
    expect(await applicationsOf(nothingMatches)).toEqual([]);
    expect(await applicationsOf(fine)).toHaveLength(1);
  });
});

interface StoredRun {
  [column: string]: unknown;
  outcome: string;
  created: number;
  ran_at: string;
}

const runsOf = (profile: number) =>
  db.query<StoredRun>(`select outcome, created, ran_at from auto_apply_runs where profile_id = :profile order by ran_at desc, id desc`, { profile });

async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((r) => setTimeout(r, 20));
}

describe('the record of runs', () => {
  it('says the matches were applied to meanwhile when a hand-made application takes the job while the run picks it', async () => {
    const { word, ids } = await jobsAbout(1);
    const user = await createUser(db);
    const profile = await createProfile(db, user, { preferences: { keywords: [word], autoApply: { enabled: true, dryRun: false, dailyLimit: 5 } } });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inserted!: () => void;
    const insertedByHand = new Promise<void>((r) => (inserted = r));
    // The user applies by hand; the row is not committed yet when the run picks the job.
    const byHand = db.transaction(async (tx) => {
      await tx.execute(`insert into job_applications (user_id, job_id) values (:user, :job)`, { user, job: ids[0] });
      inserted();
      await held;
    });
    await insertedByHand;
    const run = createAutoApplications(db);
    await until(async () => {
      const { n } = await db.one<{ n: number }>(
        `select count(*) as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock' and query like '%insert into job_applications (user_id, job_id, profile_id, status%'`,
      );
      return n > 0;
    });
    release();
    await byHand;
    const result = await run;
    expect(result.applicationIds).toEqual([]);
    expect(result.outcomes.matches_applied_meanwhile).toBe(1);
    expect((await runsOf(profile)).map((r) => [r.outcome, r.created])).toEqual([['matches_applied_meanwhile', 0]]);
    expect(await applicationsOf(user)).toHaveLength(1);
  });

  it("keeps a profile's newest runs only", async () => {
    const user = await createUser(db);
    const profile = await createProfile(db, user, { preferences: { keywords: ['NoSuchTechnologyAnywhere'], autoApply: { enabled: true, dryRun: true, dailyLimit: 1 } } });
    const start = Date.UTC(2031, 0, 1);
    for (let hour = 0; hour < AUTO_APPLY_RUNS_KEPT + 3; hour++) await createAutoApplications(db, new Date(start + hour * 3_600_000));
    const runs = await runsOf(profile);
    expect(runs).toHaveLength(AUTO_APPLY_RUNS_KEPT);
    expect(new Date(runs[0]!.ran_at).getTime()).toBe(start + (AUTO_APPLY_RUNS_KEPT + 2) * 3_600_000);
    expect(new Date(runs.at(-1)!.ran_at).getTime()).toBe(start + 3 * 3_600_000);
  });

  it('records turned_off once when auto-apply goes off, even from two runs at once, and again after it was back on', async () => {
    const { word } = await jobsAbout(3);
    const user = await createUser(db);
    const preferences = (enabled: boolean) => json({ keywords: [word], autoApply: { enabled, dryRun: true, dailyLimit: 1 } });
    const profile = await createProfile(db, user, { preferences: { keywords: [word], autoApply: { enabled: true, dryRun: true, dailyLimit: 1 } } });
    const setEnabled = (enabled: boolean) => db.execute(`update user_profiles set job_preferences = :prefs where id = :id`, { id: profile, prefs: preferences(enabled) });
    await createAutoApplications(db, day('2032-03-01T10:00:00Z'));
    await setEnabled(false);
    await Promise.all([createAutoApplications(db, day('2032-03-01T11:00:00Z')), createAutoApplications(db, day('2032-03-01T11:00:00Z'))]);
    await createAutoApplications(db, day('2032-03-01T12:00:00Z'));
    await setEnabled(true);
    await createAutoApplications(db, day('2032-03-02T10:00:00Z'));
    await setEnabled(false);
    await createAutoApplications(db, day('2032-03-02T11:00:00Z'));
    expect((await runsOf(profile)).map((r) => r.outcome)).toEqual(['turned_off', 'created', 'turned_off', 'created']);
  });
});
