/**
 * What the accounts API does, beyond storing rows: registration with its verification email, login
 * with the per-account slow-down, password checks before sensitive changes, and token issue.
 */
import type { Db } from '../data/types';
import { EmailNotConfiguredError, sendEmail } from '../email/send';
import type { Log } from '../http/log';
import { credentialFingerprint, issueAccessToken, type IssuedToken } from '../http/auth';
import { hashPassword, needsRehash, verifyAgainstDecoy, verifyPassword } from '../http/password';
import { HttpProblem } from '../http/problem';
import type { ResumeFiles } from '../resumes/files';
import { removeUserFiles } from '../resumes/service';
import type { Account, AccountUpdate, Registration } from './schema';
import {
  clearLoginFailures,
  consumeVerificationToken,
  deleteUser,
  findUserById,
  findUserByLogin,
  insertUser,
  issueVerificationToken,
  loginFailures,
  recordLoginFailure,
  setPasswordHash,
  toAccount,
  updateUser,
  type UserRow,
} from './store';

/** Failures allowed before each further attempt must wait. */
export const FREE_LOGIN_FAILURES = 5;
export const MAX_LOGIN_DELAY_SECONDS = 15 * 60;

/** Seconds the next attempt must wait after `failures` consecutive failures: 1, 2, 4, ... up to 15 minutes. */
export function loginDelaySeconds(failures: number): number {
  if (failures < FREE_LOGIN_FAILURES) return 0;
  return Math.min(2 ** (failures - FREE_LOGIN_FAILURES), MAX_LOGIN_DELAY_SECONDS);
}

async function sendVerification(db: Db, user: UserRow): Promise<{ email: string; expiresAt: string }> {
  const { token, expiresAt } = await issueVerificationToken(db, user.id, user.email);
  await sendEmail({
    to: user.email,
    subject: 'Verify your email address',
    text:
      `Hello ${user.full_name ?? user.username},\n\nconfirm this address by sending this token to POST /accounts/verify-email:\n\n` +
      `${token}\n\nIt works once and expires at ${expiresAt.toISOString()}.`,
  });
  return { email: user.email, expiresAt: expiresAt.toISOString() };
}

export async function register(db: Db, registration: Registration, log: Pick<Log, 'warn'>): Promise<Account> {
  const user = await insertUser(db, {
    email: registration.email,
    username: registration.username,
    hashedPassword: await hashPassword(registration.password),
    fullName: registration.fullName ?? null,
  });
  // The account exists either way; a failed send is fixed by asking for another email.
  await sendVerification(db, user).catch((error: unknown) => log.warn('verification email not sent', { error }));
  return toAccount(user);
}

export async function resendVerification(db: Db, userId: number): Promise<{ email: string; expiresAt: string }> {
  const user = await findUserById(db, userId);
  if (!user) throw new HttpProblem('not-found', { detail: 'account not found' });
  if (user.is_verified) throw new HttpProblem('already-verified');
  return sendVerification(db, user).catch((error: unknown) => {
    if (error instanceof EmailNotConfiguredError) {
      throw new HttpProblem('service-unavailable', { detail: 'this deployment cannot send email yet (its operator has not configured a sender); try again later' });
    }
    throw error;
  });
}

export async function verifyEmail(db: Db, token: string): Promise<{ email: string; isVerified: true }> {
  const user = await consumeVerificationToken(db, token);
  if (!user) throw new HttpProblem('invalid-verification-token');
  return { email: user.email, isVerified: true };
}

export type LoginResult = IssuedToken & { account: Account };

async function tokenFor(user: UserRow): Promise<LoginResult> {
  return { ...(await issueAccessToken(user.id, credentialFingerprint(user.hashed_password))), account: toAccount(user) };
}

export async function login(db: Db, credentials: { login: string; password: string }): Promise<LoginResult> {
  const user = await findUserByLogin(db, credentials.login);
  if (!user) {
    await verifyAgainstDecoy(credentials.password);
    throw new HttpProblem('invalid-credentials');
  }
  const failed = await loginFailures(db, user.id);
  if (failed) {
    const waitMs = loginDelaySeconds(failed.failures) * 1000 - (Date.now() - failed.lastFailedAt.getTime());
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new HttpProblem('too-many-login-attempts', {
        detail: `Wait ${seconds} s before the next attempt`,
        headers: { 'retry-after': String(seconds) },
        extensions: { retryAfterSeconds: seconds },
      });
    }
  }
  if (!(await verifyPassword(user.hashed_password, credentials.password))) {
    await recordLoginFailure(db, user.id);
    throw new HttpProblem('invalid-credentials');
  }
  if (failed) await clearLoginFailures(db, user.id);
  if (!user.is_active) throw new HttpProblem('account-inactive');
  // Hashes made under older parameters are upgraded while the password is at hand.
  const current = needsRehash(user.hashed_password) ? await setPasswordHash(db, user.id, await hashPassword(credentials.password)) : user;
  return tokenFor(current);
}

/** The user's row, once `password` is proven to be theirs. */
async function withPassword(db: Db, userId: number, password: string): Promise<UserRow> {
  const user = await findUserById(db, userId);
  if (!user) throw new HttpProblem('not-found', { detail: 'account not found' });
  if (!(await verifyPassword(user.hashed_password, password))) {
    throw new HttpProblem('invalid-credentials', { detail: 'The password is wrong' });
  }
  return user;
}

export async function getAccount(db: Db, userId: number): Promise<Account> {
  const user = await findUserById(db, userId);
  if (!user) throw new HttpProblem('not-found', { detail: 'account not found' });
  return toAccount(user);
}

export async function changeAccount(db: Db, userId: number, change: AccountUpdate, log: Pick<Log, 'warn'>): Promise<Account> {
  const before = change.currentPassword !== undefined ? await withPassword(db, userId, change.currentPassword) : undefined;
  const user = await updateUser(db, userId, { email: change.email, username: change.username, fullName: change.fullName });
  if (before && !user.is_verified && before.email.toLowerCase() !== user.email.toLowerCase()) {
    await sendVerification(db, user).catch((error: unknown) => log.warn('verification email not sent', { error }));
  }
  return toAccount(user);
}

export async function changePassword(db: Db, userId: number, currentPassword: string, newPassword: string): Promise<LoginResult> {
  await withPassword(db, userId, currentPassword);
  return tokenFor(await setPasswordHash(db, userId, await hashPassword(newPassword)));
}

/**
 * Deletes the account once the password is right: the user's files first (uploaded resumes), then the
 * row, whose foreign keys take the rest. A failure to delete the files leaves the account in place,
 * so that asking again finishes the job rather than leaving files no account owns.
 */
export async function deleteAccount(db: Db, files: ResumeFiles, userId: number, currentPassword: string): Promise<void> {
  await withPassword(db, userId, currentPassword);
  await removeUserFiles(files, userId);
  await deleteUser(db, userId);
}
