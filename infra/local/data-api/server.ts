/**
 * A local endpoint that speaks the RDS Data API (REST-JSON: /Execute, /BatchExecute,
 * /BeginTransaction, /CommitTransaction, /RollbackTransaction) over a real PostgreSQL, as strictly as
 * the service: typed binding, typeHint formats, one statement per call, the 45 s statement timeout,
 * transactions that roll back after 3 idle minutes, the 1 MiB response limit, and the service's error
 * shapes. The unchanged RDSDataClient reaches it through its `endpoint` option.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { bindStatement } from './bind';
import { columnMetadata, encodeJson, encodeRecords, type PgType, type ResultOptions } from './encode';
import { DataApiError, fromPgError } from './errors';

export interface DataApiServerOptions {
  /** A superuser URL; the request's `database` picks the database on that server. */
  postgresUrl: string;
  port?: number;
  /** Idle time after which an open transaction is rolled back (the service: 3 minutes). */
  transactionIdleMs?: number;
  statementTimeoutMs?: number;
  maxResponseBytes?: number;
}

export interface DataApiServer {
  endpoint: string;
  close(): Promise<void>;
}

interface OpenTransaction {
  client: pg.PoolClient;
  database: string;
  timer: NodeJS.Timeout;
  /** Calls within one transaction run one after another. */
  queue: Promise<unknown>;
}

const ONE_MIB = 1024 * 1024;

export async function startDataApiServer(options: DataApiServerOptions): Promise<DataApiServer> {
  const idleMs = options.transactionIdleMs ?? 3 * 60_000;
  const statementTimeoutMs = options.statementTimeoutMs ?? 45_000;
  const maxResponseBytes = options.maxResponseBytes ?? ONE_MIB;
  const pools = new Map<string, pg.Pool>();
  const typeCache = new Map<string, Map<number, PgType>>();
  const transactions = new Map<string, OpenTransaction>();

  const rawText = { getTypeParser: () => (value: string) => value };

  function pool(database: string): pg.Pool {
    let p = pools.get(database);
    if (!p) {
      const url = new URL(options.postgresUrl);
      url.pathname = `/${encodeURIComponent(database)}`;
      p = new pg.Pool({
        connectionString: url.toString(),
        max: 20,
        idleTimeoutMillis: 30_000,
        options: `-c statement_timeout=${statementTimeoutMs} -c TimeZone=UTC`,
        types: rawText,
      });
      p.on('error', () => undefined); // a dropped idle connection is replaced on next use
      pools.set(database, p);
    }
    return p;
  }

  async function typesOf(database: string, client: pg.ClientBase, oids: number[]): Promise<PgType[]> {
    let cache = typeCache.get(database);
    if (!cache) typeCache.set(database, (cache = new Map()));
    const missing = oids.filter((oid) => !cache!.has(oid));
    if (missing.length > 0) {
      const res = await client.query<{ oid: string; typname: string; typcategory: string; elem: string | null }>({
        text: `select t.oid, t.typname, t.typcategory, e.typname as elem
                 from pg_type t left join pg_type e on e.oid = t.typelem and t.typcategory = 'A'
                where t.oid = any($1::oid[])`,
        values: [`{${missing.join(',')}}`],
      });
      for (const r of res.rows) cache.set(Number(r.oid), { name: r.typname, category: r.typcategory, element: r.elem ?? undefined });
    }
    return oids.map((oid) => cache!.get(oid) ?? { name: 'unknown', category: 'X' });
  }

  function transaction(id: unknown): OpenTransaction {
    const tx = typeof id === 'string' ? transactions.get(id) : undefined;
    if (!tx) throw new DataApiError('BadRequestException', `Transaction ${String(id)} is not found`);
    tx.timer.refresh();
    return tx;
  }

  async function endTransaction(id: string, command: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    const tx = transaction(id);
    transactions.delete(id);
    clearTimeout(tx.timer);
    try {
      await tx.queue.catch(() => undefined);
      await tx.client.query(command);
    } finally {
      tx.client.release();
    }
  }

  /** Runs fn on the transaction's connection, or on a pooled one in autocommit. */
  async function onConnection<T>(body: Record<string, any>, fn: (client: pg.ClientBase, database: string) => Promise<T>): Promise<T> {
    if (body.transactionId !== undefined) {
      const tx = transaction(body.transactionId);
      const run = tx.queue.catch(() => undefined).then(() => fn(tx.client, tx.database));
      tx.queue = run;
      return run;
    }
    const database = requireString(body, 'database', false) ?? 'postgres';
    const client = await pool(database).connect().catch((e: any) => {
      throw fromPgError(e);
    });
    try {
      return await fn(client, database);
    } finally {
      client.release();
    }
  }

  async function run(client: pg.ClientBase, sql: string, parameters: any[], continueAfterTimeout: boolean) {
    const { text, values } = bindStatement(sql, parameters);
    const query = () => client.query({ text, values, rowMode: 'array', queryMode: 'extended', types: rawText } as pg.QueryConfig);
    try {
      if (!continueAfterTimeout) return await query();
      await client.query('set statement_timeout = 0');
      try {
        return await query();
      } finally {
        await client.query(`set statement_timeout = ${statementTimeoutMs}`).catch(() => undefined);
      }
    } catch (error: any) {
      if (error instanceof DataApiError) throw error;
      throw fromPgError(error);
    }
  }

  const actions: Record<string, (body: Record<string, any>) => Promise<unknown>> = {
    async Execute(body) {
      const sql = requireString(body, 'sql')!;
      const resultOptions: ResultOptions = {
        longAsString: body.resultSetOptions?.longReturnType === 'STRING',
        decimalAsNumber: body.resultSetOptions?.decimalReturnType === 'DOUBLE_OR_LONG',
      };
      return onConnection(body, async (client, database) => {
        const result = await run(client, sql, body.parameters ?? [], body.continueAfterTimeout === true);
        const isQuery = result.fields.length > 0;
        const out: Record<string, unknown> = {
          numberOfRecordsUpdated: isQuery ? 0 : (result.rowCount ?? 0),
          generatedFields: [],
        };
        if (isQuery) {
          const types = await typesOf(database, client, result.fields.map((f) => f.dataTypeID));
          const rows = result.rows as unknown as (string | null)[][];
          if (body.formatRecordsAs === 'JSON') {
            out.formattedRecords = encodeJson(rows, result.fields.map((f) => f.name), types, resultOptions);
          } else {
            out.records = encodeRecords(rows, types, resultOptions);
          }
          if (body.includeResultMetadata) out.columnMetadata = result.fields.map((f, i) => columnMetadata(f.name, types[i]!));
        }
        return out;
      });
    },
    async BatchExecute(body) {
      const sql = requireString(body, 'sql')!;
      const sets: any[][] = Array.isArray(body.parameterSets) && body.parameterSets.length > 0 ? body.parameterSets : [[]];
      return onConnection(body, async (client) => {
        // The service runs a batch as one unit: all sets or none.
        const own = body.transactionId === undefined;
        if (own) await client.query('begin');
        try {
          const updateResults = [];
          for (const set of sets) {
            await run(client, sql, set, false);
            updateResults.push({ generatedFields: [] });
          }
          if (own) await client.query('commit');
          return { updateResults };
        } catch (error) {
          if (own) await client.query('rollback').catch(() => undefined);
          throw error;
        }
      });
    },
    async BeginTransaction(body) {
      const database = requireString(body, 'database', false) ?? 'postgres';
      const client = await pool(database).connect().catch((e: any) => {
        throw fromPgError(e);
      });
      await client.query('begin');
      const id = randomBytes(24).toString('base64');
      const timer = setTimeout(() => {
        if (!transactions.delete(id)) return;
        client.query('rollback').catch(() => undefined).finally(() => client.release());
      }, idleMs);
      timer.unref();
      transactions.set(id, { client, database, timer, queue: Promise.resolve() });
      return { transactionId: id };
    },
    async CommitTransaction(body) {
      await endTransaction(requireString(body, 'transactionId')!, 'COMMIT');
      return { transactionStatus: 'Transaction Committed' };
    },
    async RollbackTransaction(body) {
      await endTransaction(requireString(body, 'transactionId')!, 'ROLLBACK');
      return { transactionStatus: 'Rollback Complete' };
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const action = actions[(req.url ?? '').replace(/^\//, '').split('?')[0]!];
      if (req.method !== 'POST' || !action) throw new DataApiError('NotFoundException', `Unknown operation ${req.method} ${req.url}`);
      const body = await readJson(req);
      requireString(body, 'resourceArn');
      requireString(body, 'secretArn');
      const out = JSON.stringify(await action(body));
      if (Buffer.byteLength(out) > maxResponseBytes) {
        throw new DataApiError('BadRequestException', 'Database returned more than the allowed response size limit');
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(out);
    } catch (error) {
      const e = error instanceof DataApiError ? error : new DataApiError('InternalServerErrorException', 'Internal error');
      if (!(error instanceof DataApiError)) console.error('local data api:', error);
      res.writeHead(e.status, { 'content-type': 'application/json', 'x-amzn-errortype': e.type }).end(JSON.stringify({ message: e.message }));
    }
  }

  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const id of [...transactions.keys()]) await endTransaction(id, 'ROLLBACK').catch(() => undefined);
      await Promise.all([...pools.values()].map((p) => p.end()));
    },
  };
}

function requireString(body: Record<string, any>, key: string, required = true): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) {
    if (required) throw new DataApiError('BadRequestException', `${key} is required`);
    return undefined;
  }
  if (typeof value !== 'string' || value.length === 0) throw new DataApiError('BadRequestException', `${key} must be a non-empty string`);
  return value;
}

async function readJson(req: IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 4 * ONE_MIB) throw new DataApiError('BadRequestException', 'Request size exceeds the 4 MiB limit');
    chunks.push(chunk);
  }
  try {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
    return body;
  } catch {
    throw new DataApiError('BadRequestException', 'Request body is not valid JSON');
  }
}
