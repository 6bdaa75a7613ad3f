/** Crawl queue worker: runs one crawler_jobs row through its source (shared/crawls/worker.ts, shared/crawler). */
import { crawlWorker } from '../../shared/crawls/worker';
import { runCrawl } from '../../shared/crawler';

export const handler = crawlWorker(runCrawl);
