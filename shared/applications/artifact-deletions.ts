/**
 * Deleting a deleted application's captures from the artifacts bucket, after its row has gone (see
 * sql/018): at once by the request that deleted it, and again by the sweep-queues schedule for any
 * deletion that failed or half succeeded, so no screenshot of a deleted application stays behind for
 * longer than a sweep or two (every 5 minutes) while the bucket answers.
 */
import { applicationArtifactsPrefix, type ArtifactStore } from '../artifacts/store';
import type { Db } from '../data/types';

/** How many deletions one sweep tries: far more than are ever left, and little work when S3 fails them all. */
const SWEEP_BATCH = 100;

/** Records, in the transaction deleting the application, that its captures are to be deleted. */
export async function requestArtifactDeletion(tx: Db, applicationId: number): Promise<void> {
  await tx.execute(`insert into artifact_deletions (application_id) values (:id) on conflict (application_id) do nothing`, { id: applicationId });
}

/** Deletes the application's captures; true when none is left (its record goes), false when it is left for the sweep. */
export async function deleteArtifactsOf(db: Db, artifacts: ArtifactStore, applicationId: number): Promise<boolean> {
  try {
    await artifacts.deleteAll(applicationArtifactsPrefix(applicationId));
  } catch (error) {
    await db.execute(`update artifact_deletions set attempts = attempts + 1, last_error = left(:error, 2000) where application_id = :id`, {
      id: applicationId,
      error: error instanceof Error ? error.message : String(error),
    });
    return false;
  }
  await db.execute(`delete from artifact_deletions where application_id = :id`, { id: applicationId });
  return true;
}

/** The sweep: tries every deletion still recorded, oldest first (the store is only made when there is one). */
export async function sweepArtifactDeletions(db: Db, artifacts: () => ArtifactStore): Promise<{ deleted: number; left: number }> {
  const rows = await db.query<{ application_id: number }>(`select application_id from artifact_deletions order by requested_at limit :limit`, { limit: SWEEP_BATCH });
  let deleted = 0;
  for (const row of rows) if (await deleteArtifactsOf(db, artifacts(), row.application_id)) deleted++;
  return { deleted, left: rows.length - deleted };
}
