/**
 * What a row is measured at (rowResponseBytes) against what it takes in a real response of the local
 * endpoint, for values that escape the most: quotes, backslashes, control characters, JSON holding
 * them, bare JSON strings, arrays, numbers, nulls. The measure must never be under, or a chunk could
 * pass 1 MiB; and for ordinary text not far over, or pages would take more statements than they need.
 */
import { ExecuteStatementCommand, RDSDataClient } from '@aws-sdk/client-rds-data';
import { beforeAll, describe, expect, it } from 'vitest';
import { rowResponseBytes } from '../../../shared/data/response-budget';
import type { Db } from '../../../shared/data/types';
import { freshDatabase, type TestDatabase } from '../../support/db';

let t: TestDatabase;
let db: Db;
let client: RDSDataClient;

beforeAll(async () => {
  t = await freshDatabase();
  db = t.db;
  client = new RDSDataClient({ endpoint: t.dataApi.endpoint, region: 'us-east-1' });
});

/** The bytes one row of `select` adds to the response's JSON, as the platform asks for it. */
async function responseBytes(select: string): Promise<number> {
  const command = (sql: string) =>
    new ExecuteStatementCommand({
      resourceArn: t.dataApi.resourceArn,
      secretArn: t.dataApi.secretArn,
      database: t.name,
      sql,
      formatRecordsAs: 'JSON',
      includeResultMetadata: true,
      resultSetOptions: { longReturnType: 'STRING', decimalReturnType: 'STRING' },
    });
  const one = await client.send(command(select));
  const none = await client.send(command(`select * from (${select}) r where false`));
  return Buffer.byteLength(JSON.stringify(one.formattedRecords)) - Buffer.byteLength(JSON.stringify(none.formattedRecords));
}

async function measured(select: string): Promise<number> {
  return (await db.one<{ bytes: number }>(`select ${rowResponseBytes('r')} as bytes from (${select}) r`)).bytes;
}

const sql = (text: string) => `'${text.replace(/'/g, "''")}'`;

describe('a row as measured and as sent', () => {
  const cases: Record<string, string> = {
    'ordinary text': `select ${sql('Senior Backend Engineer, Berlin (hybrid) — €85,000 '.repeat(200))}::text as title`,
    'three-byte characters': `select repeat('€', 10000) as notes`,
    'four-byte characters': `select repeat('😀', 5000) as notes`,
    quotes: `select repeat('"', 10000) as notes`,
    backslashes: `select repeat('\\', 10000) as notes`,
    'control characters': `select repeat(chr(1), 5000) || repeat(chr(10), 5000) || repeat(chr(9), 100) as notes`,
    'a jsonb object of quoted strings': `select jsonb_build_object('custom', jsonb_agg(jsonb_build_object('q', repeat('"', 50), 'a', repeat('\\', 50) || chr(1)))) as answers from generate_series(1, 100)`,
    'a bare jsonb string of quotes': `select to_jsonb(repeat('"', 8000)) as auto_apply`,
    'a jsonb array': `select to_jsonb(array_agg(n::text)) as skills from generate_series(1, 2000) n`,
    'a text array': `select array_agg(n::text) as tags from generate_series(1, 2000) n`,
    'numbers, nulls, booleans and timestamps': `select 9223372036854775807::int8 as id, 12::int4 as n, 1.5::numeric as price, null::text as location, true as remote, false as dry_run, now() as created_at, now()::text as created_key`,
    'many columns': `select ${Array.from({ length: 40 }, (_, i) => `${i} as column_${i}`).join(', ')}`,
  };
  for (const [name, select] of Object.entries(cases)) {
    it(name, async () => {
      const [sent, counted] = [await responseBytes(select), await measured(select)];
      expect(counted).toBeGreaterThanOrEqual(sent);
      expect(counted).toBeLessThanOrEqual(2 * sent + 64);
    });
  }

  it('ordinary text and JSON: within a few percent', async () => {
    for (const select of [cases['ordinary text']!, cases['three-byte characters']!, cases['a jsonb object of quoted strings']!]) {
      const [sent, counted] = [await responseBytes(select), await measured(select)];
      expect(counted / sent).toBeLessThan(1.05);
    }
  });
});
