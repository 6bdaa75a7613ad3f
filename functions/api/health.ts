/** Health: the service answers and its database is reachable. */
import { getDb } from '../../shared/data/db';
import { apiFunction } from '../../shared/http/api';
import { principals } from '../../shared/http/principals';
import { HttpProblem } from '../../shared/http/problem';
import { implement } from '../../shared/http/route';
import { describeError } from '../../shared/http/log';
import { apiFunctions, routes } from '../../shared/tables/routes';

export const handler = apiFunction(
  apiFunctions.health,
  [
    implement(routes.health, async ({ log }) => {
      try {
        await getDb().query('select 1 as reachable');
      } catch (error) {
        log.error('database unreachable', { error: describeError(error) });
        throw new HttpProblem('service-unavailable', { detail: 'The database is unreachable', headers: { 'retry-after': '10' } });
      }
      return { status: 200, body: { status: 'ok' as const, database: 'reachable' as const, time: new Date().toISOString() } };
    }),
  ],
  { principals },
);
