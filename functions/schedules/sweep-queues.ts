/**
 * Schedule sweep-queues: re-sends crawls and applications never sent, takes back those whose worker
 * vanished, and deletes the screenshots of deleted applications that the bucket did not delete at once.
 */
import { sweepArtifactDeletions } from '../../shared/applications/artifact-deletions';
import { sweepApplications } from '../../shared/applications/lifecycle';
import { getArtifactStore } from '../../shared/artifacts/store';
import { sweepCrawls } from '../../shared/crawls/lifecycle';
import { getDb } from '../../shared/data/db';
import { scheduledJob } from '../../shared/queue/scheduled-job';
import { defaultSender } from '../../shared/queue/send';

export const handler = scheduledJob('sweep-queues', async () => ({
  crawls: await sweepCrawls(getDb(), defaultSender()),
  applications: await sweepApplications(getDb(), defaultSender()),
  artifactDeletions: await sweepArtifactDeletions(getDb(), getArtifactStore),
}));
