/**
 * Every Lambda of the platform is made here, from its FunctionSpec, the same way: bundled by the
 * CDK's local esbuild (never Docker), on the current Node.js runtime, x86_64 (the Chromium binary
 * from npm is x64 only), active X-Ray tracing, JSON logs into its own log group with a retention,
 * and its own role that starts with nothing but writing to that log group. Grants are added by the
 * constructs that own the resources, so each function holds only what its part of the tables needs.
 */
import { join } from 'node:path';
import { type CfnElement, Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime, SystemLogLevel, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';
import type { FunctionSpec } from '../../../shared/tables/types';

/** The newest Node.js runtime this aws-cdk-lib knows (cdk-nag's AwsSolutions-L1 asks for it). */
export const NODE_RUNTIME = Runtime.NODEJS_24_X;

/** Chromium needs this much memory to render real pages (DESIGN.md: Chromium on Lambda). */
export const BROWSER_MIN_MEMORY_MB = 1600;

/**
 * @sparticuz/chromium reads its brotli-packed binary from its own bin/ folder at run time, so it
 * cannot go into an esbuild bundle: it is installed beside the bundle of every browser function.
 */
export const CHROMIUM_PACKAGE = '@sparticuz/chromium';

/** ESM output still meets CommonJS dependencies that call require() on Node built-ins. */
const ESM_REQUIRE_SHIM = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

export interface AppFunctionsProps {
  /** The repository root: entries in the tables are relative to it. */
  projectRoot: string;
  /** Set on every function (stage, database coordinates). */
  environment: Record<string, string>;
  logRetention: RetentionDays;
  logRemovalPolicy: RemovalPolicy;
}

export interface FunctionOptions {
  /** Packages installed into the asset's node_modules instead of bundled. */
  nodeModules?: string[];
  /** Shell commands run after esbuild (e.g. copying sql/ beside the migration handler). */
  afterBundling?: (inputDir: string, outputDir: string) => string[];
}

export interface AppFunction {
  spec: FunctionSpec;
  fn: NodejsFunction;
  role: Role;
  logGroup: LogGroup;
}

export class AppFunctions extends Construct {
  private readonly byId = new Map<string, AppFunction>();

  constructor(
    scope: Construct,
    id: string,
    private readonly props: AppFunctionsProps,
  ) {
    super(scope, id);
  }

  /** All functions made so far, in creation order. */
  get all(): AppFunction[] {
    return [...this.byId.values()];
  }

  /**
   * The function for a spec, made on first use. Several routes of one resource share one spec and
   * so one function; two different specs under one id are a mistake in the tables.
   */
  ensure(spec: FunctionSpec, options: FunctionOptions = {}): AppFunction {
    const existing = this.byId.get(spec.id);
    if (existing) {
      if (existing.spec !== spec && JSON.stringify(existing.spec) !== JSON.stringify(spec)) {
        throw new Error(`Two different function specs share the id "${spec.id}"`);
      }
      return existing;
    }
    if (!/^[a-z][a-z0-9-]*$/.test(spec.id)) throw new Error(`Function id "${spec.id}" must be kebab-case`);
    if (spec.browser && spec.memoryMb < BROWSER_MIN_MEMORY_MB) {
      throw new Error(`Function "${spec.id}" runs Chromium and needs at least ${BROWSER_MIN_MEMORY_MB} MB, not ${spec.memoryMb}`);
    }
    const made = this.create(spec, options);
    this.byId.set(spec.id, made);
    return made;
  }

  get(id: string): AppFunction | undefined {
    return this.byId.get(id);
  }

  private create(spec: FunctionSpec, options: FunctionOptions): AppFunction {
    const scope = new Construct(this, pascal(spec.id));
    const logGroup = new LogGroup(scope, 'Logs', {
      retention: this.props.logRetention,
      removalPolicy: this.props.logRemovalPolicy,
    });
    // An own role instead of the managed AWSLambdaBasicExecutionRole, which may write to any log group.
    const role = new Role(scope, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${spec.id} function`,
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
    );

    const nodeModules = [
      ...new Set([
        ...(spec.browser ? [CHROMIUM_PACKAGE] : []),
        ...(spec.nativePackages ?? []),
        ...(options.nodeModules ?? []),
      ]),
    ];
    const commandHooks: ICommandHooks | undefined = options.afterBundling
      ? { beforeBundling: () => [], beforeInstall: () => [], afterBundling: options.afterBundling }
      : undefined;

    const fn = new NodejsFunction(scope, 'Function', {
      // A name an operator can type: `aws lambda invoke --function-name JobPlatform-prod-migrate`.
      functionName: `${Stack.of(this).stackName}-${spec.id}`,
      entry: join(this.props.projectRoot, spec.entry),
      handler: 'handler',
      description: spec.description,
      runtime: NODE_RUNTIME,
      architecture: Architecture.X86_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      tracing: Tracing.ACTIVE,
      environment: {
        ...this.props.environment,
        POWERTOOLS_SERVICE_NAME: spec.id,
        NODE_OPTIONS: '--enable-source-maps',
      },
      projectRoot: this.props.projectRoot,
      depsLockFilePath: join(this.props.projectRoot, 'package-lock.json'),
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_SHIM,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // The Node.js runtime ships AWS SDK v3: leaving it out keeps every bundle small and its cold
        // start short (bench:api measures both). The clients used here are all in the runtime's SDK.
        bundleAwsSDK: false,
        nodeModules: nodeModules.length > 0 ? nodeModules : undefined,
        // nodeModules are installed with `npm ci`: take them from the local npm cache when it has
        // them, so a machine that ran `npm install` synthesizes without the network.
        environment: { npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' },
        commandHooks,
      },
    });

    // X-Ray accepts trace segments only on Resource "*": the one wildcard a function holds.
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Active X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permissions.',
    });
    return { spec, fn, role, logGroup };
  }
}

/** 'crawl-worker' -> 'CrawlWorker', for readable logical ids. */
export function pascal(id: string): string {
  return id
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** The logical id of an L2's resource, as cdk-nag names it in finding ids (`<Id.Arn>`). */
export function logicalIdOf(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}
