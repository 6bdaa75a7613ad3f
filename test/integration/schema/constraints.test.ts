/**
 * Bad input is refused by the database with an error the caller can map (a SQLSTATE and the
 * constraint's name), and nothing already stored is lost or half-written. Deletes cascade as the
 * seed's relationships say. updated_at is kept by the database.
 */
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../shared/data/types';
import { json } from '../../../shared/data/values';
import { upsertJobs } from '../../../shared/jobs/upsert';
import { freshDatabase } from '../../support/db';
import { createApplication, createProfile, createUser, jobInput, refusal } from './helpers';

let db: Db;
let url: string;

beforeAll(async () => {
  ({ db, url } = await freshDatabase());
});

const count = async (sql: string, params = {}) => (await db.one<{ n: number }>(`select count(*) as n from ${sql}`, params)).n;

describe('sign-up constraints', () => {
  it('refuses a duplicate username, whatever its case', async () => {
    await db.execute(`insert into users (email, username, hashed_password) values ('dup1@example.com', 'Maria', 'h')`);
    const error = await refusal(db.execute(`insert into users (email, username, hashed_password) values ('dup2@example.com', 'maria', 'h')`));
    expect(error.kind).toBe('unique_violation');
    expect(error.sqlState).toBe('23505');
    expect(error.constraint).toBe('users_username_lower_key');
    expect(await count(`users where email = 'dup2@example.com'`)).toBe(0);
  });

  it('refuses an email that differs only in case', async () => {
    await db.execute(`insert into users (email, username, hashed_password) values ('Jane.Doe@Example.com', 'jane', 'h')`);
    const error = await refusal(db.execute(`insert into users (email, username, hashed_password) values ('jane.doe@example.COM', 'jane2', 'h')`));
    expect(error.kind).toBe('unique_violation');
    expect(error.constraint).toBe('users_email_lower_key');
  });

  it('refuses malformed emails and usernames with a check violation', async () => {
    const email = await refusal(db.execute(`insert into users (email, username, hashed_password) values ('not-an-email', 'someone', 'h')`));
    expect(email.kind).toBe('check_violation');
    expect(email.constraint).toBe('users_email_format');
    const username = await refusal(db.execute(`insert into users (email, username, hashed_password) values ('x@example.com', 'two words', 'h')`));
    expect(username.constraint).toBe('users_username_format');
  });

  it('a sign-up that fails half-way leaves no user behind', async () => {
    const error = await refusal(
      db.transaction(async (tx) => {
        const { id } = await tx.one<{ id: number }>(
          `insert into users (email, username, hashed_password) values ('half@example.com', 'half', 'h') returning id`,
        );
        // skills must be a JSON array
        await tx.execute(`insert into user_profiles (user_id, skills) values (:id, :skills)`, { id, skills: json({ not: 'an array' }) });
      }),
    );
    expect(error.constraint).toBe('user_profiles_skills_array');
    expect(await count(`users where username = 'half'`)).toBe(0);
  });
});

describe('references', () => {
  it('refuses a second save of the same job, keeping the first with its notes', async () => {
    const user = await createUser(db);
    const { ids } = await upsertJobs(db, [jobInput()]);
    await db.execute(`insert into saved_jobs (user_id, job_id, notes) values (:user, :job, 'apply by Friday')`, { user, job: ids[0] });
    const error = await refusal(db.execute(`insert into saved_jobs (user_id, job_id) values (:user, :job)`, { user, job: ids[0] }));
    expect(error.kind).toBe('unique_violation');
    expect(error.constraint).toBe('idx_saved_jobs_unique');
    expect(await db.query(`select notes from saved_jobs where user_id = :user`, { user })).toEqual([{ notes: 'apply by Friday' }]);
  });

  it('refuses a second application of a user to the same job', async () => {
    const user = await createUser(db);
    const { ids } = await upsertJobs(db, [jobInput()]);
    await createApplication(db, user, ids[0]!);
    const error = await refusal(createApplication(db, user, ids[0]!));
    expect(error.constraint).toBe('job_applications_user_job_key');
  });

  it('refuses rows that point at a missing user, job or profile', async () => {
    const user = await createUser(db);
    const { ids } = await upsertJobs(db, [jobInput()]);
    const missingJob = await refusal(db.execute(`insert into saved_jobs (user_id, job_id) values (:user, 987654321)`, { user }));
    expect(missingJob.kind).toBe('foreign_key_violation');
    expect(missingJob.sqlState).toBe('23503');
    expect(missingJob.constraint).toBe('saved_jobs_job_id_fkey');
    const missingUser = await refusal(db.execute(`insert into job_applications (user_id, job_id) values (987654321, :job)`, { job: ids[0] }));
    expect(missingUser.constraint).toBe('job_applications_user_id_fkey');
    const missingProfileUser = await refusal(db.execute(`insert into user_profiles (user_id) values (987654321)`));
    expect(missingProfileUser.constraint).toBe('user_profiles_user_id_fkey');
  });

  it("refuses an application made from another user's profile", async () => {
    const [owner, other] = [await createUser(db), await createUser(db)];
    const othersProfile = await createProfile(db, other);
    const { ids } = await upsertJobs(db, [jobInput()]);
    const error = await refusal(
      db.execute(`insert into job_applications (user_id, job_id, profile_id) values (:owner, :job, :profile)`, {
        owner,
        job: ids[0],
        profile: othersProfile,
      }),
    );
    expect(error.constraint).toBe('job_applications_profile_fkey');
  });
});

describe('values of the wrong type', () => {
  it('refuses an unknown status, source or job type, naming the problem', async () => {
    const user = await createUser(db);
    const { ids } = await upsertJobs(db, [jobInput()]);
    const status = await refusal(createApplication(db, user, ids[0]!, { status: 'APPLIED' }));
    expect(status.kind).toBe('invalid_input');
    expect(status.sqlState).toBe('22P02');
    expect(status.message).toMatch(/invalid input value for enum application_status: "APPLIED"/);
    const crawl = await refusal(db.execute(`insert into crawler_jobs (search_query, source) values ('rust', cast(:source as job_source))`, { source: 'dice' }));
    expect(crawl.kind).toBe('invalid_input');
    const status2 = await refusal(db.execute(`insert into crawler_jobs (search_query, source, status) values ('rust', 'indeed', cast(:s as crawl_status))`, { s: 'done' }));
    expect(status2.message).toMatch(/enum crawl_status/);
  });

  it('refuses a string where jsonb is expected unless it is typed as JSON', async () => {
    const user = await createUser(db);
    const error = await refusal(db.execute(`insert into user_profiles (user_id, skills) values (:user, :skills)`, { user, skills: '["Go"]' }));
    expect(error.sqlState).toBe('42804');
    await db.execute(`insert into user_profiles (user_id, skills) values (:user, :skills)`, { user, skills: json(['Go']) });
    expect(await db.one(`select skills from user_profiles where user_id = :user`, { user })).toEqual({ skills: ['Go'] });
  });

  it('refuses a whole crawl batch when one job breaks a rule, writing none of it', async () => {
    const good = jobInput();
    const bad = jobInput({ salaryMin: 120_000, salaryMax: 80_000 }); // swapped
    const error = await refusal(upsertJobs(db, [good, bad]));
    expect(error.kind).toBe('check_violation');
    expect(error.constraint).toBe('jobs_salary_range');
    expect(await count(`job_keys where external_id in (:a, :b)`, { a: good.externalId, b: bad.externalId })).toBe(0);
  });

  it('refuses an external id that is not namespaced by its source', async () => {
    const borrowed = await refusal(upsertJobs(db, [jobInput({ source: 'indeed', externalId: 'linkedin:42' })]));
    expect(borrowed.constraint).toBe('job_keys_external_id_matches_source');
    const bare = await refusal(upsertJobs(db, [jobInput({ source: 'custom', externalId: '12345' })]));
    expect(bare.constraint).toBe('job_keys_external_id_namespaced');
    const posing = await refusal(upsertJobs(db, [jobInput({ source: 'custom', externalId: 'indeed:42' })]));
    expect(posing.constraint).toBe('job_keys_external_id_matches_source');
    // The same number on two boards is two jobs.
    const { ids } = await upsertJobs(db, [jobInput({ source: 'indeed', externalId: 'indeed:77' }), jobInput({ source: 'monster', externalId: 'monster:77' })]);
    expect(new Set(ids).size).toBe(2);
  });
});

describe('cascades', () => {
  it('deleting a user deletes its profiles, applications, saved jobs and crawls, and nothing of others', async () => {
    const [leaving, staying] = [await createUser(db), await createUser(db)];
    const { ids } = await upsertJobs(db, [jobInput(), jobInput()]);
    for (const user of [leaving, staying]) {
      const profile = await createProfile(db, user);
      await db.execute(`insert into job_applications (user_id, job_id, profile_id) values (:user, :job, :profile)`, { user, job: ids[0], profile });
      await db.execute(`insert into saved_jobs (user_id, job_id) values (:user, :job)`, { user, job: ids[1] });
      await db.execute(`insert into crawler_jobs (user_id, profile_id, search_query, source) values (:user, :profile, 'rust', 'indeed')`, { user, profile });
    }
    await db.execute(`delete from users where id = :leaving`, { leaving });
    for (const table of ['user_profiles', 'job_applications', 'saved_jobs', 'crawler_jobs']) {
      expect(await count(`${table} where user_id = :leaving`, { leaving }), table).toBe(0);
      expect(await count(`${table} where user_id = :staying`, { staying }), table).toBe(1);
    }
    expect(await count(`jobs where id in (:a, :b)`, { a: ids[0], b: ids[1] })).toBe(2);
  });

  it('deleting a profile keeps the applications made from it', async () => {
    const user = await createUser(db);
    const profile = await createProfile(db, user);
    const { ids } = await upsertJobs(db, [jobInput()]);
    await db.execute(`insert into job_applications (user_id, job_id, profile_id) values (:user, :job, :profile)`, { user, job: ids[0], profile });
    await db.execute(`delete from user_profiles where id = :profile`, { profile });
    expect(await db.query(`select user_id, profile_id from job_applications where user_id = :user`, { user })).toEqual([{ user_id: user, profile_id: null }]);
  });

  it('refuses to delete a job that has applications, from jobs or from job_keys, and keeps it whole', async () => {
    const user = await createUser(db);
    const { ids } = await upsertJobs(db, [jobInput()]);
    const job = ids[0]!;
    await createApplication(db, user, job);
    await db.execute(`insert into saved_jobs (user_id, job_id) values (:user, :job)`, { user, job });
    for (const statement of [`delete from jobs where id = :job`, `delete from job_keys where id = :job`]) {
      const error = await refusal(db.execute(statement, { job }));
      expect(error.kind).toBe('foreign_key_violation');
      expect(error.constraint).toBe('job_applications_job_id_fkey');
    }
    expect(await count(`jobs where id = :job`, { job })).toBe(1);
    expect(await count(`saved_jobs where job_id = :job`, { job })).toBe(1);
  });

  it('deleting a job without applications deletes its key and un-saves it', async () => {
    const user = await createUser(db);
    const input = jobInput();
    const { ids } = await upsertJobs(db, [input]);
    const job = ids[0]!;
    await db.execute(`insert into saved_jobs (user_id, job_id) values (:user, :job)`, { user, job });
    expect((await db.execute(`delete from jobs where id = :job`, { job })).rowsAffected).toBe(1);
    expect(await count(`job_keys where id = :job`, { job })).toBe(0);
    expect(await count(`saved_jobs where job_id = :job`, { job })).toBe(0);
    // The posting can come back later as a new job.
    const again = await upsertJobs(db, [input]);
    expect(again.inserted).toBe(1);
  });
});

describe('updated_at', () => {
  it('moves on every update, even one that tries to set it, on every table that has it', async () => {
    const user = await createUser(db);
    const profile = await createProfile(db, user);
    const { ids } = await upsertJobs(db, [jobInput()]);
    const application = await createApplication(db, user, ids[0]!);
    const crawl = (await db.one<{ id: number }>(`insert into crawler_jobs (user_id, search_query, source) values (:user, 'go', 'indeed') returning id`, { user })).id;
    const cases: [string, string, number][] = [
      ['users', `full_name = 'Renamed'`, user],
      ['user_profiles', `location = 'Lisbon'`, profile],
      ['jobs', `title = 'Renamed'`, ids[0]!],
      ['job_applications', `status = 'applied'`, application],
      ['crawler_jobs', `status = 'running'`, crawl],
    ];
    // Backdate the rows behind the trigger's back (a superuser session with triggers off).
    const direct = new pg.Client(url);
    await direct.connect();
    try {
      await direct.query(`set session_replication_role = replica`);
      for (const [table, , id] of cases) await direct.query(`update ${table} set updated_at = '2001-01-01 00:00:00+00' where id = $1`, [id]);
    } finally {
      await direct.end();
    }
    for (const [table, change, id] of cases) {
      await db.execute(`update ${table} set ${change}, updated_at = timestamptz '1999-01-01 00:00:00+00' where id = :id`, { id });
      const after = await db.one<{ updated_at: string }>(`select updated_at from ${table} where id = :id`, { id });
      expect(Math.abs(Date.now() - Date.parse(after.updated_at)), table).toBeLessThan(60_000);
    }
  });
});
