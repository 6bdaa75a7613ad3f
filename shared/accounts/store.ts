/**
 * Users as the API keeps them: SQL for accounts, verification tokens and failed-login counts.
 * Unique emails and usernames are enforced by the database (case-insensitive indexes); a collision
 * becomes the precise 409 a client can act on.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DatabaseError } from '../data/errors';
import type { Db } from '../data/types';
import { timestamp } from '../data/values';
import { HttpProblem } from '../http/problem';
import type { Account } from './schema';

export interface UserRow {
  [column: string]: unknown;
  id: number;
  email: string;
  username: string;
  hashed_password: string;
  full_name: string | null;
  is_active: boolean;
  is_verified: boolean;
  created_at: string;
  updated_at: string;
}

const USER_COLUMNS = 'id, email, username, hashed_password, full_name, is_active, is_verified, created_at, updated_at';

export function toAccount(row: UserRow): Account {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    fullName: row.full_name,
    isActive: row.is_active,
    isVerified: row.is_verified,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A taken email or username, told apart by the index that refused it. */
function takenProblem(error: unknown): unknown {
  if (!(error instanceof DatabaseError) || error.kind !== 'unique_violation') return error;
  if (error.constraint === 'users_email_lower_key') return new HttpProblem('email-taken');
  if (error.constraint === 'users_username_lower_key') return new HttpProblem('username-taken');
  return error;
}

export async function insertUser(
  db: Db,
  user: { email: string; username: string; hashedPassword: string; fullName: string | null },
): Promise<UserRow> {
  try {
    return await db.one<UserRow>(
      `insert into users (email, username, hashed_password, full_name)
       values (:email, :username, :hashed_password, :full_name)
       returning ${USER_COLUMNS}`,
      { email: user.email, username: user.username, hashed_password: user.hashedPassword, full_name: user.fullName },
    );
  } catch (error) {
    throw takenProblem(error);
  }
}

export function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return db.maybeOne<UserRow>(`select ${USER_COLUMNS} from users where id = :id`, { id });
}

/** By email address or username, either case-insensitively (an email has an '@', a username never). */
export function findUserByLogin(db: Db, login: string): Promise<UserRow | undefined> {
  return login.includes('@')
    ? db.maybeOne<UserRow>(`select ${USER_COLUMNS} from users where lower(email) = lower(:login)`, { login })
    : db.maybeOne<UserRow>(`select ${USER_COLUMNS} from users where lower(username) = lower(:login)`, { login });
}

/** Changes what is given; a new email address must be verified again. */
export async function updateUser(
  db: Db,
  id: number,
  change: { email?: string; username?: string; fullName?: string | null },
): Promise<UserRow> {
  try {
    return await db.one<UserRow>(
      `update users
          set email = coalesce(cast(:email as varchar), email),
              username = coalesce(cast(:username as varchar), username),
              full_name = case when :set_full_name then cast(:full_name as varchar) else full_name end,
              is_verified = case when lower(cast(:email as varchar)) <> lower(email) then false else is_verified end
        where id = :id
        returning ${USER_COLUMNS}`,
      {
        id,
        email: change.email ?? null,
        username: change.username ?? null,
        set_full_name: change.fullName !== undefined,
        full_name: change.fullName ?? null,
      },
    );
  } catch (error) {
    throw takenProblem(error);
  }
}

export async function setPasswordHash(db: Db, id: number, hashedPassword: string): Promise<UserRow> {
  return db.one<UserRow>(`update users set hashed_password = :hashed_password where id = :id returning ${USER_COLUMNS}`, {
    id,
    hashed_password: hashedPassword,
  });
}

/** Deletes the user; profiles, applications, saved jobs, crawls and tokens go with it (foreign key cascades). */
export async function deleteUser(db: Db, id: number): Promise<boolean> {
  const { rowsAffected } = await db.execute(`delete from users where id = :id`, { id });
  return rowsAffected > 0;
}

// --- Failed logins ---------------------------------------------------------------------------

export interface LoginFailures {
  failures: number;
  lastFailedAt: Date;
}

export async function loginFailures(db: Db, userId: number): Promise<LoginFailures | undefined> {
  const row = await db.maybeOne<{ failures: number; last_failed_at: string }>(
    `select failures, last_failed_at from login_failures where user_id = :user_id`,
    { user_id: userId },
  );
  return row && { failures: row.failures, lastFailedAt: new Date(row.last_failed_at) };
}

export async function recordLoginFailure(db: Db, userId: number): Promise<LoginFailures> {
  const row = await db.one<{ failures: number; last_failed_at: string }>(
    `insert into login_failures as f (user_id, failures, last_failed_at) values (:user_id, 1, now())
     on conflict (user_id) do update set failures = f.failures + 1, last_failed_at = now()
     returning failures, last_failed_at`,
    { user_id: userId },
  );
  return { failures: row.failures, lastFailedAt: new Date(row.last_failed_at) };
}

export async function clearLoginFailures(db: Db, userId: number): Promise<void> {
  await db.execute(`delete from login_failures where user_id = :user_id`, { user_id: userId });
}

// --- Email verification tokens -----------------------------------------------------------------

export const VERIFICATION_TTL_MS = 24 * 60 * 60 * 1000;

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new token for the user's current address; earlier tokens stop working. */
export async function issueVerificationToken(db: Db, userId: number, email: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + VERIFICATION_TTL_MS);
  await db.transaction(async (tx) => {
    await tx.execute(`delete from email_verification_tokens where user_id = :user_id`, { user_id: userId });
    await tx.execute(
      `insert into email_verification_tokens (user_id, email, token_hash, expires_at) values (:user_id, :email, :token_hash, :expires_at)`,
      { user_id: userId, email, token_hash: digest(token), expires_at: timestamp(expiresAt) },
    );
  });
  return { token, expiresAt };
}

/**
 * Spends a token: deleted whatever happens next (single use), and it verifies the user only when it
 * has not expired and still names the user's current address.
 */
export async function consumeVerificationToken(db: Db, token: string): Promise<UserRow | undefined> {
  return db.transaction(async (tx) => {
    const spent = await tx.maybeOne<{ user_id: number; email: string; live: boolean }>(
      `delete from email_verification_tokens where token_hash = :token_hash
       returning user_id, email, expires_at > now() as live`,
      { token_hash: digest(token) },
    );
    if (!spent?.live) return undefined;
    return tx.maybeOne<UserRow>(
      `update users set is_verified = true where id = :user_id and lower(email) = lower(:email) returning ${USER_COLUMNS}`,
      { user_id: spent.user_id, email: spent.email },
    );
  });
}
