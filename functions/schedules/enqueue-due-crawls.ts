/** Schedule enqueue-due-crawls: saved searches whose interval has passed become queued crawls. */
import { enqueueDueCrawls } from '../../shared/crawls/due-searches';
import { getDb } from '../../shared/data/db';
import { scheduledJob } from '../../shared/queue/scheduled-job';
import { defaultSender } from '../../shared/queue/send';

export const handler = scheduledJob('enqueue-due-crawls', async () => {
  const result = await enqueueDueCrawls(getDb(), defaultSender());
  return { created: result.created.length, fromProfiles: result.fromProfiles, fromOperator: result.fromOperator, unsent: result.unsent };
});
