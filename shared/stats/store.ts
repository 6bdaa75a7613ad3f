/** Statistics: live counts by status (the seed's second sample query), the materialized view's totals, and the CSV export. */
import { allApplications } from '../applications/store';
import { applicationStatuses, type ApplicationStatus } from '../applications/schema';
import type { Db } from '../data/types';
import { applicationStatsFromView } from '../jobs/queries';
import type { StatsSummary, StatusCounts } from './schema';

export async function statusCounts(db: Db, userId: number): Promise<StatusCounts> {
  const rows = await db.query<{ status: ApplicationStatus; count: number }>(
    `select status, count(*) as count from job_applications where user_id = :user_id group by status`,
    { user_id: userId },
  );
  const byStatus = Object.fromEntries(applicationStatuses.map((s) => [s, 0])) as StatusCounts['byStatus'];
  for (const row of rows) byStatus[row.status] = row.count;
  return { total: rows.reduce((sum, r) => sum + r.count, 0), byStatus };
}

export async function statsSummary(db: Db, userId: number): Promise<StatsSummary> {
  return applicationStatsFromView(db, userId);
}

const CSV_COLUMNS = ['id', 'jobId', 'title', 'company', 'source', 'sourceUrl', 'status', 'dryRun', 'attempts', 'appliedAt', 'createdAt', 'updatedAt', 'errorMessage'] as const;

/**
 * RFC 4180 field. A value a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is
 * prefixed with a quote (OWASP's advice on CSV injection): job titles come from the web.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export async function applicationsCsv(db: Db, userId: number): Promise<string> {
  const lines = [CSV_COLUMNS.join(',')];
  for await (const a of allApplications(db, userId)) {
    const row = { ...a, attempts: a.attemptCount, title: a.job?.title, company: a.job?.company, source: a.job?.source, sourceUrl: a.job?.sourceUrl };
    lines.push(CSV_COLUMNS.map((c) => csvField(row[c])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
