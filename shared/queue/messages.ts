/**
 * What travels on the queues. A message only names the row it is about; the worker loads the rest
 * from the database, so a message never carries stale or secret data and stays far under SQS limits.
 */
import { z } from 'zod';

const rowId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Crawl queue: run the crawler_jobs row `crawlId`. */
export const crawlMessageSchema = z.object({ crawlId: rowId });
export type CrawlMessage = z.infer<typeof crawlMessageSchema>;

/** Apply queue: work on the job_applications row `applicationId`. */
export const applyMessageSchema = z.object({ applicationId: rowId });
export type ApplyMessage = z.infer<typeof applyMessageSchema>;

export const queueMessageSchemas = {
  crawl: crawlMessageSchema,
  apply: applyMessageSchema,
} as const;

export type QueueName = keyof typeof queueMessageSchemas;
export const queueNames = Object.keys(queueMessageSchemas) as QueueName[];

export type QueueMessage<Q extends QueueName> = z.infer<(typeof queueMessageSchemas)[Q]>;

/** A message's body as the SDK sends it. */
export function encodeMessage<Q extends QueueName>(queue: Q, message: QueueMessage<Q>): string {
  return JSON.stringify(queueMessageSchemas[queue].parse(message));
}

export type DecodeResult<T> = { ok: true; message: T } | { ok: false; reason: string };

/** Parses a received body; a body that is not JSON or not the queue's shape is reported, never thrown. */
export function decodeMessage<T>(schema: z.ZodType<T>, body: string): DecodeResult<T> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'message body is not JSON' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
    return { ok: false, reason: `message body is invalid: ${issues}` };
  }
  return { ok: true, message: parsed.data };
}
