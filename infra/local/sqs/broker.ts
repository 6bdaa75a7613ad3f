/**
 * The queues and their messages, with SQS's standard-queue semantics: delays, visibility timeouts,
 * receive counts, retention, and the move to the dead-letter queue when a message that has been
 * received maxReceiveCount times is about to be received again. All state changes go through
 * `commit`, which applies a record and hands it to the journal.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { errors } from './errors';
import type { Journal } from './journal';
import type { MessageAttributeValue } from './md5';
import { md5OfBody } from './md5';
import type { JournalRecord, QueueAttributes, QueueMeta, StoredMessage } from './model';

interface QueueState {
  meta: QueueMeta;
  /** In send order: a standard queue hands out the oldest visible messages first (best effort). */
  messages: Map<string, StoredMessage>;
}

export interface NewMessage {
  body: string;
  delaySeconds: number;
  messageAttributes?: Record<string, MessageAttributeValue>;
  awsTraceHeader?: string;
}

export interface Received {
  message: StoredMessage;
  receiptHandle: string;
}

export interface QueueCounts {
  visible: number;
  inFlight: number;
  delayed: number;
}

export class Broker {
  private readonly queues = new Map<string, QueueState>();
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(
    readonly region: string,
    readonly accountId: string,
    private readonly journal: Journal,
  ) {}

  arn(name: string): string {
    return `arn:aws:sqs:${this.region}:${this.accountId}:${name}`;
  }

  /** The queue name an ARN of this endpoint names, or undefined. */
  nameFromArn(arn: string): string | undefined {
    const prefix = `arn:aws:sqs:${this.region}:${this.accountId}:`;
    return arn.startsWith(prefix) ? arn.slice(prefix.length) : undefined;
  }

  // --- replay and persistence ---

  apply(record: JournalRecord): void {
    switch (record.op) {
      case 'queue': {
        const existing = this.queues.get(record.queue.name);
        if (existing) existing.meta = record.queue;
        else this.queues.set(record.queue.name, { meta: record.queue, messages: new Map() });
        break;
      }
      case 'dropQueue':
        this.queues.delete(record.name);
        break;
      case 'put': {
        const q = this.queues.get(record.queue);
        // Map.set on an existing key keeps its place: a redelivered message keeps its send order.
        if (q) q.messages.set(record.message.id, record.message);
        break;
      }
      case 'delete':
        this.queues.get(record.queue)?.messages.delete(record.id);
        break;
      case 'purge': {
        const q = this.queues.get(record.queue);
        if (q) {
          q.messages.clear();
          q.meta = { ...q.meta, lastPurgeAt: record.at };
        }
        break;
      }
    }
  }

  /** The whole state as records, for a snapshot. */
  snapshot(): JournalRecord[] {
    const records: JournalRecord[] = [];
    for (const q of this.queues.values()) {
      records.push({ op: 'queue', queue: q.meta });
      for (const message of q.messages.values()) records.push({ op: 'put', queue: q.meta.name, message });
    }
    return records;
  }

  private commit(record: JournalRecord): void {
    this.apply(record);
    this.journal.append(record);
  }

  // --- queues ---

  has(name: string): boolean {
    return this.queues.has(name);
  }

  names(): string[] {
    return [...this.queues.keys()].sort();
  }

  meta(name: string): QueueMeta {
    const q = this.queues.get(name);
    if (!q) throw errors.queueDoesNotExist();
    return q.meta;
  }

  private queue(name: string): QueueState {
    const q = this.queues.get(name);
    if (!q) throw errors.queueDoesNotExist();
    return q;
  }

  putQueue(name: string, attributes: QueueAttributes, tags: Record<string, string>): QueueMeta {
    const now = Date.now();
    const existing = this.queues.get(name)?.meta;
    const meta: QueueMeta = existing
      ? { ...existing, attributes, tags, lastModifiedAt: now }
      : { name, createdAt: now, lastModifiedAt: now, attributes, tags };
    this.commit({ op: 'queue', queue: meta });
    return meta;
  }

  dropQueue(name: string): void {
    this.queue(name);
    this.commit({ op: 'dropQueue', name });
    this.notify(name);
  }

  purge(name: string): void {
    const q = this.queue(name);
    const now = Date.now();
    if (q.meta.lastPurgeAt !== undefined && now - q.meta.lastPurgeAt < 60_000) throw errors.purgeQueueInProgress(name);
    this.commit({ op: 'purge', queue: name, at: now });
  }

  /** Queues whose redrive policy names `name` as their dead-letter queue. */
  sourcesOf(name: string): string[] {
    const arn = this.arn(name);
    return this.names().filter((n) => this.queues.get(n)!.meta.attributes.RedrivePolicy?.deadLetterTargetArn === arn);
  }

  counts(name: string): QueueCounts {
    const q = this.queue(name);
    const now = Date.now();
    this.dropExpired(q, now);
    const counts: QueueCounts = { visible: 0, inFlight: 0, delayed: 0 };
    for (const m of q.messages.values()) {
      if (m.visibleAt <= now) counts.visible++;
      else if (m.receipt !== undefined) counts.inFlight++;
      else counts.delayed++;
    }
    return counts;
  }

  // --- messages ---

  send(name: string, input: NewMessage): StoredMessage {
    const q = this.queue(name);
    const now = Date.now();
    const message: StoredMessage = {
      id: randomUUID(),
      body: input.body,
      md5OfBody: md5OfBody(input.body),
      ...(input.messageAttributes && Object.keys(input.messageAttributes).length > 0 ? { messageAttributes: input.messageAttributes } : {}),
      ...(input.awsTraceHeader !== undefined ? { awsTraceHeader: input.awsTraceHeader } : {}),
      sentAt: now,
      visibleAt: now + input.delaySeconds * 1000,
      receiveCount: 0,
    };
    this.commit({ op: 'put', queue: q.meta.name, message });
    this.notify(name);
    return message;
  }

  /** Takes up to `max` visible messages and makes them invisible for `visibilitySeconds`; never waits. */
  receive(name: string, max: number, visibilitySeconds: number): Received[] {
    const q = this.queue(name);
    const now = Date.now();
    this.dropExpired(q, now);
    const redrive = q.meta.attributes.RedrivePolicy;
    const deadLetterName = redrive ? this.nameFromArn(redrive.deadLetterTargetArn) : undefined;
    const deadLetter = deadLetterName !== undefined && deadLetterName !== name ? this.queues.get(deadLetterName) : undefined;
    const taken: Received[] = [];
    for (const m of [...q.messages.values()]) {
      if (taken.length >= max) break;
      if (m.visibleAt > now) continue;
      if (redrive && deadLetter && m.receiveCount >= redrive.maxReceiveCount) {
        this.moveToDeadLetter(q, deadLetter, m, now);
        continue;
      }
      const nonce = randomBytes(12).toString('hex');
      const next: StoredMessage = {
        ...m,
        receiveCount: m.receiveCount + 1,
        firstReceiveAt: m.firstReceiveAt ?? now,
        visibleAt: now + visibilitySeconds * 1000,
        receipt: nonce,
      };
      this.commit({ op: 'put', queue: name, message: next });
      taken.push({ message: next, receiptHandle: encodeReceiptHandle(name, m.id, nonce) });
    }
    return taken;
  }

  /** Deletes the message a receipt handle names, if that handle is still its latest; a stale or spent handle is a no-op, as on SQS. */
  delete(name: string, receiptHandle: string): void {
    const q = this.queue(name);
    const ref = decodeReceiptHandle(receiptHandle, name);
    const m = q.messages.get(ref.id);
    if (m && m.receipt === ref.nonce) this.commit({ op: 'delete', queue: name, id: m.id });
  }

  changeVisibility(name: string, receiptHandle: string, visibilitySeconds: number): void {
    const q = this.queue(name);
    const ref = decodeReceiptHandle(receiptHandle, name);
    const m = q.messages.get(ref.id);
    if (!m) {
      throw errors.invalidValue('ReceiptHandle', receiptHandle, 'Message does not exist or is not available for visibility timeout change.');
    }
    const now = Date.now();
    if (m.receipt !== ref.nonce || m.visibleAt <= now) throw errors.messageNotInflight();
    this.commit({ op: 'put', queue: name, message: { ...m, visibleAt: now + visibilitySeconds * 1000 } });
    if (visibilitySeconds === 0) this.notify(name);
  }

  private moveToDeadLetter(source: QueueState, target: QueueState, m: StoredMessage, now: number): void {
    // Put before delete: a crash between the two leaves a duplicate, never a loss.
    const { receipt: _receipt, ...rest } = m;
    const moved: StoredMessage = { ...rest, visibleAt: now, deadLetterSourceArn: this.arn(source.meta.name) };
    this.commit({ op: 'put', queue: target.meta.name, message: moved });
    this.commit({ op: 'delete', queue: source.meta.name, id: m.id });
    this.notify(target.meta.name);
  }

  private dropExpired(q: QueueState, now: number): void {
    const retentionMs = q.meta.attributes.MessageRetentionPeriod * 1000;
    for (const m of [...q.messages.values()]) {
      if (m.sentAt + retentionMs <= now) this.commit({ op: 'delete', queue: q.meta.name, id: m.id });
    }
  }

  // --- long polling ---

  /** When the next invisible message of a queue becomes visible, if any. */
  nextVisibleAt(name: string): number | undefined {
    const q = this.queues.get(name);
    if (!q) return undefined;
    const now = Date.now();
    let next: number | undefined;
    for (const m of q.messages.values()) if (m.visibleAt > now && (next === undefined || m.visibleAt < next)) next = m.visibleAt;
    return next;
  }

  /** Resolves when the queue changes, at `until` (epoch ms), or when aborted, whichever is first. */
  waitForChange(name: string, until: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiters.get(name);
      if (!set) this.waiters.set(name, (set = new Set()));
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        set!.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(1, until - Date.now()));
      signal.addEventListener('abort', done, { once: true });
      set.add(done);
    });
  }

  private notify(name: string): void {
    for (const wake of [...(this.waiters.get(name) ?? [])]) wake();
  }
}

const RECEIPT = /^([A-Za-z0-9_-]{1,80})\|([0-9a-f-]{36})\|([0-9a-f]{24})$/;

export function encodeReceiptHandle(queue: string, id: string, nonce: string): string {
  return Buffer.from(`${queue}|${id}|${nonce}`, 'utf8').toString('base64');
}

/** A handle of this endpoint for this queue, or ReceiptHandleIsInvalid. */
export function decodeReceiptHandle(handle: string, queue: string): { id: string; nonce: string } {
  const match = RECEIPT.exec(Buffer.from(handle, 'base64').toString('utf8'));
  if (!match || match[1] !== queue || encodeReceiptHandle(match[1]!, match[2]!, match[3]!) !== handle) {
    throw errors.receiptHandleIsInvalid(handle);
  }
  return { id: match[2]!, nonce: match[3]! };
}
