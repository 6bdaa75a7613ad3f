/**
 * What crawler_jobs and job_applications share as queued work: a row is committed first and its
 * message sent after (enqueued_at marks a successful send), a worker claims it with a lease, and the
 * sweeper sends again what was never sent or whose worker vanished. The SQL differs between the two
 * tables only by table and status names, which come from the constants below, never from input.
 */
import type { Db } from '../data/types';
import { arrayLiteral } from '../data/values';
import type { QueueMessage, QueueName } from './messages';
import type { QueueSender } from './send';

export interface WorkTable<Q extends QueueName> {
  table: 'crawler_jobs' | 'job_applications';
  queue: Q;
  /** Waiting for a worker: queued / pending. */
  waiting: string;
  /** A worker holds the lease: running / in_progress. */
  working: string;
  /**
   * Claims after which a row whose worker vanished again is failed instead of re-sent: a run that
   * kills its worker every time (a page that crashes the browser) must not loop between the
   * dead-letter queue and the sweeper.
   */
  maxAttempts: number;
  message(id: number): QueueMessage<Q>;
  idOf(message: QueueMessage<Q>): number;
}

/** Why a row the worker tried to claim was not claimed. */
export type Unclaimed =
  /** The row is gone (its user was deleted): nothing to do. */
  | { kind: 'missing' }
  /** Already finished (or withdrawn): the message is a duplicate, acknowledged without work. */
  | { kind: 'finished'; status: string }
  /** Another worker holds a live lease: this delivery comes back later, when the row is finished or its lease has run out. */
  | { kind: 'busy'; leaseExpiresAt: string };

/** Classifies a row that the guarded claim did not take. */
export async function unclaimed(db: Db, t: WorkTable<QueueName>, id: number): Promise<Unclaimed> {
  const row = await db.maybeOne<{ status: string; lease_expires_at: string | null; live: boolean }>(
    `select status::text as status, lease_expires_at, coalesce(lease_expires_at > now(), false) as live from ${t.table} where id = :id`,
    { id },
  );
  if (!row) return { kind: 'missing' };
  if (row.status === t.working && row.live) return { kind: 'busy', leaseExpiresAt: String(row.lease_expires_at) };
  // A waiting row, or a working one whose lease ended between the claim and this read: a race lost to another worker.
  if (row.status === t.waiting || row.status === t.working) return { kind: 'busy', leaseExpiresAt: String(row.lease_expires_at ?? '') };
  return { kind: 'finished', status: row.status };
}

/** Thrown when a claimed row is no longer this worker's (its lease ran out and another run took it). */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

/** Thrown for a delivery whose row another worker is running: the message comes back after its visibility timeout. */
export class RowBusyError extends Error {
  override readonly name = 'RowBusyError';
}

/** Records that a row's message was sent (the outbox mark). Only for rows still waiting. */
export async function markEnqueued(db: Db, t: WorkTable<QueueName>, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const { rowsAffected } = await db.execute(
    `update ${t.table} set enqueued_at = now() where id = any(cast(:ids as bigint[])) and status = '${t.waiting}'`,
    { ids: arrayLiteral(ids) },
  );
  return rowsAffected;
}

export interface EnqueueResult {
  sent: number[];
  /** Rows whose send failed: they stay waiting without enqueued_at, and the sweeper sends them again. */
  failed: Array<{ id: number; reason: string }>;
}

/** Sends the rows' messages (ten to a request) and marks the ones sent. Rows must be committed already. */
export async function enqueue<Q extends QueueName>(db: Db, t: WorkTable<Q>, sender: QueueSender, ids: number[]): Promise<EnqueueResult> {
  if (ids.length === 0) return { sent: [], failed: [] };
  const out = await sender.sendBatch(t.queue, ids.map((id) => t.message(id)));
  const sent = out.sent.map((s) => t.idOf(s.message));
  await markEnqueued(db, t, sent);
  return { sent, failed: out.failed.map((f) => ({ id: t.idOf(f.message), reason: `${f.code}: ${f.reason}` })) };
}

export interface SweepOptions {
  /** A waiting row younger than this may still be mid-send by its producer (seconds; default 60). */
  unsentAfterSeconds?: number;
  /** Rows handled per sweep (default 500): a backlog is worked off over successive runs. */
  limit?: number;
}

export interface SweepResult {
  /** Waiting rows never sent, sent now. */
  resent: number[];
  /** Working rows whose lease ran out, put back to waiting and sent again. */
  requeued: number[];
  /** Working rows whose lease ran out after maxAttempts claims: failed, with the reason. */
  abandoned: number[];
  /** Rows whose send failed again: left waiting without enqueued_at, for the next sweep. */
  failed: Array<{ id: number; reason: string }>;
}

const LEASE_RAN_OUT = 'the previous attempt stopped without finishing (its lease ran out); queued again';

/**
 * Sends again what was never sent and takes back what a vanished worker held. Rows are locked while
 * their messages are sent (FOR UPDATE SKIP LOCKED), so two sweeps at once share the rows out and
 * never both send one; a sweep that dies mid-way rolls back and leaves its rows for the next.
 */
export async function sweep<Q extends QueueName>(db: Db, t: WorkTable<Q>, sender: QueueSender, options: SweepOptions = {}): Promise<SweepResult> {
  const limit = options.limit ?? 500;
  return db.transaction(async (tx) => {
    const abandoned = await tx.query<{ id: number }>(
      `with expired as (
         select id from ${t.table}
          where status = '${t.working}' and lease_expires_at < now() and attempts >= :max_attempts
          limit :limit
          for update skip locked
       )
       update ${t.table} w
          set status = 'failed', lease_expires_at = null,
              error_message = 'gave up after ' || w.attempts || ' attempts: each one stopped without finishing (the worker crashed or timed out)'
         from expired
        where w.id = expired.id
       returning w.id`,
      { limit, max_attempts: t.maxAttempts },
    );
    const requeued = await tx.query<{ id: number }>(
      `with expired as (
         select id from ${t.table}
          where status = '${t.working}' and lease_expires_at < now()
          order by lease_expires_at
          limit :limit
          for update skip locked
       )
       update ${t.table} w
          set status = '${t.waiting}', lease_expires_at = null, enqueued_at = null, error_message = :reason
         from expired
        where w.id = expired.id
       returning w.id`,
      { limit, reason: LEASE_RAN_OUT },
    );
    const unsent = await tx.query<{ id: number }>(
      `select id from ${t.table}
        where status = '${t.waiting}' and enqueued_at is null and created_at < now() - make_interval(secs => :age)
        order by created_at
        limit :limit
        for update skip locked`,
      { age: options.unsentAfterSeconds ?? 60, limit },
    );
    const requeuedIds = requeued.map((r) => r.id);
    const requeuedSet = new Set(requeuedIds);
    const resentIds = unsent.map((r) => r.id).filter((id) => !requeuedSet.has(id));
    const { sent, failed } = await enqueue(tx, t, sender, [...requeuedIds, ...resentIds]);
    const sentSet = new Set(sent);
    return {
      abandoned: abandoned.map((r) => r.id),
      resent: resentIds.filter((id) => sentSet.has(id)),
      requeued: requeuedIds.filter((id) => sentSet.has(id)),
      failed,
    };
  });
}

/**
 * On a message's last receive: the row fails with the reason, unless another worker holds a live
 * lease on it (then that worker finishes it) or it is finished already.
 */
export async function giveUpRow(db: Db, t: WorkTable<QueueName>, id: number, reason: string): Promise<boolean> {
  const { rowsAffected } = await db.execute(
    `update ${t.table}
        set status = 'failed', error_message = :reason, lease_expires_at = null
      where id = :id
        and (status = '${t.waiting}' or (status = '${t.working}' and (lease_expires_at is null or lease_expires_at <= now())))`,
    { id, reason },
  );
  return rowsAffected > 0;
}

/**
 * A run that failed in a way worth another try hands its row back (waiting, lease dropped, the reason
 * kept for the user) and the message comes back after its visibility timeout.
 */
export async function releaseRow(db: Db, t: WorkTable<QueueName>, id: number, attempt: number, reason: string): Promise<boolean> {
  const { rowsAffected } = await db.execute(
    `update ${t.table} set status = '${t.waiting}', lease_expires_at = null, error_message = :reason
      where id = :id and status = '${t.working}' and attempts = :attempt`,
    { id, attempt, reason },
  );
  return rowsAffected > 0;
}

/**
 * A work table's outbox and recovery steps bound to it, so that each table names them once
 * (enqueueCrawls, sweepApplications, ...) instead of wrapping every step by hand.
 */
export function workTableSteps<Q extends QueueName>(t: WorkTable<Q>) {
  return {
    /** After a successful send of the rows' messages. */
    markEnqueued: (db: Db, ids: number[]) => markEnqueued(db, t, ids),
    /** Sends committed rows' messages and marks the ones sent; the others are left to the sweeper. */
    enqueue: (db: Db, sender: QueueSender, ids: number[]) => enqueue(db, t, sender, ids),
    /** Re-sends rows never sent, and takes back rows whose worker vanished. */
    sweep: (db: Db, sender: QueueSender, options?: SweepOptions) => sweep(db, t, sender, options),
    /** On the last receive: the row fails with the reason (unless another run holds it or it finished). */
    giveUp: (db: Db, id: number, reason: string) => giveUpRow(db, t, id, reason),
    /** A run that threw hands its row back to waiting with the reason; the message comes back for another try. */
    release: (db: Db, id: number, attempt: number, reason: string) => releaseRow(db, t, id, attempt, reason),
  };
}
