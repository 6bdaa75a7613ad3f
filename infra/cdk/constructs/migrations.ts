/**
 * Migrations on every deploy: a CloudFormation custom resource whose handler (functions/migrate.ts)
 * runs the project's migration runner over the Data API, the same runner `npm run migrate` uses
 * locally. The handler failing fails the deploy, and CloudFormation rolls the stack back.
 *
 * The .sql files travel as files: after esbuild, a command hook copies sql/*.sql into the asset
 * beside the bundle (/var/task/sql), where the handler reads them exactly as the local runner reads
 * sql/. Copying rather than importing each file as text keeps one reader of sql/ for both paths and
 * needs no generated list of imports to keep in step with the folder.
 *
 * A hash of the files is a property of the custom resource, so a deploy that adds or changes a file
 * is an Update of the resource (CloudFormation only calls a custom resource whose properties moved).
 * The handler applies files only when that hash is the one of the files it carries: a rollback,
 * which asks for the previous hash, leaves the schema as it is (migrations only go forward).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CustomResource, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { migrationSetHash } from '../../../functions/migrate';
import { MIGRATION_NAME } from '../../../shared/data/migration-files';
import type { FunctionSpec } from '../../../shared/tables/types';
import type { DatabaseConstruct } from './database';
import { type AppFunction, type AppFunctions, logicalIdOf } from './functions';

export const MIGRATION_FUNCTION: FunctionSpec = {
  id: 'migrate',
  entry: 'functions/migrate.ts',
  memoryMb: 512,
  // A custom resource handler may run up to 15 minutes; DDL that outlives a Data API call's 45 s
  // goes on server-side (continueAfterTimeout).
  timeoutSeconds: 900,
  description: 'Applies the sql/ migrations over the Data API on every deploy (CloudFormation custom resource)',
};

/** The migration files of a folder, in the order they apply (the runner's own naming rule). */
export function migrationFileNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => MIGRATION_NAME.test(name))
    .sort();
}

/** The hash the migration function checks a request against (functions/migrate.ts). */
export function migrationsHash(dir: string): string {
  return migrationSetHash(migrationFileNames(dir).map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') })));
}

export interface MigrationsConstructProps {
  functions: AppFunctions;
  database: DatabaseConstruct;
  /** Absolute path of the folder of .sql files. */
  migrationsDir: string;
  logRetention: RetentionDays;
  logRemovalPolicy: RemovalPolicy;
}

export class MigrationsConstruct extends Construct {
  readonly handler: AppFunction;
  readonly provider: Provider;
  readonly resource: CustomResource;
  readonly hash: string;

  constructor(scope: Construct, id: string, props: MigrationsConstructProps) {
    super(scope, id);
    const dir = props.migrationsDir;
    const files = migrationFileNames(dir);
    if (files.length === 0) throw new Error(`No .sql files in ${dir}`);
    this.hash = migrationsHash(dir);

    this.handler = props.functions.ensure(MIGRATION_FUNCTION, {
      afterBundling: (_inputDir, outputDir) => [
        `mkdir -p "${outputDir}/sql"`,
        ...files.map((name) => `cp "${join(dir, name)}" "${outputDir}/sql/${name}"`),
      ],
    });
    props.database.grantDataApiAccess(this.handler.role);

    // The framework function relays CloudFormation's request to the handler; it gets its own role
    // and log group like every other function, instead of the managed basic-execution policy.
    const frameworkLogs = new LogGroup(this, 'ProviderLogs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    const frameworkRole = new Role(this, 'ProviderRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Relays CloudFormation custom resource requests to the migration function',
    });
    frameworkRole.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [frameworkLogs.logGroupArn] }),
    );
    this.provider = new Provider(this, 'Provider', {
      onEventHandler: this.handler.fn,
      logGroup: frameworkLogs,
      frameworkOnEventRole: frameworkRole,
    });

    this.resource = new CustomResource(this, 'Schema', {
      serviceToken: this.provider.serviceToken,
      resourceType: 'Custom::SchemaMigrations',
      properties: { MigrationsHash: this.hash, MigrationCount: files.length, LastMigration: files[files.length - 1]! },
    });
    // The writer must be up before the first statement.
    this.resource.node.addDependency(props.database.cluster);

    Validations.of(frameworkRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(this.handler.fn)}.Arn>:*]`,
      reason: 'The custom resource framework may invoke any version of the one migration function it relays to.',
    });
  }
}
