/**
 * Everything a function reads from its environment, in one place. The CDK app sets these in AWS;
 * the local runtime sets the same names to point at its own endpoints.
 */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Missing environment variable ${name}`);
  return value;
}

export const config = {
  region: () => process.env.AWS_REGION ?? 'us-east-1',
  /** Data API: the cluster, the secret and the database. */
  db: () => ({
    resourceArn: required('DB_CLUSTER_ARN'),
    secretArn: required('DB_SECRET_ARN'),
    database: required('DB_NAME'),
    /** Local runtime only: the local Data API endpoint. */
    endpoint: process.env.DATA_API_ENDPOINT,
  }),
  /** SQS: queue URLs by queue name, and the local endpoint. */
  queueUrl: (name: 'crawl' | 'apply') => required(`${name.toUpperCase()}_QUEUE_URL`),
  sqsEndpoint: () => process.env.SQS_ENDPOINT,
  /** Local fixture sites live on 127.0.0.1; in AWS private and loopback targets are refused. */
  allowPrivateTargets: () => process.env.ALLOW_PRIVATE_TARGETS === 'true',
  /** A job source's base URL override (SOURCE_BASE_URL_LINKEDIN, ..._GREENHOUSE): tests point adapters at fixture sites. */
  sourceBaseUrl: (name: string) => process.env[`SOURCE_BASE_URL_${name.toUpperCase()}`] || undefined,
  /** Milliseconds between two requests to one host, replacing each source's own pace (fixture tests, benchmarks). Unset in AWS. */
  crawlPaceMs: () => (process.env.CRAWL_PACE_MS ? Number(process.env.CRAWL_PACE_MS) : undefined),
  /** Milliseconds between two application submissions to one site, across every apply worker (default one minute; fixture tests shorten it). */
  applySubmitIntervalMs: () => (process.env.APPLY_SUBMIT_INTERVAL_MS ? Number(process.env.APPLY_SUBMIT_INTERVAL_MS) : 60_000),
  /** Users' uploads (resumes): the bucket, and locally the local S3 endpoint (infra/local/s3). */
  uploadsBucket: () => required('UPLOADS_BUCKET'),
  s3Endpoint: () => process.env.S3_ENDPOINT,
  /** Application screenshots: an S3 bucket in AWS, a folder locally. */
  artifacts: () => ({ bucket: process.env.ARTIFACTS_BUCKET, dir: process.env.ARTIFACTS_DIR }),
  /** Where the signing secret for access tokens lives: Secrets Manager in AWS, a file locally. */
  authSecret: () => ({ arn: process.env.AUTH_SECRET_ARN, file: process.env.AUTH_SECRET_FILE }),
  stage: () => process.env.STAGE ?? 'local',
};
