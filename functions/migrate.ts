/**
 * The migration custom resource (infra/cdk/constructs/migrations.ts): on every deploy that changes
 * sql/, CloudFormation calls this handler, which applies the pending files with the project's one
 * migration runner over the Data API. Throwing fails the deploy and rolls the stack back.
 *
 * It also runs by hand: `aws lambda invoke --function-name <MigrationFunctionName>
 * --payload '{"RequestType":"Update"}'` applies whatever is pending.
 */
import { fileURLToPath } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import { getDb } from '../shared/data/db';
import { migrate } from '../shared/data/migrate';
import { readMigrationFiles } from '../shared/data/migration-files';

const logger = new Logger({ serviceName: 'migrate' });

/** In the bundle, sql/ sits beside the handler (copied there by the CDK's bundling hook). */
const migrationsDir = () => process.env.MIGRATIONS_DIR ?? fileURLToPath(new URL('./sql', import.meta.url));

/** One physical resource for the schema, whatever the deploy. */
export const PHYSICAL_ID = 'schema-migrations';

export interface MigrationEvent {
  RequestType: 'Create' | 'Update' | 'Delete';
  PhysicalResourceId?: string;
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
