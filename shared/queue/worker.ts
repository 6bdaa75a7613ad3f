/**
 * The SQS worker builder: a middy handler for an SQS-triggered Lambda that validates each record with
 * the queue's zod schema, processes records independently and answers ReportBatchItemFailures, so one
 * bad record never makes the good ones run again. Logs are structured JSON (Powertools) with the
 * Lambda request id and, per record, the message id and receive count.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { z } from 'zod';
import type { QueueSpec } from '../tables/types';
import { processRecords, type GiveUp, type RecordInfo } from './records';

export type { GiveUp, RecordInfo } from './records';

export interface SqsWorkerOptions<T> {
  /** The queue's row of the queue table: its name and maxReceiveCount. */
  queue: Pick<QueueSpec, 'name' | 'maxReceiveCount'> & { fn: Pick<QueueSpec['fn'], 'id'> };
  schema: z.ZodType<T>;
  process(message: T, record: RecordInfo): Promise<void>;
  /** On a record's last receive, after it failed: record the reason on the row it names. */
  onGiveUp?(failure: GiveUp<T>): Promise<void>;
  concurrency?: number;
  logger?: Logger;
}

export function sqsWorker<T>(options: SqsWorkerOptions<T>): MiddyfiedHandler<SQSEvent, SQSBatchResponse, Error, Context> {
  const logger = options.logger ?? new Logger({ serviceName: options.queue.fn.id });
  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      // Anything but an SQS event is a broken invocation: failing it as a whole leaves every message for redelivery.
      if (!event || !Array.isArray(event.Records)) throw new TypeError('the event is not an SQS event (no Records list)');
      return processRecords(event.Records, {
        schema: options.schema,
        maxReceiveCount: options.queue.maxReceiveCount,
        process: options.process,
        onGiveUp: options.onGiveUp,
        concurrency: options.concurrency,
        logFor: ({ messageId, receiveCount }) => {
          const child = logger.createChild({ persistentKeys: { queue: options.queue.name, messageId, receiveCount } });
          return {
            info: (message, extra) => child.info(message, extra ?? {}),
            warn: (message, extra) => child.warn(message, extra ?? {}),
            error: (message, extra) => child.error(message, extra ?? {}),
          };
        },
      });
    });
}
