/**
 * Turns the Data API's JSON-formatted records into rows, using the column metadata: int8 as a
 * number (a bigint past 2^53, never a rounded number), json/jsonb parsed, timestamps as ISO 8601.
 */
import type { ColumnMetadata } from '@aws-sdk/client-rds-data';
import type { Row } from './types';

type Convert = (value: unknown) => unknown;

const int8: Convert = (v) => {
  if (typeof v !== 'string') return v;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : BigInt(v);
};
const parseJson: Convert = (v) => (typeof v === 'string' ? JSON.parse(v) : v);
/** Data API timestamps are `YYYY-MM-DD HH:MM:SS[.FFFFFF]` in UTC. */
const isoTimestamp: Convert = (v) => {
  if (typeof v !== 'string') return v;
  const [day, time = '00:00:00'] = v.split(' ');
  const [hms, fraction = ''] = time.replace(/[+-]\d\d(:\d\d)?$/, '').split('.');
  return `${day}T${hms}.${(fraction + '000').slice(0, 3)}Z`;
};

function converterFor(column: ColumnMetadata): Convert | undefined {
  switch (column.typeName) {
    case 'int8':
    case 'bigserial':
      return int8;
    case 'json':
    case 'jsonb':
      return parseJson;
    case 'timestamp':
    case 'timestamptz':
      return isoTimestamp;
    default:
      return undefined;
  }
}

export function decodeRows<T extends Row>(formattedRecords: string | undefined, columns: ColumnMetadata[] | undefined): T[] {
  if (!formattedRecords) return [];
  const rows = JSON.parse(formattedRecords) as Record<string, unknown>[];
  const converters = (columns ?? [])
    .map((column) => [column.label ?? column.name ?? '', converterFor(column)] as const)
    .filter((entry): entry is readonly [string, Convert] => entry[1] !== undefined);
  if (converters.length === 0) return rows as T[];
  for (const row of rows) {
    for (const [name, convert] of converters) {
      if (row[name] !== null && row[name] !== undefined) row[name] = convert(row[name]);
    }
  }
  return rows as T[];
}
