/**
 * Deployment stages. `cdk deploy -c stage=prod` picks one; dev is the default (cdk.json). Each stage
 * is a complete, self-consistent set of sizes and safety settings, so a deploy never mixes them.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { PerformanceInsightRetention } from 'aws-cdk-lib/aws-rds';

export type StageName = 'dev' | 'prod';

export interface EmailSender {
  /** As given, for the From header: `no-reply@example.com` or `Job Platform <no-reply@example.com>`. */
  header: string;
  /** The bare address (SES's ses:FromAddress). */
  address: string;
  /** Its domain: the SES identity the functions may send as. */
  domain: string;
}

export interface StageConfig {
  name: StageName;
  database: {
    /** Aurora capacity units per instance; 0 lets an idle dev cluster pause (no instance cost). */
    minCapacity: number;
    maxCapacity: number;
    /** Idle time before a cluster with minCapacity 0 pauses. */
    autoPause?: Duration;
    /** Prod: the reader is a failover target sized like the writer. Dev: it may pause on its own. */
    readerScalesWithWriter: boolean;
    backupRetention: Duration;
    deletionProtection: boolean;
    /** SNAPSHOT keeps a final snapshot when the cluster is removed. */
    removalPolicy: RemovalPolicy;
    performanceInsightRetention: PerformanceInsightRetention;
    /** Rotates the master secret every `rotationInterval`; needs a Secrets Manager VPC endpoint. */
    rotateSecret: boolean;
    rotationInterval: Duration;
  };
  logs: { retention: RetentionDays; removalPolicy: RemovalPolicy };
  api: {
    /** Steady-state requests per second and burst, for the whole stage. */
    rateLimit: number;
    burstLimit: number;
    /** Browser origins allowed by CORS; empty turns CORS off (server-to-server clients only). */
    corsOrigins: string[];
  };
  artifacts: {
    /** Application screenshots and step captures are deleted after this many days. */
    expireAfterDays: number;
    removalPolicy: RemovalPolicy;
  };
  /** Users' uploaded resumes: kept as long as a profile names them. */
  uploads: { removalPolicy: RemovalPolicy };
  email: {
    /**
     * The sender of the platform's email (EMAIL_FROM of the functions that send): an address whose
     * domain is a verified SES identity in the account and region. Unset: nothing is sent in AWS.
     */
    from?: EmailSender;
  };
  alarms: {
    /** Percent of API requests answered 5xx over five minutes. */
    api5xxPercent: number;
    /** Percent of the cluster's maximum capacity in use, sustained for fifteen minutes. */
    acuUtilizationPercent: number;
    /** Optional address subscribed to the alarm topic at deploy time. */
    email?: string;
  };
}

const dev: StageConfig = {
  name: 'dev',
  database: {
    minCapacity: 0,
    maxCapacity: 4,
    autoPause: Duration.minutes(30),
    readerScalesWithWriter: false,
    backupRetention: Duration.days(30),
    deletionProtection: false,
    removalPolicy: RemovalPolicy.DESTROY,
    performanceInsightRetention: PerformanceInsightRetention.DEFAULT,
    rotateSecret: false,
    rotationInterval: Duration.days(30),
  },
  logs: { retention: RetentionDays.TWO_WEEKS, removalPolicy: RemovalPolicy.DESTROY },
  api: { rateLimit: 50, burstLimit: 100, corsOrigins: ['*'] },
  artifacts: { expireAfterDays: 14, removalPolicy: RemovalPolicy.DESTROY },
  uploads: { removalPolicy: RemovalPolicy.DESTROY },
  email: {},
  alarms: { api5xxPercent: 5, acuUtilizationPercent: 90 },
};

const prod: StageConfig = {
  name: 'prod',
  database: {
    minCapacity: 0.5,
    maxCapacity: 16,
    readerScalesWithWriter: true,
    backupRetention: Duration.days(30),
    deletionProtection: true,
    removalPolicy: RemovalPolicy.SNAPSHOT,
    performanceInsightRetention: PerformanceInsightRetention.MONTHS_1,
    rotateSecret: true,
    rotationInterval: Duration.days(30),
  },
  logs: { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.RETAIN },
  api: { rateLimit: 200, burstLimit: 400, corsOrigins: [] },
  artifacts: { expireAfterDays: 90, removalPolicy: RemovalPolicy.RETAIN },
  uploads: { removalPolicy: RemovalPolicy.RETAIN },
  email: {},
  alarms: { api5xxPercent: 1, acuUtilizationPercent: 80 },
};

const STAGES: Record<StageName, StageConfig> = { dev, prod };

/** Context keys an operator may set with `-c key=value`. */
export interface StageContext {
  stage?: unknown;
  /** Comma-separated origins: `-c corsOrigins=https://app.example.com,https://admin.example.com`. */
  corsOrigins?: unknown;
  /** `-c alarmEmail=ops@example.com` subscribes that address to the alarm topic. */
  alarmEmail?: unknown;
  /** `-c emailFrom=no-reply@example.com` (or `"Job Platform <no-reply@example.com>"`): the sender of the platform's email. */
  emailFrom?: unknown;
}

const ADDRESS = /^[^\s@<>"]+@([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)$/i;

/** Parses `-c emailFrom`: a bare address, or a display name with the address in angle brackets. */
export function emailSender(value: string): EmailSender {
  const header = value.trim();
  const address = (/^[^<>]*<([^<>]+)>$/.exec(header)?.[1] ?? header).trim();
  const domain = ADDRESS.exec(address)?.[1];
  if (!domain) {
    throw new Error(`emailFrom "${value}" is not an email address: use -c emailFrom=no-reply@example.com or -c "emailFrom=Job Platform <no-reply@example.com>"`);
  }
  return { header, address, domain: domain.toLowerCase() };
}

export function stageConfig(context: StageContext): StageConfig {
  const name = context.stage ?? 'dev';
  if (name !== 'dev' && name !== 'prod') {
    throw new Error(`Unknown stage "${String(name)}": use -c stage=dev or -c stage=prod`);
  }
  const base = STAGES[name];
  const origins =
    typeof context.corsOrigins === 'string'
      ? context.corsOrigins
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean)
      : base.api.corsOrigins;
  const email = typeof context.alarmEmail === 'string' && context.alarmEmail.trim() ? context.alarmEmail.trim() : undefined;
  const from = typeof context.emailFrom === 'string' && context.emailFrom.trim() ? emailSender(context.emailFrom) : base.email.from;
  return { ...base, api: { ...base.api, corsOrigins: origins }, email: { from }, alarms: { ...base.alarms, email } };
}
