/** Statistics: live counts, the refreshed totals, and the CSV export. */
import { getDb } from '../../shared/data/db';
import { apiFunction } from '../../shared/http/api';
import { principals } from '../../shared/http/principals';
import { implement } from '../../shared/http/route';
import * as stats from '../../shared/stats/store';
import { apiFunctions, routes } from '../../shared/tables/routes';

export const handler = apiFunction(
  apiFunctions.stats,
  [
    implement(routes.applicationCounts, async ({ userId }) => ({ status: 200, body: await stats.statusCounts(getDb(), userId) })),
    implement(routes.statsSummary, async ({ userId }) => ({ status: 200, body: await stats.statsSummary(getDb(), userId) })),
    implement(routes.exportApplications, async ({ userId }) => ({
      status: 200,
      body: await stats.applicationsCsv(getDb(), userId),
      contentType: 'text/csv; charset=utf-8',
      headers: { 'content-disposition': 'attachment; filename="applications.csv"' },
    })),
  ],
  { principals },
);
