/**
 * The schedule table: EventBridge expression and handler. The CDK app makes one rule per row; the
 * local scheduler fires the same handlers on the same expressions. Every handler is safe to run twice
 * at once (two overlapping firings, or a retry of a timed-out one).
 */
import type { FunctionSpec, ScheduleSpec } from './types';

function scheduledFn(id: string, timeoutSeconds: number, description: string, sendsTo?: FunctionSpec['sendsTo'], more: Partial<FunctionSpec> = {}): FunctionSpec {
  return { id, entry: `functions/schedules/${id}.ts`, memoryMb: 512, timeoutSeconds, description, ...(sendsTo ? { sendsTo } : {}), ...more };
}

export const schedules: ScheduleSpec[] = [
  {
    name: 'enqueue-due-crawls',
    expression: 'rate(15 minutes)',
    fn: scheduledFn(
      'enqueue-due-crawls',
      120,
      "Queues a crawl for every saved search (profile preferences, operator list) whose interval has passed.",
      ['crawl'],
    ),
    description: 'Turns saved searches whose interval has passed into queued crawls and sends them.',
  },
  {
    name: 'sweep-queues',
    expression: 'rate(5 minutes)',
    fn: scheduledFn(
      'sweep-queues',
      120,
      "Re-sends crawls and applications whose send failed or whose run outlived its lease; deletes deleted applications' leftover screenshots.",
      ['crawl', 'apply'],
      { artifacts: 'read-delete' },
    ),
    description: 'Re-enqueues rows left queued without a message, or running past their lease, and retries screenshot deletions that failed.',
  },
  {
    name: 'refresh-stats',
    expression: 'rate(15 minutes)',
    fn: scheduledFn('refresh-stats', 300, 'Refreshes user_application_stats concurrently and records when.'),
    description: 'Refreshes the per-user application stats view without blocking readers.',
  },
  {
    name: 'expire-jobs',
    expression: 'rate(1 hour)',
    fn: scheduledFn('expire-jobs', 300, 'Marks jobs past their expires_date inactive.'),
    description: 'Marks jobs whose expiry date has passed as inactive.',
  },
  {
    name: 'maintain-partitions',
    expression: 'cron(15 3 * * ? *)',
    fn: scheduledFn('maintain-partitions', 300, 'Creates monthly jobs partitions ahead and detaches those past retention.'),
    description: 'Keeps monthly partitions of jobs made ahead of time and detaches the ones past retention.',
  },
  {
    name: 'auto-apply',
    expression: 'rate(1 hour)',
    fn: scheduledFn(
      'auto-apply',
      300,
      'Creates applications for profiles with auto-apply on, within their daily caps, and sends them.',
      ['apply'],
    ),
    description: "Applies, within each user's daily cap, to the jobs that best match the profiles that turned auto-apply on.",
  },
];
