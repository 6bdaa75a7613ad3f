/** Apply queue worker: fills and submits one job_applications row's form (shared/applications/worker.ts, shared/applier). */
import { DatabaseSitePacing } from '../../shared/applications/site-pacing';
import { applyWorker } from '../../shared/applications/worker';
import { createApplier } from '../../shared/applier';
import { config } from '../../shared/config';
import { getDb } from '../../shared/data/db';

// Pacing slots in the database: one submission per site per interval across every worker at once.
export const handler = applyWorker(createApplier({ pacing: new DatabaseSitePacing(getDb, config.applySubmitIntervalMs) }));
