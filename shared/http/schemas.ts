/**
 * Small zod building blocks the API's schemas share: row ids in paths and bodies, timestamps as the
 * API writes them, and query-string booleans and lists.
 */
import { z } from 'zod';

/** A row id: a positive bigint the API handles as a JSON number (ids stay far below 2^53). */
export const idSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** An id in a path or query string: digits only, no sign, no exponent, no leading zeros. */
export const idParam = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/, 'must be a positive integer id')
  .transform(Number)
  .pipe(idSchema);

/** An instant, as the API writes it: ISO 8601 in UTC. */
export const timestampSchema = z.iso.datetime();

/** 'true' / 'false' in a query string. */
export const queryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');

/** A comma-separated list in a query string ('a,b'), as API Gateway also joins repeated keys. */
export function queryList<T extends z.ZodType<string, string>>(item: T, max: number) {
  return z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(item).min(1).max(max));
}

/** Free text a user types: trimmed, never empty, bounded. */
export const text = (max: number) => z.string().trim().min(1).max(max);
