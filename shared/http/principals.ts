/**
 * The principal lookup every authenticated API function uses: the account behind a token, from the
 * database. It reads the store directly, not the accounts service, so that only the accounts
 * function bundles the native argon2 addon the service hashes passwords with.
 */
import { findUserById } from '../accounts/store';
import { getDb } from '../data/db';
import { credentialFingerprint } from './auth';
import type { PrincipalLookup } from './middleware/authenticate';

export const principals: PrincipalLookup = async (userId) => {
  const user = await findUserById(getDb(), userId);
  return user && { active: user.is_active, fingerprint: credentialFingerprint(user.hashed_password) };
};
