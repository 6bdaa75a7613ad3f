/**
 * What the profiles API does beyond storing rows: a resumeUrl is checked and kept before the row is
 * written (./../resumes/service.ts), a PATCH is merged into the stored profile (./patch.ts), and a
 * resume no profile of the user names any more is deleted.
 */
import type { Db } from '../data/types';
import type { Log } from '../http/log';
import { validationFailed } from '../http/validate';
import type { ResumeFiles } from '../resumes/files';
import { keepResume, keptFileOf, ResumeRefused, type KeptResume } from '../resumes/service';
import type { Profile, ProfilePatch } from './api-schema';
import { applyProfilePatch } from './patch';
import type { ProfileInput } from './schema';
import * as store from './store';

export interface ProfileContext {
  db: Db;
  files: ResumeFiles;
  log: Log;
}

async function keep(ctx: ProfileContext, userId: number, value: string): Promise<KeptResume> {
  try {
    return await keepResume(ctx.files, userId, value);
  } catch (error) {
    if (error instanceof ResumeRefused) throw validationFailed([{ in: 'body', pointer: '#/resumeUrl', detail: error.message, code: 'invalid_resume' }]);
    throw error;
  }
}

/** Runs `write` with the resumeUrl to store (checked and kept first when one is given); undoes the keeping if nothing was written. */
async function withResume<T>(
  ctx: ProfileContext,
  userId: number,
  value: string | null | undefined,
  write: (resumeUrl: string | null | undefined) => Promise<T | undefined>,
): Promise<T | undefined> {
  if (!value) return write(value);
  const kept = await keep(ctx, userId, value);
  const undo = () => kept.rollback().catch((error: unknown) => ctx.log.warn('a resume copy made for a profile that was not written was left behind', { error }));
  let written: T | undefined;
  try {
    written = await write(kept.resumeUrl);
  } catch (error) {
    await undo();
    throw error;
  }
  if (written === undefined) await undo();
  // What is left under uploads/ the bucket's lifecycle rule expires.
  else await kept.commit().catch((error: unknown) => ctx.log.warn('an upload kept by a profile was not deleted; it expires', { error }));
  return written;
}

/** Deletes the resume a profile named before, once no profile of the user names it. */
async function release(ctx: ProfileContext, userId: number, previous: string | null, current: string | null): Promise<void> {
  const key = previous === current ? undefined : keptFileOf(ctx.files, userId, previous);
  if (!key || (await store.resumeInUse(ctx.db, userId, previous!))) return;
  // The account's deletion removes whatever is left under the user's prefix.
  await ctx.files.remove(key).catch((error: unknown) => ctx.log.warn('a resume no profile names could not be deleted', { error }));
}

async function settle(ctx: ProfileContext, userId: number, change: store.ProfileChange | undefined): Promise<Profile | undefined> {
  if (change) await release(ctx, userId, change.previousResumeUrl, change.profile.resumeUrl);
  return change?.profile;
}

export async function createProfile(ctx: ProfileContext, userId: number, input: ProfileInput): Promise<Profile> {
  return (await withResume(ctx, userId, input.resumeUrl, (resumeUrl) => store.createProfile(ctx.db, userId, { ...input, resumeUrl })))!;
}

export async function replaceProfile(ctx: ProfileContext, userId: number, id: number, input: ProfileInput): Promise<Profile | undefined> {
  const change = await withResume(ctx, userId, input.resumeUrl, (resumeUrl) => store.replaceProfile(ctx.db, userId, id, { ...input, resumeUrl }));
  return settle(ctx, userId, change);
}

export async function updateProfile(ctx: ProfileContext, userId: number, id: number, patch: ProfilePatch): Promise<Profile | undefined> {
  const change = await withResume(ctx, userId, patch.resumeUrl, (resumeUrl) =>
    store.changeProfile(ctx.db, userId, id, (current) => applyProfilePatch(current, patch.resumeUrl === undefined ? patch : { ...patch, resumeUrl })),
  );
  return settle(ctx, userId, change);
}

export async function deleteProfile(ctx: ProfileContext, userId: number, id: number): Promise<boolean> {
  const deleted = await store.deleteProfile(ctx.db, userId, id);
  if (deleted) await release(ctx, userId, deleted.resumeUrl, null);
  return deleted !== undefined;
}
