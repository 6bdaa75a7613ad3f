/**
 * The `Db` port over the RDS Data API: the only path SQL takes from a function to the database,
 * in AWS and locally (where `endpoint` points the same client at the local Data API server).
 */
import {
  BatchExecuteStatementCommand,
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  RDSDataClient,
  RollbackTransactionCommand,
  type SqlParameter,
} from '@aws-sdk/client-rds-data';
import { NotFoundError, toDatabaseError } from './errors';
import { decodeRows } from './rows';
import type { Db, ExecuteResult, Params, Row } from './types';
import { toSqlParameters } from './values';

export interface DataApiConfig {
  resourceArn: string;
  secretArn: string;
  database: string;
  region?: string;
  /** Local runtime only. */
  endpoint?: string;
  /** How long to keep retrying while a paused Serverless v2 cluster resumes. */
  resumeTimeoutMs?: number;
}

/** Keeps each BatchExecute request well under the Data API's 4 MiB request limit. */
const BATCH_REQUEST_BYTES = 3 * 1024 * 1024;

export function createDataApiClient(config: Pick<DataApiConfig, 'region' | 'endpoint'>): RDSDataClient {
  return new RDSDataClient({
    region: config.region,
    endpoint: config.endpoint,
    // The Data API cancels a statement at 45 s; a shorter SDK timeout would retry a write that is
    // still running, and run it twice.
    requestHandler: { requestTimeout: 70_000, connectionTimeout: 5_000 },
    maxAttempts: 3,
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createDataApiDb(config: DataApiConfig, client = createDataApiClient(config)): Db {
  const target = { resourceArn: config.resourceArn, secretArn: config.secretArn, database: config.database };
  const resumeTimeoutMs = config.resumeTimeoutMs ?? 60_000;

  /** A paused cluster answers DatabaseResumingException, which the SDK does not retry. */
  async function send<T>(command: () => Promise<T>): Promise<T> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return await command();
      } catch (error) {
        const resuming = error instanceof Error && error.name === 'DatabaseResumingException';
        if (!resuming || Date.now() - started > resumeTimeoutMs) throw toDatabaseError(error);
        await sleep(Math.min(1000 * 2 ** attempt, 10_000) * (0.5 + Math.random() / 2));
      }
    }
  }

  function make(transactionId: string | undefined): { db: Db; inTurn: <T>(call: () => Promise<T>) => Promise<T> } {
    /**
     * The service runs one call at a time on a transaction and refuses a second one ("Transaction
     * is still running a query"), so a transaction's calls wait for each other here. Outside a
     * transaction calls run as they come.
     */
    let tail: Promise<unknown> = Promise.resolve();
    function inTurn<T>(call: () => Promise<T>): Promise<T> {
      if (!transactionId) return send(call);
      const turn = tail.then(() => send(call));
      tail = turn.catch(() => undefined);
      return turn;
    }

    async function query<T extends Row>(sql: string, params?: Params): Promise<T[]> {
      const out = await inTurn(() =>
        client.send(
          new ExecuteStatementCommand({
            ...target,
            transactionId,
            sql,
            parameters: toSqlParameters(params),
            formatRecordsAs: 'JSON',
            includeResultMetadata: true,
            resultSetOptions: { longReturnType: 'STRING', decimalReturnType: 'STRING' },
          }),
        ),
      );
      return decodeRows<T>(out.formattedRecords, out.columnMetadata);
    }

    const db: Db = {
      query,
      async maybeOne(sql, params) {
        return (await query(sql, params))[0] as never;
      },
      async one(sql, params) {
        const row = (await query(sql, params))[0];
        if (!row) throw new NotFoundError('No row found');
        return row as never;
      },
      async execute(sql, params): Promise<ExecuteResult> {
        const out = await inTurn(() =>
          client.send(new ExecuteStatementCommand({ ...target, transactionId, sql, parameters: toSqlParameters(params) })),
        );
        return { rowsAffected: out.numberOfRecordsUpdated ?? 0 };
      },
      async batch(sql, paramSets) {
        for (const chunk of chunkBySize(paramSets.map((p) => toSqlParameters(p)))) {
          await inTurn(() => client.send(new BatchExecuteStatementCommand({ ...target, transactionId, sql, parameterSets: chunk })));
        }
      },
      /**
       * After any failed call in a transaction the service has already rolled it back and forgotten
       * its id: a later call, the commit included, answers TransactionNotFoundException. So fn's
       * error (or that answer, when fn went on past a failed call) is what is reported, and a
       * commit that answers it means nothing was kept.
       */
      async transaction(fn) {
        if (transactionId) return fn(db); // already inside one: join it
        const { transactionId: id } = await send(() => client.send(new BeginTransactionCommand(target)));
        const tx = make(id);
        const ids = { resourceArn: target.resourceArn, secretArn: target.secretArn, transactionId: id };
        try {
          const result = await fn(tx.db);
          // In turn: after any call fn started and did not wait for.
          await tx.inTurn(() => client.send(new CommitTransactionCommand(ids)));
          return result;
        } catch (error) {
          // The transaction may already be gone; the first error is the one to report.
          await tx.inTurn(() => client.send(new RollbackTransactionCommand(ids))).catch(() => undefined);
          throw error;
        }
      },
    };
    return { db, inTurn };
  }

  return make(undefined).db;
}

function parameterBytes(set: SqlParameter[]): number {
  let bytes = 64;
  for (const p of set) {
    const v = p.value;
    bytes += (p.name?.length ?? 0) + 48;
    if (v?.stringValue !== undefined) bytes += Buffer.byteLength(v.stringValue) * 1.1; // JSON escaping
    if (v?.blobValue !== undefined) bytes += Math.ceil((v.blobValue.length * 4) / 3);
  }
  return bytes;
}

function* chunkBySize(sets: SqlParameter[][]): Generator<SqlParameter[][]> {
  let chunk: SqlParameter[][] = [];
  let size = 0;
  for (const set of sets) {
    const bytes = parameterBytes(set);
    if (chunk.length > 0 && size + bytes > BATCH_REQUEST_BYTES) {
      yield chunk;
      chunk = [];
      size = 0;
    }
    chunk.push(set);
    size += bytes;
  }
  if (chunk.length > 0) yield chunk;
}
