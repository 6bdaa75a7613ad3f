/**
 * The local Data API endpoint must be as strict as the service, so that what passes here passes on
 * Aurora. Each case goes through the unchanged RDSDataClient (directly or through our Db port).
 */
import {
  BatchExecuteStatementCommand,
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  RDSDataClient,
  RollbackTransactionCommand,
} from '@aws-sdk/client-rds-data';
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
    expect(error.name).toBe('DatabaseErrorException');
    expect(error.message).toMatch(/could not be parsed/);
  });

  it('has no array parameters', async () => {
    const error = await rejection(
      client.send(new ExecuteStatementCommand({ ...target(), sql: 'select :ids as ids', parameters: [{ name: 'ids', value: { arrayValue: { longValues: [1, 2] } } }] })),
    );
    expect(error.name).toBe('DatabaseErrorException');
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

  it('refuses a row over 64 KB as the service does, and returns one just under it', async () => {
    const under = await db.one<{ text: string }>(`select repeat('é', 30000) as text`); // 60,000 bytes
    expect(under.text).toHaveLength(30000);
    const error = await rejection(client.send(new ExecuteStatementCommand({ ...target(), sql: `select 1 as n, repeat('é', 33000) as text` })));
    expect(error.name).toBe('UnsupportedResultException');
    expect(error.message).toMatch(/^Packet for query is too large/);
    const throughDb = await rejection(db.query(`select repeat('x', 40000) as a, repeat('y', 30000) as b`));
    expect((throughDb as DatabaseError).kind).toBe('row_too_large');
  });
});

describe('result types the service cannot return', () => {
  it.each([
    ['money', `select 12.5::money as v`, 'MONEY'],
    ['a point', `select point(1, 2) as v`, 'POINT'],
    ['a circle', `select circle(point(0, 0), 1) as v`, 'CIRCLE'],
    ['a polygon', `select polygon '((0,0),(1,1),(1,0))' as v`, 'POLYGON'],
    ['an interval', `select interval '1 day' as v`, 'INTERVAL'],
    ['an array of money', `select array[1::money] as v`, 'MONEY[]'],
  ])('answers UnsupportedResultException for %s', async (_, sql, type) => {
    for (const formatRecordsAs of ['JSON', 'NONE'] as const) {
      const error = await rejection(client.send(new ExecuteStatementCommand({ ...target(), sql, formatRecordsAs })));
      expect(error.name).toBe('UnsupportedResultException');
      expect(error.message).toBe(`The result contains the unsupported data type ${type}.`);
    }
  });

  it('answers UnsupportedResultException for a multidimensional array, whatever its declared type', async () => {
    await db.execute(`create table grids (cells int[][])`);
    await db.execute(`insert into grids values ('{{1,2},{3,4}}'), ('{5,6}')`);
    for (const sql of [`select cells from grids`, `select '{{1,2},{3,4}}'::int[] as v`, `select '[0:1][0:0]={{1},{2}}'::int[] as v`]) {
      const error = await rejection(client.send(new ExecuteStatementCommand({ ...target(), sql })));
      expect(error.name).toBe('UnsupportedResultException');
      expect(error.message).toMatch(/multidimensional array/);
    }
    expect(await db.query(`select cells from grids where array_ndims(cells) = 1`)).toEqual([{ cells: [5, 6] }]);
    expect(((await rejection(db.query(`select cells from grids`))) as DatabaseError).kind).toBe('unsupported_result');
  });

  it('returns the types it documents (and timestamptz), arrays of them, enums and arrays of enums', async () => {
    const row = await db.one(`select true as b, 1::int2 as s, 2::int4 as i, 3::int8 as l, 1.5::float4 as r, 2.5::float8 as d,
      1.25::numeric as n, 'x'::text as t, 'y'::varchar as v, 'z'::char(1) as c, 'n'::name as nm, '{"a":1}'::json as j,
      '2024-01-02'::date as dt, '03:04:05'::time as tm, '2024-01-02 03:04:05'::timestamp as ts, '2024-01-02 03:04:05+00'::timestamptz as tz,
      '0b7c0a5e-3a0b-4c7e-9f3c-2f6b7c1d9e10'::uuid as u, '\\x0102'::bytea as by, '10.0.0.1'::inet as ip, '10.0.0.0/8'::cidr as net,
      'happy'::mood as m, array['happy', 'sad']::mood[] as ms, array[1, 2]::int8[] as ls, array['2024-01-02 03:04:05+00'::timestamptz] as tzs`);
    expect(row).toMatchObject({ b: true, s: 1, i: 2, l: 3, t: 'x', nm: 'n', j: { a: 1 }, tz: '2024-01-02T03:04:05.000Z', m: 'happy', ms: ['happy', 'sad'], ls: ['1', '2'] });
  });
});

describe('errors', () => {
  it('reports a unique violation with its SQLState and constraint, shaped as DatabaseErrorException (Serverless v2 and provisioned)', async () => {
    await db.execute(`insert into things (name) values ('dup')`);
    const error = await rejection(db.execute(`insert into things (name) values ('dup')`));
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).kind).toBe('unique_violation');
    expect((error as DatabaseError).constraint).toBe('things_name_key');
    const cause = (error as DatabaseError).cause as Error;
    expect(cause.name).toBe('DatabaseErrorException');
    expect(cause.message).toMatch(/^ERROR: duplicate key value violates unique constraint "things_name_key"\n {2}Detail: .*; SQLState: 23505$/s);
  });

  it('reports syntax errors and missing relations as DatabaseErrorException too', async () => {
    for (const sql of ['selec 1', 'select * from no_such_table']) {
      const error = await rejection(client.send(new ExecuteStatementCommand({ ...target(), sql })));
      expect(error.name).toBe('DatabaseErrorException');
      expect(error.message).toMatch(/SQLState: 42/);
    }
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
    expect(error.name).toBe('TransactionNotFoundException');
    expect(error.message).toBe(`Transaction nope isn't found: Transaction may be expired.`);
  });

  it('refuses a second call on a transaction while one runs, and the first one goes on', async () => {
    const { transactionId } = await client.send(new BeginTransactionCommand(target()));
    const call = (sql: string) => client.send(new ExecuteStatementCommand({ ...target(), transactionId, sql }));
    const slow = call(`insert into things (name) select 'busy-' || pg_sleep(0.3)`);
    await new Promise((r) => setTimeout(r, 50));
    const second = await rejection(call(`insert into things (name) values ('busy-second')`));
    expect(second.name).toBe('DatabaseErrorException');
    expect(second.message).toBe('Transaction is still running a query');
    const commitWhileBusy = await rejection(client.send(new CommitTransactionCommand({ ...target(), transactionId })));
    expect(commitWhileBusy.message).toBe('Transaction is still running a query');
    await slow;
    await client.send(new CommitTransactionCommand({ ...target(), transactionId }));
    expect(await db.query(`select name from things where name like 'busy-%'`)).toEqual([{ name: 'busy-' }]);
  });

  it("runs a transaction's calls one after another when the code starts them together", async () => {
    await db.transaction(async (tx) => {
      await Promise.all([1, 2, 3].map((n) => tx.execute(`insert into things (name) select 'together-${n}' from pg_sleep(0.05)`)));
    });
    expect(await db.query(`select count(*)::int as n from things where name like 'together-%'`)).toEqual([{ n: 3 }]);
  });

  it('forgets a transaction after a statement error in it: commit answers TransactionNotFoundException and nothing is kept', async () => {
    await db.execute(`insert into things (name) values ('taken')`);
    const { transactionId } = await client.send(new BeginTransactionCommand(target()));
    const call = (sql: string) => client.send(new ExecuteStatementCommand({ ...target(), transactionId, sql }));
    await call(`insert into things (name) values ('before-error')`);
    expect((await rejection(call(`insert into things (name) values ('taken')`))).name).toBe('DatabaseErrorException');
    for (const next of [
      () => call('select 1'),
      () => client.send(new CommitTransactionCommand({ ...target(), transactionId })),
      () => client.send(new RollbackTransactionCommand({ ...target(), transactionId })),
    ]) {
      const error = await rejection(next());
      expect(error.name).toBe('TransactionNotFoundException');
      expect(error.message).toBe(`Transaction ${transactionId} isn't found: Transaction has been aborted due to an error from a previous call.`);
    }
    expect(await db.query(`select 1 from things where name = 'before-error'`)).toEqual([]);
  });

  it('reports a transaction whose code went on past a failed statement as failed, not committed', async () => {
    const error = await rejection(
      db.transaction(async (tx) => {
        await tx.execute(`insert into things (name) values ('swallowed-1')`);
        await tx.execute(`insert into things (name) values ('taken')`).catch(() => undefined);
        await tx.execute(`insert into things (name) values ('swallowed-2')`).catch(() => undefined);
      }),
    );
    expect((error as DatabaseError).kind).toBe('transaction_not_found');
    expect(await db.query(`select 1 from things where name like 'swallowed-%'`)).toEqual([]);
  });

  it('answers a commit or rollback of an ended transaction with the cause', async () => {
    const { transactionId } = await client.send(new BeginTransactionCommand(target()));
    await client.send(new CommitTransactionCommand({ ...target(), transactionId }));
    const again = await rejection(client.send(new RollbackTransactionCommand({ ...target(), transactionId })));
    expect(again.name).toBe('TransactionNotFoundException');
    expect(again.message).toMatch(/One previous call resulted in a termination of your transaction/);
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
