/**
 * Cursor pagination. A cursor is the sort key of the last row a page showed, encoded opaquely; the
 * next page is every row strictly after it in the list's order (keyset). Rows that arrive while a
 * client pages never shift the pages it has not read yet, so nothing is skipped or repeated, and
 * deep pages cost what the first one does.
 */
import * as z from 'zod';
import { readWithinBudget } from '../data/response-budget';
import type { Db, Params, Row } from '../data/types';
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
 * The keyset condition ("and ...", or nothing from the list's start) of a newest-first list after
 * the key `after`, over `${alias}.created_at` and `${alias}.id`, with its parameters :after_at and
 * :after_id. The alias is the query's own, never input. The plain created_at bound beside the row
 * comparison lets the planner leave out the newer partitions of a partitioned table.
 */
export function createdAtAfter(alias: string, after: CreatedAtKey | undefined): { condition: string; params: Params } {
  if (!after) return { condition: '', params: {} };
  const [at, id] = after;
  return {
    condition: `and ${alias}.created_at <= cast(:after_at as timestamptz)
        and (${alias}.created_at, ${alias}.id) < (cast(:after_at as timestamptz), :after_id)`,
    params: { after_at: at, after_id: id },
  };
}

/** The key a cursor of a newest-first list names (undefined for the first page). */
export const createdAtCursor = (cursor: string | undefined): CreatedAtKey | undefined => (cursor ? decodeCursor(cursor, createdAtKey) : undefined);

/** The cursor key of a row read with `created_at::text as created_key`. */
export const createdAtKeyOf = (row: { created_key: string; id: number }): CreatedAtKey => [row.created_key, row.id];

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

/** How a keyset list is read a page at a time (readPage). */
export interface KeysetList<R extends Row, K> {
  /** What a cursor of this list holds. */
  key: z.ZodType<K>;
  keyOf: (row: R) => K;
  /** The list's order over the statement's output columns, unqualified (see withinResponseBudget). */
  order: string;
  /** At most `take` rows strictly after `after` (from the list's start when undefined), in `order`, as one statement. */
  statement: (after: K | undefined, take: number) => { sql: string; params: Params };
  /** The most one row adds to a response, where the list's columns bound it (see RowBound). */
  maxRowBytes?: number;
}

/**
 * A page of a keyset list: its rows from the cursor on, read under the Data API's 1 MiB a response
 * (../data/response-budget): a page of ordinary rows in one statement, of large rows in as many as
 * they need, each starting after the last row of the one before.
 */
export async function readPage<R extends Row, K extends readonly unknown[], T>(
  db: Db,
  page: { limit: number; cursor?: string },
  list: KeysetList<R, K>,
  present: (row: R) => T,
): Promise<Page<T>> {
  const start = page.cursor ? decodeCursor(page.cursor, list.key) : undefined;
  const rows = await readWithinBudget<R>(db, page.limit + 1, list.order, (after, take) => list.statement(after ? list.keyOf(after) : start, take), {
    maxRowBytes: list.maxRowBytes,
  });
  return toPage(rows, page.limit, list.keyOf, present);
}

/** A list newest first by (created_at, id), whose statement reads `created_at::text as created_key`. */
export function newestFirst<R extends Row & { created_key: string; id: number }>(statement: KeysetList<R, CreatedAtKey>['statement'], maxRowBytes?: number): KeysetList<R, CreatedAtKey> {
  return { key: createdAtKey, keyOf: createdAtKeyOf, order: 'created_at desc, id desc', statement, maxRowBytes };
}
