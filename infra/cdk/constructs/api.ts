/**
 * The HTTPS API from the route table (shared/tables/routes.ts): an API Gateway HTTP API whose
 * routes each go to the one Lambda of their resource, with stage-wide throttling, CORS from the
 * stage's configuration, and JSON access logs.
 *
 * Authentication is not an API Gateway authorizer: tokens are HS256 JWTs signed with the platform's
 * own secret (AUTH_SECRET_ARN) and verified by the handlers' auth middleware, which reads the route
 * table's `auth` flag. The JWT authorizer of HTTP APIs only verifies tokens against a JWKS issuer.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
  type CorsPreflightOptions,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { RouteSpec } from '../../../shared/tables/types';
import type { StageConfig } from '../stages';
import { type AppFunction, type AppFunctions, pascal } from './functions';

/** Request headers a browser client sends (bearer tokens, JSON bodies, safe retries). */
const CORS_ALLOW_HEADERS = ['authorization', 'content-type', 'idempotency-key'];
const CORS_EXPOSE_HEADERS = ['location', 'retry-after'];

/** One JSON object per request: who, what, how it went and how long it took. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  userAgent: '$context.identity.userAgent',
});

export interface ApiConstructProps {
  stage: StageConfig;
  routes: RouteSpec[];
  functions: AppFunctions;
}

export class ApiConstruct extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  /** The functions behind the routes, one per resource. */
  readonly handlers: AppFunction[];
  /** The functions behind at least one `auth: true` route: they verify bearer tokens. */
  readonly authenticating: AppFunction[];

  constructor(scope: Construct, id: string, props: ApiConstructProps) {
    super(scope, id);
    const { stage, routes, functions } = props;
    checkRoutes(routes);

    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `${Stack.of(this).stackName}-api`,
      description: `Job automation platform API (${stage.name})`,
      createDefaultStage: false,
      corsPreflight: corsFor(stage.api.corsOrigins, routes),
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: stage.logs.retention,
      removalPolicy: stage.logs.removalPolicy,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: stage.api.rateLimit, burstLimit: stage.api.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
    });

    const integrations = new Map<string, HttpLambdaIntegration>();
    const handlers = new Map<string, AppFunction>();
    const authenticating = new Set<AppFunction>();
    for (const route of routes) {
      const handler = functions.ensure(route.fn);
      handlers.set(route.fn.id, handler);
      if (route.auth) authenticating.add(handler);
      let integration = integrations.get(route.fn.id);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${pascal(route.fn.id)}Integration`, handler.fn);
        integrations.set(route.fn.id, integration);
      }
      const [made] = this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration });
      Validations.of(made!).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: route.auth
          ? `${route.method} ${route.path} requires a bearer token, verified by the handler's auth middleware with the platform's signing secret (HS256 tokens, which the HTTP API JWT authorizer cannot verify).`
          : `${route.method} ${route.path} is public by design (auth: false in the route table).`,
      });
    }
    this.handlers = [...handlers.values()];
    this.authenticating = [...authenticating];
  }

  get url(): string {
    return this.stage.url;
  }
}

function checkRoutes(routes: RouteSpec[]): void {
  const seen = new Set<string>();
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) throw new Error(`Route ${key} appears twice in the route table`);
    seen.add(key);
    if (!route.path.startsWith('/')) throw new Error(`Route ${key}: the path must start with /`);
  }
}

function corsFor(origins: string[], routes: RouteSpec[]): CorsPreflightOptions | undefined {
  if (origins.length === 0) return undefined;
  const methods = [...new Set(routes.map((r) => r.method))].map((m) => CorsHttpMethod[m]);
  return {
    allowOrigins: origins,
    allowMethods: [...methods, CorsHttpMethod.OPTIONS],
    allowHeaders: CORS_ALLOW_HEADERS,
    exposeHeaders: CORS_EXPOSE_HEADERS,
    maxAge: Duration.days(1),
  };
}
