/** Schedule refresh-stats: refreshes user_application_stats without blocking readers, and records when. */
import { getDb } from '../../shared/data/db';
import { refreshApplicationStats } from '../../shared/jobs/queries';
import { scheduledJob } from '../../shared/queue/scheduled-job';

export const handler = scheduledJob('refresh-stats', async () => ({ refreshedAt: await refreshApplicationStats(getDb()) }));
