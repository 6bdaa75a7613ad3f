/**
 * Binds Data API parameters the way the service does: every named parameter becomes a positional
 * one with the type the service would give it. A stringValue is varchar, so a jsonb, timestamp,
 * uuid or enum column without a typeHint or cast fails here exactly as it fails on Aurora. What the
 * SQL's parameters get wrong is a statement error (DatabaseErrorException); a request that is not
 * shaped as one is a BadRequestException.
 */
import type { SqlParameter } from '@aws-sdk/client-rds-data';
import { lex, type Piece } from '../../../shared/data/sql-text';
import { DataApiError, statementError } from './errors';

/** Over JSON, blobValue arrives base64-encoded. */
type WireParameter = Omit<SqlParameter, 'value'> & { value?: Record<string, unknown> };

const HINT_FORMATS: Record<string, { cast: string; pattern: RegExp }> = {
  JSON: { cast: 'json', pattern: /[\s\S]*/ },
  TIMESTAMP: { cast: 'timestamp', pattern: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,9})?$/ },
  DATE: { cast: 'date', pattern: /^\d{4}-\d{2}-\d{2}$/ },
  TIME: { cast: 'time', pattern: /^\d{2}:\d{2}:\d{2}(\.\d{1,9})?$/ },
  UUID: { cast: 'uuid', pattern: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/ },
  DECIMAL: { cast: 'numeric', pattern: /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/ },
};

interface Bound {
  cast: string | undefined;
  value: unknown;
}

function bindOne(p: WireParameter): Bound {
  const v = p.value ?? {};
  const kinds = Object.keys(v).filter((k) => v[k] !== undefined);
  if (kinds.length !== 1) throw new DataApiError('BadRequestException', `Parameter ${p.name} must have exactly one value`);
  const kind = kinds[0]!;
  const raw = v[kind];
  if (p.typeHint && kind !== 'stringValue') {
    throw new DataApiError('BadRequestException', `typeHint ${p.typeHint} is only allowed with a stringValue (parameter ${p.name})`);
  }
  switch (kind) {
    case 'isNull':
      return { cast: undefined, value: null };
    case 'booleanValue':
      return { cast: 'boolean', value: Boolean(raw) };
    case 'longValue':
      return { cast: 'int8', value: String(raw) };
    case 'doubleValue':
      return { cast: 'float8', value: String(raw) };
    case 'blobValue':
      return { cast: 'bytea', value: Buffer.from(String(raw), 'base64') };
    case 'stringValue': {
      const text = String(raw);
      if (!p.typeHint) return { cast: 'varchar', value: text };
      const hint = HINT_FORMATS[p.typeHint];
      if (!hint) throw new DataApiError('BadRequestException', `Unknown typeHint ${p.typeHint}`);
      if (!hint.pattern.test(text)) throw statementError(`Text '${text}' could not be parsed as ${p.typeHint} (parameter ${p.name})`);
      return { cast: hint.cast, value: text };
    }
    case 'arrayValue':
      throw statementError('Array parameters are not supported.');
    default:
      throw new DataApiError('BadRequestException', `Unsupported parameter value ${kind}`);
  }
}

export interface Statement {
  text: string;
  values: unknown[];
}

/** Statements as lexed, by text: functions send the same few statements over and over. */
const lexed = new Map<string, Piece[]>();
const MAX_LEXED = 1000;

function piecesOf(sql: string): Piece[] {
  let pieces = lexed.get(sql);
  if (!pieces) {
    pieces = lex(sql);
    if (lexed.size >= MAX_LEXED) lexed.delete(lexed.keys().next().value!);
    lexed.set(sql, pieces);
  }
  return pieces;
}

export function bindStatement(sql: string, parameters: WireParameter[] = []): Statement {
  const byName = new Map<string, WireParameter>();
  for (const p of parameters) {
    if (!p.name) throw new DataApiError('BadRequestException', 'A parameter has no name');
    byName.set(p.name, p);
  }
  const positions = new Map<string, number>();
  const values: unknown[] = [];
  let text = '';
  for (const piece of piecesOf(sql)) {
    if (piece.kind === 'text') text += piece.text;
    else if (piece.kind === 'end') text += ';';
    else {
      const p = byName.get(piece.name);
      if (!p) throw statementError(`No value specified for parameter: ${piece.name}`);
      let position = positions.get(piece.name);
      const bound = bindOne(p);
      if (position === undefined) {
        values.push(bound.value);
        position = values.length;
        positions.set(piece.name, position);
      }
      text += bound.cast ? `$${position}::${bound.cast}` : `$${position}`;
    }
  }
  return { text, values };
}
