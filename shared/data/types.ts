/**
 * The one data access port. Every SQL statement a function runs goes through a `Db`, which is
 * implemented over the RDS Data API (`@aws-sdk/client-rds-data`), in AWS and locally alike.
 */

/** A value bound to a named parameter (`:name`). */
export type SqlValue = null | undefined | string | number | bigint | boolean | Date | Uint8Array | TypedValue;

export type TypeHint = 'JSON' | 'TIMESTAMP' | 'DATE' | 'TIME' | 'UUID' | 'DECIMAL';

/** A string the database must read as a specific type (the Data API's typeHint). */
export interface TypedValue {
  readonly typeHint: TypeHint;
  readonly value: string;
}

export type Params = Record<string, SqlValue>;

/** A row: column name to value. int8 columns come back as numbers (bigint past 2^53), json/jsonb parsed. */
export type Row = Record<string, unknown>;

export interface ExecuteResult {
  rowsAffected: number;
}

export interface Db {
  /** Runs one statement and returns its rows. */
  query<T extends Row = Row>(sql: string, params?: Params): Promise<T[]>;
  /** The first row, or undefined. */
  maybeOne<T extends Row = Row>(sql: string, params?: Params): Promise<T | undefined>;
  /** The only row; throws NotFoundError when there is none. */
  one<T extends Row = Row>(sql: string, params?: Params): Promise<T>;
  /** Runs one statement for its effect. */
  execute(sql: string, params?: Params): Promise<ExecuteResult>;
  /** Runs one statement once per parameter set (BatchExecuteStatement); chunked under the 4 MiB request cap. */
  batch(sql: string, paramSets: Params[]): Promise<void>;
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
}
