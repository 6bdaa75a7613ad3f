/**
 * CORS: one policy, read by the CDK app (API Gateway answers preflights in AWS), the local server
 * (answers them locally) and the response middleware (headers on actual responses).
 * CORS_ALLOWED_ORIGINS is a comma-separated list, or '*' (the default: bearer tokens, no cookies).
 */
import type { HttpMethod } from '../tables/types';

export interface CorsPolicy {
  allowOrigins: string[];
  allowMethods: HttpMethod[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds: number;
}

export function corsPolicy(): CorsPolicy {
  const origins = (process.env.CORS_ALLOWED_ORIGINS ?? '*')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  return {
    allowOrigins: origins.length ? origins : ['*'],
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['authorization', 'content-type'],
    exposeHeaders: ['location', 'retry-after', 'www-authenticate', 'x-request-id'],
    maxAgeSeconds: 600,
  };
}

/** The Access-Control-Allow-Origin value for a request's Origin, or undefined when it is not allowed. */
export function allowedOrigin(policy: CorsPolicy, origin: string | undefined): string | undefined {
  if (policy.allowOrigins.includes('*')) return '*';
  return origin && policy.allowOrigins.includes(origin) ? origin : undefined;
}

/** Headers for an actual (non-preflight) response. */
export function corsResponseHeaders(policy: CorsPolicy, origin: string | undefined): Record<string, string> {
  const allow = allowedOrigin(policy, origin);
  if (!allow) return {};
  return {
    'access-control-allow-origin': allow,
    'access-control-expose-headers': policy.exposeHeaders.join(', '),
    ...(allow !== '*' && { vary: 'Origin' }),
  };
}

/** Headers answering a preflight (OPTIONS) request. */
export function corsPreflightHeaders(policy: CorsPolicy, origin: string | undefined): Record<string, string> {
  const allow = allowedOrigin(policy, origin);
  if (!allow) return {};
  return {
    'access-control-allow-origin': allow,
    'access-control-allow-methods': policy.allowMethods.join(', '),
    'access-control-allow-headers': policy.allowHeaders.join(', '),
    'access-control-max-age': String(policy.maxAgeSeconds),
    ...(allow !== '*' && { vary: 'Origin' }),
  };
}
