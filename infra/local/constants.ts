/**
 * The local runtime's stand-ins for the AWS identifiers the handlers read. The local endpoints
 * accept them; nothing here is a secret.
 */
import { join, resolve } from 'node:path';

export const LOCAL_REGION = 'us-east-1';
/** The account id in local ARNs and queue URLs. */
export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_DB_CLUSTER_ARN = 'arn:aws:rds:us-east-1:000000000000:cluster:local';
export const LOCAL_DB_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:local-db';
export const LOCAL_DB_NAME = 'jobs';
/** The users' uploads bucket of the local S3 endpoint (a folder under .local/uploads). */
export const LOCAL_UPLOADS_BUCKET = 'uploads';

/** What the handlers' SDK clients sign with locally, and what the local S3 endpoint checks signatures against. Not a secret. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/**
 * The local runtime never talks to AWS: its clients sign with the local stand-ins, whatever the shell
 * exports (a developer's real keys are neither used nor printed).
 */
export function useLocalCredentials(env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
  delete env.AWS_SESSION_TOKEN;
  delete env.AWS_PROFILE;
  env.AWS_REGION = LOCAL_REGION;
  // Lambda runs Node 24; the machines here have Node 20, which the SDK supports until 2027.
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

/** Where `npm start`, `npm run stop`, `migrate` and `invoke` keep and find the local platform's data: LOCAL_DATA_DIR, else .local in the repo. */
export function localDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.LOCAL_DATA_DIR || join(import.meta.dirname, '../../.local'));
}
