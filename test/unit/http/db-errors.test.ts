/**
 * What a client sees for each database error, now that Serverless v2 and provisioned clusters
 * report statement errors as DatabaseErrorException (Serverless v1: BadRequestException), and the
 * service refuses busy or ended transactions.
 */
import { describe, expect, it } from 'vitest';
import { DatabaseError, toDatabaseError } from '../../../shared/data/errors';
import { problemFromDatabaseError } from '../../../shared/http/db-errors';
import { describeError } from '../../../shared/http/log';

/** An error as the RDS Data API client throws it: its name is the service's exception type. */
function serviceError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

const problemOf = (name: string, message: string) => problemFromDatabaseError(toDatabaseError(serviceError(name, message)));

describe('database errors at the HTTP edge', () => {
  it.each(['DatabaseErrorException', 'BadRequestException'])('maps %s by its SQLState, as before', (name) => {
    const unique = toDatabaseError(
      serviceError(name, 'ERROR: duplicate key value violates unique constraint "users_email_lower_key"\n  Detail: Key (lower(email))=(a@b.c) already exists.; SQLState: 23505'),
    ) as DatabaseError;
    expect(unique).toMatchObject({ kind: 'unique_violation', sqlState: '23505', constraint: 'users_email_lower_key' });
    expect(problemFromDatabaseError(unique)).toMatchObject({ status: 409 });
    expect(problemOf(name, 'ERROR: insert or update on table "saved_jobs" violates foreign key constraint "x"; SQLState: 23503')).toMatchObject({ status: 404 });
    expect(problemOf(name, 'ERROR: could not serialize access due to concurrent update; SQLState: 40001')).toMatchObject({ status: 503 });
    expect(problemOf(name, 'ERROR: value too long for type character varying(50); SQLState: 22001')).toMatchObject({ status: 400 });
    expect(problemOf(name, 'Database returned more than the allowed response size limit')).toBeUndefined();
  });

  it('tells a busy or ended transaction from other errors, and lets the client retry', () => {
    const busy = toDatabaseError(serviceError('DatabaseErrorException', 'Transaction is still running a query')) as DatabaseError;
    expect(busy.kind).toBe('transaction_busy');
    expect(problemFromDatabaseError(busy)).toMatchObject({ status: 503, headers: { 'retry-after': '1' } });
    const gone = toDatabaseError(serviceError('TransactionNotFoundException', "Transaction x isn't found: Transaction may be expired.")) as DatabaseError;
    expect(gone.kind).toBe('transaction_not_found');
    expect(problemFromDatabaseError(gone)).toMatchObject({ status: 503 });
  });

  it('answers 503 while the database is unavailable or resuming, after the client gave up waiting', () => {
    for (const name of ['DatabaseResumingException', 'DatabaseUnavailableException']) {
      expect(problemOf(name, 'paused')).toMatchObject({ status: 503, headers: { 'retry-after': '10' } });
    }
  });

  it('leaves what the service cannot return to the internal error (a defect in the platform)', () => {
    const row = toDatabaseError(serviceError('UnsupportedResultException', 'Packet for query is too large: a row of the result is 70000 bytes')) as DatabaseError;
    expect(row.kind).toBe('row_too_large');
    expect(problemFromDatabaseError(row)).toBeUndefined();
    const type = toDatabaseError(serviceError('UnsupportedResultException', 'The result contains the unsupported data type MONEY.')) as DatabaseError;
    expect(type.kind).toBe('unsupported_result');
  });

  it('never logs the message of a DatabaseErrorException', () => {
    const raw = serviceError('DatabaseErrorException', "ERROR: invalid input syntax for type uuid: \"secret-value\"; SQLState: 22P02");
    expect(describeError(raw)).toEqual({ name: 'DatabaseErrorException', message: 'database error (message withheld)', sqlState: '22P02' });
    expect(describeError(toDatabaseError(raw))).toMatchObject({ message: 'database error (message withheld)', sqlState: '22P02' });
  });
});
