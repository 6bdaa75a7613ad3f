/**
 * npm run bench:crawl — the crawler against the fixture sites with pacing off: each source's
 * 1,000-result search (40 pages of 25 on Monster, through plain HTTP and through the browser;
 * Glassdoor through the browser; the boards with detail pages; a 1,000-job board of each ATS kind:
 * Greenhouse, Lever, Ashby (each Lever and Ashby crawl reads its board's page too), Workday,
 * SmartRecruiters, Workable, Recruitee, Personio, Teamtailor),
 * jobs and pages per second, the browser's cold start, and peak memory of the worker process and
 * of the browser's processes. Jobs go to a counting sink: the store's cost is bench:db's business.
 * Writes test/bench/results/crawl.json.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeBrowser, getBrowser, withPage } from '../../shared/browser/chromium';
import { crawlWith, type EngineSettings } from '../../shared/crawler';
import type { CrawlSpec } from '../../shared/crawler/port';
import { startBoardSites } from '../fixtures/sites/boards/server';

const MB = 1024 * 1024;

/** RSS of a process and all its descendants (Chromium's renderer, GPU and utility processes), from /proc. */
function treeRss(rootPid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      total += m ? Number(m[1]) * 1024 : 0;
    } catch {
      // gone
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

class MemoryPeak {
  worker = 0;
  browser = 0;
  private timer: NodeJS.Timeout;
  constructor(private browserPid: () => number | undefined) {
    this.timer = setInterval(() => this.sample(), 100);
  }
  sample() {
    this.worker = Math.max(this.worker, process.memoryUsage().rss);
    const pid = this.browserPid();
    if (pid) this.browser = Math.max(this.browser, treeRss(pid));
  }
  stop() {
    clearInterval(this.timer);
    this.sample();
  }
}

interface Run {
  name: string;
  source: string;
  transport: 'http' | 'browser';
  withDetails: boolean;
  status: string;
  pages: number;
  jobs: number;
  seconds: number;
  jobsPerSecond: number;
  pagesPerSecond: number;
  peakWorkerRssMb: number;
  peakBrowserRssMb: number;
  note?: string;
}

let browserPid: number | undefined;

async function main() {
  const sites = await startBoardSites();
  const restore = sites.useInEnv();
  const results: Run[] = [];

  // The browser's cold start as a new Lambda sandbox has it (an empty /tmp): unpack, launch, first page.
  rmSync(join(tmpdir(), 'chromium'), { force: true });
  const t0 = performance.now();
  const browser = await getBrowser();
  const launchMs = performance.now() - t0;
  browserPid = browser.process()?.pid;
  const t1 = performance.now();
  await withPage(async (p) => {
    await p.goto(`${sites.baseUrls.monster}/jobs/search?q=warmup&page=1`, { waitUntil: 'domcontentloaded' });
  });
  const firstPageMs = performance.now() - t1;

  const spec = (source: CrawlSpec['source'], searchQuery: string, target: CrawlSpec['target'] = null): CrawlSpec => ({ crawlId: 0, source, searchQuery, location: null, target });
  const plan: Array<{ name: string; spec: CrawlSpec; settings: EngineSettings; transport: 'http' | 'browser'; withDetails: boolean }> = [
    { name: 'monster 1,000 jobs / 40 pages, plain HTTP', spec: spec('monster', 'bench'), settings: { transport: 'http' }, transport: 'http', withDetails: false },
    { name: 'monster 1,000 jobs / 40 pages, browser', spec: spec('monster', 'bench'), settings: { transport: 'browser' }, transport: 'browser', withDetails: false },
    { name: 'glassdoor 900 jobs / 30 pages, browser (its own path)', spec: spec('glassdoor', 'bench'), settings: {}, transport: 'browser', withDetails: false },
    { name: 'linkedin 1,000 jobs / 40 pages + 1,000 detail fragments, plain HTTP', spec: spec('linkedin', 'bench'), settings: {}, transport: 'http', withDetails: true },
    { name: 'linkedin listing pages through the browser + details over HTTP', spec: spec('linkedin', 'bench'), settings: { transport: 'browser' }, transport: 'browser', withDetails: true },
    { name: 'indeed 1,000 jobs / 67 pages + 1,000 view pages, plain HTTP', spec: spec('indeed', 'bench'), settings: {}, transport: 'http', withDetails: true },
    { name: 'ziprecruiter 1,000 jobs / 50 pages + 1,000 job pages, plain HTTP', spec: spec('ziprecruiter', 'bench'), settings: {}, transport: 'http', withDetails: true },
    { name: 'greenhouse board of 1,000 jobs (one answer)', spec: spec('custom', '*', { kind: 'greenhouse', board: 'bench' }), settings: {}, transport: 'http', withDetails: false },
    { name: "lever site of 1,000 postings (the site's page for its company + 10 pages)", spec: spec('custom', '*', { kind: 'lever', site: 'bench' }), settings: {}, transport: 'http', withDetails: false },
    // The board lists 999: one job is unlisted (isListed false), as on every fixture board, and a crawl keeps it off as the board does.
    { name: "ashby board of 1,000 jobs, 999 listed (the board's page for its company + one answer)", spec: spec('custom', '*', { kind: 'ashby', board: 'bench' }), settings: {}, transport: 'http', withDetails: false },
    { name: 'workday site of 1,000 jobs (50 search POSTs + 1,000 details)', spec: spec('custom', '*', { kind: 'workday', tenant: 'bench', instance: 'wd5', site: 'bench' }), settings: {}, transport: 'http', withDetails: true },
    { name: 'smartrecruiters company of 1,000 postings (10 pages + 1,000 details)', spec: spec('custom', '*', { kind: 'smartrecruiters', board: 'bench' }), settings: {}, transport: 'http', withDetails: true },
    { name: 'workable account of 1,000 jobs (widget + 1,000 job details)', spec: spec('custom', '*', { kind: 'workable', board: 'bench' }), settings: {}, transport: 'http', withDetails: true },
    { name: 'recruitee careers site of 1,000 offers (one answer)', spec: spec('custom', '*', { kind: 'recruitee', board: 'bench' }), settings: {}, transport: 'http', withDetails: false },
    { name: 'personio feed of 1,000 positions (one XML answer)', spec: spec('custom', '*', { kind: 'personio', board: 'bench' }), settings: {}, transport: 'http', withDetails: false },
    { name: 'teamtailor site of 1,000 jobs (100 list pages + 1,000 job pages)', spec: spec('custom', '*', { kind: 'teamtailor', board: 'bench' }), settings: {}, transport: 'http', withDetails: true },
  ];

  for (const step of plan) {
    global.gc?.();
    const memory = new MemoryPeak(() => browserPid);
    let jobs = 0;
    const started = performance.now();
    const outcome = await crawlWith(step.spec, { save: async (batch) => void (jobs += batch.length) }, { deadline: Date.now() + 5 * 60_000 }, { ...step.settings, pacing: false });
    const seconds = (performance.now() - started) / 1000;
    memory.stop();
    const run: Run = {
      name: step.name,
      source: step.spec.target?.kind ?? step.spec.source,
      transport: step.transport,
      withDetails: step.withDetails,
      status: outcome.status,
      pages: outcome.pages,
      jobs,
      seconds: Number(seconds.toFixed(2)),
      jobsPerSecond: Number((jobs / seconds).toFixed(1)),
      pagesPerSecond: Number((outcome.pages / seconds).toFixed(1)),
      peakWorkerRssMb: Math.round(memory.worker / MB),
      peakBrowserRssMb: Math.round(memory.browser / MB),
      ...(outcome.status === 'failed' ? { note: outcome.reason } : outcome.note ? { note: outcome.note } : {}),
    };
    results.push(run);
    console.log(`${run.name}: ${run.status}, ${run.jobs} jobs, ${run.pages} pages in ${run.seconds}s = ${run.jobsPerSecond} jobs/s, ${run.pagesPerSecond} pages/s; peak RSS worker ${run.peakWorkerRssMb} MB, browser ${run.peakBrowserRssMb} MB`);
  }

  await closeBrowser();
  restore();
  await sites.close();

  const byName = (n: string) => results.find((r) => r.name.startsWith(n))!;
  const http = byName('monster 1,000 jobs / 40 pages, plain HTTP');
  const viaBrowser = byName('monster 1,000 jobs / 40 pages, browser');
  const summary = {
    browserColdStartMs: { launch: Math.round(launchMs), firstPage: Math.round(firstPageMs) },
    browserVsHttp: {
      board: 'monster, 1,000 jobs over 40 pages',
      httpSeconds: http.seconds,
      browserSeconds: viaBrowser.seconds,
      browserMsPerPage: Math.round((viaBrowser.seconds * 1000) / viaBrowser.pages),
      httpMsPerPage: Math.round((http.seconds * 1000) / http.pages),
    },
    peakRssMb: { worker: Math.max(...results.map((r) => r.peakWorkerRssMb)), browser: Math.max(...results.map((r) => r.peakBrowserRssMb)) },
    targets: { browserJobsPerSecondAtLeast: 50, browserPathJobsPerSecond: viaBrowser.jobsPerSecond, memoryUnderMb: 1600 },
  };
  const out = { at: new Date().toISOString(), machine: { node: process.version, cpus: (await import('node:os')).cpus().length }, pacing: 'off', sink: 'counting (no database)', summary, runs: results };
  writeFileSync(join(import.meta.dirname, 'results/crawl.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log(JSON.stringify(summary, null, 2));
}

main().catch(async (err) => {
  console.error(err);
  await closeBrowser();
  process.exit(1);
});
