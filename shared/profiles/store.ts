/** A user's profiles: SQL, always scoped to the owner (another user's profile id finds nothing). */
import type { Db } from '../data/types';
import { json } from '../data/values';
import { newestFirst, readPage, type Page } from '../http/pagination';
import type { Profile } from './api-schema';
import { answerBankSchema, jobPreferencesSchema, type ProfileInput } from './schema';

interface ProfileRow {
  [column: string]: unknown;
  id: number;
  resume_url: string | null;
  cover_letter_template: string | null;
  skills: string[];
  experience_years: number | null;
  linkedin_url: string | null;
  github_url: string | null;
  portfolio_url: string | null;
  phone: string | null;
  location: string | null;
  job_preferences: unknown;
  answers: unknown;
  created_at: string;
  updated_at: string;
  created_key: string;
}

const COLUMNS = `id, resume_url, cover_letter_template, skills, experience_years, linkedin_url, github_url, portfolio_url,
  phone, location, job_preferences, answers, created_at, updated_at, created_at::text as created_key`;

function toProfile(row: ProfileRow): Profile {
  return {
    id: row.id,
    resumeUrl: row.resume_url,
    coverLetterTemplate: row.cover_letter_template,
    skills: row.skills,
    experienceYears: row.experience_years,
    linkedinUrl: row.linkedin_url,
    githubUrl: row.github_url,
    portfolioUrl: row.portfolio_url,
    phone: row.phone,
    location: row.location,
    // Stored rows written before a field had its default read back with the default.
    jobPreferences: jobPreferencesSchema.parse(row.job_preferences ?? {}),
    answers: answerBankSchema.parse(row.answers ?? {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Column name and parameter for each field of the input. */
const FIELDS = {
  resumeUrl: 'resume_url',
  coverLetterTemplate: 'cover_letter_template',
  skills: 'skills',
  experienceYears: 'experience_years',
  linkedinUrl: 'linkedin_url',
  githubUrl: 'github_url',
  portfolioUrl: 'portfolio_url',
  phone: 'phone',
  location: 'location',
  jobPreferences: 'job_preferences',
  answers: 'answers',
} as const satisfies Record<keyof ProfileInput, string>;

const JSON_FIELDS = new Set(['skills', 'jobPreferences', 'answers']);

function paramsOf(values: Partial<ProfileInput>) {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [FIELDS[key as keyof ProfileInput], JSON_FIELDS.has(key) ? json(value) : (value ?? null)]),
  );
}

export async function createProfile(db: Db, userId: number, input: ProfileInput): Promise<Profile> {
  const row = await db.one<ProfileRow>(
    `insert into user_profiles (user_id, resume_url, cover_letter_template, skills, experience_years, linkedin_url, github_url,
                                portfolio_url, phone, location, job_preferences, answers)
     values (:user_id, :resume_url, :cover_letter_template, :skills, :experience_years, :linkedin_url, :github_url,
             :portfolio_url, :phone, :location, :job_preferences, :answers)
     returning ${COLUMNS}`,
    { user_id: userId, ...paramsOf(complete(input)) },
  );
  return toProfile(row);
}

/** Every field, those left out as null. */
function complete(input: ProfileInput): ProfileInput {
  return Object.fromEntries(Object.keys(FIELDS).map((key) => [key, input[key as keyof ProfileInput] ?? null])) as ProfileInput;
}

export async function getProfile(db: Db, userId: number, id: number): Promise<Profile | undefined> {
  const row = await db.maybeOne<ProfileRow>(`select ${COLUMNS} from user_profiles where id = :id and user_id = :user_id`, { id, user_id: userId });
  return row && toProfile(row);
}

/** Newest first; a page of profiles at their largest (about 50 KB each) is read in several statements (readPage). */
export function listProfiles(db: Db, userId: number, page: { limit: number; cursor?: string }): Promise<Page<Profile>> {
  const list = newestFirst<ProfileRow>((after, take) => ({
    sql: `select ${COLUMNS} from user_profiles
      where user_id = :user_id
        and (:first or (created_at, id) < (cast(:after_at as timestamptz), :after_id))
      order by created_at desc, id desc
      limit :limit`,
    params: { user_id: userId, first: !after, after_at: after?.[0] ?? null, after_id: after?.[1] ?? 0, limit: take },
  }));
  return readPage(db, page, list, toProfile);
}

/** A profile as its owner writes it: every stored field, without the id and timestamps. */
function inputOf({ id: _id, createdAt: _created, updatedAt: _updated, ...input }: Profile): ProfileInput {
  return input;
}

export interface ProfileChange {
  profile: Profile;
  /** The resume the profile named before the change. */
  previousResumeUrl: string | null;
}

/**
 * Writes what `change` makes of the stored profile (locked meanwhile, so two changes at once are not
 * merged into the same old value); undefined when the user has no such profile.
 */
export async function changeProfile(
  db: Db,
  userId: number,
  id: number,
  change: (current: ProfileInput) => Partial<ProfileInput>,
): Promise<ProfileChange | undefined> {
  return db.transaction(async (tx) => {
    const row = await tx.maybeOne<ProfileRow>(`select ${COLUMNS} from user_profiles where id = :id and user_id = :user_id for update`, { id, user_id: userId });
    if (!row) return undefined;
    const current = toProfile(row);
    const values = change(inputOf(current));
    const fields = Object.keys(values).filter((k) => values[k as keyof ProfileInput] !== undefined) as (keyof ProfileInput)[];
    // Column names come from the fixed FIELDS map, never from the request; values are parameters.
    const assignments = fields.map((f) => `${FIELDS[f]} = :${FIELDS[f]}`).join(', ');
    const updated = await tx.one<ProfileRow>(
      `update user_profiles set ${assignments || 'updated_at = now()'} where id = :id and user_id = :user_id returning ${COLUMNS}`,
      { id, user_id: userId, ...paramsOf(Object.fromEntries(fields.map((f) => [f, values[f]]))) },
    );
    return { profile: toProfile(updated), previousResumeUrl: current.resumeUrl };
  });
}

/** PUT: every field is written; one left out takes its default (null for the optional ones). */
export function replaceProfile(db: Db, userId: number, id: number, input: ProfileInput): Promise<ProfileChange | undefined> {
  return changeProfile(db, userId, id, () => complete(input));
}

/** The deleted profile's resumeUrl (null without one); undefined when the user has no such profile. */
export async function deleteProfile(db: Db, userId: number, id: number): Promise<{ resumeUrl: string | null } | undefined> {
  const row = await db.maybeOne<{ resume_url: string | null }>(`delete from user_profiles where id = :id and user_id = :user_id returning resume_url`, { id, user_id: userId });
  return row && { resumeUrl: row.resume_url };
}

/** Whether any profile of the user still names this resume. */
export async function resumeInUse(db: Db, userId: number, resumeUrl: string): Promise<boolean> {
  const row = await db.one<{ used: boolean }>(`select exists (select 1 from user_profiles where user_id = :user_id and resume_url = :resume_url) as used`, {
    user_id: userId,
    resume_url: resumeUrl,
  });
  return row.used;
}

/**
 * Takes the user's resume lock for the rest of the transaction: a save writing a row that names a
 * kept file and a release deleting a file no row names take turns, so a file is never deleted
 * between another save's check and its write.
 */
export async function lockResumes(tx: Db, userId: number): Promise<void> {
  await tx.execute(`select pg_advisory_xact_lock(hashtextextended('resumes of user ' || cast(:user_id as text), 0))`, { user_id: userId });
}
