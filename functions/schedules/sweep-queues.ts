/** Schedule sweep-queues: re-sends crawls and applications never sent, and takes back those whose worker vanished. */
import { sweepApplications } from '../../shared/applications/lifecycle';
import { sweepCrawls } from '../../shared/crawls/lifecycle';
import { getDb } from '../../shared/data/db';
import { scheduledJob } from '../../shared/queue/scheduled-job';
import { defaultSender } from '../../shared/queue/send';

export const handler = scheduledJob('sweep-queues', async () => ({
  crawls: await sweepCrawls(getDb(), defaultSender()),
  applications: await sweepApplications(getDb(), defaultSender()),
}));
