/** The OpenAPI 3.1 document, and a readable page of it. */
import { apiFunction } from '../../shared/http/api';
import { principals } from '../../shared/http/principals';
import { implement } from '../../shared/http/route';
import { docsPage, openApiDocument } from '../../shared/openapi';
import { apiFunctions, routes } from '../../shared/tables/routes';

// Made once per container: the route table does not change while it runs.
let document: ReturnType<typeof openApiDocument> | undefined;
const theDocument = () => (document ??= openApiDocument());

export const handler = apiFunction(
  apiFunctions.docs,
  [
    implement(routes.openApi, async () => ({
      status: 200,
      body: theDocument() as unknown as Record<string, unknown>,
      headers: { 'cache-control': 'public, max-age=300' },
    })),
    implement(routes.docsPage, async () => ({ status: 200, body: docsPage(theDocument()), contentType: 'text/html; charset=utf-8' })),
  ],
  { principals },
);
