/**
 * What the service refuses to return, checked on every result before it is encoded:
 * - a column type it does not support, or a multidimensional array: UnsupportedResultException
 *   ("There was a problem with the result because of one of the following conditions: It contained
 *   an unsupported data type. It contained a multidimensional array. The size was too large.");
 * - a row over 64 KB ("Packet for query is too large", Troubleshooting Amazon RDS Data API).
 *
 * The types are those the Amazon RDS Data API operations reference lists for Aurora PostgreSQL
 * (scalars, and arrays of them), plus the few the platform relies on that the list leaves out: they
 * are named in the README's list of what cannot be checked offline. Everything else (money, the
 * geometric types, ranges, intervals, tsvector, xml, bit strings...) is refused, so that a query
 * that passes here does not meet an UnsupportedResultException on Aurora.
 */
import { DATA_API_MAX_ROW_BYTES, rowBytes } from '../../../shared/data/row-size';
import type { PgType } from './encode';
import { DataApiError } from './errors';

const DOCUMENTED_SCALARS = [
  'bool', 'bytea', 'date', 'cidr', 'numeric', 'float8', 'inet', 'int4', 'int2', 'int8', 'json', 'jsonb', 'float4',
  'text', 'bpchar', 'varchar', 'name', 'time', 'timestamp', 'uuid',
];
const DOCUMENTED_ARRAY_ELEMENTS = [
  'bool', 'date', 'numeric', 'float8', 'int4', 'int2', 'int8', 'json', 'float4', 'text', 'bpchar', 'varchar', 'name', 'time', 'timestamp', 'uuid',
];
/** Not in AWS's list, relied on by the platform: timestamptz columns everywhere, and void (sql/013 selects a void function). */
const RELIED_ON = ['timestamptz', 'void'];

const SCALARS = new Set([...DOCUMENTED_SCALARS, ...RELIED_ON]);
const ARRAY_ELEMENTS = new Set([...DOCUMENTED_ARRAY_ELEMENTS, 'timestamptz']);

const ENUM = 'E';
const ARRAY = 'A';

function supported(type: PgType): boolean {
  if (type.category === ARRAY) return type.elementCategory === ENUM || ARRAY_ELEMENTS.has(type.element ?? '');
  return type.category === ENUM || SCALARS.has(type.name);
}

/** `{{1,2},{3,4}}`, or with bounds `[1:2][1:2]={{1,2},{3,4}}`; an element that is text starting with { is quoted. */
const MULTIDIMENSIONAL = /^(\[[^\]]*\])*=?\{\s*\{/;

const unsupported = (message: string) => new DataApiError('UnsupportedResultException', message);

export function refuseUnsupportedResult(types: readonly PgType[], rows: readonly (string | null)[][]): void {
  for (const type of types) {
    if (!supported(type)) {
      const name = type.category === ARRAY ? `${(type.element ?? type.name).toUpperCase()}[]` : type.name.toUpperCase();
      throw unsupported(`The result contains the unsupported data type ${name}.`);
    }
  }
  const arrays = types.flatMap((type, i) => (type.category === ARRAY ? [i] : []));
  for (const row of rows) {
    for (const i of arrays) {
      const value = row[i];
      if (value != null && MULTIDIMENSIONAL.test(value)) throw unsupported('The result contains a multidimensional array, which is not supported.');
    }
    const bytes = rowBytes(row);
    if (bytes > DATA_API_MAX_ROW_BYTES) {
      throw unsupported(`Packet for query is too large: a row of the result is ${bytes} bytes; the Data API returns rows of at most 64 KB.`);
    }
  }
}
