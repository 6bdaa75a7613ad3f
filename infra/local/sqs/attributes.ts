/**
 * Queue attributes: reading the string map CreateQueue and SetQueueAttributes take, and writing the
 * map GetQueueAttributes returns. FIFO queues are refused: the platform uses standard queues only.
 */
import type { Broker } from './broker';
import { errors } from './errors';
import type { QueueAttributes, QueueMeta, RedrivePolicy } from './model';

const INTEGER_ATTRIBUTES: Record<string, [min: number, max: number]> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, 1_048_576],
  MessageRetentionPeriod: [60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43_200],
};
const PASSTHROUGH = new Set(['Policy', 'RedriveAllowPolicy', 'KmsMasterKeyId', 'KmsDataKeyReusePeriodSeconds', 'SqsManagedSseEnabled']);
const FIFO_ONLY = new Set(['ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']);
export function defaultAttributes(): QueueAttributes {
  return {
    DelaySeconds: 0,
    MaximumMessageSize: 262_144,
    MessageRetentionPeriod: 345_600,
    ReceiveMessageWaitTimeSeconds: 0,
    VisibilityTimeout: 30,
    passthrough: { SqsManagedSseEnabled: 'true' },
  };
}

/** `base` with the given attributes applied; throws the service's error for a bad name or value. */
export function applyAttributes(base: QueueAttributes, given: Record<string, string>, broker: Broker): QueueAttributes {
  const next: QueueAttributes = { ...base, passthrough: { ...base.passthrough } };
  for (const [name, value] of Object.entries(given)) {
    const range = INTEGER_ATTRIBUTES[name];
    if (range) {
      const n = /^\d+$/.test(value) ? Number(value) : NaN;
      if (!(n >= range[0] && n <= range[1])) {
        throw errors.invalidAttributeValue(name, `must be an integer from ${range[0]} to ${range[1]}.`);
      }
      (next as unknown as Record<string, number>)[name] = n;
    } else if (name === 'RedrivePolicy') {
      if (value === '') delete next.RedrivePolicy;
      else next.RedrivePolicy = parseRedrivePolicy(value, broker);
    } else if (name === 'FifoQueue') {
      if (value === 'true') throw errors.unsupportedOperation('A FIFO queue');
      if (value !== 'false') throw errors.invalidAttributeValue(name, 'must be true or false.');
    } else if (FIFO_ONLY.has(name)) {
      throw errors.invalidAttributeName(name);
    } else if (PASSTHROUGH.has(name)) {
      next.passthrough[name] = value;
    } else {
      throw errors.invalidAttributeName(name);
    }
  }
  return next;
}

function parseRedrivePolicy(value: string, broker: Broker): RedrivePolicy {
  const invalid = (reason: string) => errors.invalidValue('RedrivePolicy', value, reason);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalid('Redrive policy is not a valid JSON map.');
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid('Redrive policy is not a valid JSON map.');
  const { deadLetterTargetArn, maxReceiveCount } = parsed as Record<string, unknown>;
  if (typeof deadLetterTargetArn !== 'string') throw invalid('Redrive policy does not contain mandatory attribute: deadLetterTargetArn.');
  const count = typeof maxReceiveCount === 'string' && /^\d+$/.test(maxReceiveCount) ? Number(maxReceiveCount) : maxReceiveCount;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1000) {
    throw invalid('Invalid value for maxReceiveCount: must be an integer from 1 to 1000.');
  }
  const target = broker.nameFromArn(deadLetterTargetArn);
  if (target === undefined || !broker.has(target)) throw invalid('Dead letter target does not exist.');
  return { deadLetterTargetArn, maxReceiveCount: count };
}

/** Whether every given attribute already has the given value (CreateQueue on an existing name). */
export function sameAttributes(existing: QueueAttributes, given: Record<string, string>, broker: Broker): boolean {
  const applied = applyAttributes(existing, given, broker);
  return JSON.stringify(applied) === JSON.stringify(existing);
}

const ALL_READABLE = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
  ...Object.keys(INTEGER_ATTRIBUTES),
  'RedrivePolicy',
  ...PASSTHROUGH,
];

export function readAttributes(meta: QueueMeta, names: string[], broker: Broker): Record<string, string> {
  for (const name of names) {
    if (name !== 'All' && !ALL_READABLE.includes(name) && name !== 'FifoQueue' && !FIFO_ONLY.has(name)) throw errors.invalidAttributeName(name);
  }
  const wanted = names.includes('All') ? ALL_READABLE : names;
  const counts = wanted.some((n) => n.startsWith('ApproximateNumber')) ? broker.counts(meta.name) : undefined;
  const a = meta.attributes;
  const out: Record<string, string> = {};
  for (const name of wanted) {
    switch (name) {
      case 'ApproximateNumberOfMessages':
        out[name] = String(counts!.visible);
        break;
      case 'ApproximateNumberOfMessagesNotVisible':
        out[name] = String(counts!.inFlight);
        break;
      case 'ApproximateNumberOfMessagesDelayed':
        out[name] = String(counts!.delayed);
        break;
      case 'CreatedTimestamp':
        out[name] = String(Math.floor(meta.createdAt / 1000));
        break;
      case 'LastModifiedTimestamp':
        out[name] = String(Math.floor(meta.lastModifiedAt / 1000));
        break;
      case 'QueueArn':
        out[name] = broker.arn(meta.name);
        break;
      case 'RedrivePolicy':
        if (a.RedrivePolicy) out[name] = JSON.stringify(a.RedrivePolicy);
        break;
      default:
        if (name in INTEGER_ATTRIBUTES) out[name] = String((a as unknown as Record<string, number>)[name]);
        else if (a.passthrough[name] !== undefined) out[name] = a.passthrough[name]!;
    }
  }
  return out;
}
