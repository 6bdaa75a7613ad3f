/**
 * Processing the records of one SQS batch independently: each record is decoded and handled on its
 * own, a failure is reported for that record only (ReportBatchItemFailures), and on a record's last
 * receive (the next failure sends it to the dead-letter queue) the reason is handed to a give-up hook
 * so it can be recorded on the row the message names. Plain TypeScript: no AWS, no middy.
 */
import type { SQSBatchItemFailure, SQSBatchResponse, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { decodeMessage } from './messages';

/** The logging a record handler needs: structured, with the record's keys already on every line. */
export interface RecordLog {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export interface RecordInfo {
  messageId: string;
  /** How many times SQS has handed this message out, this time included. */
  receiveCount: number;
  /** This is the last receive: if it fails, SQS moves the message to the dead-letter queue. */
  isLastAttempt: boolean;
  log: RecordLog;
}

export interface GiveUp<T> extends RecordInfo {
  /** The decoded message, or undefined when the body itself was invalid. */
  message: T | undefined;
  body: string;
  reason: string;
  /** What was thrown, when processing threw (undefined for an invalid body). */
  error?: unknown;
}

export interface RecordProcessing<T> {
  schema: z.ZodType<T>;
  maxReceiveCount: number;
  process(message: T, record: RecordInfo): Promise<void>;
  /** Records why a message is given up on its row; its own failure is logged, never thrown. */
  onGiveUp?(failure: GiveUp<T>): Promise<void>;
  /** Records handled at once; 1 by default (a browser worker does one thing at a time). */
  concurrency?: number;
  /** A logger for one record, carrying its message id and receive count. */
  logFor(record: { messageId: string; receiveCount: number }): RecordLog;
}

export async function processRecords<T>(records: SQSRecord[], options: RecordProcessing<T>): Promise<SQSBatchResponse> {
  const failures: SQSBatchItemFailure[] = [];
  const queue = [...records];
  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 1, records.length)) }, async () => {
    for (let record = queue.shift(); record; record = queue.shift()) {
      if (!(await processRecord(record, options))) failures.push({ itemIdentifier: record.messageId });
    }
  });
  await Promise.all(workers);
  // Report in batch order, whatever order concurrent records finished in.
  const order = new Map(records.map((r, i) => [r.messageId, i]));
  failures.sort((a, b) => order.get(a.itemIdentifier)! - order.get(b.itemIdentifier)!);
  return { batchItemFailures: failures };
}

/** True when the record succeeded (and may be deleted). */
async function processRecord<T>(record: SQSRecord, options: RecordProcessing<T>): Promise<boolean> {
  const receiveCount = Math.max(1, Number.parseInt(record.attributes?.ApproximateReceiveCount ?? '1', 10) || 1);
  const log = options.logFor({ messageId: record.messageId, receiveCount });
  const info: RecordInfo = { messageId: record.messageId, receiveCount, isLastAttempt: receiveCount >= options.maxReceiveCount, log };
  const decoded = decodeMessage(options.schema, record.body);
  if (!decoded.ok) {
    // A poison message never succeeds; it still goes through its receives so it ends in the dead-letter queue, where an operator sees it.
    log.error('message rejected', { reason: decoded.reason, isLastAttempt: info.isLastAttempt });
    await giveUp(options, info, { message: undefined, body: record.body, reason: decoded.reason });
    return false;
  }
  const started = Date.now();
  try {
    await options.process(decoded.message, info);
    log.info('message processed', { durationMs: Date.now() - started });
    return true;
  } catch (error) {
    const reason = describe(error);
    log.error('message failed', { reason, isLastAttempt: info.isLastAttempt, durationMs: Date.now() - started });
    await giveUp(options, info, { message: decoded.message, body: record.body, reason, error });
    return false;
  }
}

async function giveUp<T>(options: RecordProcessing<T>, info: RecordInfo, failure: Pick<GiveUp<T>, 'message' | 'body' | 'reason' | 'error'>): Promise<void> {
  if (!info.isLastAttempt || !options.onGiveUp) return;
  try {
    await options.onGiveUp({ ...info, ...failure });
    info.log.warn('message given up: it goes to the dead-letter queue', { reason: failure.reason });
  } catch (error) {
    info.log.error('could not record why the message was given up', { reason: failure.reason, error: describe(error) });
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
