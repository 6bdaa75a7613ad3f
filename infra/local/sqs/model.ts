/**
 * The state of the local SQS endpoint and the records that change it. Every change is one record,
 * applied in memory and appended to the journal; replaying the records rebuilds the state. Records
 * carry whole values (a put is the message as it now is), so replaying one twice changes nothing,
 * which is what makes snapshot-then-truncate compaction safe.
 */
import type { MessageAttributeValue } from './md5';

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

export interface QueueAttributes {
  DelaySeconds: number;
  MaximumMessageSize: number;
  MessageRetentionPeriod: number;
  ReceiveMessageWaitTimeSeconds: number;
  VisibilityTimeout: number;
  RedrivePolicy?: RedrivePolicy;
  /** Attributes kept and returned as given, with no local effect (Policy, KMS settings, ...). */
  passthrough: Record<string, string>;
}

export interface QueueMeta {
  name: string;
  /** Epoch milliseconds. */
  createdAt: number;
  lastModifiedAt: number;
  attributes: QueueAttributes;
  tags: Record<string, string>;
  lastPurgeAt?: number;
}

export interface StoredMessage {
  id: string;
  body: string;
  md5OfBody: string;
  messageAttributes?: Record<string, MessageAttributeValue>;
  /** The one system attribute a sender may set. */
  awsTraceHeader?: string;
  /** Epoch milliseconds of the original send (kept across a move to the dead-letter queue). */
  sentAt: number;
  /** Visible (receivable) from this instant: after a delay, or when an in-flight receive's timeout ends. */
  visibleAt: number;
  receiveCount: number;
  firstReceiveAt?: number;
  /** The nonce of the latest receive; only its receipt handle can delete the message or change its visibility. */
  receipt?: string;
  deadLetterSourceArn?: string;
}

export type JournalRecord =
  | { op: 'queue'; queue: QueueMeta }
  | { op: 'dropQueue'; name: string }
  | { op: 'put'; queue: string; message: StoredMessage }
  | { op: 'delete'; queue: string; id: string }
  | { op: 'purge'; queue: string; at: number };
