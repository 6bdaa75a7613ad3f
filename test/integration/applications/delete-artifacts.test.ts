/**
 * Deleting an application while the screenshot bucket fails part of the way: the application is gone
 * for its owner at once, whatever the bucket does, and the screenshots it did not delete are deleted
 * by the next sweep, not left behind until the bucket's retention (90 days in production) expires them.
 *
 * The bucket's partial failure is S3's DeleteObjects answering some keys with errors (InternalError,
 * SlowDown): the store below deletes the first half of an application's captures, then fails as the S3
 * store does on such an answer; after that it works.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepArtifactDeletions } from '../../../shared/applications/artifact-deletions';
import { deleteApplication, getApplication } from '../../../shared/applications/store';
import { applicationArtifactsPrefix, folderArtifactStore, type ArtifactStore } from '../../../shared/artifacts/store';
import type { Db } from '../../../shared/data/types';
import { upsertJobs } from '../../../shared/jobs/upsert';
import { freshDatabase } from '../../support/db';
import { createApplication, createUser, jobInput } from '../schema/helpers';

let db: Db;
let dir: string;
let folder: ArtifactStore;
beforeAll(async () => {
  db = (await freshDatabase()).db;
  dir = await mkdtemp(join(tmpdir(), 'artifact-deletions-'));
  folder = folderArtifactStore(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const PNG = { bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), contentType: 'image/png' };
const SHOTS = ['attempts/1/filled.png', 'attempts/1/outcome.png', 'attempts/2/filled.png', 'attempts/2/outcome.png'];

/** An application with four screenshots over two attempts. */
async function applicationWithShots() {
  const userId = await createUser(db);
  const { ids } = await upsertJobs(db, [jobInput()]);
  const id = await createApplication(db, userId, ids[0]!, { status: 'failed' });
  for (const shot of SHOTS) await folder.put(`${applicationArtifactsPrefix(id)}${shot}`, PNG);
  return { userId, id };
}

const shotsLeft = async (id: number) =>
  (await readdir(join(dir, 'applications', String(id)), { recursive: true }).catch(() => [] as string[])).filter((f) => String(f).endsWith('.png')).length;
const pending = (id: number) => db.query<{ attempts: number; last_error: string | null }>(`select attempts, last_error from artifact_deletions where application_id = :id`, { id });

/** Deletes half of the captures under a prefix on its first call, then fails as a DeleteObjects with per-key errors does. */
function halfFailingOnce(): ArtifactStore {
  let failed = false;
  return {
    ...folder,
    async deleteAll(prefix) {
      if (failed) return folder.deleteAll(prefix);
      failed = true;
      const shots = SHOTS.slice(0, 2);
      for (const shot of shots) await rm(join(dir, prefix, shot), { force: true });
      throw new Error(`could not delete 2 artifacts under ${prefix}: InternalError We encountered an internal error. Please try again.`);
    },
  };
}

describe('deleting an application', () => {
  it('deletes its screenshots with it', async () => {
    const { userId, id } = await applicationWithShots();
    expect(await deleteApplication(db, folder, userId, id)).toBe(true);
    expect(await getApplication(db, userId, id)).toBeUndefined();
    expect(await shotsLeft(id)).toBe(0);
    expect(await pending(id)).toEqual([]);
  });

  it('when the bucket deletes only some screenshots: the application is gone at once, and the next sweep deletes the rest', async () => {
    const { userId, id } = await applicationWithShots();
    const bucket = halfFailingOnce();
    expect(await deleteApplication(db, bucket, userId, id)).toBe(true);
    expect(await getApplication(db, userId, id)).toBeUndefined();
    expect(await shotsLeft(id)).toBe(2);
    expect(await pending(id)).toEqual([{ attempts: 1, last_error: expect.stringMatching(/^could not delete 2 artifacts under applications\/\d+\/: InternalError/) }]);

    expect(await sweepArtifactDeletions(db, () => bucket)).toEqual({ deleted: 1, left: 0 });
    expect(await shotsLeft(id)).toBe(0);
    expect(await pending(id)).toEqual([]);
    expect(await sweepArtifactDeletions(db, () => bucket)).toEqual({ deleted: 0, left: 0 });
  });

  it('a sweep that fails again keeps the deletion for the next one', async () => {
    const { userId, id } = await applicationWithShots();
    const down: ArtifactStore = { ...folder, deleteAll: () => Promise.reject(new Error('SlowDown: Please reduce your request rate.')) };
    expect(await deleteApplication(db, down, userId, id)).toBe(true);
    expect(await sweepArtifactDeletions(db, () => down)).toEqual({ deleted: 0, left: 1 });
    expect(await pending(id)).toEqual([{ attempts: 2, last_error: 'SlowDown: Please reduce your request rate.' }]);
    expect(await shotsLeft(id)).toBe(SHOTS.length);
    expect(await sweepArtifactDeletions(db, () => folder)).toEqual({ deleted: 1, left: 0 });
    expect(await shotsLeft(id)).toBe(0);
  });
});
