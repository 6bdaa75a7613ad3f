/**
 * The one place errors become responses: application/problem+json (RFC 9457). An HttpProblem says
 * what to answer; database errors are mapped by SQLSTATE; anything else is a 500 that says nothing
 * about its cause. The log gets the error's name, message and code, never its stack or SQL.
 */
import { describeError } from '../log';
import { problemFromDatabaseError } from '../db-errors';
import { HttpProblem, PROBLEM_CONTENT_TYPE } from '../problem';
import type { ApiMiddleware } from './state';

export function toHttpProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  return problemFromDatabaseError(error) ?? new HttpProblem('internal-error', { detail: 'The error was logged; retry later or report the request id' });
}

export const problemResponses = (): ApiMiddleware => ({
  onError: (request) => {
    const problem = toHttpProblem(request.error);
    const log = request.internal.log;
    if (problem.status >= 500) log?.error('request error', { error: describeError(request.error), problem: problem.slug });
    else if (!(request.error instanceof HttpProblem)) log?.warn('database refused the request', { error: describeError(request.error), problem: problem.slug });
    request.response = {
      statusCode: problem.status,
      headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store', ...problem.headers },
      body: JSON.stringify(problem.toProblem(request.event.rawPath, request.internal.requestId)),
    };
  },
});
