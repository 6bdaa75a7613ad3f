/**
 * Errors in the Data API's REST-JSON shape: an HTTP status, x-amzn-ErrorType and a message, as
 * Aurora Serverless v2 and provisioned clusters answer them. SQL errors are DatabaseErrorException
 * there; BadRequestException "only appears in calls from Aurora Serverless v1 databases" (the RDS
 * Data API reference), so here it is left for requests that are malformed as requests.
 */
export type DataApiErrorType =
  | 'BadRequestException'
  | 'DatabaseErrorException'
  | 'StatementTimeoutException'
  | 'TransactionNotFoundException'
  | 'UnsupportedResultException'
  | 'NotFoundException'
  | 'ForbiddenException'
  | 'InternalServerErrorException';

const STATUS: Record<DataApiErrorType, number> = {
  BadRequestException: 400,
  DatabaseErrorException: 400,
  StatementTimeoutException: 400,
  TransactionNotFoundException: 404,
  UnsupportedResultException: 400,
  NotFoundException: 404,
  ForbiddenException: 403,
  InternalServerErrorException: 500,
};

export class DataApiError extends Error {
  constructor(
    readonly type: DataApiErrorType,
    message: string,
  ) {
    super(message);
  }
  get status(): number {
    return STATUS[this.type];
  }
}

/** An error in the SQL or its parameters, which the service reports as DatabaseErrorException. */
export const statementError = (message: string) => new DataApiError('DatabaseErrorException', message);

interface PgError {
  message: string;
  code?: string;
  detail?: string;
  hint?: string;
  position?: string;
}

/** PostgreSQL's error as the service words it: `ERROR: ...\n  Detail: ...; SQLState: 23505`. */
export function fromPgError(error: PgError): DataApiError {
  if (error.code === '57014') return new DataApiError('StatementTimeoutException', 'Request timed out');
  let message = `ERROR: ${error.message}`;
  if (error.detail) message += `\n  Detail: ${error.detail}`;
  if (error.hint) message += `\n  Hint: ${error.hint}`;
  if (error.position) message += `\n  Position: ${error.position}`;
  return statementError(`${message}; SQLState: ${error.code ?? 'XX000'}`);
}
