/**
 * sql/016's checks hold every writer to the limits the stores keep (shared/jobs/sizes.ts,
 * shared/profiles/sizes.ts), and measure as the stores measure: a value the stores let through is
 * never refused by the database, nor the other way round.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatabaseError } from '../../../shared/data/errors';
import { jsonbTextBytes } from '../../../shared/data/row-size';
import type { Db } from '../../../shared/data/types';
import { json } from '../../../shared/data/values';
import { JOB_OTHER_METADATA_BYTES, JOB_TEXT_BYTES } from '../../../shared/jobs/sizes';
import { PROFILE_BYTES } from '../../../shared/profiles/sizes';
import { freshDatabase } from '../../support/db';
import { createUser, refusal } from './helpers';

let db: Db;
beforeAll(async () => {
  db = (await freshDatabase()).db;
});

/** The number each size check of a table compares with, by constraint name. */
async function limits(table: string): Promise<Record<string, number[]>> {
  const rows = await db.query<{ name: string; definition: string }>(
    `select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
      where conrelid = cast(:table as regclass) and contype = 'c' and conname like '%size'`,
    { table },
  );
  return Object.fromEntries(rows.map((r) => [r.name, [...r.definition.matchAll(/<= (\d+)/g)].map((m) => Number(m[1]))]));
}

describe('sql/016', () => {
  it('checks the limits the stores keep', async () => {
    expect(await limits('jobs')).toEqual({
      jobs_description_size: [JOB_TEXT_BYTES.description],
      jobs_requirements_size: [JOB_TEXT_BYTES.requirements],
      jobs_description_text_size: [JOB_TEXT_BYTES.descriptionText],
      jobs_other_metadata_size: [JOB_OTHER_METADATA_BYTES],
    });
    expect(await limits('user_profiles')).toEqual({
      user_profiles_cover_letter_template_size: [PROFILE_BYTES.coverLetterTemplate],
      user_profiles_urls_size: [PROFILE_BYTES.url, PROFILE_BYTES.url, PROFILE_BYTES.url],
      user_profiles_skills_size: [PROFILE_BYTES.skills],
      user_profiles_job_preferences_size: [PROFILE_BYTES.jobPreferences],
      user_profiles_answers_size: [PROFILE_BYTES.answers],
    });
  });

  it('refuses a profile written past a limit by any other path', async () => {
    const user = await createUser(db);
    const error = await refusal(
      db.execute(`insert into user_profiles (user_id, answers) values (:user_id, :answers)`, {
        user_id: user,
        answers: json({ custom: [{ question: 'q', answer: 'a'.repeat(PROFILE_BYTES.answers) }] }),
      }),
    );
    expect((error as DatabaseError).constraint).toBe('user_profiles_answers_size');
  });

  it('measures jsonb as the stores do', async () => {
    const value = fc.jsonValue({ maxDepth: 3, stringUnit: 'grapheme' }).filter((v) => JSON.stringify(v) !== undefined);
    const samples = fc.sample(fc.oneof(value, fc.constant({ 'ключ "x"\n': ['\u0001\t\\', 1e21, 1.5e-7, -2.5e22, -0.5, 12345678901234567890, true, null, '€😀'] })), 200);
    const rows = await db.query<{ i: number; bytes: number }>(
      `select (e.ordinality - 1)::int as i, octet_length(e.value::text)::int as bytes
         from jsonb_array_elements(cast(:values as jsonb)) with ordinality as e (value, ordinality)`,
      { values: json(samples) },
    );
    for (const row of rows) expect(jsonbTextBytes(samples[row.i]), JSON.stringify(samples[row.i])).toBe(row.bytes);
  });

  it('keeps the first 2,000 characters of an error message', async () => {
    const user = await createUser(db);
    const crawl = await db.one<{ id: number }>(
      `insert into crawler_jobs (user_id, search_query, source, error_message) values (:user_id, 'q', 'linkedin', :message) returning id`,
      { user_id: user, message: 'é'.repeat(5000) },
    );
    expect(await db.one(`select length(error_message) as n from crawler_jobs where id = :id`, { id: crawl.id })).toEqual({ n: 2000 });
    await db.execute(`update crawler_jobs set error_message = :message where id = :id`, { id: crawl.id, message: 'short' });
    expect(await db.one(`select error_message from crawler_jobs where id = :id`, { id: crawl.id })).toEqual({ error_message: 'short' });
  });
});
