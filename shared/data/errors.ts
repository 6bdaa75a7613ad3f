/**
 * Database errors the domain can act on. The Data API reports a PostgreSQL error as a
 * BadRequestException whose message ends in `; SQLState: XXXXX`; this reads the state and the
 * constraint so callers can answer "already exists" or "not found" without showing any SQL.
 */

export type DatabaseErrorKind =
  | 'unique_violation'
  | 'foreign_key_violation'
  | 'check_violation'
  | 'not_null_violation'
  | 'invalid_input'
  | 'serialization_failure'
  | 'timeout'
  | 'unavailable'
  | 'response_too_large'
  | 'other';

const KIND_BY_STATE: Record<string, DatabaseErrorKind> = {
  '23505': 'unique_violation',
  '23503': 'foreign_key_violation',
  '23514': 'check_violation',
  '23502': 'not_null_violation',
  '40001': 'serialization_failure',
  '40P01': 'serialization_failure',
  '57014': 'timeout',
};

export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
  constructor(
    readonly kind: DatabaseErrorKind,
    readonly sqlState: string | undefined,
    readonly constraint: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** Reads an error thrown by the RDS Data API client into a DatabaseError (or returns it unchanged). */
export function toDatabaseError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const name = error.name;
  if (name === 'StatementTimeoutException') return new DatabaseError('timeout', '57014', undefined, 'Statement timed out', { cause: error });
  if (name === 'DatabaseUnavailableException' || name === 'DatabaseResumingException' || name === 'ServiceUnavailableError') {
    return new DatabaseError('unavailable', undefined, undefined, 'Database unavailable', { cause: error });
  }
  if (name !== 'BadRequestException' && name !== 'DatabaseErrorException') return error;
  const state = /SQLState: ([0-9A-Z]{5})/.exec(error.message)?.[1];
  const constraint = /constraint "([^"]+)"/.exec(error.message)?.[1];
  let kind: DatabaseErrorKind = state ? (KIND_BY_STATE[state] ?? (state.startsWith('22') ? 'invalid_input' : 'other')) : 'other';
  if (/response size limit/i.test(error.message)) kind = 'response_too_large';
  return new DatabaseError(kind, state, constraint, error.message, { cause: error });
}
