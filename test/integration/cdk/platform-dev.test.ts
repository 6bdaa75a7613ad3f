/**
 * The dev stage of the platform, built from the fixture tables with real bundling (esbuild, and
 * npm for the packages kept out of bundles): what `cdk deploy -c stage=dev` would stand up.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logicalIdOf } from '../../../infra/cdk/constructs/functions';
import { migrationsHash } from '../../../infra/cdk/constructs/migrations';
import { migrationsDir, queues, routes } from '../../fixtures/cdk/tables';
import {
  actionsOf,
  actionsOn,
  functionLogicalId,
  resourcesOf,
  statementsOf,
  type SynthesizedPlatform,
  SYNTH_TIMEOUT_MS,
  synthesizeFixturePlatform,
} from './synth';

let platform: SynthesizedPlatform;
let ids: Record<'health' | 'passwords' | 'tally' | 'screenshot' | 'tick' | 'migrate', string>;

beforeAll(() => {
  platform = synthesizeFixturePlatform({ bundle: true, context: { stage: 'dev' } });
  const { json } = platform;
  ids = {
    health: functionLogicalId(json, 'Health'),
    passwords: functionLogicalId(json, 'Passwords'),
    tally: functionLogicalId(json, 'TallyWorker'),
    screenshot: functionLogicalId(json, 'ScreenshotWorker'),
    tick: functionLogicalId(json, 'Tick'),
    migrate: functionLogicalId(json, 'Migrate'),
  };
}, SYNTH_TIMEOUT_MS);
afterAll(() => platform?.cleanup());

const logicalId = (construct: Parameters<typeof logicalIdOf>[0]) => logicalIdOf(construct);

/** The directory of a function's bundled asset in the cloud assembly. */
function assetDir(functionId: string): string {
  const key = platform.json.Resources[functionId]!.Properties!.Code.S3Key as string;
  return join(platform.outdir, `asset.${key.replace(/\.zip$/, '')}`);
}

describe('cdk-nag', () => {
  it('synthesizes with zero unacknowledged AwsSolutions findings', () => {
    expect(platform.violations.map((v) => `${v.ruleName} at ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`)).toEqual([]);
    expect(platform.synthError).toBeUndefined();
  });

  it('records every acknowledgement in the template with its reason', () => {
    // (aws-cdk-lib acknowledges some CloudFormation-Validate rules on its own constructs.)
    const acknowledged = Object.values(platform.json.Resources)
      .flatMap((r) => (r.Metadata?.cdk_nag?.rules_to_suppress ?? []) as { id: string; reason: string }[])
      .filter((a) => a.id.startsWith('AwsSolutions-'));
    for (const { id, reason } of acknowledged) expect(reason.length, id).toBeGreaterThan(40);
    const ruleIds = new Set(acknowledged.map((a) => a.id.replace(/\[.*$/, '')));
    // A new kind of acknowledgement is a decision: it shows up here first.
    expect([...ruleIds].sort()).toEqual([
      'AwsSolutions-APIG4',
      'AwsSolutions-IAM5',
      'AwsSolutions-RDS10',
      'AwsSolutions-RDS11',
      'AwsSolutions-S1',
      'AwsSolutions-SMG4',
    ]);
  });
});

describe('database', () => {
  it('is Aurora PostgreSQL 17 Serverless v2 with the Data API, encrypted, with its secret', () => {
    platform.template.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-postgresql',
      EngineVersion: Match.stringLikeRegexp('^17\\.'),
      EnableHttpEndpoint: true,
      StorageEncrypted: true,
      DatabaseName: 'jobs',
      MasterUserPassword: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp('resolve:secretsmanager')])]) }),
      ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 4, SecondsUntilAutoPause: 1800 },
    });
    platform.template.resourceCountIs('AWS::SecretsManager::SecretTargetAttachment', 1);
  });

  it('has a writer and a reader, both serverless and private', () => {
    const instances = resourcesOf(platform.json, 'AWS::RDS::DBInstance').map(([, r]) => r.Properties!);
    expect(instances).toHaveLength(2);
    for (const instance of instances) expect(instance).toMatchObject({ DBInstanceClass: 'db.serverless', PubliclyAccessible: false });
    expect(instances.map((i) => i.PromotionTier).sort()).toEqual([0, 2]);
  });

  it('keeps daily backups for 30 days, with Performance Insights and pg_stat_statements', () => {
    platform.template.hasResourceProperties('AWS::RDS::DBCluster', {
      BackupRetentionPeriod: 30,
      PreferredBackupWindow: Match.anyValue(),
      PerformanceInsightsEnabled: true,
      EnableCloudwatchLogsExports: ['postgresql'],
    });
    platform.template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Family: 'aurora-postgresql17',
      Parameters: Match.objectLike({ shared_preload_libraries: 'pg_stat_statements', log_min_duration_statement: '1000' }),
    });
  });

  it('lives in isolated subnets of a VPC with no way to or from the internet', () => {
    platform.template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    platform.template.resourceCountIs('AWS::EC2::NatGateway', 0);
    for (const [, subnet] of resourcesOf(platform.json, 'AWS::EC2::Subnet')) expect(subnet.Properties!.MapPublicIpOnLaunch).toBe(false);
    platform.template.hasResourceProperties('AWS::EC2::SecurityGroup', { SecurityGroupIngress: Match.absent() });
  });

  it('is disposable in dev: no deletion protection, deleted with the stack', () => {
    platform.template.hasResource('AWS::RDS::DBCluster', { Properties: Match.objectLike({ DeletionProtection: false }), DeletionPolicy: 'Delete' });
  });
});

describe('migrations', () => {
  it('run as a custom resource whose properties carry a hash of sql/', () => {
    platform.template.hasResourceProperties('Custom::SchemaMigrations', {
      ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MigrationsProviderframeworkonEvent'), 'Arn'] },
      MigrationsHash: migrationsHash(migrationsDir),
      MigrationCount: 2,
      LastMigration: '002_notes_index.sql',
    });
  });

  it('go through the migration function, which ships the .sql files beside its bundle', () => {
    const [, framework] = resourcesOf(platform.json, 'AWS::Lambda::Function').find(([id]) => id.startsWith('MigrationsProviderframeworkonEvent'))!;
    expect(JSON.stringify(framework.Properties!.Environment)).toContain(ids.migrate);
    expect(readdirSync(join(assetDir(ids.migrate), 'sql')).sort()).toEqual(['001_notes.sql', '002_notes_index.sql']);
    expect(readFileSync(join(assetDir(ids.migrate), 'sql', '001_notes.sql'), 'utf8')).toBe(readFileSync(join(migrationsDir, '001_notes.sql'), 'utf8'));
    expect(platform.json.Resources[ids.migrate]!.Properties!.Timeout).toBe(900);
  });

  it('wait for the cluster, and every table function waits for them', () => {
    const [schemaId, schema] = resourcesOf(platform.json, 'Custom::SchemaMigrations')[0]!;
    expect(schema.DependsOn).toEqual(expect.arrayContaining([logicalId(platform.stack.database.cluster), expect.stringMatching(/writer/)]));
    for (const fn of ['health', 'passwords', 'tally', 'screenshot', 'tick'] as const) {
      expect(platform.json.Resources[ids[fn]]!.DependsOn, fn).toContain(schemaId);
    }
  });
});

describe('HTTP API', () => {
  it('has exactly the routes of the route table, each on the function of its resource', () => {
    const integrationTarget = new Map(
      resourcesOf(platform.json, 'AWS::ApiGatewayV2::Integration').map(([id, r]) => [id, JSON.stringify(r.Properties!.IntegrationUri)]),
    );
    const made = resourcesOf(platform.json, 'AWS::ApiGatewayV2::Route').map(([, r]) => {
      const integrationId = (r.Properties!.Target['Fn::Join'][1] as unknown[])[1] as { Ref: string };
      return [r.Properties!.RouteKey, integrationTarget.get(integrationId.Ref)];
    });
    expect(made.map(([key]) => key).sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    for (const [key, target] of made) {
      const expected = key === 'GET /health' ? ids.health : ids.passwords;
      expect(target, key).toContain(expected);
    }
    // One function per resource: three password routes share one integration.
    platform.template.resourceCountIs('AWS::ApiGatewayV2::Integration', 2);
  });

  it('throttles the stage and writes JSON access logs', () => {
    platform.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [logicalId(platform.stack.api.accessLogs), 'Arn'] }, Format: Match.anyValue() },
    });
    const [, stage] = resourcesOf(platform.json, 'AWS::ApiGatewayV2::Stage')[0]!;
    const format = JSON.parse(stage.Properties!.AccessLogSettings.Format);
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status', routeKey: '$context.routeKey' });
  });

  it('answers browsers per the stage CORS configuration (dev: any origin)', () => {
    platform.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        AllowOrigins: ['*'],
        AllowMethods: Match.arrayWith(['GET', 'POST', 'DELETE', 'OPTIONS']),
        AllowHeaders: Match.arrayWith(['authorization', 'content-type']),
        MaxAge: 86400,
      },
    });
  });
});

describe('queues and workers', () => {
  it('makes each queue of the table with its dead-letter queue, encrypted, TLS only', () => {
    for (const spec of queues) {
      const q = platform.stack.queues.get(spec.name);
      platform.template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `JobPlatform-dev-${spec.name}`,
        SqsManagedSseEnabled: true,
        VisibilityTimeout: spec.visibilityTimeoutSeconds,
        MessageRetentionPeriod: spec.retentionDays * 86400,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(q.deadLetterQueue), 'Arn'] }, maxReceiveCount: spec.maxReceiveCount },
      });
      platform.template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `JobPlatform-dev-${spec.name}-dlq`,
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 86400,
      });
    }
    platform.template.resourceCountIs('AWS::SQS::Queue', 4);
    const policies = resourcesOf(platform.json, 'AWS::SQS::QueuePolicy');
    expect(policies).toHaveLength(4);
    for (const [, policy] of policies) {
      expect(policy.Properties!.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it("feeds each worker through a mapping with the table's batch settings and ReportBatchItemFailures", () => {
    for (const [spec, fn] of [
      [queues[0]!, ids.tally],
      [queues[1]!, ids.screenshot],
    ] as const) {
      platform.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: { 'Fn::GetAtt': [logicalId(platform.stack.queues.get(spec.name).queue), 'Arn'] },
        FunctionName: { Ref: fn },
        BatchSize: spec.batchSize,
        MaximumBatchingWindowInSeconds: spec.maxBatchingWindowSeconds > 0 ? spec.maxBatchingWindowSeconds : Match.absent(),
        ScalingConfig: { MaximumConcurrency: spec.maxConcurrency },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      const timeout = platform.json.Resources[fn]!.Properties!.Timeout as number;
      expect(spec.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * timeout);
    }
  });

  it('runs the browser worker with 1600 MB or more and Chromium installed beside, not inside, its bundle', () => {
    expect(platform.json.Resources[ids.screenshot]!.Properties!.MemorySize).toBeGreaterThanOrEqual(1600);
    const dir = assetDir(ids.screenshot);
    expect(existsSync(join(dir, 'node_modules/@sparticuz/chromium/bin'))).toBe(true);
    const bundle = readFileSync(join(dir, 'index.mjs'), 'utf8');
    expect(bundle).toMatch(/from\s*"@sparticuz\/chromium"/);
    // The plain worker ships its bundle alone.
    expect(existsSync(join(assetDir(ids.tally), 'node_modules'))).toBe(false);
  });

  it('installs the native argon2 addon beside the function that hashes passwords', () => {
    expect(existsSync(join(assetDir(ids.passwords), 'node_modules/@node-rs/argon2'))).toBe(true);
    expect(existsSync(join(assetDir(ids.health), 'node_modules'))).toBe(false);
  });
});

describe('schedules', () => {
  it('fires each schedule of the table on its function, with a permission scoped to that rule', () => {
    platform.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [ids.tick, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 } })],
    });
    const [ruleId] = resourcesOf(platform.json, 'AWS::Events::Rule')[0]!;
    platform.template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [ids.tick, 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
    });
  });
});

describe('functions', () => {
  it('all run on Node.js 24, traced, JSON logs into their own group with a retention, outside any VPC', () => {
    for (const [name, id] of Object.entries(ids)) {
      const props = platform.json.Resources[id]!.Properties!;
      expect(props, name).toMatchObject({ Runtime: 'nodejs24.x', TracingConfig: { Mode: 'Active' }, LoggingConfig: { LogFormat: 'JSON' } });
      expect(props.VpcConfig, name).toBeUndefined();
      const logGroup = platform.json.Resources[props.LoggingConfig.LogGroup.Ref]!;
      expect(logGroup.Properties!.RetentionInDays, name).toBe(14);
      expect(props.Environment.Variables, name).toMatchObject({
        STAGE: 'dev',
        DB_NAME: 'jobs',
        DB_CLUSTER_ARN: { 'Fn::Join': ['', expect.arrayContaining([{ Ref: logicalId(platform.stack.database.cluster) }])] },
        DB_SECRET_ARN: { Ref: expect.stringMatching(/^DatabaseClusterSecretAttachment/) },
        POWERTOOLS_SERVICE_NAME: expect.any(String),
      });
    }
    platform.template.resourcePropertiesCountIs('AWS::Lambda::Function', { VpcConfig: Match.anyValue() }, 0);
  });

  it('are named after the stack and their id, for operators to invoke and find', () => {
    expect(platform.json.Resources[ids.tally]!.Properties!.FunctionName).toBe('JobPlatform-dev-tally-worker');
    expect(platform.json.Resources[ids.migrate]!.Properties!.FunctionName).toBe('JobPlatform-dev-migrate');
  });
});

describe('grants', () => {
  const cluster = () => logicalId(platform.stack.database.cluster);
  const bucket = () => logicalId(platform.stack.artifacts.bucket);
  const authSecret = () => logicalId(platform.stack.authSecret);
  const queue = (name: string) => logicalId(platform.stack.queues.get(name).queue);

  it('gives every function the Data API on the cluster and its secret, and nothing on other clusters', () => {
    for (const [name, id] of Object.entries(ids)) {
      const statements = statementsOf(platform.json, id);
      expect(actionsOn(statements, cluster()), name).toEqual(
        ['rds-data:BatchExecuteStatement', 'rds-data:BeginTransaction', 'rds-data:CommitTransaction', 'rds-data:ExecuteStatement', 'rds-data:RollbackTransaction'],
      );
      expect(statements.flatMap(actionsOf).filter((a) => a.startsWith('rds-data:')), name).toHaveLength(5);
    }
  });

  it('lets only functions behind authenticated routes read the token-signing secret', () => {
    expect(actionsOn(statementsOf(platform.json, ids.passwords), authSecret())).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    expect(platform.json.Resources[ids.passwords]!.Properties!.Environment.Variables.AUTH_SECRET_ARN).toEqual({ Ref: authSecret() });
    for (const fn of ['health', 'tally', 'screenshot', 'tick', 'migrate'] as const) {
      expect(actionsOn(statementsOf(platform.json, ids[fn]), authSecret()), fn).toEqual([]);
      expect(platform.json.Resources[ids[fn]]!.Properties!.Environment.Variables.AUTH_SECRET_ARN, fn).toBeUndefined();
    }
  });

  it('lets a worker consume its own queue only, and a sender send only where its spec says', () => {
    const consume = ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'];
    expect(actionsOn(statementsOf(platform.json, ids.tally), queue('crawl'))).toEqual(consume);
    expect(actionsOn(statementsOf(platform.json, ids.tally), queue('apply'))).toEqual([]);
    expect(actionsOn(statementsOf(platform.json, ids.screenshot), queue('apply'))).toEqual(consume);
    expect(actionsOn(statementsOf(platform.json, ids.tick), queue('crawl'))).toEqual(['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage']);
    expect(actionsOn(statementsOf(platform.json, ids.tick), queue('apply'))).toEqual([]);
    expect(platform.json.Resources[ids.tick]!.Properties!.Environment.Variables.CRAWL_QUEUE_URL).toEqual({ Ref: queue('crawl') });
    for (const fn of ['health', 'passwords', 'migrate'] as const) {
      expect(statementsOf(platform.json, ids[fn]).flatMap(actionsOf).filter((a) => a.startsWith('sqs:')), fn).toEqual([]);
    }
  });

  it('lets the browser worker read and write artifacts, the API function read and delete them, and no one else touch them', () => {
    expect(actionsOn(statementsOf(platform.json, ids.screenshot), bucket())).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject']);
    expect(actionsOn(statementsOf(platform.json, ids.passwords), bucket())).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:ListBucket']);
    for (const fn of ['health', 'tally', 'tick', 'migrate'] as const) {
      expect(actionsOn(statementsOf(platform.json, ids[fn]), bucket()), fn).toEqual([]);
    }
    expect(platform.json.Resources[ids.screenshot]!.Properties!.Environment.Variables.ARTIFACTS_BUCKET).toEqual({ Ref: bucket() });
  });

  it('lets each function touch only its part of the uploads bucket: the worker reads kept resumes, the remover deletes, the manager also signs uploads and keeps them', () => {
    const uploads = () => logicalId(platform.stack.uploads.bucket);
    /** Each action on the uploads bucket, with the key prefixes it is granted on ('' for the bucket itself). */
    const grantsOn = (id: string) => {
      const grants: Record<string, string[]> = {};
      for (const statement of statementsOf(platform.json, id) as { Action: string | string[]; Resource: unknown }[]) {
        for (const resource of [statement.Resource].flat()) {
          const text = JSON.stringify(resource);
          if (!text.includes(uploads())) continue;
          const prefix = /"\/([a-z]*\/?)\*"/.exec(text)?.[1] ?? '';
          for (const action of [statement.Action].flat()) (grants[action] ??= []).push(prefix);
        }
      }
      return Object.fromEntries(Object.entries(grants).map(([action, prefixes]) => [action, prefixes.sort()]));
    };
    expect(grantsOn(ids.screenshot)).toEqual({ 's3:GetObject': ['resumes/'], 's3:ListBucket': [''] });
    expect(grantsOn(ids.tick)).toEqual({ 's3:DeleteObject': ['resumes/', 'uploads/'], 's3:ListBucket': [''] });
    expect(grantsOn(ids.passwords)).toEqual({
      's3:DeleteObject': ['resumes/', 'uploads/'],
      's3:GetObject': ['resumes/', 'uploads/'],
      's3:PutObject': ['resumes/', 'uploads/'],
      's3:ListBucket': [''],
    });
    for (const fn of ['health', 'tally', 'migrate'] as const) expect(grantsOn(ids[fn]), fn).toEqual({});
    for (const fn of ['screenshot', 'tick', 'passwords'] as const) {
      expect(platform.json.Resources[ids[fn]]!.Properties!.Environment.Variables.UPLOADS_BUCKET, fn).toEqual({ Ref: uploads() });
    }
    expect(platform.json.Resources[ids.health]!.Properties!.Environment.Variables.UPLOADS_BUCKET).toBeUndefined();
  });

  it('gives no Lambda a wildcard it does not need: Resource "*" only for X-Ray, no wildcard actions', () => {
    const lambdaRoles = new Set(resourcesOf(platform.json, 'AWS::Lambda::Function').map(([, r]) => r.Properties!.Role['Fn::GetAtt'][0] as string));
    expect(lambdaRoles.size).toBe(7); // six table/migration functions and the custom resource framework
    for (const [policyId, policy] of resourcesOf(platform.json, 'AWS::IAM::Policy')) {
      if (!(policy.Properties!.Roles as { Ref: string }[]).some((r) => lambdaRoles.has(r.Ref))) continue;
      for (const statement of policy.Properties!.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]) {
        const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
        for (const action of actions) expect(action, policyId).not.toMatch(/\*/);
        if (statement.Resource === '*') expect(actions.sort(), policyId).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
      }
    }
    // No managed policies (AWSLambdaBasicExecutionRole writes to any log group).
    for (const [, role] of resourcesOf(platform.json, 'AWS::IAM::Role')) expect(role.Properties!.ManagedPolicyArns).toBeUndefined();
  });
});

describe('email without a sender (the default of every stage)', () => {
  it('gives no function EMAIL_FROM or any SES permission', () => {
    for (const [name, id] of Object.entries(ids)) {
      expect(platform.json.Resources[id]!.Properties!.Environment.Variables.EMAIL_FROM, name).toBeUndefined();
      expect(statementsOf(platform.json, id).flatMap(actionsOf).filter((a) => a.startsWith('ses:')), name).toEqual([]);
    }
  });

  it('warns at synth that the function which sends email will refuse to, and warns of nothing else', () => {
    // (The dev reader that pauses on its own is acknowledged with its reason, so it does not warn.)
    expect(platform.warnings).toEqual([
      {
        path: '/JobPlatform-dev/Functions/Passwords/Function',
        message: expect.stringMatching(/^passwords sends email, but the stage has no sender: .* -c emailFrom=/),
      },
    ]);
  });
});

describe('artifacts bucket', () => {
  it('is encrypted, private, TLS only, logged, and expires screenshots', () => {
    const bucketId = logicalId(platform.stack.artifacts.bucket);
    platform.template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: Match.objectLike({ DestinationBucketName: { Ref: logicalId(platform.stack.artifacts.accessLogs) } }),
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 14, Status: 'Enabled' })] },
      }),
      DeletionPolicy: 'Delete',
    });
    platform.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });
});

describe('uploads bucket', () => {
  it('is its own bucket, encrypted, private, TLS only, logged, without versions; unkept uploads expire after a day, kept resumes never', () => {
    const bucketId = logicalId(platform.stack.uploads.bucket);
    expect(bucketId).not.toBe(logicalId(platform.stack.artifacts.bucket));
    const bucket = platform.json.Resources[bucketId]!;
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(platform.stack.artifacts.accessLogs) }, LogFilePrefix: 'uploads/' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    expect(bucket.Properties!.VersioningConfiguration).toBeUndefined();
    const rules = bucket.Properties!.LifecycleConfiguration.Rules as { Prefix?: string; ExpirationInDays?: number }[];
    expect(rules.filter((r) => r.ExpirationInDays !== undefined)).toEqual([expect.objectContaining({ Prefix: 'uploads/', ExpirationInDays: 1, Status: 'Enabled' })]);
    platform.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    expect(platform.json.Outputs.UploadsBucketName).toEqual(expect.objectContaining({ Value: { Ref: bucketId } }));
  });

  it("lets the stage's browser origins PUT an upload (CORS), and nothing else cross-origin", () => {
    const bucket = platform.json.Resources[logicalId(platform.stack.uploads.bucket)]!;
    expect(bucket.Properties!.CorsConfiguration).toEqual({
      CorsRules: [{ AllowedMethods: ['PUT'], AllowedOrigins: ['*'], AllowedHeaders: ['content-type'], ExposedHeaders: ['etag'], MaxAge: 600 }],
    });
  });
});

describe('alarms', () => {
  const topic = () => ({ Ref: logicalId(platform.stack.alarms.topic) });

  it('pages on any message in a dead-letter queue', () => {
    for (const spec of queues) {
      platform.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(platform.stack.queues.get(spec.name).deadLetterQueue), 'QueueName'] } }],
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [topic()],
      });
    }
  });

  it('pages on the API 5xx rate, on worker and scheduled function errors, and on database capacity', () => {
    platform.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ Expression: Match.stringLikeRegexp('errors / requests') })]),
      Threshold: 5,
      AlarmActions: [topic()],
    });
    for (const fn of [ids.tally, ids.screenshot, ids.tick, ids.migrate]) {
      platform.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn } }],
        AlarmActions: [topic()],
      });
    }
    platform.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/RDS',
      MetricName: 'ACUUtilization',
      Threshold: 90,
      EvaluationPeriods: 3,
      AlarmActions: [topic()],
    });
    // API functions are covered by the 5xx rate, not one alarm each.
    platform.template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { Dimensions: [{ Name: 'FunctionName', Value: { Ref: ids.health } }] }, 0);
  });

  it('sends them to an encrypted topic an operator subscribes to', () => {
    platform.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    const outputs = platform.json.Outputs as Record<string, { Value: unknown }>;
    expect(outputs.AlarmTopicArn?.Value).toEqual(topic());
    for (const name of ['ApiUrl', 'CrawlQueueUrl', 'ApplyQueueUrl', 'ArtifactsBucketName', 'MigrationFunctionName', 'AuthSecretArn']) expect(outputs[name], name).toBeDefined();
  });
});
