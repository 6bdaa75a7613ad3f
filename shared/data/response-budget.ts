/**
 * The Data API's other limit: one response holds at most 1 MiB ("Database response exceeded size
 * limit", Troubleshooting Amazon RDS Data API). A single row is held under 64 KB where it is written
 * (./row-size), but a list of rows of any size can pass 1 MiB. So a read whose rows can add up to
 * more is read in chunks: each statement measures its own rows in SQL and returns only as many, in
 * order, as fit in RESPONSE_BUDGET_BYTES; the next statement starts after the last row returned
 * (the list's own keyset). A page of ordinary rows is still one statement.
 */
import type { Db, Params, Row } from './types';

export const DATA_API_MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * What the rows of one statement may take in its response. The rest of the 1 MiB is left for the
 * response's own fields and its column metadata (a few hundred bytes a column) and for the three
 * small columns the chunking adds to each row.
 */
export const RESPONSE_BUDGET_BYTES = 896 * 1024;

/**
 * An upper bound, in SQL, on what a row of `alias` adds to a response with `formatRecordsAs: 'JSON'`.
 * There each value is JSON inside the records' JSON text, which is itself a string in the response's
 * JSON: escaped twice (a quote in a text takes 4 bytes, a control character 7), and a json or jsonb
 * value is a string of its JSON text, so its quotes are escaped once more. The row is counted as the
 * JSON row_to_json prints for it, escaped twice more: exact for json and jsonb objects and arrays, a
 * few bytes over for each key, number, timestamp and null, and for a text a little over, up to twice
 * when it is all quotes or backslashes (a json value that is a bare string prints like a text, so it
 * is counted in full either way). About 15 µs a row of a job search page.
 */
export const rowResponseBytes = (alias: string) => `octet_length(to_json(to_json(row_to_json(${alias})::text)::text)::text)`;

/**
 * `sql`, a statement that returns rows in `order` (SQL over its output columns, unqualified: a fixed
 * string of the caller's, never input), cut to the rows that fit in the budget (:response_budget),
 * its first row always. Each row gains response_row (its place), response_rows (how many `sql`
 * returned) and response_bytes (the running total).
 */
export function withinResponseBudget(sql: string, order: string): string {
  return `
select * from (
  select page.*,
         row_number() over (order by ${order}) as response_row,
         count(*) over () as response_rows,
         sum(${rowResponseBytes('page')}) over (order by ${order} rows between unbounded preceding and current row) as response_bytes
    from (${sql}) page
) sized
where response_row = 1 or response_bytes <= :response_budget
order by ${order}`;
}

/** Rows of one statement, and whether the budget left some of them out (read on after the last). */
export interface Chunk<R> {
  rows: R[];
  cut: boolean;
}

interface BudgetColumns {
  response_row: number;
  response_rows: number;
  response_bytes: number;
}

/**
 * What a caller can promise of a statement's rows: at most `take` of them, none adding more than
 * `maxRowBytes` to a response (as rowResponseBytes counts it). When those cannot add up to the
 * budget the statement runs as it is, unmeasured: measuring costs about 2 ms a statement of 50 job
 * summaries, the most of a page's time.
 */
export interface RowBound {
  take: number;
  maxRowBytes: number;
}

/** Runs `sql` (see withinResponseBudget) and returns the rows that fit, without the budget's columns. */
export async function queryWithinBudget<R extends Row>(db: Db, sql: string, params: Params, order: string, bound?: RowBound): Promise<Chunk<R>> {
  if (bound && bound.take * bound.maxRowBytes <= RESPONSE_BUDGET_BYTES) return { rows: await db.query<R>(sql, params), cut: false };
  const rows = await db.query<R & BudgetColumns>(withinResponseBudget(sql, order), { ...params, response_budget: RESPONSE_BUDGET_BYTES });
  const cut = rows.length > 0 && rows.length < rows[0]!.response_rows;
  return { rows: rows.map(({ response_row: _r, response_rows: _n, response_bytes: _b, ...row }) => row as unknown as R), cut };
}

/**
 * Up to `count` rows of a list, read chunk by chunk. `chunk(after, take)` reads at most `take` rows
 * strictly after the row `after` (from the list's start when undefined) and says whether the budget
 * cut them short. The first chunk asks for `firstTake` rows (all of them by default); chunks that
 * came back whole ask for twice as many next time, and after a cut for twice as many as fitted, so
 * that rows left out are not measured over and over.
 */
export async function readInChunks<R>(
  count: number,
  chunk: (after: R | undefined, take: number) => Promise<Chunk<R>>,
  firstTake = count,
): Promise<R[]> {
  const rows: R[] = [];
  let take = firstTake;
  while (rows.length < count) {
    const asked = Math.min(take, count - rows.length);
    const got = await chunk(rows.at(-1), asked);
    rows.push(...got.rows);
    if (!got.cut && got.rows.length < asked) break; // the list ended
    take = got.cut ? 2 * got.rows.length : 2 * asked;
  }
  return rows;
}

/** How a list is read in chunks: the first chunk's size (all of it by default), and the most a row of it adds to a response, when known (RowBound). */
export interface ChunkOptions {
  firstTake?: number;
  maxRowBytes?: number;
}

/** readInChunks for a list read by one statement per chunk. */
export function readWithinBudget<R extends Row>(
  db: Db,
  count: number,
  order: string,
  statement: (after: R | undefined, take: number) => { sql: string; params: Params },
  { firstTake = count, maxRowBytes }: ChunkOptions = {},
): Promise<R[]> {
  return readInChunks(
    count,
    (after, take) => {
      const { sql, params } = statement(after, take);
      return queryWithinBudget<R>(db, sql, params, order, maxRowBytes === undefined ? undefined : { take, maxRowBytes });
    },
    firstTake,
  );
}
