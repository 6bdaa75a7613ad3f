/**
 * Gives each request its id (API Gateway's, or a fresh one locally) and a logger carrying it, echoes
 * the id in `x-request-id`, and writes one access log line when the response is ready.
 */
import { randomUUID } from 'node:crypto';
import { keyedLogger } from '../log';
import type { ApiMiddleware, ApiMiddyRequest } from './state';

function accessLog(request: ApiMiddyRequest): void {
  const { log, startedAt, requestId } = request.internal;
  const status = request.response?.statusCode ?? 500;
  const line = { status, durationMs: Math.round((performance.now() - startedAt) * 10) / 10 };
  if (status >= 500) log.error('request failed', line);
  else log.info('request', line);
  request.response = { ...request.response, headers: { ...request.response?.headers, 'x-request-id': requestId } };
}

export const requestContext = (): ApiMiddleware => ({
  before: (request) => {
    const { event } = request;
    const requestId = event.requestContext?.requestId || randomUUID();
    request.internal.requestId = requestId;
    request.internal.startedAt = performance.now();
    request.internal.log = keyedLogger({
      requestId,
      route: event.routeKey,
      method: event.requestContext?.http?.method,
      path: event.rawPath,
    });
  },
  after: accessLog,
  onError: (request) => {
    if (request.internal.log && request.response) accessLog(request);
  },
});
