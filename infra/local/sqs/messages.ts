/**
 * A message's parts as a sender gives them (body, message attributes, system attributes), checked
 * the way SQS checks them, and as a receiver gets them back (filtered attributes, system attributes).
 */
import type { Received } from './broker';
import { errors } from './errors';
import { md5OfAttributes, type MessageAttributeValue } from './md5';
import type { StoredMessage } from './model';

/** The characters SQS accepts in a body or a string attribute. */
const INVALID_CHARACTER = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ATTRIBUTE_NAME = /^[A-Za-z0-9_.-]{1,256}$/;
const DATA_TYPE = /^(String|Number|Binary)(\.[A-Za-z0-9_.-]{1,256})?$/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

export function checkBody(body: string): void {
  if (INVALID_CHARACTER.test(body)) throw errors.invalidMessageContents();
}

export function parseMessageAttributes(raw: unknown): Record<string, MessageAttributeValue> | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw errors.invalidValue('MessageAttributes', raw, 'must be a map.');
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length > 10) {
    throw errors.invalidParameterValue(`Number of message attributes [${entries.length}] exceeds the allowed maximum [10].`);
  }
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of entries) {
    if (!ATTRIBUTE_NAME.test(name) || name.startsWith('.') || name.endsWith('.') || name.includes('..') || /^(aws\.|amazon\.)/i.test(name)) {
      throw errors.invalidParameterValue(`Message attribute name '${name}' is invalid.`);
    }
    out[name] = parseAttributeValue(`MessageAttributes.${name}`, value);
  }
  return out;
}

function parseAttributeValue(where: string, value: unknown): MessageAttributeValue {
  if (typeof value !== 'object' || value === null) throw errors.invalidValue(where, value, 'must be a structure.');
  const { DataType, StringValue, BinaryValue, StringListValues, BinaryListValues } = value as Record<string, unknown>;
  if (typeof DataType !== 'string' || DataType === '') throw errors.invalidParameterValue(`The message attribute '${where}' must contain a non-empty attribute type.`);
  if (StringListValues !== undefined || BinaryListValues !== undefined) throw errors.unsupportedOperation('A list attribute value');
  const kind = DATA_TYPE.exec(DataType)?.[1];
  if (!kind) throw errors.invalidParameterValue(`The type of message attribute '${where}' is invalid. Allowed: String, Number, Binary.`);
  if (kind === 'Binary') {
    if (typeof BinaryValue !== 'string' || BinaryValue === '') throw errors.invalidParameterValue(`The message attribute '${where}' with type 'Binary' must use field 'Binary'.`);
    return { DataType, BinaryValue };
  }
  if (typeof StringValue !== 'string' || StringValue === '') throw errors.invalidParameterValue(`The message attribute '${where}' must contain a non-empty message attribute value.`);
  if (INVALID_CHARACTER.test(StringValue)) throw errors.invalidMessageContents();
  if (kind === 'Number' && !NUMBER.test(StringValue)) throw errors.invalidParameterValue(`Can't cast the value of message attribute '${where}' to a number.`);
  return { DataType, StringValue };
}

/** The system attributes a sender may set: only AWSTraceHeader, a String. */
export function parseSystemAttributes(raw: unknown): { awsTraceHeader?: string } {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw errors.invalidValue('MessageSystemAttributes', raw, 'must be a map.');
  const out: { awsTraceHeader?: string } = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (name !== 'AWSTraceHeader') throw errors.invalidParameterValue(`Message system attribute name '${name}' is invalid.`);
    const parsed = parseAttributeValue(`MessageSystemAttributes.${name}`, value);
    if (parsed.DataType !== 'String') throw errors.invalidParameterValue('The message system attribute AWSTraceHeader must be a String.');
    out.awsTraceHeader = parsed.StringValue;
  }
  return out;
}

/** Bytes a message counts against MaximumMessageSize: its body and each attribute's name, type and value. */
export function messageSize(body: string, attributes: Record<string, MessageAttributeValue> | undefined): number {
  let size = Buffer.byteLength(body, 'utf8');
  for (const [name, value] of Object.entries(attributes ?? {})) {
    size += Buffer.byteLength(name) + Buffer.byteLength(value.DataType);
    size += value.BinaryValue !== undefined ? Buffer.from(value.BinaryValue, 'base64').length : Buffer.byteLength(value.StringValue ?? '');
  }
  return size;
}

export const SYSTEM_ATTRIBUTE_NAMES = [
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
] as const;
/** FIFO-only names: accepted in a request, never present on a standard queue's messages. */
const FIFO_SYSTEM_ATTRIBUTE_NAMES = ['SequenceNumber', 'MessageDeduplicationId', 'MessageGroupId'];
/** The deprecated AttributeNames member also takes queue attribute names, which it ignores. */
const QUEUE_ATTRIBUTE_NAMES_IGNORED = [
  'Policy', 'VisibilityTimeout', 'MaximumMessageSize', 'MessageRetentionPeriod', 'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible', 'CreatedTimestamp', 'LastModifiedTimestamp', 'QueueArn',
  'ApproximateNumberOfMessagesDelayed', 'DelaySeconds', 'ReceiveMessageWaitTimeSeconds', 'RedrivePolicy', 'FifoQueue',
  'ContentBasedDeduplication', 'KmsMasterKeyId', 'KmsDataKeyReusePeriodSeconds', 'DeduplicationScope',
  'FifoThroughputLimit', 'RedriveAllowPolicy', 'SqsManagedSseEnabled',
];

export function checkSystemAttributeNames(names: string[]): void {
  for (const name of names) {
    const known =
      name === 'All' ||
      (SYSTEM_ATTRIBUTE_NAMES as readonly string[]).includes(name) ||
      FIFO_SYSTEM_ATTRIBUTE_NAMES.includes(name) ||
      QUEUE_ATTRIBUTE_NAMES_IGNORED.includes(name);
    if (!known) throw errors.invalidAttributeName(name);
  }
}

export interface ReceiveShape {
  systemNames: string[];
  attributeNames: string[];
  senderId: string;
}

/** A received message as ReceiveMessage returns it. */
export function formatReceived({ message, receiptHandle }: Received, shape: ReceiveShape): Record<string, unknown> {
  const out: Record<string, unknown> = {
    MessageId: message.id,
    ReceiptHandle: receiptHandle,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
  };
  const system = systemAttributes(message, shape.senderId);
  const all = shape.systemNames.includes('All');
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(system)) if (all || shape.systemNames.includes(name)) attributes[name] = value;
  if (Object.keys(attributes).length > 0) out.Attributes = attributes;
  const selected = selectAttributes(message.messageAttributes ?? {}, shape.attributeNames);
  if (Object.keys(selected).length > 0) {
    out.MessageAttributes = selected;
    out.MD5OfMessageAttributes = md5OfAttributes(selected);
  }
  return out;
}

export function systemAttributes(message: StoredMessage, senderId: string): Record<string, string> {
  const attributes: Record<string, string> = {
    SenderId: senderId,
    SentTimestamp: String(message.sentAt),
    ApproximateReceiveCount: String(message.receiveCount),
  };
  if (message.firstReceiveAt !== undefined) attributes.ApproximateFirstReceiveTimestamp = String(message.firstReceiveAt);
  if (message.awsTraceHeader !== undefined) attributes.AWSTraceHeader = message.awsTraceHeader;
  if (message.deadLetterSourceArn !== undefined) attributes.DeadLetterQueueSourceArn = message.deadLetterSourceArn;
  return attributes;
}

/** MessageAttributeNames: 'All' or '.*' for every attribute, 'prefix.*' for a prefix, else exact names. */
function selectAttributes(attributes: Record<string, MessageAttributeValue>, names: string[]): Record<string, MessageAttributeValue> {
  const wanted = (name: string) =>
    names.some((pattern) => pattern === 'All' || pattern === '.*' || pattern === name || (pattern.endsWith('.*') && name.startsWith(pattern.slice(0, -1))));
  return Object.fromEntries(Object.entries(attributes).filter(([name]) => wanted(name)));
}
