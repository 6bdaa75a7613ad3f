/**
 * `npm run demo`'s promise, through the whole stack: every site the demo lists (infra/local/demo-sites.ts)
 * is crawled through the crawl queue, the job search finds what was crawled, and a crawled job of each
 * is applied to (a dry run) through the apply queue: the applier gets from the job's page to its
 * employer's form (Greenhouse, Lever, Ashby or the multi-step form on the demo's form site, or the ATS's
 * own form for an ATS board's job), fills it from the profile and stops before submitting. Workday's
 * application starts with a candidate account on the tenant, which the platform does not have: that
 * attempt stops there, saying so.
 *
 * The crawls are queued at once and each job is sent to the apply queue as soon as its crawl is done,
 * so the apply worker fills forms while the crawl worker reads the next boards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSites, type DemoSites, type DemoTarget } from '../../../infra/local/demo-sites';
import { closeBrowser } from '../../../shared/browser/chromium';
import type { Job, JobSummary } from '../../../shared/jobs/api-schema';
import { fixtureJob, fixtureJobById, type FixtureJob } from '../../fixtures/sites/boards/catalog';
import { formFamilyOf, type FormFamily } from '../../fixtures/sites/employer-forms';
import { PERSONIO_CONSENT } from '../../fixtures/sites/forms/ats/personio';
import { RECRUITEE_CONSENT } from '../../fixtures/sites/forms/ats/recruitee';
import { teamtailorConsent } from '../../fixtures/sites/forms/ats/teamtailor-form';
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
  // The applicant's answers, and the privacy consents Recruitee, Personio and Teamtailor forms require, given once.
  const base = testApplicant();
  const consents = [RECRUITEE_CONSENT, PERSONIO_CONSENT, teamtailorConsent('Acme Robotics')].map((question) => ({ question, answer: 'Yes' }));
  const applicant = testApplicant({ answers: { ...base.answers, custom: [...base.answers.custom, ...consents] } });
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

const kindOf = (target: DemoTarget) => (target.crawl.target as { kind?: string } | undefined)?.kind;

/** The form a crawled job's employer uses: an ATS board's own (the generic adapter's, past the three with adapters), a careers site's multi-step form, a board job's employer's. */
function familyOf(job: Job): FormFamily | undefined {
  const prefix = job.externalId.split(':')[0]!;
  if (prefix === 'greenhouse' || prefix === 'lever' || prefix === 'ashby') return prefix;
  if (['jsonld', 'workday', 'smartrecruiters', 'workable', 'recruitee', 'personio', 'teamtailor'].includes(prefix)) return 'generic';
  const catalog = catalogJob(job.externalId);
  return catalog && formFamilyOf(catalog);
}

/** Every job read so far, by id: each target's crawl is searched for as it finishes. */
const seen = new Map<number, Job>();

/** The target's jobs, found by the job search as a user finds them (every page of it). */
async function searched(target: DemoTarget): Promise<Job[]> {
  const summaries: JobSummary[] = [];
  let cursor: string | null = null;
  do {
    const search: Reply<{ items: JobSummary[]; nextCursor: string | null }> = await api.get(`/jobs?source=${target.crawl.source}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, token);
    expect(search.status, search.text).toBe(200);
    summaries.push(...search.body.items);
    cursor = search.body.nextCursor;
  } while (cursor);
  for (const { id } of summaries.filter((s) => !seen.has(s.id))) seen.set(id, (await api.get<Job>(`/jobs/${id}`, token)).body);
  const kind = kindOf(target);
  return summaries.map((s) => seen.get(s.id)!).filter((j) => (kind === undefined ? true : j.externalId.startsWith(kind === 'site' ? 'jsonld:' : `${kind}:`)));
}

const FAMILIES: FormFamily[] = ['greenhouse', 'lever', 'ashby', 'generic'];

describe('the demo: crawl → search → apply', () => {
  it('a crawled job of every demo site is applied to (dry run) on its employer form, filled from the profile and not submitted; Workday stops at its account step', async () => {
    const targets = demo!.targets;
    expect(targets).toHaveLength(15);
    const crawls: number[] = [];
    for (const target of targets) {
      const started = await api.post('/crawls', target.crawl, token);
      expect(started.status, started.text).toBe(202);
      crawls.push(started.body.id);
    }
    // In the crawl queue's order: each crawl's job goes to the apply queue the moment the crawl is done.
    const applications: { target: DemoTarget; job: Job; id: number }[] = [];
    for (const [i, target] of targets.entries()) {
      const crawl = await crawlSettled(api, crawls[i]!, token, 120_000);
      expect(crawl, `${target.name}: ${JSON.stringify(crawl)}`).toMatchObject({ status: 'completed', errorMessage: null });
      expect(crawl.jobsFound, target.name).toBeGreaterThan(0);
      const jobs = await searched(target);
      // Across the job boards, one job of each form family in turn.
      const wanted = FAMILIES[i % FAMILIES.length]!;
      // A job where the applicant lives: her sponsorship and work-authorization answers cover the United
      // Kingdom only, so a job in another country stops on its sponsorship question, as it should.
      const local = jobs.filter((j) => /\b(london|united kingdom)\b/i.test(j.location ?? ''));
      const job = local.find((j) => familyOf(j) === wanted) ?? local.find((j) => familyOf(j) !== undefined);
      expect(job, `${target.name}: a crawled job with an employer form`).toBeDefined();
      const created = await api.post('/applications', { jobId: job!.id, profileId, dryRun: true }, token);
      expect(created.status, created.text).toBe(202);
      applications.push({ target, job: job!, id: created.body.id });
    }

    const outcomes: string[] = [];
    for (const { target, job, id } of applications) {
      const settled = await applicationSettled(api, id, token, 180_000);
      const log = settled.attempts[0]?.log;
      const outcome = `${target.name}: ${job.sourceUrl} → ${settled.status} ${log?.adapter ?? ''} ${log?.url ?? ''} ${settled.errorMessage ?? ''}`;
      outcomes.push(outcome);
      if (kindOf(target) === 'workday') {
        // Apply, then Apply Manually, reaches Workday's Create Account step: no account, no application, and the reason named.
        expect(settled, outcome).toMatchObject({ status: 'failed', errorMessage: 'login wall: the site requires signing in to an account to apply' });
        expect(log!.steps.some((s) => s.kind === 'navigate' && s.message.startsWith('following "Apply Manually"')), outcome).toBe(true);
        expect(log!.url, outcome).toBe(`${job.sourceUrl}/apply/applyManually`);
        continue;
      }
      expect(settled, outcome).toMatchObject({ status: 'filled', errorMessage: null });
      expect(log, outcome).toMatchObject({ adapter: familyOf(job), dryRun: true, missingAnswers: [] });
      // The form filled is the employer's: on the demo's form site, or on the ATS's own host where it serves its forms.
      const origins = [demo!.formsUrl, new URL(target.url).origin];
      expect(origins.some((o) => log!.url.startsWith(`${o}/`)), outcome).toBe(true);
    }
    expect(new Set(outcomes.map((o) => / → filled (\w+)/.exec(o)?.[1]).filter(Boolean))).toEqual(new Set(FAMILIES));
  }, 600_000);
});
