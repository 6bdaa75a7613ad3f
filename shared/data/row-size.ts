/**
 * The Data API's row limit and how a row's size is counted, for the local endpoint that enforces
 * the limit and for the stores that keep every row they read under it.
 *
 * AWS: "The Data API size limit is 64 KB per row in the result set returned by the database"
 * (Aurora User Guide, Troubleshooting Amazon RDS Data API, "Packet for query is too large"). A row is
 * counted here as PostgreSQL sends it: each column's text with its 4-byte length word, plus the
 * message's own 6 bytes. How the service counts to the byte is not documented, so the stores keep
 * several KB of margin under it.
 */

export const DATA_API_MAX_ROW_BYTES = 64 * 1024;

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** A row of column texts (null for NULL) as the database sends it. */
export function rowBytes(row: readonly (string | null)[]): number {
  let bytes = 6;
  for (const value of row) bytes += 4 + (value === null ? 0 : utf8Bytes(value));
  return bytes;
}

/** JSON string escaping as jsonb prints it: \" \\ \b \f \n \r \t, other controls as \u00XX. */
function jsonStringBytes(text: string): number {
  let bytes = 2 + utf8Bytes(text);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c === 0x08 || c === 0x0c || c === 0x0a || c === 0x0d || c === 0x09) bytes += 1;
    else if (c < 0x20) bytes += 5;
  }
  return bytes;
}

/** jsonb prints numbers as numeric does, in full, never with an exponent: 1e21 is 22 digits, 1.5e-7 is 0.00000015. */
function numberBytes(n: number): number {
  const text = String(n);
  const exponent = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!exponent) return text.length;
  const [, sign, whole, fraction = '', power] = exponent;
  const digits = whole!.length + fraction.length;
  const point = whole!.length + Number(power);
  const printed = point >= digits ? point : point <= 0 ? 2 - point + digits : digits + 1;
  return sign!.length + printed;
}

/**
 * The size of a JSON value as PostgreSQL prints a jsonb holding it (`value::text`, which is what a
 * jsonb column returns): `{"a": 1, "b": [1, 2]}`, with a space after each colon and comma. What
 * JSON.stringify drops (undefined, functions) is dropped here too.
 */
export function jsonbTextBytes(value: unknown): number {
  if (value === null) return 4;
  switch (typeof value) {
    case 'string':
      return jsonStringBytes(value);
    case 'number':
      return Number.isFinite(value) ? numberBytes(value) : 4;
    case 'boolean':
      return value ? 4 : 5;
    case 'bigint':
      return value.toString().length;
    case 'object': {
      if (value instanceof Date) return jsonStringBytes(value.toISOString());
      if (Array.isArray(value)) {
        if (value.length === 0) return 2;
        return value.reduce<number>((sum, item) => sum + jsonbTextBytes(item === undefined ? null : item), 2 + 2 * (value.length - 1));
      }
      const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
      if (entries.length === 0) return 2;
      return entries.reduce((sum, [k, v]) => sum + jsonStringBytes(k) + 2 + jsonbTextBytes(v), 2 + 2 * (entries.length - 1));
    }
    default:
      return 0;
  }
}

/** The longest prefix of text within maxBytes of UTF-8, never splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = utf8Bytes(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}
