/**
 * CORS headers on every actual response, errors included (preflights are answered before a handler
 * runs: by API Gateway in AWS, by the local server locally).
 */
import { corsPolicy, corsResponseHeaders } from '../cors';
import type { ApiMiddleware, ApiMiddyRequest } from './state';

export const cors = (): ApiMiddleware => {
  const policy = corsPolicy();
  const addHeaders = (request: ApiMiddyRequest) => {
    if (!request.response) return;
    const headers = corsResponseHeaders(policy, request.event.headers?.origin);
    request.response = { ...request.response, headers: { ...request.response.headers, ...headers } };
  };
  return { after: addHeaders, onError: addHeaders };
};
