/**
 * Property: however crawls repeat postings, within a batch and across batches, each external id is
 * one row with one id; its last sighting's title wins; a description is replaced only by one that
 * was delivered (null or empty keeps the stored one); and exactly the new ids count as inserted.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../shared/data/types';
import { upsertJobs } from '../../../shared/jobs/upsert';
import { freshDatabase } from '../../support/db';
import { jobInput } from './helpers';

let db: Db;

beforeAll(async () => {
  ({ db } = await freshDatabase());
});

const sighting = fc.record({
  key: fc.integer({ min: 0, max: 7 }),
  title: fc.string({ minLength: 1, maxLength: 30 }),
  description: fc.option(fc.oneof(fc.constant(''), fc.string({ minLength: 1, maxLength: 40 })), { nil: null }),
});
const crawls = fc.array(fc.array(sighting, { minLength: 1, maxLength: 25 }), { minLength: 1, maxLength: 4 });

let run = 0;

describe('upsert of random crawls', () => {
  it('one row per external id, the last sighting winning, delivered fields only replacing', async () => {
    await fc.assert(
      fc.asyncProperty(crawls, async (batches) => {
        const prefix = `linkedin:prop-${process.pid}-${++run}-`;
        const expected = new Map<string, { title: string; description: string | null; id?: number }>();
        let inserted = 0;
        for (const batch of batches) {
          const inputs = batch.map((s) => jobInput({ externalId: prefix + s.key, title: s.title, description: s.description }));
          const result = await upsertJobs(db, inputs);
          inserted += result.inserted;
          // Within one batch only a job's last sighting is written.
          const last = new Map(batch.map((s) => [prefix + s.key, s]));
          for (const [i, s] of batch.entries()) {
            const known = expected.get(prefix + s.key)?.id;
            if (known !== undefined) expect(result.ids[i]).toBe(known);
            expect(result.ids[i]).toBe(result.ids[batch.findIndex((t) => t.key === s.key)]);
          }
          for (const [externalId, s] of last) {
            const before = expected.get(externalId);
            const delivered = s.description !== null && s.description !== '';
            expected.set(externalId, {
              title: s.title,
              // A new job keeps what it was given; a known one only what was delivered.
              description: before === undefined || delivered ? s.description : before.description,
              id: result.ids[batch.findIndex((t) => prefix + t.key === externalId)]!,
            });
          }
        }
        const rows = await db.query<{ id: number; external_id: string; title: string; description: string | null }>(
          `select id, external_id, title, description from jobs where external_id like :prefix || '%'`,
          { prefix },
        );
        expect(rows.length).toBe(expected.size);
        expect(inserted).toBe(expected.size);
        for (const row of rows) {
          const want = expected.get(row.external_id)!;
          expect(row).toEqual({ id: want.id, external_id: row.external_id, title: want.title, description: want.description });
        }
      }),
      { numRuns: 30 },
    );
  });
});
