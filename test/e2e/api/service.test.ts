import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../../shared/http/body';
import { routeKey } from '../../../shared/http/route';
import { routeTable } from '../../../shared/tables/routes';
import { startTestRuntime, type TestRuntime } from '../../support/runtime';
import { Api, expectProblem, newUser, type User } from './client';

let runtime: TestRuntime;
let api: Api;
let user: User;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = new Api(runtime.baseUrl);
  user = await newUser(api);
});
afterAll(() => runtime?.stop());

describe('service routes', () => {
  it('reports health with the database reachable', async () => {
    const reply = await api.get('/health');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: 'ok', database: 'reachable' });
    expect(reply.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI 3.1 document listing every route, and a readable page of it', async () => {
    const reply = await api.get('/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.body.openapi).toBe('3.1.0');
    const documented = Object.entries(reply.body.paths as Record<string, object>).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(routeTable.map(routeKey).sort());
    const page = await api.get('/docs');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('<code>POST /applications</code>');
    expect(page.text).not.toContain('<script');
  });
});

describe('the HTTP edge', () => {
  it('answers an unknown path 404 and a known path with another method 405, with Allow', async () => {
    expectProblem(await api.get('/nope'), 404, 'route-not-found');
    const wrong = await api.request('PUT', '/jobs');
    expectProblem(wrong, 405, 'method-not-allowed');
    expect(wrong.headers.get('allow')).toBe('GET, POST');
  });

  it('routes a literal segment before a parameter, as API Gateway does', async () => {
    expect((await api.get('/jobs/recommended', user.token)).status).toBe(200);
    expect((await api.get('/jobs/not-applied', user.token)).status).toBe(200);
  });

  it('refuses malformed JSON, a wrong content type, an oversized body, and no body, each with its own problem', async () => {
    expectProblem(await api.request('POST', '/profiles', { token: user.token, raw: '{"skills": [', headers: { 'content-type': 'application/json' } }), 400, 'malformed-json');
    expectProblem(await api.request('POST', '/profiles', { token: user.token, raw: 'skills=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported-media-type');
    const big = JSON.stringify({ coverLetterTemplate: 'x'.repeat(MAX_BODY_BYTES) });
    expectProblem(await api.request('POST', '/profiles', { token: user.token, raw: big, headers: { 'content-type': 'application/json' } }), 413, 'payload-too-large');
    const empty = await api.request('POST', '/saved-jobs', { token: user.token });
    expectProblem(empty, 400, 'validation-failed');
    expect(empty.body.errors).toEqual([{ in: 'body', pointer: '#', detail: 'a JSON body is required', code: 'required' }]);
    expect((await api.get('/profiles?limit=100', user.token)).body.items).toEqual([]);
  });

  it('answers CORS preflights and exposes its headers on responses', async () => {
    const preflight = await fetch(`${runtime.baseUrl}/profiles`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    const reply = await api.request('GET', '/health', { headers: { origin: 'https://app.example.com' } });
    expect(reply.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('no input produces a 5xx', () => {
  const weird = fc.oneof(
    fc.string(),
    fc.constantFrom('0', '-1', '1e3', '9007199254740993', '99999999999999999999', '%00', '..%2F', 'null', '[]', '{}', '%', '%E0%A4%A'),
    fc.integer().map(String),
  );
  const jsonValue = fc.jsonValue({ maxDepth: 3 });
  const body = fc.oneof(
    jsonValue.map((v) => JSON.stringify(v)),
    fc.string(),
    fc.constant('{"jobId": 1, "profileId": 1, "dryRun": "yes"}'),
    fc.record({ jobId: fc.integer(), profileId: fc.integer(), notes: fc.string() }).map((v) => JSON.stringify(v)),
  );
  const contentType = fc.constantFrom(undefined, 'application/json', 'text/plain', 'application/json; charset=latin1', 'application/problem+json', '');
  const query = fc.array(fc.tuple(fc.constantFrom('limit', 'cursor', 'q', 'status', 'remote', 'salaryMin', 'jobType', 'postedSince', 'profileId', 'x'), weird), { maxLength: 4 });
  const auth = fc.constantFrom<'valid' | 'none' | 'garbage'>('valid', 'none', 'garbage');

  it('throws malformed bodies, headers, path and query parameters at every route', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routeTable), fc.array(weird, { minLength: 2, maxLength: 2 }), query, body, contentType, auth, async (route, params, q, raw, type, who) => {
        let i = 0;
        const path = route.path.replace(/\{\w+\}/g, () => encodeURIComponent(params[i++] ?? 'x'));
        const search = new URLSearchParams(q).toString();
        const headers: Record<string, string> = {};
        if (type !== undefined) headers['content-type'] = type;
        if (who === 'garbage') headers.authorization = 'Bearer ' + (params[0] ?? 'x').replace(/[^\x20-\x7e]/g, '');
        const reply = await api.request(route.method, `${path}${search ? `?${search}` : ''}`, {
          token: who === 'valid' ? user.token : undefined,
          raw: route.method === 'GET' ? undefined : raw,
          headers,
        });
        expect(reply.status, `${route.method} ${path}?${search} ${raw} -> ${reply.text}`).toBeLessThan(500);
        if (reply.status >= 400) expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }),
      { numRuns: 400 },
    );
  });
});
