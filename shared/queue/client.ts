/**
 * The one SQS client of a process. In AWS it talks to the regional endpoint with the function's role;
 * locally `SQS_ENDPOINT` points it at the local SQS endpoint (infra/local/sqs), same SDK, same wire.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { config } from '../config';

export interface SqsClientOptions {
  region?: string;
  /** A non-AWS endpoint speaking the SQS JSON protocol (the local runtime's). */
  endpoint?: string;
}

export function createSqsClient(options: SqsClientOptions = {}): SQSClient {
  const endpoint = options.endpoint;
  return new SQSClient({
    region: options.region ?? config.region(),
    maxAttempts: 3,
    ...(endpoint
      ? {
          endpoint,
          // The local endpoint does not check signatures; without credentials in the environment the
          // default chain would probe the instance metadata service and stall, so sign with fixed ones.
          ...(process.env.AWS_ACCESS_KEY_ID ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
        }
      : {}),
  });
}

let shared: SQSClient | undefined;

/** The process-wide client, created on first use (a warm Lambda reuses it across invocations). */
export function sqsClient(): SQSClient {
  shared ??= createSqsClient({ endpoint: config.sqsEndpoint() });
  return shared;
}
