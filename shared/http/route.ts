/**
 * Typed routes: `route()` keeps each route's zod schemas in its type, so a handler implementing it
 * receives typed params, query and body and must answer one of its documented success responses.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import type { RouteSpec } from '../tables/types';
import type { Log } from './log';

/** Declares a route for the table, keeping its literal types. */
export function route<const R extends RouteSpec>(spec: R): R {
  return spec;
}

/** 'GET /jobs/{jobId}': API Gateway's routeKey, the key every route is found by. */
export const routeKey = (r: Pick<RouteSpec, 'method' | 'path'>): string => `${r.method} ${r.path}`;

type Part<R extends RouteSpec, K extends 'params' | 'query' | 'body'> =
  R['request'] extends { [P in K]: infer S extends z.ZodType } ? z.output<S> : undefined;

export interface ApiRequest<R extends RouteSpec> {
  params: Part<R, 'params'>;
  query: Part<R, 'query'>;
  body: Part<R, 'body'>;
  /** The authenticated caller; only on routes with auth. */
  userId: R['auth'] extends true ? number : undefined;
  requestId: string;
  log: Log;
  event: APIGatewayProxyEventV2;
}

type SuccessStatus<R extends RouteSpec> = {
  [S in keyof R['responses'] & number]: `${S}` extends `2${string}` | `3${string}` ? S : never;
}[keyof R['responses'] & number];

type BodyOf<E> = E extends { schema: infer S extends z.ZodType } ? z.input<S> : undefined;

/** A success answer: its status picks the documented body type. JSON unless contentType says otherwise. */
export type ApiResult<R extends RouteSpec> = {
  [S in SuccessStatus<R>]: {
    status: S;
    body: BodyOf<R['responses'][S]>;
    headers?: Record<string, string>;
    contentType?: string;
  };
}[SuccessStatus<R>];

export type RouteHandler<R extends RouteSpec> = (request: ApiRequest<R>) => Promise<ApiResult<R>>;

export interface Implementation {
  route: RouteSpec;
  handle: (request: ApiRequest<RouteSpec>) => Promise<{ status: number; body?: unknown; headers?: Record<string, string>; contentType?: string }>;
}

export function implement<R extends RouteSpec>(spec: R, handle: RouteHandler<R>): Implementation {
  return { route: spec, handle: handle as unknown as Implementation['handle'] };
}
