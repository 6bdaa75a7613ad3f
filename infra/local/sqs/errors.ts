/**
 * SQS errors as the JSON protocol carries them: the shape name in `__type` (namespaced
 * `com.amazonaws.sqs#`), the message in `message`, the HTTP status, and the Query-era code in the
 * `x-amzn-query-error: <code>;<Sender|Receiver>` header that the SDK (an awsQueryCompatible client)
 * reads first. Codes and statuses follow the service model in @aws-sdk/client-sqs and the common errors
 * of the SQS API reference.
 */

export type Fault = 'Sender' | 'Receiver';

export class SqsError extends Error {
  constructor(
    /** Smithy shape name, sent as `com.amazonaws.sqs#<shape>`. */
    readonly shape: string,
    /** The Query-protocol code, sent in x-amzn-query-error. */
    readonly queryCode: string,
    readonly status: number,
    message: string,
    readonly fault: Fault = 'Sender',
  ) {
    super(message);
    this.name = shape;
  }

  get type(): string {
    return `com.amazonaws.sqs#${this.shape}`;
  }
}

export const errors = {
  queueDoesNotExist: () =>
    new SqsError('QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 400, 'The specified queue does not exist.'),
  queueNameExists: (name: string) =>
    new SqsError('QueueNameExists', 'QueueAlreadyExists', 400, `A queue already exists with the same name (${name}) and a different value for attribute(s).`),
  invalidAddress: (address: string) =>
    new SqsError('InvalidAddress', 'InvalidAddress', 404, `The address ${address} is not valid for this endpoint.`),
  receiptHandleIsInvalid: (handle: string) =>
    new SqsError('ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid', 404, `The input receipt handle "${handle}" is not a valid receipt handle.`),
  messageNotInflight: () =>
    new SqsError('MessageNotInflight', 'AWS.SimpleQueueService.MessageNotInflight', 400, 'The message referred to is not in flight.'),
  emptyBatchRequest: () =>
    new SqsError('EmptyBatchRequest', 'AWS.SimpleQueueService.EmptyBatchRequest', 400, 'There should be at least one entry in the request.'),
  tooManyEntriesInBatchRequest: (count: number) =>
    new SqsError(
      'TooManyEntriesInBatchRequest',
      'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
      400,
      `Maximum number of entries per request are 10. You have sent ${count}.`,
    ),
  batchEntryIdsNotDistinct: (id: string) =>
    new SqsError('BatchEntryIdsNotDistinct', 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 400, `Id ${id} repeated.`),
  invalidBatchEntryId: () =>
    new SqsError(
      'InvalidBatchEntryId',
      'AWS.SimpleQueueService.InvalidBatchEntryId',
      400,
      'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
    ),
  batchRequestTooLong: (bytes: number, limit: number) =>
    new SqsError(
      'BatchRequestTooLong',
      'AWS.SimpleQueueService.BatchRequestTooLong',
      400,
      `Batch requests cannot be longer than ${limit} bytes. You have sent ${bytes} bytes.`,
    ),
  invalidAttributeName: (name: string) => new SqsError('InvalidAttributeName', 'InvalidAttributeName', 400, `Unknown Attribute ${name}.`),
  invalidAttributeValue: (name: string, reason: string) =>
    new SqsError('InvalidAttributeValue', 'InvalidAttributeValue', 400, `Invalid value for the parameter ${name}. Reason: ${reason}`),
  invalidMessageContents: () =>
    new SqsError(
      'InvalidMessageContents',
      'InvalidMessageContents',
      400,
      'Invalid characters found. Valid characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF.',
    ),
  purgeQueueInProgress: (name: string) =>
    new SqsError(
      'PurgeQueueInProgress',
      'AWS.SimpleQueueService.PurgeQueueInProgress',
      403,
      `Only one PurgeQueue operation on ${name} is allowed every 60 seconds.`,
    ),
  unsupportedOperation: (what: string) =>
    new SqsError('UnsupportedOperation', 'AWS.SimpleQueueService.UnsupportedOperation', 400, `${what} is not supported by the local SQS endpoint.`),
  // Common errors, not modelled as shapes: the SDK raises them by their query code.
  invalidParameterValue: (message: string) => new SqsError('InvalidParameterValue', 'InvalidParameterValue', 400, message),
  invalidValue: (parameter: string, value: unknown, reason: string) =>
    new SqsError(
      'InvalidParameterValue',
      'InvalidParameterValue',
      400,
      `Value ${typeof value === 'string' ? value : JSON.stringify(value)} for parameter ${parameter} is invalid. Reason: ${reason}`,
    ),
  missingParameter: (parameter: string) =>
    new SqsError('MissingParameter', 'MissingParameter', 400, `The request must contain the parameter ${parameter}.`),
  invalidAction: (action: string) =>
    new SqsError('InvalidAction', 'InvalidAction', 400, `The action or operation requested is invalid: ${action}. Verify that the action is typed correctly.`),
  missingAction: () =>
    new SqsError('MissingAction', 'MissingAction', 400, 'The request must name an action in the X-Amz-Target header (AmazonSQS.<Action>).'),
  serialization: (reason: string) => new SqsError('SerializationException', 'SerializationException', 400, reason),
  internal: () => new SqsError('InternalFailure', 'InternalFailure', 500, 'The request processing has failed because of an unknown error.', 'Receiver'),
};
