/** Errors in the Data API's REST-JSON shape: an HTTP status, x-amzn-ErrorType and a message. */
export type DataApiErrorType =
  | 'BadRequestException'
  | 'StatementTimeoutException'
  | 'TransactionNotFoundException'
  | 'NotFoundException'
  | 'ForbiddenException'
  | 'InternalServerErrorException';

const STATUS: Record<DataApiErrorType, number> = {
  BadRequestException: 400,
  StatementTimeoutException: 400,
  TransactionNotFoundException: 404,
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
  return new DataApiError('BadRequestException', `${message}; SQLState: ${error.code ?? 'XX000'}`);
}
