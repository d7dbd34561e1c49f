import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../src/db/client.ts';
import { catalogEditions, recognitionAgreements, standardVersions } from '../src/db/tables/index.ts';
import { type Dated, endOf, inForce, inForceOnSql } from '../src/modules/time/validity.ts';
import { type TestDatabase, testDatabase } from './helpers/hub.ts';

// "In force on day D" is written once in TypeScript and once in SQL (src/modules/time/validity.ts).
// The two must agree, and the SQL form must be the one the GiST indexes serve.

let test: TestDatabase;
beforeAll(async () => {
  test = await testDatabase({ seeded: false });
});
afterAll(async () => test?.drop());

const EPOCH = Date.UTC(2020, 0, 1);
const day = (offset: number) => new Date(EPOCH + offset * 86_400_000).toISOString().slice(0, 10);
const arbDated: fc.Arbitrary<Dated> = fc
  .record({
    status: fc.constantFrom('PUBLISHED', 'PUBLISHED', 'PUBLISHED', 'DRAFT', 'WITHDRAWN'),
    from: fc.integer({ min: 0, max: 400 }),
    length: fc.option(fc.integer({ min: 1, max: 200 })),
    repeal: fc.option(fc.integer({ min: 0, max: 250 })),
  })
  .map(({ status, from, length, repeal }) => ({
    status,
    validFrom: day(from),
    validTo: length === null ? null : day(from + length),
    repealedOn: repeal === null ? null : day(from + repeal),
  }));

const col = (name: string) => sql.identifier(name);
const t = { status: col('status'), validFrom: col('valid_from'), validTo: col('valid_to'), repealedOn: col('repealed_on') };

describe('in force on day D', () => {
  it('the TypeScript and SQL forms agree on random rows and days, and so do the ends', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbDated, { minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: -10, max: 700 }), { minLength: 1, maxLength: 5 }),
        async (dated, offsets) => {
          const values = sql.join(
            dated.map((d, i) => sql`(${i}::int, ${d.status}::text, ${d.validFrom}::date, ${d.validTo}::date, ${d.repealedOn}::date)`),
            sql`, `,
          );
          for (const offset of offsets) {
            const on = day(offset);
            const found = await rows<{ i: number; in_force: boolean; ends: string | null }>(
              test.database.db,
              sql`SELECT i, ${inForceOnSql(t, on)} AS in_force, upper(daterange(valid_from, LEAST(valid_to, repealed_on), '[)'))::text AS ends
                FROM (VALUES ${values}) AS v(i, status, valid_from, valid_to, repealed_on) ORDER BY i`,
            );
            // A range that ends on its first day (repealed the day it took effect) is empty: no upper bound.
            const ends = (d: Dated) => (endOf(d) === d.validFrom ? null : endOf(d));
            expect(found.map((r) => [r.i, r.in_force, r.ends])).toEqual(dated.map((d, i) => [i, inForce(d, on), ends(d)]));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  const tables = { catalog_editions: catalogEditions, standard_versions: standardVersions, recognition_agreements: recognitionAgreements };
  it.each([
    ['catalog_editions', 'catalog_editions_no_overlap'],
    ['standard_versions', 'standard_versions_no_overlap'],
    ['recognition_agreements', 'recognition_agreements_in_force_idx'],
  ] as const)('is served on %s by the GiST index %s', async (name, index) => {
    const table = tables[name];
    // NOTE: on an empty table the planner prefers a scan whatever the indexes; turning scans off
    // shows whether the index can serve the expression at all, which is what this checks.
    const plan = await test.database.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL enable_seqscan = off`);
      return rows<Record<string, string>>(
        tx as never,
        sql`EXPLAIN SELECT ${table.id} FROM ${table} WHERE ${inForceOnSql(table, '2024-06-01')}`,
      );
    });
    const text = plan.map((r) => Object.values(r)[0]).join('\n');
    // The index must be searched with the range, not merely scanned under its WHERE clause (a
    // plain `valid_from <= D AND …` would still name the index, with the range as a Filter).
    expect(text).toMatch(new RegExp(`Index Scan using ${index}|Bitmap Index Scan on ${index}`));
    expect(text).toMatch(/Index Cond: \(daterange\(valid_from, LEAST\(valid_to, repealed_on\), '\[\)'(::text)?\) @> '2024-06-01'::date\)/);
  });
});
