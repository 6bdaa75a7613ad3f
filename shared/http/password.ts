/**
 * Password hashing: argon2id at OWASP's current minimum (m=19456 KiB, t=2, p=1). Hashes made with
 * weaker parameters are upgraded on the next successful login (`needsRehash`).
 */
import { hash, parseOptions, verify } from '@node-rs/argon2';

/** Algorithm.Argon2id; the package declares it as an ambient const enum, unusable under isolatedModules. */
const ARGON2ID = 2;

export const passwordHashPolicy = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { ...passwordHashPolicy, algorithm: ARGON2ID });
}

/** False for a wrong password and for a stored value that is not an argon2 hash at all. */
export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

export function needsRehash(hashed: string): boolean {
  try {
    const used = parseOptions(hashed);
    return (
      used.algorithm !== ARGON2ID ||
      used.memoryCost < passwordHashPolicy.memoryCost ||
      used.timeCost < passwordHashPolicy.timeCost ||
      used.outputLen < passwordHashPolicy.outputLen
    );
  } catch {
    return true;
  }
}

let decoy: Promise<string> | undefined;

/**
 * Spends the time a real verification would, for a login naming no account, so response times do
 * not reveal which accounts exist.
 */
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoy ??= hashPassword('decoy password that matches nothing');
  await verifyPassword(await decoy, password);
  return false;
}
