/** How a list is read chunk by chunk: from where, how many asked each time, and when it stops. */
import { describe, expect, it } from 'vitest';
import { RESPONSE_BUDGET_BYTES, queryWithinBudget, readInChunks, withinResponseBudget, type Chunk } from '../../../shared/data/response-budget';
import type { Db } from '../../../shared/data/types';

/**
 * A list of the numbers 1..length read as a statement would: at most `take` after `after`, cut
 * short where `fits(first, take)` says fewer fit. Records each ask.
 */
function list(length: number, fits: (first: number, take: number) => number = (_, take) => take) {
  const asks: Array<{ after: number | undefined; take: number }> = [];
  const chunk = async (after: number | undefined, take: number): Promise<Chunk<number>> => {
    asks.push({ after, take });
    const first = (after ?? 0) + 1;
    const available = Math.max(0, Math.min(take, length - first + 1));
    const kept = Math.min(available, Math.max(1, fits(first, take)));
    return { rows: Array.from({ length: available === 0 ? 0 : kept }, (_, i) => first + i), cut: kept < available };
  };
  return { asks, chunk };
}

describe('readInChunks', () => {
  it('reads a page of ordinary rows in one ask', async () => {
    const { asks, chunk } = list(500);
    expect(await readInChunks(101, chunk)).toEqual(Array.from({ length: 101 }, (_, i) => i + 1));
    expect(asks).toEqual([{ after: undefined, take: 101 }]);
  });

  it('stops when the list ends before the count', async () => {
    const { asks, chunk } = list(7);
    expect(await readInChunks(101, chunk)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(asks).toHaveLength(1);
    expect(await readInChunks(101, list(0).chunk)).toEqual([]);
  });

  it('goes on after the last row of a cut chunk, asking for twice as many as fitted', async () => {
    const { asks, chunk } = list(500, () => 4);
    expect(await readInChunks(21, chunk)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(asks).toEqual([
      { after: undefined, take: 21 },
      { after: 4, take: 8 },
      { after: 8, take: 8 },
      { after: 12, take: 8 },
      { after: 16, take: 5 },
      { after: 20, take: 1 },
    ]);
  });

  it('asks for more again once rows are small', async () => {
    // Rows 1 to 4 are large (one fits a chunk), the rest small.
    const { asks, chunk } = list(500, (first, take) => (first <= 4 ? 1 : take));
    expect(await readInChunks(40, chunk)).toHaveLength(40);
    expect(asks.map((a) => a.take)).toEqual([40, 2, 2, 2, 2, 4, 8, 16, 6]);
  });

  it('a first ask of its own, for a list of unknown length', async () => {
    const { asks, chunk } = list(45);
    expect(await readInChunks(Number.MAX_SAFE_INTEGER, chunk, 20)).toHaveLength(45);
    expect(asks.map((a) => a.take)).toEqual([20, 40]);
  });
});

describe('queryWithinBudget', () => {
  /** A Db that records the statements it is sent and answers each with no rows. */
  const recording = () => {
    const sent: string[] = [];
    const db = { query: async (sql: string) => (sent.push(sql), []) } as unknown as Db;
    return { db, sent };
  };
  const SQL = 'select id from jobs order by id limit :limit';

  it('sends a statement as it is when its rows, at their largest, cannot pass the budget', async () => {
    const { db, sent } = recording();
    await queryWithinBudget(db, SQL, { limit: 21 }, 'id', { take: 21, maxRowBytes: Math.floor(RESPONSE_BUDGET_BYTES / 21) });
    expect(sent).toEqual([SQL]);
  });

  it('measures the rows of one that could, and of one whose rows it knows nothing of', async () => {
    const { db, sent } = recording();
    await queryWithinBudget(db, SQL, { limit: 22 }, 'id', { take: 22, maxRowBytes: Math.floor(RESPONSE_BUDGET_BYTES / 21) });
    await queryWithinBudget(db, SQL, { limit: 1 }, 'id');
    expect(sent).toEqual([withinResponseBudget(SQL, 'id'), withinResponseBudget(SQL, 'id')]);
  });
});
