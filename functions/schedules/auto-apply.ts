/**
 * Schedule auto-apply: applications for profiles with auto-apply on, within their daily caps, sent to
 * the apply queue; each profile's outcome is recorded for its owner (GET /profiles/{id}/auto-apply).
 */
import { createAutoApplications } from '../../shared/applications/auto-apply';
import { enqueueApplications } from '../../shared/applications/lifecycle';
import { getDb } from '../../shared/data/db';
import { scheduledJob } from '../../shared/queue/scheduled-job';
import { defaultSender } from '../../shared/queue/send';

export const handler = scheduledJob('auto-apply', async () => {
  const { created, applicationIds, outcomes } = await createAutoApplications(getDb());
  // Sent now rather than at the next sweep; what fails to send, the sweeper sends.
  const { failed } = await enqueueApplications(getDb(), defaultSender(), applicationIds);
  return { created, unsent: failed, outcomes };
});
