/**
 * The per-request state the API middlewares share through middy's `request.internal`.
 */
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Log } from '../log';
import type { Implementation } from '../route';
import type { Validated } from '../validate';

export interface ApiState extends Record<string, unknown> {
  requestId: string;
  log: Log;
  startedAt: number;
  /** The route's implementation, found by routeKey. */
  implementation?: Implementation;
  userId?: number;
  body?: { present: boolean; value?: unknown };
  validated?: Validated;
}

export type ApiMiddyRequest = Request<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context, ApiState>;
export type ApiMiddleware = MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context, ApiState>;

/** The implementation picked by the router; every later middleware runs after it. */
export function implementationOf(request: ApiMiddyRequest): Implementation {
  const found = request.internal.implementation;
  if (!found) throw new Error('route middleware must run first');
  return found;
}
