/**
 * What `npm start` prints once everything listens: every endpoint a client, the AWS CLI or psql
 * needs, the stand-in identifiers and credentials the local endpoints accept, where email and data
 * go, and for the demo each replicated site with the crawl that reaches it and each application form.
 */
import { relative } from 'node:path';
import { deadLetterQueueName, queues } from '../../shared/tables/queues';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './constants';
import type { DemoSites } from './demo-sites';
import type { LocalRuntime } from './runtime';

export interface BannerInput {
  runtime: Pick<LocalRuntime, 'apiUrl' | 'env' | 'sqs' | 's3'>;
  /** The superuser URL of the server the runtime uses. */
  postgresUrl: string;
  dataDir: string;
  outboxDir: string;
  demo?: DemoSites;
}

/** Paths under the working directory read shorter. */
const shown = (path: string) => (relative(process.cwd(), path).startsWith('..') ? path : relative(process.cwd(), path) || '.');

function table(rows: [string, string][], indent = ''): string[] {
  const width = Math.max(...rows.map(([name]) => name.length)) + 2;
  return rows.map(([name, value]) => `${indent}${name.padEnd(width)}${value}`);
}

export function bannerLines({ runtime, postgresUrl, dataDir, outboxDir, demo }: BannerInput): string[] {
  const env = runtime.env;
  const database = env.DB_NAME!;
  const postgres = new URL(postgresUrl);
  postgres.pathname = `/${database}`;
  const queueUrls = queues.flatMap((q) => [runtime.sqs.queueUrl(q.name), runtime.sqs.queueUrl(deadLetterQueueName(q))]);
  const lines = table([
    ['API:', `${runtime.apiUrl}   (the base of every route: ${runtime.apiUrl}/health, the OpenAPI document ${runtime.apiUrl}/openapi.json, readable at ${runtime.apiUrl}/docs)`],
    ['Data API:', `${env.DATA_API_ENDPOINT}   (RDS Data API: resource ARN ${env.DB_CLUSTER_ARN}, secret ARN ${env.DB_SECRET_ARN}, database ${database})`],
    ['SQS:', `${runtime.sqs.endpoint}   (queues: ${queueUrls.join(', ')})`],
    // DATABASE_URL's password is its owner's secret; ours is the local stand-in.
    ['PostgreSQL:', process.env.DATABASE_URL ? `DATABASE_URL's server, database ${database}` : postgres.href],
    ['S3:', `${runtime.s3.endpoint}   (path-style; the users' uploads in bucket ${env.UPLOADS_BUCKET}, kept under ${shown(dataDir)}/uploads)`],
    [
      'AWS clients:',
      `region ${LOCAL_REGION}; the Data API and SQS take any access key, S3 checks signatures made with AWS_ACCESS_KEY_ID=${LOCAL_CREDENTIALS.accessKeyId} AWS_SECRET_ACCESS_KEY=${LOCAL_CREDENTIALS.secretAccessKey}`,
    ],
    ['Email:', `written to ${shown(outboxDir)}/ as JSON files, not sent (the verification token is in the newest)`],
    ['Data:', `${shown(dataDir)}   (npm run stop stops a PostgreSQL left running from here)`],
  ]);
  if (demo) {
    lines.push(
      'Demo:         replicas of job boards, ATS boards and a careers site on 127.0.0.1, the crawler pointed at them.',
      '  Crawl one with POST /crawls and the body beside it:',
      ...table(demo.targets.map((t) => [t.name, `${JSON.stringify(t.crawl)}   ${t.url}${t.note ? ` (${t.note})` : ''}`]), '    '),
      '  Application forms (the crawled jobs link to them; add one with POST /jobs and its URL as sourceUrl):',
      ...table(demo.forms.map((f) => [f.name, `${f.url}${f.note ? ` (${f.note})` : ''}`]), '    '),
    );
  }
  lines.push('Ctrl-C stops everything.');
  return lines;
}
