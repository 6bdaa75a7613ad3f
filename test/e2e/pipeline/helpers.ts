/** The crawl and apply pipelines' worlds; waiting, over the API, for the queue workers to finish what a request started; the applicant's account and profile. */
import { randomBytes } from 'node:crypto';
import type { Applicant } from '../../../shared/applier/port';
import type { Application } from '../../../shared/applications/schema';
import type { Crawl } from '../../../shared/crawls/schema';
import { closeBrowser } from '../../../shared/browser/chromium';
import { startBoardSites, type BoardSites } from '../../fixtures/sites/boards/server';
import { RESUME_PDF, startFormSites, type FormSites } from '../../fixtures/sites/forms/server';
import { startTestRuntime, type TestRuntime } from '../../support/runtime';
import { Api, newUser, uploadResume, type User } from '../api/client';

/**
 * Reads `path` until `done` says so (every 250 ms), and returns that answer. On timeout it throws with
 * the last answer, so a stuck crawl or application shows where it stopped.
 */
export async function pollUntil<T = any>(api: Api, path: string, token: string, done: (body: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const reply = await api.get<T>(path, token);
    if (reply.status !== 200) throw new Error(`GET ${path} answered ${reply.status}: ${reply.text}`);
    if (done(reply.body)) return reply.body;
    if (Date.now() - started > timeoutMs) throw new Error(`GET ${path} still not done after ${timeoutMs} ms: ${reply.text}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A crawl's answer once the crawl worker has finished it. */
export const crawlSettled = (api: Api, id: number, token: string, timeoutMs?: number) =>
  pollUntil<Crawl>(api, `/crawls/${id}`, token, (c) => c.status === 'completed' || c.status === 'failed', timeoutMs);

/** An application's answer once the apply worker has finished its attempt (pending and in_progress are not finished). */
export const applicationSettled = (api: Api, id: number, token: string, timeoutMs?: number) =>
  pollUntil<Application>(api, `/applications/${id}`, token, (a) => a.status !== 'pending' && a.status !== 'in_progress', timeoutMs);

/** An account registered and logged in over the API; forms get the account's full name and email. */
export async function registerApplicant(api: Api, fullName: string, prefix = 'jane'): Promise<{ email: string; token: string }> {
  const suffix = randomBytes(4).toString('hex');
  const email = `${prefix}.${suffix}@example.com`;
  const password = 'correct horse battery staple';
  const registered = await api.post('/accounts', { email, username: `${prefix}_${suffix}`, password, fullName });
  if (registered.status !== 201) throw new Error(`POST /accounts answered ${registered.status}: ${registered.text}`);
  const login = await api.post('/accounts/login', { login: email, password });
  if (login.status !== 200) throw new Error(`POST /accounts/login answered ${login.status}: ${login.text}`);
  return { email, token: login.body.accessToken };
}

/** POST /profiles with the applicant's values and the resume uploaded as a user uploads it; `extra` adds jobPreferences or replaces answers. */
export async function createApplicantProfile(api: Api, token: string, applicant: Applicant, extra: Record<string, unknown> = {}): Promise<number> {
  const reply = await api.post(
    '/profiles',
    {
      resumeUrl: await uploadResume(api, token, RESUME_PDF, 'jane-doe-resume.pdf'),
      coverLetterTemplate: applicant.coverLetterTemplate,
      skills: applicant.skills,
      experienceYears: applicant.experienceYears,
      linkedinUrl: applicant.linkedinUrl,
      githubUrl: applicant.githubUrl,
      portfolioUrl: applicant.portfolioUrl,
      phone: applicant.phone,
      location: applicant.location,
      answers: applicant.answers,
      ...extra,
    },
    token,
  );
  if (reply.status !== 201) throw new Error(`POST /profiles answered ${reply.status}: ${reply.text}`);
  return reply.body.id;
}

/** The resume a profile kept, as the application records it in resumeUsed. */
export async function keptResumeOf(api: Api, token: string, profileId: number): Promise<string> {
  return (await api.get(`/profiles/${profileId}`, token)).body.resumeUrl;
}

export interface CrawlPipeline {
  runtime: TestRuntime;
  sites: BoardSites;
  api: Api;
  user: User;
  stop(): Promise<void>;
}

/** The fixture boards, every source pointed at them unpaced, and the runtime with its queue workers on. */
export async function startCrawlPipeline(userPrefix: string): Promise<CrawlPipeline> {
  const sites = await startBoardSites();
  const restoreEnv = sites.useInEnv();
  const runtime = await startTestRuntime({ eventSources: true });
  const api = new Api(runtime.baseUrl);
  return {
    runtime,
    sites,
    api,
    user: await newUser(api, userPrefix),
    async stop() {
      await runtime.stop();
      await closeBrowser();
      restoreEnv();
      await sites.close();
    },
  };
}

export interface ApplyPipeline {
  runtime: TestRuntime;
  forms: FormSites;
  api: Api;
  stop(): Promise<void>;
}

/** The fixture employers' forms and the runtime with its queue workers on. */
export async function startApplyPipeline(options: { log?: (line: string) => void } = {}): Promise<ApplyPipeline> {
  const forms = await startFormSites();
  // Every fixture form shares one host; the worker's one-minute pause between two submissions to a
  // host (tested in test/integration/applier) would hold each further submit back for a minute.
  const runtime = await startTestRuntime({ eventSources: true, env: { APPLY_SUBMIT_INTERVAL_MS: '0' }, log: options.log });
  return {
    runtime,
    forms,
    api: new Api(runtime.baseUrl),
    async stop() {
      await runtime.stop();
      await closeBrowser();
      await forms.close();
    },
  };
}

/** A job added by hand whose posting is a fixture form, as a user adds one the crawler did not find. */
export async function addFormJob(pipeline: ApplyPipeline, token: string, path: string, title = 'Senior Software Engineer'): Promise<number> {
  const reply = await pipeline.api.post('/jobs', { title, company: 'Acme Robotics', location: 'London', sourceUrl: pipeline.forms.baseUrl + path }, token);
  if (reply.status !== 201) throw new Error(`POST /jobs answered ${reply.status}: ${reply.text}`);
  return reply.body.id;
}
