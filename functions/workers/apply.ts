/** Apply queue worker: fills and submits one job_applications row's form (shared/applications/worker.ts, shared/applier). */
import { applyWorker } from '../../shared/applications/worker';
import { applyToJob } from '../../shared/applier';

export const handler = applyWorker(applyToJob);
