/**
 * A local endpoint that speaks the RDS Data API (REST-JSON: /Execute, /BatchExecute,
 * /BeginTransaction, /CommitTransaction, /RollbackTransaction) over a real PostgreSQL, as strictly as
 * the service on Aurora Serverless v2 and provisioned clusters: typed binding, typeHint formats, one
 * statement per call, the 45 s statement timeout, the 64 KB row and 1 MiB response limits, the result
 * types it supports, and its transactions: one call at a time ("Transaction is still running a
 * query"), gone after a call fails, rolled back after 3 idle minutes. Errors are shaped as the
 * service's. The unchanged RDSDataClient reaches it through its `endpoint` option.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { bindStatement } from './bind';
import { columnMetadata, encodeJson, encodeRecords, type PgType, type ResultOptions } from './encode';
import { DataApiError, fromPgError, statementError } from './errors';
import { DATA_API_MAX_RESPONSE_BYTES } from '../../../shared/data/response-budget';
import { refuseUnsupportedResult } from './result-limits';

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
  /** A call is running on it: the service refuses another until it ends. */
  busy: boolean;
}

/** Why a transaction id no longer answers: the causes the service appends to "Transaction <id> isn't found". */
const ENDED = {
  expired: 'Transaction may be expired.',
  ended: 'One previous call resulted in a termination of your transaction.',
  aborted: 'Transaction has been aborted due to an error from a previous call.',
} as const;
/** How many ended transaction ids are remembered, for their cause; an older one reads as expired. */
const MAX_ENDED = 10_000;

const ONE_MIB = 1024 * 1024;

export async function startDataApiServer(options: DataApiServerOptions): Promise<DataApiServer> {
  const idleMs = options.transactionIdleMs ?? 3 * 60_000;
  const statementTimeoutMs = options.statementTimeoutMs ?? 45_000;
  const maxResponseBytes = options.maxResponseBytes ?? DATA_API_MAX_RESPONSE_BYTES;
  const pools = new Map<string, pg.Pool>();
  const typeCache = new Map<string, Map<number, PgType>>();
  const transactions = new Map<string, OpenTransaction>();
  const ended = new Map<string, string>();

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
      const res = await client.query<{ oid: string; typname: string; typcategory: string; elem: string | null; elem_category: string | null }>({
        text: `select t.oid, t.typname, t.typcategory, e.typname as elem, e.typcategory as elem_category
                 from pg_type t left join pg_type e on e.oid = t.typelem and t.typcategory = 'A'
                where t.oid = any($1::oid[])`,
        values: [`{${missing.join(',')}}`],
      });
      for (const r of res.rows) {
        cache.set(Number(r.oid), { name: r.typname, category: r.typcategory, element: r.elem ?? undefined, elementCategory: r.elem_category ?? undefined });
      }
    }
    return oids.map((oid) => cache!.get(oid) ?? { name: 'unknown', category: 'X' });
  }

  function transaction(id: unknown): OpenTransaction {
    const tx = typeof id === 'string' ? transactions.get(id) : undefined;
    if (!tx) {
      const cause = (typeof id === 'string' && ended.get(id)) || ENDED.expired;
      throw new DataApiError('TransactionNotFoundException', `Transaction ${String(id)} isn't found: ${cause}`);
    }
    if (tx.busy) throw statementError('Transaction is still running a query');
    tx.timer.refresh();
    return tx;
  }

  /** Forgets the transaction (remembering why) and ends it on its connection. */
  async function finish(id: string, tx: OpenTransaction, why: keyof typeof ENDED, command: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    transactions.delete(id);
    if (ended.size >= MAX_ENDED) ended.delete(ended.keys().next().value!);
    ended.set(id, ENDED[why]);
    clearTimeout(tx.timer);
    try {
      await tx.client.query(command);
    } catch (error: any) {
      throw error instanceof DataApiError ? error : fromPgError(error);
    } finally {
      tx.client.release();
    }
  }

  async function endTransaction(id: string, command: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    const tx = transaction(id);
    tx.busy = true;
    await finish(id, tx, 'ended', command);
  }

  /**
   * Runs fn on the transaction's connection, or on a pooled one in autocommit. In a transaction a
   * second call while one runs is refused, and a call that fails ends the transaction: the
   * service rolls it back and no longer knows its id.
   */
  async function onConnection<T>(body: Record<string, any>, fn: (client: pg.ClientBase, database: string) => Promise<T>): Promise<T> {
    if (body.transactionId !== undefined) {
      const id = body.transactionId as string;
      const tx = transaction(id);
      tx.busy = true;
      try {
        return await fn(tx.client, tx.database);
      } catch (error) {
        await finish(id, tx, 'aborted', 'ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        if (transactions.get(id) === tx) {
          tx.busy = false;
          tx.timer.refresh();
        }
      }
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
          refuseUnsupportedResult(types, rows);
          if (body.formatRecordsAs === 'JSON') {
            out.formattedRecords = encodeJson(rows, result.fields.map((f) => f.name), types, resultOptions);
          } else {
            out.records = encodeRecords(rows, types, resultOptions);
          }
          if (body.includeResultMetadata) out.columnMetadata = result.fields.map((f, i) => columnMetadata(f.name, types[i]!));
        }
        const text = JSON.stringify(out);
        if (Buffer.byteLength(text) > maxResponseBytes) {
          throw new DataApiError('BadRequestException', 'Database returned more than the allowed response size limit');
        }
        return text;
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
        const tx = transactions.get(id);
        // Idle means no call for the whole time: a call still running keeps it open.
        if (tx?.busy) timer.refresh();
        else if (tx) void finish(id, tx, 'expired', 'ROLLBACK').catch(() => undefined);
      }, idleMs);
      timer.unref();
      transactions.set(id, { client, database, timer, busy: false });
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
      const result = await action(body);
      const out = typeof result === 'string' ? result : JSON.stringify(result);
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
      for (const [id, tx] of [...transactions]) await finish(id, tx, 'expired', 'ROLLBACK').catch(() => undefined);
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
