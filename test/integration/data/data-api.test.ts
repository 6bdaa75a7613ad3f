/**
 * The local Data API endpoint must be as strict as the service, so that what passes here passes on
 * Aurora. Each case goes through the unchanged RDSDataClient (directly or through our Db port).
 */
import { BatchExecuteStatementCommand, ExecuteStatementCommand, RDSDataClient } from '@aws-sdk/client-rds-data';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatabaseError } from '../../../shared/data/errors';
import type { Db } from '../../../shared/data/types';
import { json, timestamp, uuid } from '../../../shared/data/values';
import { freshDatabase, type TestDatabase } from '../../support/db';

let t: TestDatabase;
let db: Db;
let client: RDSDataClient;
const target = () => ({ resourceArn: t.dataApi.resourceArn, secretArn: t.dataApi.secretArn, database: t.name });

beforeAll(async () => {
  t = await freshDatabase();
  db = t.db;
  client = new RDSDataClient({ endpoint: t.dataApi.endpoint, region: 'us-east-1' });
  await db.execute(`create type mood as enum ('happy', 'sad')`);
  await db.execute(`create table things (
    id bigint generated always as identity primary key,
    name varchar(50) not null unique,
    doc jsonb,
    at timestamp,
    key uuid,
    feeling mood,
    price numeric(10,2),
    tags text[]
  )`);
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to be refused');
}

describe('typed binding, as strict as the service', () => {
  it('binds a plain string as varchar: a jsonb column refuses it without a typeHint', async () => {
    const error = await rejection(db.execute(`insert into things (name, doc) values ('a', :doc)`, { doc: '{"x":1}' }));
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error.message).toMatch(/column "doc" is of type jsonb but expression is of type character varying/);
    expect((error as DatabaseError).sqlState).toBe('42804');
    await db.execute(`insert into things (name, doc) values ('a', :doc)`, { doc: json({ x: 1 }) });
    expect(await db.one(`select doc from things where name = 'a'`)).toEqual({ doc: { x: 1 } });
  });

  it('refuses a plain string for uuid, timestamp and enum columns, accepts typeHints and casts', async () => {
    for (const [column, value] of [
      ['key', '0b7c0a5e-3a0b-4c7e-9f3c-2f6b7c1d9e10'],
      ['at', '2024-01-01 00:00:00'],
      ['feeling', 'happy'],
    ]) {
      const error = await rejection(db.execute(`insert into things (name, ${column}) values (:name, :v)`, { name: `s-${column}`, v: value }));
      expect(error.message).toMatch(/is of type .* but expression is of type character varying/);
    }
    await db.execute(`insert into things (name, key, at, feeling) values ('typed', :key, :at, cast(:feeling as mood))`, {
      key: uuid('0b7c0a5e-3a0b-4c7e-9f3c-2f6b7c1d9e10'),
      at: timestamp(new Date('2024-03-04T05:06:07.089Z')),
      feeling: 'happy',
    });
    const row = await db.one(`select key, at, feeling from things where name = 'typed'`);
    expect(row).toEqual({ key: '0b7c0a5e-3a0b-4c7e-9f3c-2f6b7c1d9e10', at: '2024-03-04T05:06:07.089Z', feeling: 'happy' });
  });

  it('refuses a TIMESTAMP typeHint value in ISO 8601 form, as the service does', async () => {
    const error = await rejection(
      client.send(
        new ExecuteStatementCommand({
          ...target(),
          sql: 'select :at as at',
          parameters: [{ name: 'at', value: { stringValue: '2024-01-01T00:00:00Z' }, typeHint: 'TIMESTAMP' }],
        }),
      ),
    );
    expect(error.name).toBe('BadRequestException');
    expect(error.message).toMatch(/could not be parsed/);
  });

  it('has no array parameters', async () => {
    const error = await rejection(
      client.send(new ExecuteStatementCommand({ ...target(), sql: 'select :ids as ids', parameters: [{ name: 'ids', value: { arrayValue: { longValues: [1, 2] } } }] })),
    );
    expect(error.name).toBe('BadRequestException');
    expect(error.message).toMatch(/Array parameters are not supported/);
  });

  it('runs one statement per call', async () => {
    const error = await rejection(db.execute(`insert into things (name) values ('m1'); insert into things (name) values ('m2')`));
    expect(error.message).toMatch(/multiple commands/);
    expect(await db.query(`select 1 from things where name in ('m1', 'm2')`)).toHaveLength(0);
  });

  it('refuses a statement that names a parameter it was not given', async () => {
    const error = await rejection(db.query('select :missing as x'));
    expect(error.message).toMatch(/No value specified for parameter: missing/);
  });
});

describe('results', () => {
  it('keeps bigints exact, parses json, returns numeric as a string and arrays as arrays', async () => {
    const row = await db.one(`select 9007199254740993::int8 as big, 42::int8 as small, '{"a":[1,2]}'::jsonb as doc,
      12.50::numeric(10,2) as price, array['x','y'] as tags, true as flag, null::text as nothing`);
    expect(row).toEqual({ big: 9007199254740993n, small: 42, doc: { a: [1, 2] }, price: '12.50', tags: ['x', 'y'], flag: true, nothing: null });
  });

  it('returns typed records and column metadata when asked, as the service does', async () => {
    const out = await client.send(
      new ExecuteStatementCommand({ ...target(), sql: `select 1::int4 as n, 'x'::text as s, null::int8 as z, 1.5::float8 as d`, includeResultMetadata: true }),
    );
    expect(out.records).toEqual([[{ longValue: 1 }, { stringValue: 'x' }, { isNull: true }, { doubleValue: 1.5 }]]);
    expect(out.columnMetadata?.map((c) => [c.name, c.typeName])).toEqual([
      ['n', 'int4'],
      ['s', 'text'],
      ['z', 'int8'],
      ['d', 'float8'],
    ]);
  });

  it('refuses a response over 1 MiB', async () => {
    const error = await rejection(db.query(`select repeat('x', 1000) as filler from generate_series(1, 2000)`));
    expect((error as DatabaseError).kind).toBe('response_too_large');
  });
});

describe('errors', () => {
  it('reports a unique violation with its SQLState and constraint, shaped as BadRequestException', async () => {
    await db.execute(`insert into things (name) values ('dup')`);
    const error = await rejection(db.execute(`insert into things (name) values ('dup')`));
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).kind).toBe('unique_violation');
    expect((error as DatabaseError).constraint).toBe('things_name_key');
    expect(((error as DatabaseError).cause as Error).name).toBe('BadRequestException');
  });
});

describe('transactions and batches', () => {
  it('commits on success and rolls back on error', async () => {
    await db.transaction(async (tx) => {
      await tx.execute(`insert into things (name) values ('tx-ok')`);
    });
    await rejection(
      db.transaction(async (tx) => {
        await tx.execute(`insert into things (name) values ('tx-undone')`);
        throw new Error('changed my mind');
      }),
    );
    const names = (await db.query<{ name: string }>(`select name from things where name like 'tx-%' order by name`)).map((r) => r.name);
    expect(names).toEqual(['tx-ok']);
  });

  it('refuses an unknown transaction id', async () => {
    const error = await rejection(client.send(new ExecuteStatementCommand({ ...target(), sql: 'select 1', transactionId: 'nope' })));
    expect(error.name).toBe('BadRequestException');
    expect(error.message).toMatch(/Transaction nope is not found/);
  });

  it('runs a batch as one unit and returns no result set', async () => {
    await db.batch(`insert into things (name, price) values (:name, cast(:price as numeric))`, [
      { name: 'b1', price: '1.10' },
      { name: 'b2', price: '2.20' },
    ]);
    expect(await db.query(`select name, price from things where name like 'b_' order by name`)).toEqual([
      { name: 'b1', price: '1.10' },
      { name: 'b2', price: '2.20' },
    ]);
    const out = await client.send(
      new BatchExecuteStatementCommand({
        ...target(),
        sql: 'insert into things (name) values (:name)',
        parameterSets: [[{ name: 'name', value: { stringValue: 'b3' } }], [{ name: 'name', value: { stringValue: 'b1' } }]],
      }),
    ).catch((e: Error) => e);
    expect(out).toBeInstanceOf(Error);
    expect(await db.query(`select 1 from things where name = 'b3'`)).toHaveLength(0);
  });
});
