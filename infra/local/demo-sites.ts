/**
 * For the README's walk-through on a machine without the internet: the test suite's replicas of the
 * job boards, the ATS board APIs and the employers' application forms, served on 127.0.0.1, with the
 * crawler's base URLs pointed at them. The platform code is unchanged; only where it goes differs.
 */
import type { CrawlTarget } from '../../shared/crawls/target';
import { startBoardSites } from '../../test/fixtures/sites/boards/server';
import { startFormSites } from '../../test/fixtures/sites/forms/server';

/** One replicated board of each ATS kind: POST /crawls {"searchQuery":"*","source":"custom","target": ...}. */
export const DEMO_CRAWL_TARGETS: readonly CrawlTarget[] = [
  { kind: 'greenhouse', board: 'acme' },
  { kind: 'lever', site: 'acme', companyName: 'Acme Robotics' },
  { kind: 'ashby', board: 'acme', companyName: 'Acme Robotics' },
  { kind: 'workday', tenant: 'acme', instance: 'wd5', site: 'acme' },
  { kind: 'smartrecruiters', board: 'acme' },
  { kind: 'workable', board: 'acme' },
  { kind: 'recruitee', board: 'acme' },
  { kind: 'personio', board: 'acme', companyName: 'Acme GmbH' },
  { kind: 'teamtailor', board: 'acme' },
];

export interface DemoSites {
  /** The application forms' origin: e.g. `${formsUrl}/greenhouse/acme/jobs/4012345` is a Greenhouse form. */
  formsUrl: string;
  /** A JSON-LD careers site to crawl with target {"kind":"site","url":careersUrl}. */
  careersUrl: string;
  close(): Promise<void>;
}

export async function startDemoSites(options: { formsPort?: number } = {}): Promise<DemoSites> {
  const boards = await startBoardSites();
  boards.useInEnv();
  // A gentle pace, as against real boards, that still finishes a demo crawl in seconds.
  process.env.CRAWL_PACE_MS = '100';
  const forms = await startFormSites({ port: options.formsPort ?? 4100 });
  return {
    formsUrl: forms.baseUrl,
    careersUrl: boards.baseUrls.careers,
    async close() {
      await Promise.all([boards.close(), forms.close()]);
    },
  };
}
