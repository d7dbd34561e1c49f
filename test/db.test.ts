import { and, asc, eq, getTableName, inArray, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, schema } from '../src/db/client.ts';
import { anyKey, prepared, rowsWhereAny } from '../src/db/prepared.ts';
import { catalogEditions, catalogs, jurisdictions, standardVersions } from '../src/db/tables/index.ts';
import { type TestDatabase, testDatabase } from './helpers/hub.ts';

// The database layer's own guarantees: the relations declared for drizzle match the foreign keys
// the migrations made, and the drizzle internals that db/prepared.ts leans on are still there.

let test: TestDatabase;
beforeAll(async () => {
  test = await testDatabase({ seeded: true });
});
afterAll(async () => test?.drop());

type OneRelation = { fieldNames: string[]; referencedTable: string; referencedColumns: string[] };

/** Every `one` relation of src/db/relations.ts as (table, columns) → (table, columns), in SQL names. */
function declaredOneRelations(): Map<string, OneRelation[]> {
  const db = test.database.db as unknown as {
    _: {
      schema: Record<
        string,
        {
          dbName: string;
          relations: Record<
            string,
            {
              constructor: { name: string };
              config?: { fields: { name: string }[]; references: { name: string }[] };
              referencedTableName: string;
            }
          >;
        }
      >;
    };
  };
  const byTable = new Map<string, OneRelation[]>();
  for (const table of Object.values(db._.schema)) {
    for (const relation of Object.values(table.relations)) {
      if (relation.constructor.name !== 'One' || !relation.config) continue;
      const list = byTable.get(table.dbName) ?? [];
      list.push({
        fieldNames: relation.config.fields.map((f) => f.name),
        referencedTable: relation.referencedTableName,
        referencedColumns: relation.config.references.map((f) => f.name),
      });
      byTable.set(table.dbName, list);
    }
  }
  return byTable;
}

describe('drizzle relations', () => {
  it('declare a `one` for every foreign key in the migrated database, and no other', async () => {
    const foreignKeys = await rows<{ table: string; columns: string[]; referenced: string; referenced_columns: string[] }>(
      test.database.db,
      sql`SELECT c.conrelid::regclass::text AS table, c.confrelid::regclass::text AS referenced,
                 ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS columns,
                 ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                       JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i) AS referenced_columns
          FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
          WHERE c.contype = 'f' AND n.nspname = 'public'`,
    );
    const fromDatabase = foreignKeys.map(
      (fk) => `${fk.table}(${fk.columns.join(',')}) -> ${fk.referenced}(${fk.referenced_columns.join(',')})`,
    );
    const declared = [...declaredOneRelations()].flatMap(([table, relations]) =>
      relations.map((r) => `${table}(${r.fieldNames.join(',')}) -> ${r.referencedTable}(${r.referencedColumns.join(',')})`),
    );
    expect(fromDatabase.length).toBeGreaterThan(40);
    expect([...declared].sort()).toEqual([...fromDatabase].sort());
  });

  it('every table of src/db/tables is in the relational schema', () => {
    const tableNames = Object.values(schema)
      .filter((value) => is(value, PgTable))
      .map((table) => getTableName(table as PgTable));
    const relational = Object.values((test.database.db as unknown as { _: { schema: Record<string, { dbName: string }> } })._.schema).map(
      (t) => t.dbName,
    );
    expect([...relational].sort()).toEqual([...tableNames].sort());
  });

  it('serve a relational query: a real catalog edition with its catalog, jurisdiction and sources', async () => {
    const catalog = await test.database.db.query.catalogs.findFirst({
      where: eq(catalogs.slug, 'beijing-professional-qualifications'),
      columns: { slug: true },
      with: {
        jurisdiction: { columns: { code: true, nameZh: true } },
        editions: {
          where: eq(catalogEditions.label, '1.0'),
          columns: { label: true, validFrom: true, validTo: true, declaredSize: true },
          with: { sources: { columns: {}, with: { instrument: { columns: { slug: true } } } } },
        },
      },
    });
    const edition = catalog?.editions[0];
    expect({ ...catalog, editions: undefined }).toEqual({
      slug: 'beijing-professional-qualifications',
      jurisdiction: { code: 'CN-BJ', nameZh: '北京市' },
      editions: undefined,
    });
    expect({ ...edition, sources: edition?.sources.map((s) => s.instrument.slug).sort() }).toEqual({
      label: '1.0',
      validFrom: '2021-09-01',
      validTo: '2022-06-30',
      declaredSize: 82,
      sources: ['beijing-two-zones-qualifications-2022-report', 'chinaacc-acca-beijing-1-0'],
    });
  });
});

describe('drizzle internals used by db/prepared.ts', () => {
  // NOTE: prepared() replaces drizzle's per-cell row mapper through two undocumented members of a
  // prepared query (`fields`, `customResultMapper`). drizzle is pinned; on an upgrade that renames
  // or ignores either, these fail, instead of the hub silently losing its fast path.
  it('a prepared query exposes its selected fields and honours a custom result mapper', async () => {
    const query = test.database.db
      .select({ code: jurisdictions.code })
      .from(jurisdictions)
      .where(anyKey(jurisdictions.code))
      .prepare('probe_internals') as unknown as {
      fields?: { path: string[]; field: unknown }[];
      customResultMapper?: (rows: unknown[][]) => unknown;
      execute(values: Record<string, unknown>): Promise<unknown>;
    };
    expect(query.fields?.map((f) => f.path)).toEqual([['code']]);
    query.customResultMapper = (raw) => raw.map((row) => `mapped:${String(row[0])}`);
    expect(await query.execute({ keys: ['CN-BJ'] })).toEqual(['mapped:CN-BJ']);
  });

  it('a batch of one key reads what a batch of several does (its statement is `= $1`, not `= ANY($1)`)', async () => {
    const db = test.database.db;
    const byCode = rowsWhereAny<typeof jurisdictions, typeof jurisdictions.$inferSelect, string>(
      'dbTestJurisdictionsByCode',
      jurisdictions,
      jurisdictions.code,
      asc(jurisdictions.code),
    );
    const plain = async (codes: string[]) =>
      await db.select().from(jurisdictions).where(inArray(jurisdictions.code, codes)).orderBy(asc(jurisdictions.code));
    for (const codes of [['CN-BJ'], ['CN-SH'], ['CN-BJ', 'CN-SH'], ['XX-NONE'], []]) {
      expect(await byCode(db, codes)).toEqual(await plain(codes));
    }
    expect((await byCode(db, ['CN-BJ']))[0]).toMatchObject({ code: 'CN-BJ', nameZh: '北京市' });
    // Two conditions on the keys in one statement, both in its one-key form.
    const pair = prepared(db, 'dbTestJurisdictionsTwice', () =>
      db
        .select({ code: jurisdictions.code })
        .from(jurisdictions)
        .where(and(anyKey(jurisdictions.code), anyKey(jurisdictions.code))),
    );
    expect(await pair(['CN-CQ'])).toEqual([{ code: 'CN-CQ' }]);
    expect(await pair(['CN-CQ', 'CN-TJ'])).toHaveLength(2);
  });

  it('the fast row mapper decodes every column as drizzle would (dates, enums, nulls, numbers)', async () => {
    const ids = (await test.database.db.select({ id: standardVersions.id }).from(standardVersions)).map((r) => r.id);
    expect(ids.length).toBeGreaterThan(3);
    const fast = await prepared(test.database.db, 'dbTestStandardVersions', () =>
      test.database.db.select().from(standardVersions).where(anyKey(standardVersions.id)),
    )(ids);
    const plain = await test.database.db.select().from(standardVersions).where(inArray(standardVersions.id, ids));
    const byId = <T extends { id: number }>(list: T[]) => [...list].sort((a, b) => a.id - b.id);
    expect(byId(fast)).toEqual(byId(plain));
  });
});
