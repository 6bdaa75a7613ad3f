/** Parses the JSON body on routes that take one (content type, size and syntax checked). */
import { parseJsonBody } from '../body';
import { implementationOf, type ApiMiddleware } from './state';

export const jsonBody = (): ApiMiddleware => ({
  before: (request) => {
    if (!implementationOf(request).route.request?.body) return;
    const { body, isBase64Encoded, headers } = request.event;
    request.internal.body = parseJsonBody({ body, isBase64Encoded, contentType: headers?.['content-type'] });
  },
});
