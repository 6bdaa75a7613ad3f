/**
 * Structured JSON logs (Powertools Logger), with a keyed logger per request carrying its request id
 * and route: the local server runs many requests concurrently in one process, so per-request keys
 * can never live on the shared logger.
 *
 * Nothing secret reaches a log: values under sensitive keys are replaced wherever they appear,
 * errors are reduced to name, message and code (no stack, no SQL), and bodies are never logged.
 */
import { Logger } from '@aws-lambda-powertools/logger';

const SENSITIVE_KEY = /pass(word)?|secret|token|authorization|cookie|hash|signature|credential/i;

export const REDACTED = '[redacted]';

function redactingReplacer(key: string, value: unknown): unknown {
  if (key === 'stack') return undefined;
  if (key && SENSITIVE_KEY.test(key) && value !== undefined && value !== null) return REDACTED;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return describeError(value);
  return value;
}

/** What a log may say about an error: never its stack, never a database message (it may quote SQL or values). */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { name: typeof error, message: 'non-Error thrown' };
  const code = (error as { code?: unknown }).code;
  const fromDatabase = isDatabaseError(error);
  return {
    name: error.name,
    message: fromDatabase ? 'database error (message withheld)' : error.message.slice(0, 500),
    ...(typeof code === 'string' && { code }),
    ...(fromDatabase && sqlState(error) && { sqlState: sqlState(error) }),
  };
}

/** DatabaseErrorException (Serverless v2, provisioned) and BadRequestException (v1) carry the database's message. */
function isDatabaseError(error: Error): boolean {
  return /BadRequestException|DatabaseErrorException|DatabaseError|SqlError|DbError|QueryError/i.test(error.name) || sqlState(error) !== undefined;
}

/** The SQLSTATE of a database error, however the driver reported it. */
export function sqlState(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, sqlState: state } = error as { code?: unknown; sqlState?: unknown };
  if (typeof state === 'string' && /^[0-9A-Z]{5}$/.test(state)) return state;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && /\d/.test(code)) return code;
  // The Data API reports PostgreSQL errors as DatabaseErrorException('ERROR: ...; SQLState: 23505').
  return /SQLState: ([0-9A-Z]{5})/.exec(error.message)?.[1];
}

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'job-automation',
  jsonReplacerFn: redactingReplacer,
});

/** Structured logging with the keys of one request on every line. */
export interface Log {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/**
 * A logger whose every line carries `keys` (a request id and whatever else identifies the work). The
 * keys go with each line rather than into a Powertools child logger, whose creation copies the whole
 * logger configuration: a cost paid on every request for lines that are mostly never written.
 */
export function keyedLogger(keys: Record<string, string | number | undefined>): Log {
  const line = (write: (message: string, extra: Record<string, unknown>) => void) => (message: string, extra?: Record<string, unknown>) =>
    write(message, { ...keys, ...extra });
  return {
    info: line((m, e) => logger.info(m, e)),
    warn: line((m, e) => logger.warn(m, e)),
    error: line((m, e) => logger.error(m, e)),
  };
}
