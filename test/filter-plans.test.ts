import { type SQLWrapper, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../src/db/client.ts';
import { ordersByPinyin } from '../src/db/collation.ts';
import { createContext } from '../src/graphql/context.ts';
import { filterSql } from '../src/graphql/filters.ts';
import { sortsOf } from '../src/graphql/ordering.ts';
import { AgreementFilterInput } from '../src/modules/agreement/agreement.filters.schema.ts';
import { AGREEMENT_ORDER } from '../src/modules/agreement/agreement.filters.store.ts';
import { agreementsOrdered, agreementsWhere } from '../src/modules/agreement/agreement.store.ts';
import { loadBundle } from '../src/modules/bundle/bundle.load.ts';
import { bundleFromObjects } from '../src/modules/bundle/bundle.read.ts';
import { CatalogEditionFilterInput, CatalogEntryFilterInput } from '../src/modules/catalog/catalog.filters.schema.ts';
import { EDITION_ORDER } from '../src/modules/catalog/catalog.filters.store.ts';
import { editionsOrdered, listingCountsQuery } from '../src/modules/catalog/catalog.store.ts';
import { InstrumentFilterInput } from '../src/modules/instrument/instrument.filters.schema.ts';
import { INSTRUMENT_ORDER } from '../src/modules/instrument/instrument.filters.store.ts';
import { instrumentsOrdered } from '../src/modules/instrument/instrument.store.ts';
import { QualificationFilterInput } from '../src/modules/qualification/qualification.filters.schema.ts';
import { QUALIFICATION_ORDER } from '../src/modules/qualification/qualification.filters.store.ts';
import { qualificationsOrdered } from '../src/modules/qualification/qualification.store.ts';
import { syntheticBundle } from './bench/synthetic.ts';
import { engine, seededWorld, testConfig } from './helpers/hub.ts';

// The filters and orders of the fields that grow are served by indexes: the plans of the very
// statements the connections run (built by the same stores from the same compiled filters), on
// the seed data with 10× synthetic data loaded. NOTE: sequential scans are turned off, as in
// validity.test.ts, so the plan shows whether an index *can* serve the condition, which is what
// a schema change could break; which plan wins on a given day is the planner's business.

const SCALE = 10;
const world = seededWorld();
const page = { after: undefined, before: undefined, limit: 20, inverted: false };

const synthetic = syntheticBundle({ scale: SCALE }).bundle as { qualifications: { slug: string; name: string }[] };
const q500 = synthetic.qualifications[500]!;

beforeAll(async () => {
  await loadBundle(world.db.database.db, bundleFromObjects([synthetic]));
  await world.db.database.db.execute(sql`ANALYZE`);
}, 600_000);

const ctx = () => createContext({ db: world.db.database.db, config: testConfig() });

async function plan(query: SQLWrapper): Promise<string> {
  return await world.db.database.db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL enable_seqscan = off`);
    const found = await rows<Record<string, string>>(tx as never, sql`EXPLAIN ${query}`);
    return found.map((r) => Object.values(r)[0]).join('\n');
  });
}

describe(`index use of the filters and orders at ${SCALE}× synthetic data`, () => {
  it('has the data of that scale', async () => {
    const [counted] = await rows<{ q: number; e: number }>(
      world.db.database.db,
      sql`SELECT (SELECT count(*)::int FROM qualifications) AS q, (SELECT count(*)::int FROM catalog_entries) AS e`,
    );
    expect(counted!.q).toBeGreaterThan(1_000);
    expect(counted!.e).toBeGreaterThan(45_000);
  });

  const qualificationPlan = async (filter: Record<string, unknown> | null, orderBy: string[], after?: unknown[]) => {
    const db = world.db.database.db;
    const sorts = sortsOf(db, QUALIFICATION_ORDER, orderBy, ['SLUG_ASC']);
    return await plan(
      qualificationsOrdered(db, { filter: await filterSql(ctx(), QualificationFilterInput, filter) }, sorts, { ...page, after }),
    );
  };

  /** The rows a compiled filter selects (what `totalCount` counts, and what a page reads when the filter is selective). */
  const filtered = async (table: string, input: typeof QualificationFilterInput, filter: Record<string, unknown>) =>
    await plan(sql`SELECT id FROM ${sql.identifier(table)} WHERE ${await filterSql(ctx(), input, filter)}`);

  it.each([
    ['issuer (a related value, through the issuer index)', { issuer: { equalTo: 'syn-org-3' } }, /qualifications_issuer_idx/],
    ['issuer country', { issuerCountry: { in: ['GB', 'JP'] } }, /qualifications_issuer_idx/],
    ['field', { field: { in: ['finance-management'] } }, /qualifications_field_idx/],
    [
      'a name that starts with',
      { name: { startsWithInsensitive: synthetic.qualifications[12]!.name.slice(0, 14) } },
      /qualifications_name_trgm_idx/,
    ],
    ['a Chinese name that contains', { nameZh: { includes: '资格12' } }, /qualifications_name_zh_trgm_idx/],
    ['slug', { slug: { in: ['syn-q-1', 'syn-q-2'] } }, /qualifications_slug_key|qualifications_slug_trgm_idx/],
  ])('qualifications by %s', async (_name, filter, index) => {
    expect(await filtered('qualifications', QualificationFilterInput, filter)).toMatch(index);
  });

  it('qualifications in name order, from a cursor, by the (name, slug) index', async () => {
    const text = await qualificationPlan(null, ['NAME_ASC'], [q500.name, q500.slug]);
    expect(text).toMatch(/Index Scan using qualifications_name_slug_idx/);
    expect(text).toMatch(/Index Cond: \(ROW\(name, slug\) > ROW\(/);
  });

  it('orders Chinese names by pinyin through its index where the database has ICU (PostgreSQL), by code point where it has not (PGlite), and says so', async () => {
    expect(ordersByPinyin(world.db.database.db)).toBe(engine === 'postgres');
    const text = await qualificationPlan(null, ['NAME_ZH_ASC']);
    if (engine === 'postgres') expect(text).toMatch(/Index Scan using qualifications_name_zh_pinyin_idx/);
    else expect(text).not.toMatch(/COLLATE|zh-x-icu/);
    expect(QUALIFICATION_ORDER.keys.NAME_ZH!.description).toMatch(
      /by pinyin on PostgreSQL with ICU, by code point where the database has no Chinese collation/,
    );
  });

  it.each([
    ['first day of validity', { validFrom: { greaterThanOrEqualTo: '2024-01-01' } }, /catalog_editions_valid_from_idx/],
    ['last day of validity', { validTo: { lessThan: '2020-01-01' } }, /catalog_editions_valid_to_idx/],
    ['jurisdiction (through its catalogs)', { jurisdiction: { equalTo: 'CN-AH' } }, /catalogs_jurisdiction_idx/],
    ['catalog', { catalog: { equalTo: 'syn-cn-ah-0' } }, /catalogs_slug_key/],
  ])('editions by %s', async (_name, filter, index) => {
    expect(await filtered('catalog_editions', CatalogEditionFilterInput, filter)).toMatch(index);
  });

  it('a page of editions from a cursor in day order, by the (valid_from, id) index', async () => {
    const db = world.db.database.db;
    const sorts = sortsOf(db, EDITION_ORDER, ['VALID_FROM_ASC'], []);
    const text = await plan(editionsOrdered(db, undefined, sorts, { ...page, after: ['2024-01-01', 100] }));
    expect(text).toMatch(/Index Scan using catalog_editions_valid_from_idx/);
    expect(text).toMatch(/Index Cond: \(ROW\(valid_from, id\) > ROW\('2024-01-01'::date, 100\)\)/);
  });

  it("a qualification's listings, filtered by list and edition", async () => {
    const db = world.db.database.db;
    const filter = await filterSql(ctx(), CatalogEntryFilterInput, {
      lists: { anyEqualTo: 'urgent' },
      edition: { validFrom: { greaterThan: '2020-01-01' } },
    });
    const text = await plan(listingCountsQuery(db, [1, 2, 3], filter));
    expect(text).toMatch(/catalog_entries_qualification_idx/);
    expect(text).toMatch(/catalog_entry_lists_pkey|catalog_entry_lists_list_idx/);
    expect(text).toMatch(/catalog_editions_valid_from_idx|catalog_editions_pkey/);
  });

  it('agreements by party and by first day', async () => {
    const db = world.db.database.db;
    const sorts = sortsOf(db, AGREEMENT_ORDER, ['VALID_FROM_DESC'], []);
    const byParty = agreementsWhere(undefined, await filterSql(ctx(), AgreementFilterInput, { parties: { anyEqualTo: 'CN-AH' } }));
    expect(await plan(agreementsOrdered(db, byParty, sorts, page))).toMatch(/agreement_parties_key|agreement_parties_jurisdiction_idx/);
    const byDay = agreementsWhere(undefined, await filterSql(ctx(), AgreementFilterInput, { validFrom: { lessThan: '2017-01-01' } }));
    expect(await plan(agreementsOrdered(db, byDay, sorts, page))).toMatch(/recognition_agreements_valid_from_idx/);
  });

  it('instruments by day of issue', async () => {
    const db = world.db.database.db;
    const sorts = sortsOf(db, INSTRUMENT_ORDER, ['ISSUED_ON_DESC'], []);
    const filter = await filterSql(ctx(), InstrumentFilterInput, { issuedOn: { greaterThanOrEqualTo: '2025-01-01' } });
    expect(await plan(instrumentsOrdered(db, filter, sorts, page))).toMatch(/instruments_issued_on_idx/);
  });
});
