/**
 * The apply queue's worker: claims the job_applications row a message names, loads the job and the
 * applicant, runs the applier, and records the outcome. Safe to run twice on one message and on two
 * workers at once (see ./lifecycle). Only a failure the applier calls retryable is tried again: an
 * outcome it cannot vouch for (unconfirmed, or the applier stopping unexpectedly) is never re-run,
 * so nothing is submitted twice in the user's name.
 */
import type { Applier, ApplyOutcome } from '../applier/port';
import { getDb } from '../data/db';
import { applyMessageSchema } from '../queue/messages';
import { describeError } from '../queue/records';
import { DEFAULT_DEADLINE_MARGIN_MS, sqsWorker, type QueueWorkerOptions } from '../queue/worker';
import { RowBusyError } from '../queue/work-table';
import { applyQueue } from '../tables/queues';
import {
  APPLY_LEASE_SECONDS,
  claimApplication,
  failApplication,
  finishApplication,
  giveUpApplication,
  loadApplicationTask,
  releaseApplication,
} from './lifecycle';

/** A failure the applier marked retryable: the message comes back for another try. */
export class RetryableApplyError extends Error {
  override readonly name = 'RetryableApplyError';
}

export function applyWorker(applier: Applier, options: QueueWorkerOptions = {}) {
  const db = () => options.db ?? getDb();
  const margin = options.deadlineMarginMs ?? DEFAULT_DEADLINE_MARGIN_MS;
  return sqsWorker({
    queue: applyQueue,
    schema: applyMessageSchema,
    logger: options.logger,
    async process({ applicationId }, record) {
      const claim = await claimApplication(db(), applicationId, options.leaseSeconds ?? APPLY_LEASE_SECONDS);
      if (claim.kind === 'missing') return record.log.warn('the application no longer exists; nothing to do', { applicationId });
      if (claim.kind === 'finished') {
        return record.log.info('the application is already finished; duplicate delivery acknowledged', { applicationId, status: claim.status });
      }
      if (claim.kind === 'busy') throw new RowBusyError(`application ${applicationId} is being worked on by another worker (lease until ${claim.leaseExpiresAt})`);

      const { attempt, application } = claim;
      // Once the applier has run, a form may have gone out: from then on the row is never handed back for a re-run here.
      let applierRan = false;
      try {
        const load = await loadApplicationTask(db(), application, attempt);
        if (!load.ok) {
          await failApplication(db(), applicationId, attempt, load.reason);
          return record.log.warn('the application cannot be attempted', { applicationId, reason: load.reason });
        }

        let outcome: ApplyOutcome;
        applierRan = true;
        try {
          outcome = await applier(load.task, { deadline: Date.now() + record.remainingTimeMs() - margin });
        } catch (error) {
          // Whether the form went out is unknown: recorded as failed for the user to check and retry, never re-run blindly.
          const reason = `the applier stopped unexpectedly: ${describeError(error)}; not retried automatically in case the form was submitted`;
          await failApplication(db(), applicationId, attempt, reason);
          return record.log.error('applier threw', { applicationId, attempt, reason });
        }
        if (outcome.status === 'failed' && outcome.retryable) {
          const reason = outcome.reason ?? 'the attempt failed';
          await releaseApplication(db(), applicationId, attempt, reason, outcome);
          throw new RetryableApplyError(reason);
        }
        if (await finishApplication(db(), applicationId, attempt, outcome)) {
          record.log.info('application attempt finished', { applicationId, attempt, status: outcome.status, dryRun: application.dryRun });
        } else {
          record.log.warn('the application was taken over before it finished; this outcome is not recorded', { applicationId, attempt, status: outcome.status });
        }
      } catch (error) {
        if (!(error instanceof RetryableApplyError) && !applierRan) {
          // The database failed us before the applier ran: hand the row back so the next delivery (or the last receive's give-up) can act on it.
          await releaseApplication(db(), applicationId, attempt, describeError(error)).catch((e) =>
            record.log.error('could not hand the application back; the sweeper takes it back when its lease runs out', { applicationId, error: describeError(e) }),
          );
        }
        throw error;
      }
    },
    async onGiveUp({ message, reason, receiveCount }) {
      if (message) await giveUpApplication(db(), message.applicationId, `gave up after ${receiveCount} attempts: ${reason}`);
    },
  });
}
