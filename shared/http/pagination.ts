/**
 * Cursor pagination. A cursor is the sort key of the last row a page showed, encoded opaquely; the
 * next page is every row strictly after it in the list's order (keyset). Rows that arrive while a
 * client pages never shift the pages it has not read yet, so nothing is skipped or repeated, and
 * deep pages cost what the first one does.
 */
import * as z from 'zod';
import type { Params } from '../data/types';
import { HttpProblem } from './problem';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** The query parameters every list route takes. */
export const pageQueryShape = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE).describe(`Page size, 1 to ${MAX_PAGE_SIZE}`),
  cursor: z.string().min(1).max(512).optional().describe("The previous page's nextCursor"),
};

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` to read the next page; null on the last page'),
  });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A timestamp exactly as PostgreSQL prints it (microseconds kept: a cursor must not round). */
const pgTimestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/);
const rowId = z.number().int().positive();

/** The usual key: (created_at as text, id), newest first. */
export const createdAtKey = z.tuple([pgTimestamp, rowId]);
export type CreatedAtKey = z.infer<typeof createdAtKey>;

/**
 * The keyset condition ("and ...", or nothing for the first page) of a newest-first list after
 * `cursor`, over `${alias}.created_at` and `${alias}.id`, with its parameters :after_at and
 * :after_id. The alias is the query's own, never input. The plain created_at bound beside the row
 * comparison lets the planner leave out the newer partitions of a partitioned table.
 */
export function createdAtAfter(alias: string, cursor: string | undefined): { condition: string; params: Params } {
  if (!cursor) return { condition: '', params: {} };
  const [at, id] = decodeCursor(cursor, createdAtKey);
  return {
    condition: `and ${alias}.created_at <= cast(:after_at as timestamptz)
        and (${alias}.created_at, ${alias}.id) < (cast(:after_at as timestamptz), :after_id)`,
    params: { after_at: at, after_id: id },
  };
}

/** The cursor key of a row read with `created_at::text as created_key`. */
export const createdAtKeyOf = (row: { created_key: string; id: number }) => [row.created_key, row.id] as const;

export function encodeCursor(key: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor<K extends z.ZodType>(cursor: string, key: K): z.infer<K> {
  let decoded: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const parsed = key.safeParse(decoded);
  if (!parsed.success) {
    throw new HttpProblem('invalid-cursor', {
      detail: 'Pass back a nextCursor from this list, unchanged',
      errors: [{ in: 'query', name: 'cursor', detail: 'is not a cursor this list issued', code: 'invalid_cursor' }],
    });
  }
  return parsed.data;
}

/**
 * Turns limit + 1 fetched rows into a page: the extra row only says that another page exists; the
 * cursor is the key of the last row shown.
 */
export function toPage<R, T>(rows: R[], limit: number, keyOf: (row: R) => readonly unknown[], present: (row: R) => T): Page<T> {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    items: shown.map(present),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}
