/**
 * Database errors that reach the HTTP edge, mapped by SQLSTATE to the problem a client should see.
 * Stores translate the constraints they expect (a taken email, a second save) into precise problems
 * themselves; this is the net under them. The database's message never reaches the client.
 */
import { DatabaseError } from '../data/errors';
import { HttpProblem } from './problem';
import { sqlState } from './log';

/** Busy or paused database: the client may retry shortly. */
const retryLater = (seconds: number, detail: string) =>
  new HttpProblem('service-unavailable', { detail, headers: { 'retry-after': String(seconds) } });

export function problemFromDatabaseError(error: unknown): HttpProblem | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error.name === 'NotFoundError') return new HttpProblem('not-found', { detail: 'The resource was not found' });
  if (error.name === 'DatabaseResumingException') return retryLater(10, 'The database is resuming; retry in a few seconds');
  if (error instanceof DatabaseError) {
    // The client (shared/data) has already retried a resuming cluster for a minute.
    if (error.kind === 'unavailable') return retryLater(10, 'The database is unavailable or resuming; retry in a few seconds');
    // Another call of the request's transaction was still running, or the transaction ended
    // (expired) before the request finished: nothing was kept, and the request may be sent again.
    if (error.kind === 'transaction_busy' || error.kind === 'transaction_not_found') return retryLater(1, 'The request collided with another; retry it');
  }
  const state = sqlState(error);
  if (!state) return undefined;
  switch (state) {
    case '23505':
      return new HttpProblem('conflict', { detail: 'A resource with the same unique value already exists' });
    case '23503':
      // Writing a row that points at a missing one, or deleting a row others still point at.
      return /update or delete on table/i.test(error.message)
        ? new HttpProblem('conflict', { detail: 'The resource is still referenced by others' })
        : new HttpProblem('not-found', { detail: 'A referenced resource does not exist' });
    case '23502':
    case '23514':
    case '22001':
    case '22003':
    case '22007':
    case '22008':
    case '22P02':
    case '22023':
      return new HttpProblem('validation-failed', { detail: 'A value is out of range or of the wrong form' });
    case '40001':
    case '40P01':
      return retryLater(1, 'The request collided with another; retry it');
    case '57014':
    case '53300':
    case '57P01':
    case '57P03':
      return retryLater(5, 'The database is busy; retry shortly');
    default:
      return state.startsWith('08') ? retryLater(5, 'The database is unreachable; retry shortly') : undefined;
  }
}
