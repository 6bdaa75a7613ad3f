/** Crawls: starting one, and following them. */
import * as crawls from '../../shared/crawls/store';
import { getDb } from '../../shared/data/db';
import { apiFunction } from '../../shared/http/api';
import { principals } from '../../shared/http/principals';
import { notFound } from '../../shared/http/problem';
import { implement } from '../../shared/http/route';
import { sendMessage } from '../../shared/queue/send';
import { apiFunctions, routes } from '../../shared/tables/routes';

const sendCrawl: crawls.CrawlSender = (message) => sendMessage('crawl', message);

export const handler = apiFunction(
  apiFunctions.crawls,
  [
    implement(routes.startCrawl, async ({ userId, body, log }) => {
      const crawl = await crawls.startCrawl(getDb(), sendCrawl, userId, body, log);
      return { status: 202, body: crawl, headers: { location: `/crawls/${crawl.id}` } };
    }),
    implement(routes.listCrawls, async ({ userId, query }) => ({ status: 200, body: await crawls.listCrawls(getDb(), userId, query) })),
    implement(routes.getCrawl, async ({ userId, params }) => {
      const crawl = await crawls.getCrawl(getDb(), userId, params.crawlId);
      if (!crawl) throw notFound('crawl');
      return { status: 200, body: crawl };
    }),
  ],
  { principals },
);
