/** Rows for the schema tests, written through the Data API path as the functions write them. */
import { DatabaseError } from '../../../shared/data/errors';
import type { Db } from '../../../shared/data/types';
import { json, timestamp } from '../../../shared/data/values';
import type { JobInput } from '../../../shared/jobs/input';
import type pg from 'pg';

let serial = 0;
const next = () => `${process.pid}-${++serial}`;

export function jobInput(overrides: Partial<JobInput> = {}): JobInput {
  const n = next();
  return {
    source: 'linkedin',
    externalId: `linkedin:${n}`,
    title: `Backend Engineer ${n}`,
    company: 'Acme Corp',
    location: 'Berlin, Germany',
    description: '<p>Build and run the services behind our product.</p>',
    requirements: 'TypeScript, PostgreSQL',
    salaryMin: 70_000,
    salaryMax: 90_000,
    jobType: 'full-time',
    remote: false,
    sourceUrl: `https://www.linkedin.com/jobs/view/${n}`,
    postedDate: new Date('2026-01-02T03:04:05Z'),
    expiresDate: null,
    metadata: { descriptionText: 'Build and run the services behind our product.' },
    ...overrides,
  };
}

export async function createUser(db: Db, name = `user${next()}`): Promise<number> {
  const row = await db.one<{ id: number }>(
    `insert into users (email, username, hashed_password, full_name) values (:email, :username, :hash, :full_name) returning id`,
    { email: `${name}@example.com`, username: name, hash: '$argon2id$v=19$placeholder', full_name: `User ${name}` },
  );
  return row.id;
}

export async function createProfile(
  db: Db,
  userId: number,
  profile: { location?: string | null; preferences?: Record<string, unknown> } = {},
): Promise<number> {
  const row = await db.one<{ id: number }>(
    `insert into user_profiles (user_id, location, skills, job_preferences) values (:user_id, :location, :skills, :prefs) returning id`,
    { user_id: userId, location: profile.location ?? null, skills: json(['TypeScript']), prefs: json(profile.preferences ?? {}) },
  );
  return row.id;
}

/**
 * A job first seen at `createdAt` (an earlier month, say), written whole as the upsert writes a new
 * job but with the date of its first sighting.
 */
export async function jobFirstSeenAt(db: Db, input: JobInput, createdAt: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const key = await tx.one<{ id: number }>(
      `insert into job_keys (source, external_id, created_at) values (cast(:source as job_source), :external_id, :created_at) returning id`,
      { source: input.source, external_id: input.externalId, created_at: timestamp(createdAt) },
    );
    await tx.execute(
      `insert into jobs (id, created_at, last_seen_at, updated_at, source, external_id, title, company, location, description, requirements,
                         remote, salary_min, salary_max, job_type, source_url, posted_date, expires_date, metadata)
       values (:id, :created_at, :created_at, :created_at, cast(:source as job_source), :external_id, :title, :company, :location, :description, :requirements,
               :remote, :salary_min, :salary_max, :job_type, :source_url, :posted_date, :expires_date, :metadata)`,
      {
        id: key.id,
        created_at: timestamp(createdAt),
        source: input.source,
        external_id: input.externalId,
        title: input.title,
        company: input.company,
        location: input.location,
        description: input.description,
        requirements: input.requirements,
        remote: input.remote,
        salary_min: input.salaryMin,
        salary_max: input.salaryMax,
        job_type: input.jobType,
        source_url: input.sourceUrl,
        posted_date: input.postedDate && timestamp(input.postedDate),
        expires_date: input.expiresDate && timestamp(input.expiresDate),
        metadata: json(input.metadata),
      },
    );
    return key.id;
  });
}

export async function createApplication(db: Db, userId: number, jobId: number, fields: { status?: string; dryRun?: boolean } = {}): Promise<number> {
  const row = await db.one<{ id: number }>(
    `insert into job_applications (user_id, job_id, status, dry_run)
     values (:user_id, :job_id, cast(:status as application_status), :dry_run) returning id`,
    { user_id: userId, job_id: jobId, status: fields.status ?? 'pending', dry_run: fields.dryRun ?? false },
  );
  return row.id;
}

/** The error a promise was refused with; fails the test if it was not refused. */
export async function refusal(promise: Promise<unknown>): Promise<DatabaseError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DatabaseError) return error;
    throw error;
  }
  throw new Error('expected the database to refuse the statement');
}

export const monthsAgo = (n: number, day = 15): Date => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, day, 12));
};

/**
 * Job keys for a paging test, newest first in three parts (recent, gap, old) of the given sizes:
 * external ids `linkedin:<prefix>-<g>-<part>` (g counts from the newest), five keys per first-seen
 * instant (so pages also split ties by id), spread over the last 80 days, so over several monthly
 * partitions (made here). The test then inserts the jobs themselves, shaped by g and part.
 */
export async function layOutJobKeys(direct: pg.Client, prefix: string, sizes: { recent: number; gap: number; old: number }): Promise<void> {
  await direct.query(`select create_job_partitions(2, now() - interval '3 months')`);
  await direct.query(
    `with sizes as (select $1::int as recent, $2::int as gap, $3::int as old),
     layout as (
       select g,
              case when g <= recent then 'recent' when g <= recent + gap then 'gap' else 'old' end as part,
              now() - interval '1 hour' - ((g - 1) / 5) * (interval '80 days' / ((recent + gap + old) / 5)) as created_at
         from sizes, generate_series(1, recent + gap + old) g)
     insert into job_keys (source, external_id, created_at)
     select 'linkedin', 'linkedin:' || $4::text || '-' || g || '-' || part, created_at from layout order by g`,
    [sizes.recent, sizes.gap, sizes.old, prefix],
  );
}
