/**
 * One API Lambda: the middy chain every API function runs, and the dispatch to the implementation
 * of the route API Gateway matched. Order matters: the request context and the error mapping wrap
 * everything; routing comes first so later steps know the route's auth and schemas.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { FunctionSpec } from '../tables/types';
import { authenticate, type PrincipalLookup } from './middleware/authenticate';
import { cors } from './middleware/cors';
import { jsonBody } from './middleware/json-body';
import { problemResponses } from './middleware/problem-responses';
import { requestContext } from './middleware/request-context';
import { router } from './middleware/router';
import type { ApiState } from './middleware/state';
import { validation } from './middleware/validation';
import { routeKey, type ApiRequest, type Implementation } from './route';

export type ApiHandler = ((event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>) & {
  /** The routes this function serves, for the checks that every table route has exactly one implementation. */
  readonly routeKeys: readonly string[];
  readonly functionId: string;
};

export interface ApiFunctionOptions {
  principals: PrincipalLookup;
}

export function serialize(result: { status: number; body?: unknown; headers?: Record<string, string>; contentType?: string }): APIGatewayProxyStructuredResultV2 {
  if (result.body === undefined) return { statusCode: result.status, headers: { ...result.headers } };
  const text = typeof result.body === 'string' && result.contentType ? result.body : JSON.stringify(result.body);
  return {
    statusCode: result.status,
    headers: { 'content-type': result.contentType ?? 'application/json', 'cache-control': 'no-store', ...result.headers },
    body: text,
  };
}

export function apiFunction(fn: FunctionSpec, implementations: readonly Implementation[], options: ApiFunctionOptions): ApiHandler {
  const foreign = implementations.filter((i) => i.route.fn.id !== fn.id);
  if (foreign.length) throw new Error(`${fn.id} implements routes of other functions: ${foreign.map((i) => routeKey(i.route)).join(', ')}`);

  // middy hands its handler only (event, context): the state the middlewares built is found by the
  // invocation's own context object, which the wrapper below makes unique per call.
  const states = new WeakMap<Context, ApiState>();

  const dispatch = async (event: APIGatewayProxyEventV2, context: Context) => {
    const internal = states.get(context);
    const implementation = internal?.implementation;
    if (!internal || !implementation) throw new Error('the API middlewares did not run');
    const apiRequest: ApiRequest<typeof implementation.route> = {
      params: internal.validated?.params as never,
      query: internal.validated?.query as never,
      body: internal.validated?.body as never,
      userId: internal.userId as never,
      requestId: internal.requestId,
      log: internal.log,
      event,
    };
    return serialize(await implementation.handle(apiRequest));
  };

  const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context, ApiState>()
    .use([
      requestContext(),
      cors(),
      problemResponses(),
      router(implementations),
      authenticate(options.principals),
      jsonBody(),
      validation(),
      { before: (request) => void states.set(request.context, request.internal) },
    ])
    .handler(dispatch);

  return Object.assign(
    (event: APIGatewayProxyEventV2, context?: Context) => handler(event, Object.create(context ?? null) as Context),
    { routeKeys: implementations.map((i) => routeKey(i.route)), functionId: fn.id },
  );
}
