/**
 * Picks the route's implementation by API Gateway's routeKey ('GET /jobs/{jobId}'). A Lambda only
 * receives the routes the table sends it, so a miss means a misconfigured integration.
 */
import { HttpProblem } from '../problem';
import { routeKey, type Implementation } from '../route';
import type { ApiMiddleware } from './state';

export const router = (implementations: readonly Implementation[]): ApiMiddleware => {
  const byKey = new Map(implementations.map((i) => [routeKey(i.route), i]));
  return {
    before: (request) => {
      const implementation = byKey.get(request.event.routeKey);
      if (!implementation) throw new HttpProblem('route-not-found', { detail: `No route ${request.event.routeKey}` });
      request.internal.implementation = implementation;
    },
  };
};
