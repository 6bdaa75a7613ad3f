/**
 * Database errors the domain can act on. The Data API reports a PostgreSQL error as a
 * DatabaseErrorException (Aurora Serverless v2 and provisioned clusters; BadRequestException on
 * Serverless v1) whose message ends in `; SQLState: XXXXX`; this reads the state and the constraint
 * so callers can answer "already exists" or "not found" without showing any SQL. It also names what
 * the service itself refuses: a result it cannot return, and a transaction it no longer has (after
 * any failed call in it, the service rolls it back and forgets its id).
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
  /** A row over the Data API's 64 KB. */
  | 'row_too_large'
  /** A column type the Data API cannot return, or a multidimensional array. */
  | 'unsupported_result'
  /** The transaction ended: committed, rolled back, expired, or aborted by a failed call in it. */
  | 'transaction_not_found'
  /** A call on a transaction while another call on it was still running. */
  | 'transaction_busy'
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
  if (name === 'TransactionNotFoundException') return new DatabaseError('transaction_not_found', undefined, undefined, error.message, { cause: error });
  if (name === 'UnsupportedResultException') {
    const kind = /packet for query is too large/i.test(error.message) ? 'row_too_large' : 'unsupported_result';
    return new DatabaseError(kind, undefined, undefined, error.message, { cause: error });
  }
  if (name !== 'BadRequestException' && name !== 'DatabaseErrorException') return error;
  if (/transaction is still running a query/i.test(error.message)) {
    return new DatabaseError('transaction_busy', undefined, undefined, error.message, { cause: error });
  }
  const state = /SQLState: ([0-9A-Z]{5})/.exec(error.message)?.[1];
  const constraint = /constraint "([^"]+)"/.exec(error.message)?.[1];
  let kind: DatabaseErrorKind = state ? (KIND_BY_STATE[state] ?? (state.startsWith('22') ? 'invalid_input' : 'other')) : 'other';
  // v1 words it "Database returned more than the allowed response size limit"; the troubleshooting
  // guide, "Database response exceeded size limit".
  if (/response size limit|response exceeded size limit/i.test(error.message)) kind = 'response_too_large';
  return new DatabaseError(kind, state, constraint, error.message, { cause: error });
}
