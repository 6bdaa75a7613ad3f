/**
 * The local SQS endpoint: an HTTP server on 127.0.0.1 speaking the JSON protocol that
 * `@aws-sdk/client-sqs` speaks (POST /, `X-Amz-Target: AmazonSQS.<Action>`,
 * `application/x-amz-json-1.0`), over the broker's queues, persisted under a data dir.
 */
import { randomUUID } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { config } from '../../../shared/config';
import { DEAD_LETTER_RETENTION_DAYS, deadLetterQueueName } from '../../../shared/tables/queues';
import type { QueueSpec } from '../../../shared/tables/types';
import { actions, unsupportedActions, type ActionContext } from './actions';
import { applyAttributes, defaultAttributes } from './attributes';
import { Broker } from './broker';
import { errors, SqsError } from './errors';
import { Input } from './input';
import { LOCAL_ACCOUNT_ID } from '../constants';
import { listenLocally, stopServer } from '../listen';
import { fileJournal, memoryJournal, type Journal } from './journal';

const CONTENT_TYPE = 'application/x-amz-json-1.0';
const ENDPOINT_FILE = 'endpoint';
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

export interface LocalSqsOptions {
  /** Queues and messages are kept under this folder across restarts; without it they live in memory only. */
  dataDir?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  region?: string;
  /** Made (with their dead-letter queues and redrive policies) or brought up to date on start. */
  queues?: QueueSpec[];
  /** Structured log lines (internal failures only: the endpoint is quiet when all is well). */
  log?: (entry: Record<string, unknown>) => void;
}

export interface LocalSqs {
  /** e.g. http://127.0.0.1:43121, for the SDK's `endpoint` (SQS_ENDPOINT). */
  endpoint: string;
  region: string;
  accountId: string;
  queueUrl(name: string): string;
  queueArn(name: string): string;
  /** The environment a function needs to reach these queues: SQS_ENDPOINT and <NAME>_QUEUE_URL for each queue spec. */
  env(): Record<string, string>;
  stop(): Promise<void>;
}

export async function startLocalSqs(options: LocalSqsOptions = {}): Promise<LocalSqs> {
  const region = options.region ?? config.region();
  const log = options.log ?? ((entry) => process.stderr.write(JSON.stringify({ level: 'ERROR', service: 'local-sqs', ...entry }) + '\n'));
  let broker!: Broker;
  const journal: Journal = options.dataDir ? fileJournal(options.dataDir, () => broker.snapshot()) : memoryJournal();
  broker = new Broker(region, LOCAL_ACCOUNT_ID, journal);
  for (const record of await journal.load()) broker.apply(record);
  await journal.compact();

  const stopping = new AbortController();
  let endpoint = '';
  const queueUrl = (name: string) => `${endpoint}/${LOCAL_ACCOUNT_ID}/${name}`;

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const request = new AbortController();
    const abort = () => request.abort();
    stopping.signal.addEventListener('abort', abort, { once: true });
    res.on('close', () => {
      stopping.signal.removeEventListener('abort', abort);
      if (!res.writableFinished) request.abort();
    });
    let action = '';
    try {
      const raw = await readBody(req);
      const target = header(req, 'x-amz-target');
      if (!target) throw /(^|&)Action=/.test(raw) || req.url?.includes('Action=') ? errors.invalidAction('a Query-protocol request (this endpoint speaks the JSON protocol)') : errors.missingAction();
      const [service, name] = target.split('.', 2);
      action = name ?? '';
      if (service !== 'AmazonSQS' || !name) throw errors.invalidAction(target);
      const run = Object.hasOwn(actions, name) ? actions[name] : undefined;
      if (!run) throw unsupportedActions.has(name) ? errors.unsupportedOperation(name) : errors.invalidAction(name);
      let body: unknown;
      try {
        body = raw.trim() === '' ? {} : JSON.parse(raw);
      } catch {
        throw errors.serialization('The request body is not valid JSON.');
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw errors.serialization('The request body must be a JSON object.');
      const ctx: ActionContext = { broker, queueUrl, signal: request.signal };
      const output = await run(new Input(body as Record<string, unknown>), ctx);
      await journal.flush(); // answered only once durable
      reply(res, 200, output, requestId);
    } catch (error) {
      let failure: SqsError;
      if (error instanceof SqsError) failure = error;
      else {
        log({ message: 'local SQS request failed', action, requestId, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
        failure = errors.internal();
      }
      await journal.flush().catch(() => undefined); // a failed action may have changed state before failing (expired messages dropped)
      reply(res, failure.status, { __type: failure.type, message: failure.message }, requestId, {
        'x-amzn-query-error': `${failure.queryCode};${failure.fault}`,
      });
    }
  }

  endpoint = await listenLocally(server, options.port, options.host);

  for (const spec of options.queues ?? []) ensureQueue(broker, spec);
  await journal.flush();
  // Tells other local tools (npm run invoke) where the endpoint that owns this data dir listens.
  if (options.dataDir) await writeFile(join(options.dataDir, ENDPOINT_FILE), endpoint, 'utf8');

  return {
    endpoint,
    region,
    accountId: LOCAL_ACCOUNT_ID,
    queueUrl,
    queueArn: (name) => broker.arn(name),
    env: () => {
      const env: Record<string, string> = { SQS_ENDPOINT: endpoint };
      for (const spec of options.queues ?? []) env[`${spec.name.toUpperCase()}_QUEUE_URL`] = queueUrl(spec.name);
      return env;
    },
    async stop() {
      stopping.abort(); // long polls answer empty now
      await stopServer(server);
      if (options.dataDir) await rm(join(options.dataDir, ENDPOINT_FILE), { force: true });
      await journal.close();
    },
  };
}

/**
 * The endpoint of a local SQS server running on `dataDir` in another process, if one is: its data dir
 * is locked by a live process and it wrote where it listens.
 */
export async function runningLocalSqs(dataDir: string): Promise<string | undefined> {
  const endpoint = await readFile(join(dataDir, ENDPOINT_FILE), 'utf8').catch(() => undefined);
  if (!endpoint) return undefined;
  try {
    const answer = await fetch(endpoint, { method: 'POST', headers: { 'content-type': CONTENT_TYPE, 'x-amz-target': 'AmazonSQS.ListQueues' }, body: '{}' });
    return answer.ok ? endpoint : undefined;
  } catch {
    return undefined; // left behind by a process that was killed
  }
}

/** Makes a queue spec's queue and dead-letter queue, or brings their attributes up to date (as a deploy would). */
function ensureQueue(broker: Broker, spec: QueueSpec): void {
  const dlq = deadLetterQueueName(spec);
  const put = (name: string, given: Record<string, string>) => {
    const existing = broker.has(name) ? broker.meta(name) : undefined;
    broker.putQueue(name, applyAttributes(existing?.attributes ?? defaultAttributes(), given, broker), existing?.tags ?? {});
  };
  put(dlq, { MessageRetentionPeriod: String(DEAD_LETTER_RETENTION_DAYS * 86_400) });
  put(spec.name, {
    VisibilityTimeout: String(spec.visibilityTimeoutSeconds),
    MessageRetentionPeriod: String(spec.retentionDays * 86_400),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: broker.arn(dlq), maxReceiveCount: spec.maxReceiveCount }),
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        reject(errors.serialization(`The request is larger than ${MAX_REQUEST_BYTES} bytes.`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: unknown, requestId: string, headers: Record<string, string> = {}): void {
  if (res.writableEnded || res.destroyed) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': requestId,
    ...headers,
  });
  res.end(payload);
}
