/**
 * The scheduled-Lambda builder: a middy handler for an EventBridge schedule that runs one domain
 * function and logs what it did (structured, with the Lambda request id). A failure is thrown, so
 * the invocation fails, Lambda's async retry runs it again, and the error shows in the function's metrics.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { z } from 'zod';

/** What a schedule handler needs of its event: EventBridge's scheduled-event envelope. */
export const scheduledEventSchema = z.looseObject({
  'detail-type': z.literal('Scheduled Event'),
  source: z.string(),
  time: z.iso.datetime(),
});

export function scheduledJob<T>(name: string, run: (event: ScheduledEvent) => Promise<T>): MiddyfiedHandler<ScheduledEvent, T, Error, Context> {
  const logger = new Logger({ serviceName: name });
  return middy<ScheduledEvent, T, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const parsed = scheduledEventSchema.safeParse(event);
      if (!parsed.success) throw new TypeError(`${name} expects an EventBridge scheduled event: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      const started = Date.now();
      try {
        const result = await run(event);
        logger.info('schedule done', { schedule: name, scheduledFor: event.time, durationMs: Date.now() - started, result: result as never });
        return result;
      } catch (error) {
        logger.error('schedule failed', { schedule: name, scheduledFor: event.time, durationMs: Date.now() - started, error: error as Error });
        throw error;
      }
    });
}
