/**
 * `npm run invoke <name> [--body '<json>'] [--receive-count N]`: fires one schedule or queue handler
 * once, by hand, in this process, against the local runtime's database (.local, through the Data
 * API endpoint) and SQS endpoint (the running runtime's, or .local/sqs's own), with the event AWS
 * would send: an EventBridge scheduled event for a schedule, an SQS event of one record for a queue.
 * Prints the handler's answer.
 *
 *   npm run invoke sweep-queues
 *   npm run invoke crawl -- --body '{"crawlId":1}'
 *   npm run invoke apply -- --body '{"applicationId":7}' --receive-count 3
 */
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { SQSEvent } from 'aws-lambda';
import { deadLetterQueueName, queues } from '../../shared/tables/queues';
import { schedules } from '../../shared/tables/schedules';
import type { QueueSpec } from '../../shared/tables/types';
import { config } from '../../shared/config';
import { LOCAL_ACCOUNT_ID, LOCAL_CREDENTIALS, LOCAL_REGION, LOCAL_UPLOADS_BUCKET, localDataDir, useLocalCredentials } from './constants';
import { startLocalDatabase } from './database';
import { invoke } from './lambda';
import { startLocalS3 } from './s3/server';
import { scheduledEvent } from './scheduler';
import { runningLocalSqs, startLocalSqs } from './sqs/server';

const LOCAL_DIR = localDataDir();
const LOCAL_SQS_DIR = join(LOCAL_DIR, 'sqs');

const usage = `usage: npm run invoke <name> [-- --body '<json>' --receive-count N]
  schedules: ${schedules.map((s) => s.name).join(', ')}
  queues:    ${queues.map((q) => `${q.name} (${q.fn.id})`).join(', ')}`;

/** One SQS record as Lambda's event source shapes it, for a message body sent by hand. */
function sqsEventFor(queue: QueueSpec, body: string, receiveCount = 1, region = LOCAL_REGION): SQSEvent {
  const now = String(Date.now());
  return {
    Records: [
      {
        messageId: randomUUID(),
        receiptHandle: `invoke-${randomUUID()}`,
        body,
        attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: now, SenderId: LOCAL_ACCOUNT_ID, ApproximateFirstReceiveTimestamp: now },
        messageAttributes: {},
        md5OfBody: createHash('md5').update(body, 'utf8').digest('hex'),
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:${region}:${LOCAL_ACCOUNT_ID}:${queue.name}`,
        awsRegion: region,
      },
    ],
  };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { body: { type: 'string' }, 'receive-count': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const name = positionals[0];
  if (!name || values.help) {
    console.error(usage);
    return name ? 0 : 2;
  }
  const schedule = schedules.find((s) => s.name === name || s.fn.id === name);
  const queue = queues.find((q) => q.name === name || q.fn.id === name || deadLetterQueueName(q) === name);
  if (!schedule && !queue) {
    console.error(`unknown schedule or queue "${name}"\n${usage}`);
    return 2;
  }
  let event: unknown;
  if (queue) {
    if (values.body === undefined) {
      console.error(`a queue handler needs a message body: --body '${queue.name === 'crawl' ? '{"crawlId":1}' : '{"applicationId":1}'}'`);
      return 2;
    }
    const receiveCount = Number(values['receive-count'] ?? '1');
    if (!Number.isInteger(receiveCount) || receiveCount < 1) {
      console.error('--receive-count must be a whole number from 1');
      return 2;
    }
    event = sqsEventFor(queue, values.body, receiveCount);
  } else {
    event = scheduledEvent(schedule!);
  }

  useLocalCredentials();
  const log = (line: string) => console.error(line);
  const database = await startLocalDatabase({ dataDir: LOCAL_DIR, log });
  // The running runtime's SQS endpoint if there is one (its data dir is locked); otherwise .local/sqs's own, for this call.
  const running = await runningLocalSqs(LOCAL_SQS_DIR);
  const sqs = running ? undefined : await startLocalSqs({ dataDir: LOCAL_SQS_DIR, queues });
  const endpoint = running ?? sqs!.endpoint;
  const queueEnv = Object.fromEntries(queues.map((q) => [`${q.name.toUpperCase()}_QUEUE_URL`, `${endpoint}/${LOCAL_ACCOUNT_ID}/${q.name}`]));
  // The uploads (the applier reads resumes) and screenshots in the runtime's folders: files, so two endpoints over them agree.
  const s3 = await startLocalS3({
    dataDir: join(LOCAL_DIR, 'uploads'),
    buckets: [LOCAL_UPLOADS_BUCKET],
    credentials: LOCAL_CREDENTIALS,
    region: config.region(),
  });
  Object.assign(process.env, database.env, {
    SQS_ENDPOINT: endpoint,
    ...queueEnv,
    S3_ENDPOINT: s3.endpoint,
    UPLOADS_BUCKET: LOCAL_UPLOADS_BUCKET,
    ARTIFACTS_DIR: join(LOCAL_DIR, 'artifacts'),
  });
  log(`invoke: ${schedule ? `schedule ${schedule.name}` : `queue ${queue!.name}`} (database ${database.env.DB_NAME}, SQS ${endpoint}${running ? ', the running runtime' : ''})`);

  const fn = schedule ? schedule.fn : queue!.fn;
  try {
    const result = await invoke(fn, event);
    console.log(JSON.stringify(result ?? null, null, 2));
    return 0;
  } catch (error) {
    console.error(`invoke: ${fn.id} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    return 1;
  } finally {
    await s3.stop();
    await sqs?.stop();
    await database.stop();
  }
}

// Exit now: the SDK clients keep idle sockets open that would hold the process for a while.
process.exit(await main());
