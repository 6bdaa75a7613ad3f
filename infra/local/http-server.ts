/**
 * The local API Gateway (HTTP API): each request becomes a payload 2.0 event, is routed by the
 * route table (most specific route first, as API Gateway does: literal segments win over
 * parameters), and is handed to the route's Lambda handler in this process. Unknown paths answer
 * 404 and known paths with another method 405, both as problem+json, as the handlers' own errors
 * are. CORS preflights are answered here, as API Gateway answers them in AWS.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { corsPolicy, corsPreflightHeaders, corsResponseHeaders } from '../../shared/http/cors';
import { HttpProblem, PROBLEM_CONTENT_TYPE, type ProblemSlug } from '../../shared/http/problem';
import { routeKey } from '../../shared/http/route';
import type { RouteSpec } from '../../shared/tables/types';
import { lambdaContext, loadHandler } from './lambda';
import { LOCAL_ACCOUNT_ID } from './constants';

/** API Gateway's payload limit. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
const API_ID = 'local';

export interface HttpServerOptions {
  /** The route table: the `routes` record or its values. */
  routes: Record<string, RouteSpec> | readonly RouteSpec[];
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
}

export interface HttpServer {
  /** e.g. http://127.0.0.1:3000 */
  url: string;
  close(): Promise<void>;
}

interface CompiledRoute {
  spec: RouteSpec;
  key: string;
  pattern: RegExp;
  names: string[];
  /** Literal segments: the more, the more specific. */
  literals: number;
}

function compile(spec: RouteSpec): CompiledRoute {
  const names: string[] = [];
  const segments = spec.path.split('/').filter(Boolean);
  const source = segments
    .map((segment) => {
      const param = /^\{([A-Za-z0-9_]+)\}$/.exec(segment);
      if (!param) return '/' + segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1]!);
      return '/([^/]+)';
    })
    .join('');
  return { spec, key: routeKey(spec), pattern: new RegExp(`^${source || '/'}$`), names, literals: segments.length - names.length };
}

/** Routes whose path matches, most specific first. */
function matching(routes: CompiledRoute[], path: string): { route: CompiledRoute; params: Record<string, string> }[] {
  const found: { route: CompiledRoute; params: Record<string, string> }[] = [];
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    try {
      const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
      found.push({ route, params });
    } catch {
      // A malformed percent-encoding matches nothing, as API Gateway refuses it.
    }
  }
  return found.sort((a, b) => b.route.literals - a.route.literals);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_PAYLOAD_BYTES) {
        reject(new HttpProblem('payload-too-large', { detail: `The request is larger than ${MAX_PAYLOAD_BYTES} bytes` }));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Text bodies arrive as text, others base64-encoded (API Gateway's rule for payload 2.0). */
const isText = (contentType: string | undefined) => !contentType || /^(text\/|application\/([\w.-]+\+)?(json|xml|x-www-form-urlencoded))/i.test(contentType);

function toEvent(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  route: CompiledRoute | undefined,
  pathParameters: Record<string, string>,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const cookies = req.headers.cookie?.split(';').map((c) => c.trim()).filter(Boolean);
  const now = new Date();
  const text = isText(req.headers['content-type']);
  const method = req.method ?? 'GET';
  const key = route?.key ?? '$default';
  return {
    version: '2.0',
    routeKey: key,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies?.length && { cookies }),
    headers,
    ...(Object.keys(query).length && { queryStringParameters: query }),
    ...(route?.names.length && { pathParameters }),
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: API_ID,
      domainName: req.headers.host ?? '127.0.0.1',
      domainPrefix: (req.headers.host ?? '127').split('.')[0]!,
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: req.headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: key,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.byteLength > 0 && { body: text ? body.toString('utf8') : body.toString('base64') }),
    isBase64Encoded: body.byteLength > 0 && !text,
  };
}

function problemResult(slug: ProblemSlug, path: string, options: ConstructorParameters<typeof HttpProblem>[1] = {}): APIGatewayProxyStructuredResultV2 {
  const problem = new HttpProblem(slug, options);
  return {
    statusCode: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store', ...problem.headers },
    body: JSON.stringify(problem.toProblem(path)),
  };
}

function write(res: ServerResponse, result: APIGatewayProxyStructuredResultV2, extraHeaders: Record<string, string> = {}): void {
  const body = result.body === undefined ? undefined : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body, 'utf8');
  const headers: Record<string, string | number | string[]> = { ...extraHeaders };
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  if (body) headers['content-length'] = body.byteLength;
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(body);
}

export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const specs = Array.isArray(options.routes) ? options.routes : Object.values(options.routes);
  const routes = (specs as RouteSpec[]).map(compile);
  const cors = corsPolicy();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const origin = req.headers.origin;
    try {
      const candidates = matching(routes, url.pathname);
      if (method === 'OPTIONS' && candidates.length && req.headers['access-control-request-method']) {
        write(res, { statusCode: 204, headers: corsPreflightHeaders(cors, origin) });
        return;
      }
      if (!candidates.length) {
        write(res, problemResult('route-not-found', url.pathname, { detail: `No route for ${url.pathname}` }), corsResponseHeaders(cors, origin));
        return;
      }
      const hit = candidates.find((c) => c.route.spec.method === method);
      if (!hit) {
        const allow = [...new Set(candidates.map((c) => c.route.spec.method))].join(', ');
        write(
          res,
          problemResult('method-not-allowed', url.pathname, { detail: `${method} is not allowed here; use ${allow}`, headers: { allow } }),
          corsResponseHeaders(cors, origin),
        );
        return;
      }
      const body = await readBody(req);
      const event = toEvent(req, url, body, hit.route, hit.params);
      const handler = await loadHandler(hit.route.spec.fn);
      const result = (await handler(event, lambdaContext(hit.route.spec.fn))) as APIGatewayProxyStructuredResultV2;
      write(res, result);
    } catch (error) {
      const result =
        error instanceof HttpProblem
          ? problemResult(error.slug, url.pathname, { detail: error.detail })
          : problemResult('internal-error', url.pathname, { detail: 'The function failed; see the server log' });
      if (!(error instanceof HttpProblem)) {
        process.stderr.write(JSON.stringify({ level: 'ERROR', service: 'local-http', message: 'invocation failed', error: String(error) }) + '\n');
      }
      if (!res.headersSent) write(res, result, corsResponseHeaders(cors, origin));
      else res.destroy();
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  // Keep-alive connections from load tests must not hold close() up.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
