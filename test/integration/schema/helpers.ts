/** Rows for the schema tests, written through the Data API path as the functions write them. */
import { DatabaseError } from '../../../shared/data/errors';
import type { Db } from '../../../shared/data/types';
import { json, timestamp } from '../../../shared/data/values';
import type { JobInput } from '../../../shared/jobs/input';

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
 * A job first seen at `createdAt` (an earlier month, say), written as the upsert writes a new job
 * but with the date of its first sighting.
 */
export async function jobFirstSeenAt(db: Db, input: JobInput, createdAt: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const key = await tx.one<{ id: number }>(
      `insert into job_keys (source, external_id, created_at) values (cast(:source as job_source), :external_id, :created_at) returning id`,
      { source: input.source, external_id: input.externalId, created_at: timestamp(createdAt) },
    );
    await tx.execute(
      `insert into jobs (id, created_at, last_seen_at, updated_at, source, external_id, title, company, location, remote, salary_min, salary_max, source_url, metadata)
       values (:id, :created_at, :created_at, :created_at, cast(:source as job_source), :external_id, :title, :company, :location, :remote, :salary_min, :salary_max, :source_url, :metadata)`,
      {
        id: key.id,
        created_at: timestamp(createdAt),
        source: input.source,
        external_id: input.externalId,
        title: input.title,
        company: input.company,
        location: input.location,
        remote: input.remote,
        salary_min: input.salaryMin,
        salary_max: input.salaryMax,
        source_url: input.sourceUrl,
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
