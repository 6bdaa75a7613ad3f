/**
 * Typed values for the Data API. A plain string reaches PostgreSQL as varchar: a jsonb, timestamp,
 * date, uuid or numeric column needs one of these (or an explicit cast in the SQL).
 */
import type { SqlParameter } from '@aws-sdk/client-rds-data';
import type { Params, SqlValue, TypedValue } from './types';

export const json = (value: unknown): TypedValue => ({ typeHint: 'JSON', value: JSON.stringify(value) });
export const timestamp = (value: Date): TypedValue => ({ typeHint: 'TIMESTAMP', value: formatTimestamp(value) });
export const date = (value: string | Date): TypedValue => ({
  typeHint: 'DATE',
  value: typeof value === 'string' ? value : value.toISOString().slice(0, 10),
});
export const uuid = (value: string): TypedValue => ({ typeHint: 'UUID', value });
export const decimal = (value: string | number): TypedValue => ({ typeHint: 'DECIMAL', value: String(value) });

/**
 * The Data API has no array parameters: pass a PostgreSQL array literal as a string and cast it
 * in the SQL, e.g. `where id = any(cast(:ids as bigint[]))`.
 */
export function arrayLiteral(values: readonly (string | number | bigint)[]): string {
  const items = values.map((v) => (typeof v === 'string' ? `"${v.replace(/(["\\])/g, '\\$1')}"` : String(v)));
  return `{${items.join(',')}}`;
}

/** UTC, in the Data API's TIMESTAMP format: YYYY-MM-DD HH:MM:SS.FFF */
export function formatTimestamp(value: Date): string {
  if (Number.isNaN(value.getTime())) throw new TypeError('Invalid Date bound to a TIMESTAMP parameter');
  return value.toISOString().replace('T', ' ').replace('Z', '');
}

function isTyped(value: SqlValue): value is TypedValue {
  return typeof value === 'object' && value !== null && 'typeHint' in value && !(value instanceof Date) && !(value instanceof Uint8Array);
}

export function toSqlParameter(name: string, value: SqlValue): SqlParameter {
  if (value === null || value === undefined) return { name, value: { isNull: true } };
  if (isTyped(value)) return { name, value: { stringValue: value.value }, typeHint: value.typeHint };
  if (value instanceof Date) return { name, value: { stringValue: formatTimestamp(value) }, typeHint: 'TIMESTAMP' };
  if (value instanceof Uint8Array) return { name, value: { blobValue: value } };
  switch (typeof value) {
    case 'string':
      return { name, value: { stringValue: value } };
    case 'boolean':
      return { name, value: { booleanValue: value } };
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`Parameter ${name} is not a finite number`);
      return Number.isInteger(value) ? { name, value: { longValue: value } } : { name, value: { doubleValue: value } };
    case 'bigint':
      // longValue is a JS number on the wire: refuse rather than round.
      if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
        return { name, value: { stringValue: value.toString() }, typeHint: 'DECIMAL' };
      }
      return { name, value: { longValue: Number(value) } };
  }
  throw new TypeError(`Parameter ${name} has an unsupported type`);
}

export function toSqlParameters(params: Params = {}): SqlParameter[] {
  return Object.entries(params).map(([name, value]) => toSqlParameter(name, value));
}
