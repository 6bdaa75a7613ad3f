/**
 * Encodes PostgreSQL rows (raw text, as the server sends them) the way the Data API returns them:
 * typed Field records, or with formatRecordsAs JSON a JSON string of objects keyed by column label.
 */
import type { ColumnMetadata } from '@aws-sdk/client-rds-data';

export interface PgType {
  name: string;
  /** pg_type.typcategory: A array, B boolean, N numeric, D date/time, S string, U user... */
  category: string;
  /** For arrays, the element type's name and category. */
  element?: string;
  elementCategory?: string;
}

export interface ResultOptions {
  longAsString: boolean;
  decimalAsNumber: boolean;
}

/** JDBC type codes, which the service reports in columnMetadata.type. */
const JDBC: Record<string, number> = {
  bool: -7, int2: 5, int4: 4, int8: -5, float4: 7, float8: 8, numeric: 2, varchar: 12, text: 12, bpchar: 1,
  timestamp: 93, timestamptz: 93, date: 91, time: 92, bytea: -2,
};

export function columnMetadata(name: string, type: PgType): ColumnMetadata {
  return {
    name,
    label: name,
    typeName: type.name,
    type: type.category === 'A' ? 2003 : (JDBC[type.name] ?? 1111),
    arrayBaseColumnType: 0,
    isAutoIncrement: false,
    isCaseSensitive: type.category === 'S',
    isCurrency: false,
    isSigned: type.category === 'N',
    nullable: 2,
    precision: 0,
    scale: 0,
    schemaName: '',
    tableName: '',
  };
}

type Scalar = { kind: 'long' | 'double' | 'string' | 'boolean' | 'blob' | 'rawnumber'; value: string | number | boolean };

function scalar(raw: string, typeName: string, options: ResultOptions): Scalar {
  switch (typeName) {
    case 'bool':
      return { kind: 'boolean', value: raw === 't' };
    case 'int2':
    case 'int4':
    case 'oid':
      return { kind: 'long', value: Number(raw) };
    case 'int8':
      return options.longAsString ? { kind: 'string', value: raw } : { kind: 'rawnumber', value: raw };
    case 'float4':
    case 'float8':
      return { kind: 'double', value: Number(raw) };
    case 'numeric':
      return options.decimalAsNumber ? { kind: 'double', value: Number(raw) } : { kind: 'string', value: raw };
    case 'bytea':
      return { kind: 'blob', value: Buffer.from(raw.slice(2), 'hex').toString('base64') };
    case 'timestamptz':
      // Sessions run in UTC; the service returns the instant without its offset.
      return { kind: 'string', value: raw.replace(/[+-]\d\d(:\d\d)?$/, '') };
    default:
      return { kind: 'string', value: raw };
  }
}

/** Parses a one-dimensional PostgreSQL array literal: {a,"b c",NULL} */
function parseArray(raw: string): (string | null)[] {
  const items: (string | null)[] = [];
  const body = raw.slice(raw.indexOf('{') + 1, raw.lastIndexOf('}'));
  let i = 0;
  while (i < body.length) {
    if (body[i] === '"') {
      let value = '';
      i++;
      while (i < body.length && body[i] !== '"') {
        if (body[i] === '\\') i++;
        value += body[i];
        i++;
      }
      items.push(value);
      i += 2; // closing quote and comma
    } else {
      const end = body.indexOf(',', i);
      const stop = end === -1 ? body.length : end;
      const token = body.slice(i, stop);
      items.push(token === 'NULL' ? null : token);
      i = stop + 1;
    }
  }
  return items;
}

function field(raw: string | null, type: PgType, options: ResultOptions): Record<string, unknown> {
  if (raw === null) return { isNull: true };
  if (type.category === 'A') {
    const element = type.element ?? 'text';
    const values = parseArray(raw).map((item) => (item === null ? null : scalar(item, element, options)));
    const kind = values.find((v) => v)?.kind ?? 'string';
    const key = { long: 'longValues', rawnumber: 'longValues', double: 'doubleValues', boolean: 'booleanValues', string: 'stringValues', blob: 'stringValues' }[kind];
    return { arrayValue: { [key]: values.map((v) => (v ? (v.kind === 'rawnumber' ? Number(v.value) : v.value) : null)) } };
  }
  const s = scalar(raw, type.name, options);
  switch (s.kind) {
    case 'boolean':
      return { booleanValue: s.value };
    case 'long':
      return { longValue: s.value };
    case 'rawnumber':
      return { longValue: Number(s.value) };
    case 'double':
      return { doubleValue: s.value };
    case 'blob':
      return { blobValue: s.value };
    default:
      return { stringValue: s.value };
  }
}

export function encodeRecords(rows: (string | null)[][], types: PgType[], options: ResultOptions): Record<string, unknown>[][] {
  return rows.map((row) => row.map((raw, i) => field(raw, types[i]!, options)));
}

function jsonValue(raw: string | null, type: PgType, options: ResultOptions): string {
  if (raw === null) return 'null';
  if (type.category === 'A') {
    return `[${parseArray(raw)
      .map((item) => jsonValue(item, { name: type.element ?? 'text', category: 'S' }, options))
      .join(',')}]`;
  }
  const s = scalar(raw, type.name, options);
  // int8 is written digit for digit, as the service does: a reader that parses it as a double
  // loses precision past 2^53, which is why longReturnType STRING exists.
  if (s.kind === 'rawnumber') return String(s.value);
  return JSON.stringify(s.value);
}

export function encodeJson(rows: (string | null)[][], names: string[], types: PgType[], options: ResultOptions): string {
  const keys = names.map((n) => JSON.stringify(n));
  return `[${rows.map((row) => `{${row.map((raw, i) => `${keys[i]}:${jsonValue(raw, types[i]!, options)}`).join(',')}}`).join(',')}]`;
}
