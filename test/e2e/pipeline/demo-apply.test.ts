/**
 * `npm run demo`'s promise, through the whole stack: every site the demo lists (infra/local/demo-sites.ts)
 * is crawled through the crawl queue, the job search finds what was crawled, and a crawled job of each
 * is applied to (a dry run) through the apply queue: the applier gets from the job's page to its
 * employer's form (Greenhouse, Lever, Ashby or the multi-step form on the demo's form site), fills it
 * from the profile and stops before submitting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSites, type DemoSites, type DemoTarget } from '../../../infra/local/demo-sites';
import { closeBrowser } from '../../../shared/browser/chromium';
import type { Job, JobSummary } from '../../../shared/jobs/api-schema';
import { fixtureJob, fixtureJobById, type FixtureJob } from '../../fixtures/sites/boards/catalog';
import { formFamilyOf, type FormFamily } from '../../fixtures/sites/employer-forms';
import { testApplicant } from '../../fixtures/sites/forms/applicant';
import { startTestRuntime, type TestRuntime } from '../../support/runtime';
import { Api, type Reply } from '../api/client';
import { applicationSettled, crawlSettled, createApplicantProfile, registerApplicant } from './helpers';

let demo: DemoSites | undefined;
let runtime: TestRuntime | undefined;
let api: Api;
let token: string;
let profileId: number;

beforeAll(async () => {
  // As npm run demo starts them (on a free form-site port), with the crawler pointed at the replicas.
  demo = await startDemoSites({ formsPort: 0 });
  runtime = await startTestRuntime({ eventSources: true });
  api = new Api(runtime.baseUrl);
  const applicant = testApplicant();
  ({ token } = await registerApplicant(api, applicant.fullName));
  profileId = await createApplicantProfile(api, token, applicant);
});

afterAll(async () => {
  await runtime?.stop();
  await closeBrowser();
  await demo?.close();
});

/** The catalog job a crawled board job is (boards name it by its numeric id or its alphanumeric key). */
const byKey = new Map(Array.from({ length: 1_000 }, (_, i) => fixtureJob(i)).map((j) => [j.key, j]));
function catalogJob(externalId: string): FixtureJob | undefined {
  const [source, ref] = externalId.split(':') as [string, string];
  return source === 'linkedin' || source === 'glassdoor' ? fixtureJobById(ref) : byKey.get(ref);
}

/** The form family a crawled job's employer uses: an ATS board's own, a careers site's multi-step form, a board job's employer's. */
function familyOf(job: Job): FormFamily | undefined {
  const prefix = job.externalId.split(':')[0]!;
  if (prefix === 'greenhouse' || prefix === 'lever' || prefix === 'ashby') return prefix;
  if (prefix === 'jsonld') return 'generic';
  const catalog = catalogJob(job.externalId);
  return catalog && formFamilyOf(catalog);
}

async function crawled(target: DemoTarget): Promise<Job[]> {
  const started = await api.post('/crawls', target.crawl, token);
  expect(started.status, started.text).toBe(202);
  const crawl = await crawlSettled(api, started.body.id, token, 90_000);
  expect(crawl, `${target.name}: ${JSON.stringify(crawl)}`).toMatchObject({ status: 'completed', errorMessage: null });
  expect(crawl.jobsFound, target.name).toBeGreaterThan(0);
  // Found by the job search, as a user finds them.
  const source = target.crawl.source as string;
  const search: Reply<{ items: JobSummary[] }> = await api.get(`/jobs?source=${source}&limit=100`, token);
  expect(search.status, search.text).toBe(200);
  const jobs = await Promise.all(search.body.items.map(async (summary) => (await api.get<Job>(`/jobs/${summary.id}`, token)).body));
  const kind = (target.crawl.target as { kind?: string } | undefined)?.kind;
  return jobs.filter((j) => (kind === undefined ? true : j.externalId.startsWith(kind === 'site' ? 'jsonld:' : `${kind}:`)));
}

const FAMILIES: FormFamily[] = ['greenhouse', 'lever', 'ashby', 'generic'];

describe('the demo: crawl → search → apply', () => {
  it('a crawled job of every demo site is applied to (dry run) on its employer form, filled from the profile and not submitted', async () => {
    const outcomes: string[] = [];
    for (const [i, target] of demo!.targets.entries()) {
      const jobs = await crawled(target);
      // Across the boards, one job of each form family in turn.
      const wanted = FAMILIES[i % FAMILIES.length]!;
      // A job where the applicant lives: her sponsorship and work-authorization answers cover the United
      // Kingdom only, so a job in another country stops on its sponsorship question, as it should.
      const local = jobs.filter((j) => /\b(london|united kingdom)\b/i.test(j.location ?? ''));
      const job = local.find((j) => familyOf(j) === wanted) ?? local.find((j) => familyOf(j) !== undefined);
      expect(job, `${target.name}: a crawled job with an employer form`).toBeDefined();
      const created = await api.post('/applications', { jobId: job!.id, profileId, dryRun: true }, token);
      expect(created.status, created.text).toBe(202);
      const settled = await applicationSettled(api, created.body.id, token, 90_000);
      const log = settled.attempts[0]?.log;
      outcomes.push(`${target.name}: ${job!.sourceUrl} → ${settled.status} ${log?.adapter ?? ''} ${settled.errorMessage ?? ''}`);
      expect(settled, outcomes.at(-1)).toMatchObject({ status: 'filled', errorMessage: null });
      expect(log, outcomes.at(-1)).toMatchObject({ adapter: familyOf(job!), dryRun: true, missingAnswers: [] });
      // The form the applier filled is on the demo's form site.
      expect(log!.url, outcomes.at(-1)).toMatch(new RegExp(`^${demo!.formsUrl}/`));
    }
    expect(new Set(outcomes.map((o) => / → filled (\w+)/.exec(o)?.[1]))).toEqual(new Set(FAMILIES));
  }, 600_000);
});
