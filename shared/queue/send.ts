/**
 * Producers: send a message that names a committed row. The caller commits the row first and sends
 * after; if the send fails the row stays queued and the sweeper schedule sends it again, so a failure
 * here is reported to the caller, never hidden.
 */
import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { config } from '../config';
import { sqsClient } from './client';
import { encodeMessage, type QueueMessage, type QueueName } from './messages';

/** SQS takes at most ten entries in one SendMessageBatch. */
export const SEND_BATCH_LIMIT = 10;

export interface SendOptions {
  /** Seconds before the message becomes visible (0 to 900). */
  delaySeconds?: number;
}

export interface BatchSendResult<Q extends QueueName> {
  sent: Array<{ message: QueueMessage<Q>; messageId: string }>;
  failed: Array<{ message: QueueMessage<Q>; code: string; reason: string }>;
}

export interface QueueSender {
  /** Sends one message and returns its SQS message id; throws when SQS refuses it. */
  send<Q extends QueueName>(queue: Q, message: QueueMessage<Q>, options?: SendOptions): Promise<string>;
  /** Sends many, ten to a request; never throws for a failed entry, it reports which failed and why. */
  sendBatch<Q extends QueueName>(queue: Q, messages: QueueMessage<Q>[]): Promise<BatchSendResult<Q>>;
}

export interface QueueSenderDeps {
  client: SQSClient;
  queueUrl: (queue: QueueName) => string;
}

export function createQueueSender({ client, queueUrl }: QueueSenderDeps): QueueSender {
  return {
    async send(queue, message, options = {}) {
      const out = await client.send(
        new SendMessageCommand({
          QueueUrl: queueUrl(queue),
          MessageBody: encodeMessage(queue, message),
          DelaySeconds: options.delaySeconds,
        }),
      );
      if (!out.MessageId) throw new Error(`SQS accepted a message on ${queue} without a MessageId`);
      return out.MessageId;
    },

    async sendBatch(queue, messages) {
      const result: BatchSendResult<typeof queue> = { sent: [], failed: [] };
      for (let start = 0; start < messages.length; start += SEND_BATCH_LIMIT) {
        const chunk = messages.slice(start, start + SEND_BATCH_LIMIT);
        const entries = chunk.map((message, i) => ({ Id: `m${i}`, MessageBody: encodeMessage(queue, message) }));
        try {
          const out = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl(queue), Entries: entries }));
          for (const ok of out.Successful ?? []) {
            result.sent.push({ message: chunk[entryIndex(ok.Id)]!, messageId: ok.MessageId! });
          }
          for (const bad of out.Failed ?? []) {
            result.failed.push({ message: chunk[entryIndex(bad.Id)]!, code: bad.Code ?? 'Unknown', reason: bad.Message ?? bad.Code ?? 'failed' });
          }
        } catch (error) {
          // The whole request failed (network, throttling past the SDK's retries): every entry of it is unsent.
          const code = (error as { name?: string }).name ?? 'Error';
          const reason = (error as Error).message ?? String(error);
          for (const message of chunk) result.failed.push({ message, code, reason });
        }
      }
      return result;
    },
  };
}

function entryIndex(id: string | undefined): number {
  return Number((id ?? '').slice(1));
}

let shared: QueueSender | undefined;

function defaultSender(): QueueSender {
  shared ??= createQueueSender({ client: sqsClient(), queueUrl: config.queueUrl });
  return shared;
}

/** Sends one message on the process's queue (URL from CRAWL_QUEUE_URL / APPLY_QUEUE_URL). */
export function sendMessage<Q extends QueueName>(queue: Q, message: QueueMessage<Q>, options?: SendOptions): Promise<string> {
  return defaultSender().send(queue, message, options);
}

/** Sends many messages on the process's queue, ten to a request, reporting the ones that failed. */
export function sendMessageBatch<Q extends QueueName>(queue: Q, messages: QueueMessage<Q>[]): Promise<BatchSendResult<Q>> {
  return defaultSender().sendBatch(queue, messages);
}
