/**
 * The migration custom resource (infra/cdk/constructs/migrations.ts): on every deploy that changes
 * sql/, CloudFormation calls this handler, which applies the pending files with the project's one
 * migration runner over the Data API. Throwing fails the deploy and rolls the stack back.
 *
 * It also runs by hand: `aws lambda invoke --function-name <MigrationFunctionName>
 * --payload '{"RequestType":"Update"}'` applies whatever is pending.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import { getDb } from '../shared/data/db';
import { type MigrationFile, migrate } from '../shared/data/migrate';
import { readMigrationFiles } from '../shared/data/migration-files';

const logger = new Logger({ serviceName: 'migrate' });

/** In the bundle, sql/ sits beside the handler (copied there by the CDK's bundling hook). */
const migrationsDir = () => process.env.MIGRATIONS_DIR ?? fileURLToPath(new URL('./sql', import.meta.url));

/** One physical resource for the schema, whatever the deploy. */
export const PHYSICAL_ID = 'schema-migrations';

export interface MigrationEvent {
  RequestType: 'Create' | 'Update' | 'Delete';
  PhysicalResourceId?: string;
  /** Set by the custom resource (infra/cdk/constructs/migrations.ts); absent when run by hand. */
  ResourceProperties?: { MigrationsHash?: string };
}

/**
 * One hash over every file's name and content. The CDK app puts it on the custom resource, so a
 * deploy that adds or edits a file in sql/ is an Update CloudFormation sends here.
 */
export function migrationSetHash(files: MigrationFile[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
    hash.update(file.name).update('\0').update(file.sql).update('\0');
  }
  return hash.digest('hex');
}

export interface MigrationResult {
  PhysicalResourceId: string;
  Data?: { AppliedCount: number; LastApplied: string };
}

export async function handler(event: MigrationEvent): Promise<MigrationResult> {
  const physicalId = event.PhysicalResourceId ?? PHYSICAL_ID;
  // Removing the stack (or replacing the resource) never drops the schema: the data outlives it.
  if (event.RequestType === 'Delete') return { PhysicalResourceId: physicalId };

  const files = await readMigrationFiles(migrationsDir());
  const requested = event.ResourceProperties?.MigrationsHash;
  if (requested && requested !== migrationSetHash(files)) {
    // CloudFormation rolling back a failed deploy asks for the previous files while this function
    // still holds the new ones. Migrations only go forward: applying the new files again would
    // fail the rollback too, so the schema stays as it is and the rollback completes.
    logger.warn('skipped: the requested migrations are not the ones this function carries (a rollback)', { requested });
    return { PhysicalResourceId: physicalId, Data: { AppliedCount: 0, LastApplied: '' } };
  }
  logger.info('migrating', { requestType: event.RequestType, files: files.length });
  try {
    const { applied } = await migrate(getDb(), files, (message) => logger.info(message));
    logger.info('migrated', { applied });
    return { PhysicalResourceId: physicalId, Data: { AppliedCount: applied.length, LastApplied: applied.at(-1) ?? '' } };
  } catch (error) {
    // The deploy fails and rolls back; this line is where an operator finds which file and why.
    logger.error('migration failed: the deploy will roll back', { error });
    throw error;
  }
}
