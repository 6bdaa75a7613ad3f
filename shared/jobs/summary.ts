/**
 * A job as every list shows it (jobSummarySchema): the one select list and the one row mapping, used
 * by job search, recommendations, the sample queries and saved jobs. The description is left out:
 * it can be large, and a list does not need it.
 */
import type { JobSummary } from './api-schema';
import { JOB_LISTED_TEXT_CHARS, type JobSource, type JobType } from './input';

const columns = [
  'id',
  'title',
  'company',
  'location',
  'salary_min',
  'salary_max',
  'job_type',
  'remote',
  'source',
  'source_url',
  'posted_date',
  'expires_date',
  'is_active',
  'created_at',
] as const;

/**
 * The most a row of job summary columns adds to a response, as rowResponseBytes counts it (with a
 * list's created_key and a recommendation's score): each text at its column's limit, every character
 * of it 8 bytes at worst (a quote, a backslash or a control character, escaped three times over), and
 * 2 KB for the other columns and the keys (each quote of a key is 8 bytes too). A statement of up to 31 such rows fits the response budget
 * unmeasured (RowBound); test/integration/data/largest-job-pages.test.ts measures a row at this worst.
 */
export const JOB_SUMMARY_MAX_RESPONSE_BYTES = 8 * Object.values(JOB_LISTED_TEXT_CHARS).reduce((sum, chars) => sum + chars, 0) + 2048;

export interface JobSummaryRow {
  [column: string]: unknown;
  id: number;
  title: string;
  company: string;
  location: string | null;
  salary_min: number | null;
  salary_max: number | null;
  job_type: JobType | null;
  remote: boolean;
  source: JobSource;
  source_url: string;
  posted_date: string | null;
  expires_date: string | null;
  is_active: boolean;
  created_at: string;
}

/**
 * The summary's columns of `jobs j`, each named `${prefix}column` (a prefix keeps them apart from
 * another table's columns of the same name in a join).
 */
export const jobSummaryColumns = (prefix = '') => columns.map((c) => (prefix ? `j.${c} as ${prefix}${c}` : `j.${c}`)).join(', ');

/**
 * The summary's columns of `jobs j` in a query of active jobs only (`where j.is_active`): is_active
 * there is the constant it must be, so every column is one idx_jobs_active_newest_summary holds and
 * a newest-first walk of that index never reads the table.
 */
export const activeJobSummaryColumns = () => columns.map((c) => (c === 'is_active' ? 'true as is_active' : `j.${c}`)).join(', ');

export function toJobSummary(row: Record<string, unknown>, prefix = ''): JobSummary {
  const r = (prefix ? Object.fromEntries(columns.map((c) => [c, row[prefix + c]])) : row) as JobSummaryRow;
  return {
    id: r.id,
    title: r.title,
    company: r.company,
    location: r.location,
    salaryMin: r.salary_min,
    salaryMax: r.salary_max,
    jobType: r.job_type,
    remote: r.remote,
    source: r.source,
    sourceUrl: r.source_url,
    postedDate: r.posted_date,
    expiresDate: r.expires_date,
    isActive: r.is_active,
    createdAt: r.created_at,
  };
}

/** created_at to the microsecond, as PostgreSQL prints it: what newest-first lists page by, with id. */
export const CREATED_KEY = 'j.created_at::text as created_key';
