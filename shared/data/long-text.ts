/**
 * Text that may not fit in one Data API row (64 KB), read in pieces: each piece is its own row of
 * at most PIECE_CHARS characters (4 bytes a character at most in UTF-8, so 32,000 bytes), and a
 * call reads at most PIECES_PER_CALL of them, well under the 1 MiB response however the JSON is
 * escaped. A text of a few KB is one piece and one call.
 */
import type { Db, Params } from './types';

export const PIECE_CHARS = 8_000;
const PIECES_PER_CALL = 8;

export interface LongTexts<K extends string> {
  /** `from <table> <alias> where ...`: the one row the texts are read from. */
  from: string;
  /** Each text's SQL expression over that row, by name. */
  texts: Record<K, string>;
}

/** The texts of the row `from` finds, by name: null where the expression is null or there is no row. */
export async function readLongTexts<K extends string>(db: Db, source: LongTexts<K>, params: Params): Promise<Record<K, string | null>> {
  const names = Object.keys(source.texts) as K[];
  const sql = `
select x.name, s.n, substr(x.value, s.n * ${PIECE_CHARS} + 1, ${PIECE_CHARS}) as piece
  from (select ${names.map((name, i) => `cast(${source.texts[name]} as text) as t${i}`).join(', ')} ${source.from}) src
  cross join lateral (values ${names.map((_, i) => `(${i}, src.t${i})`).join(', ')}) as x (name, value)
  cross join lateral generate_series(0, (length(x.value) - 1) / ${PIECE_CHARS}) as s (n)
 order by x.name, s.n
 limit ${PIECES_PER_CALL} offset :long_text_skip`;
  const pieces: string[][] = names.map(() => []);
  for (let skip = 0; ; skip += PIECES_PER_CALL) {
    const rows = await db.query<{ name: number; n: number; piece: string }>(sql, { ...params, long_text_skip: skip });
    for (const row of rows) pieces[row.name]![row.n] = row.piece;
    if (rows.length < PIECES_PER_CALL) break;
  }
  return Object.fromEntries(names.map((name, i) => [name, pieces[i]!.length ? pieces[i]!.join('') : null])) as Record<K, string | null>;
}
