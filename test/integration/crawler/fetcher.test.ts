/**
 * The crawler's HTTP client against a local server: redirects are re-checked by the URL guard
 * (a redirect to the metadata service is refused, not followed), compressed answers are read,
 * a JSON POST (Workday's search) is sent as JSON and redirected as browsers do, and a server that
 * never answers costs no more than the crawl's deadline.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrawlBlockedError, CrawlDeadlineError } from '../../../shared/crawler/errors';
import { PoliteFetcher } from '../../../shared/crawler/http/fetcher';

let server: http.Server;
let origin: string;
const hits: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/echo' || req.url === '/moved-307' || req.url === '/moved-303') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.url === '/moved-307') res.writeHead(307, { location: '/echo' });
        else if (req.url === '/moved-303') res.writeHead(303, { location: '/echo' });
        else res.writeHead(200, { 'content-type': 'application/json' });
        res.end(req.url === '/echo' ? JSON.stringify({ method: req.method, type: req.headers['content-type'] ?? null, body: Buffer.concat(chunks).toString('utf8') }) : '');
      });
      return;
    }
    if (req.url === '/to-metadata') {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' });
      res.end();
    } else if (req.url === '/hop') {
      res.writeHead(301, { location: '/gzipped' });
      res.end();
    } else if (req.url === '/gzipped') {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      res.end(gzipSync('<html><body><li>Senior Engineer</li></body></html>'));
    } else if (req.url === '/silent') {
      // never answers
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const fetcher = (deadlineMs = 10_000) => new PoliteFetcher({ deadline: Date.now() + deadlineMs, pace: { intervalMs: 0, concurrency: 2 }, allowPrivate: true });

describe('PoliteFetcher', () => {
  it('refuses a redirect to the metadata service, even with private targets allowed', async () => {
    const f = fetcher();
    const err = await f.get(`${origin}/to-metadata`).catch((e: unknown) => e);
    f.close();
    expect(err).toBeInstanceOf(CrawlBlockedError);
    expect((err as Error).message).toBe(`${origin}/to-metadata redirected to a refused address: http://169.254.169.254 resolves to 169.254.169.254, a cloud metadata address; refused`);
  });

  it('POSTs a JSON body as JSON; a 307 repeats the POST where it points, a 303 goes on as a GET', async () => {
    const f = fetcher();
    const search = { appliedFacets: {}, limit: 20, offset: 40, searchText: '' };
    const direct = JSON.parse((await f.get(`${origin}/echo`, { json: search })).body);
    const repeated = JSON.parse((await f.get(`${origin}/moved-307`, { json: search })).body);
    const seeOther = JSON.parse((await f.get(`${origin}/moved-303`, { json: search })).body);
    f.close();
    expect(direct).toEqual({ method: 'POST', type: 'application/json', body: JSON.stringify(search) });
    expect(repeated).toEqual(direct);
    expect(seeOther).toEqual({ method: 'GET', type: null, body: '' });
  });

  it('follows an ordinary redirect and decompresses the answer', async () => {
    const f = fetcher();
    const res = await f.get(`${origin}/hop`);
    f.close();
    expect(res).toMatchObject({ url: `${origin}/gzipped`, status: 200, body: '<html><body><li>Senior Engineer</li></body></html>' });
  });

  it('a server that never answers costs no more than the time left', async () => {
    const f = fetcher(1_500);
    const started = Date.now();
    const err = await f.get(`${origin}/silent`).catch((e: unknown) => e);
    f.close();
    expect(err).toBeInstanceOf(CrawlDeadlineError);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
