/**
 * The apply worker's view of the applier: the worker claims a job_applications row (pending to
 * in_progress in one guarded step), loads the job and the applicant, hands them to an `Applier`, and
 * records the outcome on the row.
 */
import type { JobSource } from '../jobs/input';
import type { AnswerBank } from '../profiles/schema';
import type { AutomationLog } from './log';

export interface Applicant {
  fullName: string;
  email: string;
  phone: string | null;
  location: string | null;
  /** The resume the profile kept (s3://…/resumes/<userId>/…) or an https URL (shared/resumes/reference.ts). */
  resumeUrl: string | null;
  coverLetterTemplate: string | null;
  skills: string[];
  experienceYears: number | null;
  linkedinUrl: string | null;
  githubUrl: string | null;
  portfolioUrl: string | null;
  answers: AnswerBank;
}

export interface ApplicationTask {
  applicationId: number;
  /** Which attempt of the application this is: its screenshots are kept apart from every other attempt's. */
  attempt: number;
  userId: number;
  dryRun: boolean;
  job: {
    id: number;
    source: JobSource;
    title: string;
    company: string;
    location: string | null;
    sourceUrl: string;
    metadata: Record<string, unknown>;
  };
  applicant: Applicant;
}

/**
 * applied: the page confirmed the submission. filled: a dry run filled every field and stopped before
 * submit. unconfirmed: submitted, but the page gave no confirmation; never retried automatically, so
 * nothing is sent twice. failed: stopped before submitting (reason says why; retryable says whether
 * running it again could help, e.g. a timeout, not a captcha or a missing answer).
 */
export type ApplyStatus = 'applied' | 'filled' | 'unconfirmed' | 'failed';

export interface ApplyOutcome {
  status: ApplyStatus;
  reason: string | null;
  retryable: boolean;
  resumeUsed: string | null;
  coverLetterUsed: string | null;
  log: AutomationLog;
}

export interface ApplyOptions {
  /** Epoch ms by which the attempt must have returned. */
  deadline: number;
}

export type Applier = (task: ApplicationTask, options: ApplyOptions) => Promise<ApplyOutcome>;
