/** Validates path parameters, query and body against the route's zod schemas. */
import { validateRequest } from '../validate';
import { implementationOf, type ApiMiddleware } from './state';

export const validation = (): ApiMiddleware => ({
  before: (request) => {
    const { event, internal } = request;
    internal.validated = validateRequest(implementationOf(request).route.request, {
      params: event.pathParameters ?? {},
      query: event.queryStringParameters ?? {},
      body: internal.body?.value,
      hasBody: internal.body?.present ?? false,
    });
  },
});
