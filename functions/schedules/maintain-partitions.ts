/** Schedule maintain-partitions: monthly jobs partitions made ahead, those past retention detached. */
import { getDb } from '../../shared/data/db';
import { createJobPartitions, detachJobPartitions } from '../../shared/jobs/maintenance';
import { scheduledJob } from '../../shared/queue/scheduled-job';

export const handler = scheduledJob('maintain-partitions', async () => ({
  created: await createJobPartitions(getDb()),
  detached: await detachJobPartitions(getDb()),
}));
