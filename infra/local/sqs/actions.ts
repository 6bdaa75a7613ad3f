/**
 * The SQS actions the local endpoint serves, each reading its request members as the service does
 * and answering with the JSON protocol's output members.
 */
import { applyAttributes, defaultAttributes, readAttributes, sameAttributes } from './attributes';
import type { Broker } from './broker';
import { errors, SqsError } from './errors';
import type { Input } from './input';
import { md5OfAttributes } from './md5';
import {
  checkBody,
  checkSystemAttributeNames,
  formatReceived,
  messageSize,
  parseMessageAttributes,
  parseSystemAttributes,
} from './messages';

export interface ActionContext {
  broker: Broker;
  /** This endpoint's URL for a queue: `${endpoint}/${account}/${name}`. */
  queueUrl(name: string): string;
  /** Aborted when the client goes away or the endpoint stops: a long poll then ends without taking messages. */
  signal: AbortSignal;
}

type Output = Record<string, unknown>;
type Action = (input: Input, ctx: ActionContext) => Output | Promise<Output>;

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

function queueName(input: Input, ctx: ActionContext): string {
  const url = input.string('QueueUrl');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw errors.invalidAddress(url);
  }
  const parts = parsed.pathname.split('/').filter(Boolean);
  if (parts.length !== 2 || !/^\d{12}$/.test(parts[0]!) || !QUEUE_NAME.test(parts[1]!)) throw errors.invalidAddress(url);
  if (parts[0] !== ctx.broker.accountId || !ctx.broker.has(parts[1]!)) throw errors.queueDoesNotExist();
  return parts[1]!;
}

/** Runs each batch entry on its own: an entry's failure is reported in Failed, the others go on. */
function batch(entries: Input[], run: (entry: Input) => Output): Output {
  const Successful: Output[] = [];
  const Failed: Output[] = [];
  for (const entry of entries) {
    const Id = entry.string('Id');
    try {
      Successful.push({ Id, ...run(entry) });
    } catch (error) {
      if (!(error instanceof SqsError)) throw error;
      Failed.push({ Id, SenderFault: error.fault === 'Sender', Code: error.queryCode, Message: error.message });
    }
  }
  return { Successful, Failed };
}

function sendOne(name: string, input: Input, ctx: ActionContext): Output {
  const meta = ctx.broker.meta(name);
  const body = input.string('MessageBody');
  checkBody(body);
  if (input.has('MessageGroupId') || input.has('MessageDeduplicationId')) {
    throw errors.invalidParameterValue('The request include parameter that is not valid for this queue type.');
  }
  const delaySeconds = input.int('DelaySeconds', 0, 900, 'Value must be between 0 and 900 seconds.') ?? meta.attributes.DelaySeconds;
  const messageAttributes = parseMessageAttributes(input.raw('MessageAttributes'));
  const { awsTraceHeader } = parseSystemAttributes(input.raw('MessageSystemAttributes'));
  const limit = meta.attributes.MaximumMessageSize;
  if (messageSize(body, messageAttributes) > limit) {
    throw errors.invalidParameterValue(`One or more parameters are invalid. Reason: Message must be shorter than ${limit} bytes.`);
  }
  const message = ctx.broker.send(name, { body, delaySeconds, messageAttributes, awsTraceHeader });
  const out: Output = { MessageId: message.id, MD5OfMessageBody: message.md5OfBody };
  const attributesMd5 = message.messageAttributes ? md5OfAttributes(message.messageAttributes) : undefined;
  if (attributesMd5) out.MD5OfMessageAttributes = attributesMd5;
  if (awsTraceHeader !== undefined) {
    out.MD5OfMessageSystemAttributes = md5OfAttributes({ AWSTraceHeader: { DataType: 'String', StringValue: awsTraceHeader } });
  }
  return out;
}

const VISIBILITY_RANGE = 'Must be between 0 and 43200 seconds.';

export const actions: Record<string, Action> = {
  CreateQueue(input, { broker, queueUrl }) {
    const name = input.string('QueueName');
    if (name.endsWith('.fifo')) throw errors.unsupportedOperation('A FIFO queue');
    if (!QUEUE_NAME.test(name)) {
      throw errors.invalidParameterValue('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
    }
    const given = input.stringMap('Attributes');
    const tags = input.stringMap('tags');
    if (broker.has(name)) {
      if (!sameAttributes(broker.meta(name).attributes, given, broker)) throw errors.queueNameExists(name);
      return { QueueUrl: queueUrl(name) };
    }
    broker.putQueue(name, applyAttributes(defaultAttributes(), given, broker), tags);
    return { QueueUrl: queueUrl(name) };
  },

  GetQueueUrl(input, { broker, queueUrl }) {
    const name = input.string('QueueName');
    const owner = input.optionalString('QueueOwnerAWSAccountId');
    if ((owner !== undefined && owner !== broker.accountId) || !broker.has(name)) throw errors.queueDoesNotExist();
    return { QueueUrl: queueUrl(name) };
  },

  ListQueues(input, { broker, queueUrl }) {
    const prefix = input.optionalString('QueueNamePrefix') ?? '';
    const max = input.int('MaxResults', 1, 1000, 'Must be between 1 and 1000.');
    const token = input.optionalString('NextToken');
    const names = broker.names().filter((n) => n.startsWith(prefix) && (token === undefined || n > token));
    const page = max === undefined ? names.slice(0, 1000) : names.slice(0, max);
    const out: Output = {};
    if (page.length > 0) out.QueueUrls = page.map(queueUrl);
    if (max !== undefined && names.length > page.length) out.NextToken = page[page.length - 1];
    return out;
  },

  DeleteQueue(input, ctx) {
    ctx.broker.dropQueue(queueName(input, ctx));
    return {};
  },

  GetQueueAttributes(input, ctx) {
    const name = queueName(input, ctx);
    const attributes = readAttributes(ctx.broker.meta(name), input.stringList('AttributeNames'), ctx.broker);
    return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
  },

  SetQueueAttributes(input, ctx) {
    const name = queueName(input, ctx);
    const given = input.stringMap('Attributes');
    if (!input.has('Attributes')) throw errors.missingParameter('Attributes');
    if ('FifoQueue' in given) throw errors.invalidAttributeName('FifoQueue');
    const meta = ctx.broker.meta(name);
    ctx.broker.putQueue(name, applyAttributes(meta.attributes, given, ctx.broker), meta.tags);
    return {};
  },

  PurgeQueue(input, ctx) {
    ctx.broker.purge(queueName(input, ctx));
    return {};
  },

  ListDeadLetterSourceQueues(input, ctx) {
    const name = queueName(input, ctx);
    const max = input.int('MaxResults', 1, 1000, 'Must be between 1 and 1000.');
    const token = input.optionalString('NextToken');
    const sources = ctx.broker.sourcesOf(name).filter((n) => token === undefined || n > token);
    const page = max === undefined ? sources.slice(0, 1000) : sources.slice(0, max);
    const out: Output = { queueUrls: page.map(ctx.queueUrl) };
    if (max !== undefined && sources.length > page.length) out.NextToken = page[page.length - 1];
    return out;
  },

  TagQueue(input, ctx) {
    const name = queueName(input, ctx);
    if (!input.has('Tags')) throw errors.missingParameter('Tags');
    const meta = ctx.broker.meta(name);
    ctx.broker.putQueue(name, meta.attributes, { ...meta.tags, ...input.stringMap('Tags') });
    return {};
  },

  UntagQueue(input, ctx) {
    const name = queueName(input, ctx);
    if (!input.has('TagKeys')) throw errors.missingParameter('TagKeys');
    const meta = ctx.broker.meta(name);
    const remove = new Set(input.stringList('TagKeys'));
    ctx.broker.putQueue(name, meta.attributes, Object.fromEntries(Object.entries(meta.tags).filter(([k]) => !remove.has(k))));
    return {};
  },

  ListQueueTags(input, ctx) {
    const tags = ctx.broker.meta(queueName(input, ctx)).tags;
    return Object.keys(tags).length > 0 ? { Tags: tags } : {};
  },

  SendMessage(input, ctx) {
    return sendOne(queueName(input, ctx), input, ctx);
  },

  SendMessageBatch(input, ctx) {
    const name = queueName(input, ctx);
    const entries = input.entries('Entries');
    const limit = ctx.broker.meta(name).attributes.MaximumMessageSize;
    let total = 0;
    for (const entry of entries) {
      const body = entry.optionalString('MessageBody') ?? '';
      total += messageSize(body, safeAttributes(entry));
    }
    if (total > limit) throw errors.batchRequestTooLong(total, limit);
    return batch(entries, (entry) => sendOne(name, entry, ctx));
  },

  async ReceiveMessage(input, ctx) {
    const name = queueName(input, ctx);
    const meta = ctx.broker.meta(name);
    const max = input.int('MaxNumberOfMessages', 1, 10, 'Must be between 1 and 10, if provided.') ?? 1;
    const visibility = input.int('VisibilityTimeout', 0, 43_200, VISIBILITY_RANGE) ?? meta.attributes.VisibilityTimeout;
    const wait = input.int('WaitTimeSeconds', 0, 20, 'Must be >= 0 and <= 20, if provided.') ?? meta.attributes.ReceiveMessageWaitTimeSeconds;
    const systemNames = [...input.stringList('AttributeNames'), ...input.stringList('MessageSystemAttributeNames')];
    checkSystemAttributeNames(systemNames);
    const shape = { systemNames, attributeNames: input.stringList('MessageAttributeNames'), senderId: ctx.broker.accountId };

    const deadline = Date.now() + wait * 1000;
    let received = ctx.signal.aborted ? [] : ctx.broker.receive(name, max, visibility);
    // Long polling: answer as soon as one message is there, or empty at the deadline.
    while (received.length === 0 && Date.now() < deadline && !ctx.signal.aborted) {
      const nextVisible = ctx.broker.nextVisibleAt(name) ?? deadline;
      await ctx.broker.waitForChange(name, Math.min(deadline, nextVisible), ctx.signal);
      // A client that went away takes nothing: its messages would otherwise vanish for a whole timeout.
      if (ctx.signal.aborted) break;
      received = ctx.broker.receive(name, max, visibility);
    }
    return received.length > 0 ? { Messages: received.map((r) => formatReceived(r, shape)) } : {};
  },

  DeleteMessage(input, ctx) {
    ctx.broker.delete(queueName(input, ctx), input.string('ReceiptHandle'));
    return {};
  },

  DeleteMessageBatch(input, ctx) {
    const name = queueName(input, ctx);
    return batch(input.entries('Entries'), (entry) => {
      ctx.broker.delete(name, entry.string('ReceiptHandle'));
      return {};
    });
  },

  ChangeMessageVisibility(input, ctx) {
    const name = queueName(input, ctx);
    const handle = input.string('ReceiptHandle');
    if (!input.has('VisibilityTimeout')) throw errors.missingParameter('VisibilityTimeout');
    ctx.broker.changeVisibility(name, handle, input.int('VisibilityTimeout', 0, 43_200, VISIBILITY_RANGE)!);
    return {};
  },

  ChangeMessageVisibilityBatch(input, ctx) {
    const name = queueName(input, ctx);
    return batch(input.entries('Entries'), (entry) => {
      const handle = entry.string('ReceiptHandle');
      if (!entry.has('VisibilityTimeout')) throw errors.missingParameter('VisibilityTimeout');
      ctx.broker.changeVisibility(name, handle, entry.int('VisibilityTimeout', 0, 43_200, VISIBILITY_RANGE)!);
      return {};
    });
  },
};

/** Actions of the SQS API that this endpoint knows but does not serve. */
export const unsupportedActions = new Set([
  'AddPermission',
  'RemovePermission',
  'StartMessageMoveTask',
  'CancelMessageMoveTask',
  'ListMessageMoveTasks',
]);

function safeAttributes(entry: Input) {
  try {
    return parseMessageAttributes(entry.raw('MessageAttributes'));
  } catch {
    return undefined; // the entry fails on its own below
  }
}
