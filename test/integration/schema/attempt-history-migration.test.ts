/**
 * sql/014 moves the one automation log each application kept into the attempt history: a database
 * migrated up to 013, with applications in each state, then migrated on, keeps every log as the
 * attempt it came from.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../shared/data/migrate';
import { readMigrationFiles } from '../../../shared/data/migration-files';
import type { Db } from '../../../shared/data/types';
import { json } from '../../../shared/data/values';
import { upsertJobs } from '../../../shared/jobs/upsert';
import { emptyDatabase } from '../../support/db';
import { createUser, jobInput } from './helpers';

const FIRST_WITH_ATTEMPTS = '014_application_attempts.sql';

let db: Db;
beforeAll(async () => {
  ({ db } = await emptyDatabase());
  const files = await readMigrationFiles(join(import.meta.dirname, '../../../sql'));
  await migrate(db, files.filter((f) => f.name < FIRST_WITH_ATTEMPTS));
  const user = await createUser(db);
  const states: [status: string, attempts: number, error: string | null][] = [
    ['filled', 1, null],
    ['failed', 2, 'captcha'],
    ['pending', 1, 'the form did not load'],
    ['in_progress', 3, 'the form did not load'],
    ['interview', 1, null],
  ];
  for (const [status, attempts, error] of states) {
    const { ids } = await upsertJobs(db, [jobInput()]);
    await db.execute(
      `insert into job_applications (user_id, job_id, status, attempts, error_message, automation_log)
       values (:user, :job, cast(:status as application_status), :attempts, :error, :log)`,
      { user, job: ids[0], status, attempts, error, log: json({ adapter: status, steps: [], screenshots: [{ key: `applications/x/${status}.png`, label: status }] }) },
    );
  }
  const { ids } = await upsertJobs(db, [jobInput()]);
  await db.execute(`insert into job_applications (user_id, job_id) values (:user, :job)`, { user, job: ids[0] });
  await migrate(db, files);
});

describe('sql/014 on applications that kept one log', () => {
  it('keeps each log as the attempt it came from, with the outcome where the application still shows it', async () => {
    const rows = await db.query(
      `select t.log ->> 'adapter' as was, t.attempt, t.status::text as status, t.reason, t.retryable
         from application_attempts t order by t.application_id`,
    );
    expect(rows).toEqual([
      { was: 'filled', attempt: 1, status: 'filled', reason: null, retryable: false },
      { was: 'failed', attempt: 2, status: 'failed', reason: 'captcha', retryable: false },
      { was: 'pending', attempt: 1, status: 'failed', reason: 'the form did not load', retryable: true },
      { was: 'in_progress', attempt: 2, status: 'failed', reason: 'the form did not load', retryable: true },
      { was: 'interview', attempt: 1, status: null, reason: null, retryable: false },
    ]);
    expect(await db.query(`select 1 from information_schema.columns where table_name = 'job_applications' and column_name = 'automation_log'`)).toEqual([]);
    expect(await db.one(`select count(*) as n from job_applications`)).toEqual({ n: 6 });
  });
});
