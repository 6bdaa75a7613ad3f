/**
 * createApplier: the Applier the apply worker calls. Renders the cover letter, opens a fresh page in the
 * worker's one browser, picks the form family, runs the attempt within the deadline, and always closes
 * the page. Once the submit has been clicked the outcome can only be applied or unconfirmed, whatever
 * happens next, so a retry never submits twice.
 */
import type { Page } from 'puppeteer-core';
import { getArtifactStore, type ArtifactStore } from '../artifacts/store';
import { getBrowser } from '../browser/chromium';
import { Attempt, AttemptStop, type AttemptResult } from './attempt';
import { AttemptLog, loggableUrl } from './attempt-log';
import { CoverLetterError, renderCoverLetter } from './cover-letter';
import { ApplicationDocuments } from './documents';
import type { ResumeFiles } from '../resumes/files';
import type { SitePacing } from './pacing';
import type { Applier, ApplyOutcome } from './port';
import { guardRequests } from './request-guard';

export interface ApplierDependencies {
  artifacts?: () => ArtifactStore;
  /** Where kept resumes are read from: the uploads bucket by default. */
  resumes?: () => ResumeFiles;
  /** Per-site pacing of submissions: in the database for the worker, in memory for a test. */
  pacing: SitePacing;
  newPage?: () => Promise<Page>;
}

/** Time kept back from the deadline to close the page and return. */
const CLOSE_MARGIN_MS = 1_500;

export function createApplier(deps: ApplierDependencies): Applier {
  const artifacts = deps.artifacts ?? getArtifactStore;
  const newPage = deps.newPage ?? (async () => (await getBrowser()).newPage());

  return async (task, options) => {
    const log = new AttemptLog(task.applicationId, task.attempt, task.dryRun, artifacts);
    log.url = loggableUrl(task.job.sourceUrl);
    const finish = (result: AttemptResult, attempt?: Attempt): ApplyOutcome => ({
      ...result,
      resumeUsed: attempt?.resumeUsed ?? null,
      coverLetterUsed: attempt?.coverLetterUsed ?? null,
      log: log.toJSON(),
    });

    let coverLetter: string | null;
    try {
      coverLetter = renderCoverLetter(task);
    } catch (error) {
      if (!(error instanceof CoverLetterError)) throw error;
      log.step('error', error.message);
      return finish({ status: 'failed', reason: error.message, retryable: false });
    }

    const docs = await ApplicationDocuments.create(task.applicationId, deps.resumes);
    let page: Page | undefined;
    let attempt: Attempt | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      page = await newPage();
      page.setDefaultTimeout(10_000);
      page.on('dialog', (dialog) => void dialog.dismiss().catch(() => undefined));
      await guardRequests(page, (url, reason) => log.step('blocked', `request to ${loggableUrl(url)} refused: ${reason}`));
      attempt = new Attempt(page, task, log, docs, { applicant: task.applicant, coverLetter, job: task.job }, deps.pacing, options.deadline - CLOSE_MARGIN_MS);
      const run = attempt.run();
      run.catch(() => undefined);
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('deadline')), Math.max(0, options.deadline - CLOSE_MARGIN_MS - Date.now()));
      });
      return finish(await Promise.race([run, timeout]), attempt);
    } catch (error) {
      if (error instanceof AttemptStop) return finish(error.result, attempt);
      const message = (error as Error).message === 'deadline' ? 'the deadline was reached' : `unexpected error: ${(error as Error).message.split('\n')[0]}`;
      log.step('error', message);
      // After the click, a failure to read the outcome is not a failure to apply.
      if (attempt?.submitted) return finish({ status: 'unconfirmed', reason: `submitted, then ${message}`, retryable: false }, attempt);
      return finish({ status: 'failed', reason: message, retryable: true }, attempt);
    } finally {
      clearTimeout(timer);
      await page?.close().catch(() => undefined);
      await docs.dispose().catch(() => undefined);
    }
  };
}
