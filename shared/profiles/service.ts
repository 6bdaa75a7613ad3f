/**
 * What the profiles API does beyond storing rows: a resumeUrl is checked and kept as the row is
 * written (./../resumes/service.ts), a PATCH is merged into the stored profile (./patch.ts), and a
 * resume no profile of the user names any more is deleted. Saves and deletions of one user's files
 * take turns on the user's resume lock (store.lockResumes): two saves at once (a double submit, two
 * profiles) never delete a file the other has just stored.
 */
import type { Db } from '../data/types';
import type { Log } from '../http/log';
import { validationFailed } from '../http/validate';
import type { ResumeFiles } from '../resumes/files';
import { checkResume, keptFileOf, ResumeRefused } from '../resumes/service';
import type { Profile, ProfilePatch } from './api-schema';
import { applyProfilePatch } from './patch';
import type { ProfileInput } from './schema';
import * as store from './store';

export interface ProfileContext {
  db: Db;
  files: ResumeFiles;
  log: Log;
}

const refusedResume = (error: ResumeRefused) => validationFailed([{ in: 'body', pointer: '#/resumeUrl', detail: error.message, code: 'invalid_resume' }]);

async function checked<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof ResumeRefused) throw refusedResume(error);
    throw error;
  }
}

/**
 * Runs `write` with the resumeUrl to store. A resume given is checked first, then placed (the kept
 * file made sure of) and the row written in one transaction under the user's resume lock; a kept
 * file the write did not end up naming is released, and the upload a written row kept is deleted.
 */
async function withResume<T>(
  ctx: ProfileContext,
  userId: number,
  value: string | null | undefined,
  write: (db: Db, resumeUrl: string | null | undefined) => Promise<T | undefined>,
): Promise<T | undefined> {
  if (!value) return write(ctx.db, value);
  const resume = await checked(() => checkResume(ctx.files, userId, value));
  let written: T | undefined;
  try {
    written = await ctx.db.transaction(async (tx) => {
      await store.lockResumes(tx, userId);
      await checked(() => resume.place());
      return write(tx, resume.resumeUrl);
    });
  } catch (error) {
    await release(ctx, userId, resume.resumeUrl);
    throw error;
  }
  if (written === undefined) await release(ctx, userId, resume.resumeUrl);
  // What is left under uploads/ the bucket's lifecycle rule expires.
  else if (resume.upload) await ctx.files.remove(resume.upload).catch((error: unknown) => ctx.log.warn('an upload kept by a profile was not deleted; it expires', { error }));
  return written;
}

/**
 * Deletes a kept resume once no profile of the user names it: checked and deleted under the user's
 * resume lock, after the write that stopped naming it has committed, so a save naming it meanwhile
 * either is seen here or finds it gone and says so.
 */
async function release(ctx: ProfileContext, userId: number, resumeUrl: string | null): Promise<void> {
  const key = keptFileOf(ctx.files, userId, resumeUrl);
  if (!key) return;
  try {
    await ctx.db.transaction(async (tx) => {
      await store.lockResumes(tx, userId);
      if (!(await store.resumeInUse(tx, userId, resumeUrl!))) await ctx.files.remove(key);
    });
  } catch (error) {
    // The account's deletion removes whatever is left under the user's prefix.
    ctx.log.warn('a resume no profile names could not be deleted', { error });
  }
}

async function settle(ctx: ProfileContext, userId: number, change: store.ProfileChange | undefined): Promise<Profile | undefined> {
  if (change && change.previousResumeUrl !== change.profile.resumeUrl) await release(ctx, userId, change.previousResumeUrl);
  return change?.profile;
}

export async function createProfile(ctx: ProfileContext, userId: number, input: ProfileInput): Promise<Profile> {
  return (await withResume(ctx, userId, input.resumeUrl, (db, resumeUrl) => store.createProfile(db, userId, { ...input, resumeUrl })))!;
}

export async function replaceProfile(ctx: ProfileContext, userId: number, id: number, input: ProfileInput): Promise<Profile | undefined> {
  const change = await withResume(ctx, userId, input.resumeUrl, (db, resumeUrl) => store.replaceProfile(db, userId, id, { ...input, resumeUrl }));
  return settle(ctx, userId, change);
}

export async function updateProfile(ctx: ProfileContext, userId: number, id: number, patch: ProfilePatch): Promise<Profile | undefined> {
  const change = await withResume(ctx, userId, patch.resumeUrl, (db, resumeUrl) =>
    store.changeProfile(db, userId, id, (current) => applyProfilePatch(current, patch.resumeUrl === undefined ? patch : { ...patch, resumeUrl })),
  );
  return settle(ctx, userId, change);
}

export async function deleteProfile(ctx: ProfileContext, userId: number, id: number): Promise<boolean> {
  const deleted = await store.deleteProfile(ctx.db, userId, id);
  if (deleted) await release(ctx, userId, deleted.resumeUrl);
  return deleted !== undefined;
}
