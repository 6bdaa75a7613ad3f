/**
 * The whole platform in one stack, made from the three tables (routes, queues, schedules). Adding a
 * route, queue or schedule to a table is all it takes to deploy it.
 *
 * Grants follow what each function does, and nothing more:
 * - every function of the tables: the Data API on this cluster (and its secret);
 * - a function behind an `auth: true` route: read the token-signing secret;
 * - a queue worker: consume its own queue;
 * - what its FunctionSpec says: send to given queues, read-delete or read-write the artifacts bucket,
 *   read, remove or manage the users' uploads, send email as the stage's sender;
 * - the migration function: the Data API only.
 */
import { CfnOutput, Stack, type StackProps, Tags, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { AlarmsConstruct } from './constructs/alarms';
import { ApiConstruct } from './constructs/api';
import { ArtifactsConstruct } from './constructs/artifacts';
import { DatabaseConstruct } from './constructs/database';
import { EmailConstruct } from './constructs/email';
import { type AppFunction, AppFunctions, pascal } from './constructs/functions';
import { MigrationsConstruct } from './constructs/migrations';
import { QueuesConstruct, WorkersConstruct } from './constructs/queues';
import { SchedulesConstruct } from './constructs/schedules';
import { UploadsConstruct } from './constructs/uploads';
import type { StageConfig } from './stages';
import { checkFunctionNeeds, type PlatformTables } from './tables';

export interface PlatformStackProps extends StackProps {
  stage: StageConfig;
  tables: PlatformTables;
  /** The repository root; function entries are relative to it. */
  projectRoot: string;
  /** The folder of .sql migrations bundled into the migration function. */
  migrationsDir: string;
}

export class PlatformStack extends Stack {
  readonly database: DatabaseConstruct;
  readonly functions: AppFunctions;
  readonly migrations: MigrationsConstruct;
  readonly queues: QueuesConstruct;
  readonly workers: WorkersConstruct;
  readonly api: ApiConstruct;
  readonly schedules: SchedulesConstruct;
  readonly artifacts: ArtifactsConstruct;
  readonly uploads: UploadsConstruct;
  readonly email: EmailConstruct;
  readonly alarms: AlarmsConstruct;
  readonly authSecret: Secret;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, { description: `Job automation platform (${props.stage.name})`, ...props });
    const { stage, tables } = props;
    checkFunctionNeeds(tables);
    Tags.of(this).add('project', 'job-automation-platform');
    Tags.of(this).add('stage', stage.name);

    this.database = new DatabaseConstruct(this, 'Database', { stage });

    this.authSecret = new Secret(this, 'AuthSecret', {
      description: 'Signs and verifies the API bearer tokens (HS256)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(this.authSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the token-signing key signs every user out at once, so it is rotated by an operator (DEPLOY.md: rotating the auth secret) rather than on a timer.',
    });

    this.functions = new AppFunctions(this, 'Functions', {
      projectRoot: props.projectRoot,
      environment: { STAGE: stage.name, ...this.database.environment },
      logRetention: stage.logs.retention,
      logRemovalPolicy: stage.logs.removalPolicy,
    });

    this.migrations = new MigrationsConstruct(this, 'Migrations', {
      functions: this.functions,
      database: this.database,
      migrationsDir: props.migrationsDir,
      logRetention: stage.logs.retention,
      logRemovalPolicy: stage.logs.removalPolicy,
    });

    this.queues = new QueuesConstruct(this, 'Queues', { queues: tables.queues });
    this.artifacts = new ArtifactsConstruct(this, 'Artifacts', { stage });
    this.uploads = new UploadsConstruct(this, 'Uploads', {
      removalPolicy: stage.uploads.removalPolicy,
      corsOrigins: stage.api.corsOrigins,
      accessLogs: this.artifacts.accessLogs,
    });
    this.email = new EmailConstruct(this, 'Email', { sender: stage.email.from });
    this.api = new ApiConstruct(this, 'Api', {
      stage,
      routes: tables.routes,
      functions: this.functions,
    });
    this.workers = new WorkersConstruct(this, 'Workers', { queues: this.queues, functions: this.functions });
    this.schedules = new SchedulesConstruct(this, 'Schedules', { schedules: tables.schedules, functions: this.functions });

    const tableFunctions = this.functions.all.filter((f) => f !== this.migrations.handler);
    for (const f of tableFunctions) {
      this.database.grantDataApiAccess(f.role);
      // A new function version starts only once the schema it expects is in place.
      f.fn.node.addDependency(this.migrations.resource);
    }
    for (const f of this.api.authenticating) {
      this.authSecret.grantRead(f.role);
      f.fn.addEnvironment('AUTH_SECRET_ARN', this.authSecret.secretArn);
    }
    for (const f of tableFunctions) this.grantNeeds(f);

    const apiFunctions = new Set(this.api.handlers);
    this.alarms = new AlarmsConstruct(this, 'Alarms', {
      stage,
      queues: this.queues.queues,
      api: this.api.api,
      backgroundFunctions: this.functions.all.filter((f) => !apiFunctions.has(f)),
      cluster: this.database.cluster,
      removalPolicy: stage.logs.removalPolicy,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTPS API' });
    for (const q of this.queues.queues) {
      new CfnOutput(this, `${pascal(q.spec.name)}QueueUrl`, { value: q.queue.queueUrl, description: `The ${q.spec.name} queue` });
      new CfnOutput(this, `${pascal(q.spec.name)}DeadLetterQueueName`, {
        value: q.deadLetterQueue.queueName,
        description: `Where ${q.spec.name} messages go after ${q.spec.maxReceiveCount} failed receives`,
      });
    }
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn, description: 'Subscribe here to receive the alarms' });
    new CfnOutput(this, 'DatabaseClusterArn', { value: this.database.cluster.clusterArn });
    new CfnOutput(this, 'DatabaseSecretArn', { value: this.database.secret.secretArn });
    new CfnOutput(this, 'DatabaseName', { value: this.database.databaseName });
    new CfnOutput(this, 'ArtifactsBucketName', { value: this.artifacts.bucket.bucketName });
    new CfnOutput(this, 'UploadsBucketName', { value: this.uploads.bucket.bucketName, description: "Users' uploaded resumes" });
    new CfnOutput(this, 'AuthSecretArn', { value: this.authSecret.secretArn, description: 'Signs the API access tokens' });
    new CfnOutput(this, 'MigrationFunctionName', {
      value: this.migrations.handler.fn.functionName,
      description: 'Invoke with {"RequestType":"Update"} to run pending migrations by hand',
    });
  }

  /** What a function's spec says it touches beyond its row in the tables. */
  private grantNeeds(f: AppFunction): void {
    for (const queueName of f.spec.sendsTo ?? []) this.queues.grantSend(this.queues.get(queueName), f);
    if (f.spec.artifacts === 'read-delete') this.artifacts.grantReadDelete(f);
    if (f.spec.artifacts === 'read-write') this.artifacts.grantReadWrite(f);
    if (f.spec.uploads) this.uploads.grant(f, f.spec.uploads);
    if (f.spec.sendsEmail) this.email.grantSend(f);
  }
}
