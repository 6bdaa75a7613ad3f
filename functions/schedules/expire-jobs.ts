/** Schedule expire-jobs: jobs past their expires_date become inactive. */
import { getDb } from '../../shared/data/db';
import { expireJobs } from '../../shared/jobs/expiry';
import { scheduledJob } from '../../shared/queue/scheduled-job';

export const handler = scheduledJob('expire-jobs', async () => ({ expired: await expireJobs(getDb()) }));
