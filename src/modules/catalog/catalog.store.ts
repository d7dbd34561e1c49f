import { and, asc, count, eq, getTableColumns, inArray, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { NodeStore } from '../../db/batch.ts';
import type { Db } from '../../db/client.ts';
import { keysetSql, type OrderedPage, type Sort } from '../../db/keyset.ts';
import { anyKey, keyedStore, prepared, rowsWhereAny } from '../../db/prepared.ts';
import {
  catalogEditionSizes,
  catalogEditions,
  catalogEntries,
  catalogEntryLists,
  catalogLists,
  catalogs,
  occupations,
  organisations,
  qualifications,
} from '../../db/tables/index.ts';
import {
  filterValues,
  type OrganisationRow,
  type QualificationFilter,
  type QualificationRow,
  qualificationFilterSql,
} from '../qualification/qualification.store.ts';

// NOTE: every row of an edition, list or entry carries the natural key it is known by (catalog
// slug, edition label, list code, the subject's slug or code), read in the same statement, so a
// global ID costs no second look-up.

export type CatalogRow = typeof catalogs.$inferSelect;
export type CatalogKind = CatalogRow['kind'];
export type EditionRow = typeof catalogEditions.$inferSelect & { catalogSlug: string; sortValues?: unknown };
export type ListRow = typeof catalogLists.$inferSelect & { catalogSlug: string; editionLabel: string };
export type EntryRow = typeof catalogEntries.$inferSelect & {
  catalogSlug: string;
  editionLabel: string;
  /** The qualification's slug, or the occupation's code. */
  subjectKey: string;
  /** The values an entries page was ordered by, for the entry's cursor (graphql/ordering.ts). */
  sortValues?: unknown;
  /** The qualification, when the page fetched it with the entry: resolved without a promise. */
  joinedQualification?: QualificationRow;
};

export const catalogStore = keyedStore('catalog', catalogs, catalogs.slug, (c) => c.slug);

export const catalogsByJurisdiction = rowsWhereAny('catalogsByJurisdiction', catalogs, catalogs.jurisdictionId, asc(catalogs.slug));

/** Catalogs by slug, of one jurisdiction and/or one kind when given. */
export async function listCatalogs(
  db: Db,
  filter: { jurisdictionId?: number | undefined; kind?: CatalogKind | undefined },
): Promise<CatalogRow[]> {
  return await db
    .select()
    .from(catalogs)
    .where(
      and(
        filter.jurisdictionId === undefined ? undefined : eq(catalogs.jurisdictionId, filter.jurisdictionId),
        filter.kind === undefined ? undefined : eq(catalogs.kind, filter.kind),
      ),
    )
    .orderBy(asc(catalogs.slug));
}

/** Composite natural keys as one text array per part, for `unnest` (a key is a JSON list of its parts). */
function keyParts(keys: string[], arity: number): string[][] {
  const parts: string[][] = Array.from({ length: arity }, () => []);
  for (const key of keys) {
    const list = JSON.parse(key) as string[];
    for (let i = 0; i < arity; i++) parts[i]!.push(list[i]!);
  }
  return parts;
}
const composite = (...parts: string[]) => JSON.stringify(parts);

const editionColumns = { ...getTableColumns(catalogEditions), catalogSlug: catalogs.slug };

export const editionStore: NodeStore<EditionRow> = {
  byIds: async (db, ids) =>
    await prepared(db, 'editionById', () =>
      db
        .select(editionColumns)
        .from(catalogEditions)
        .innerJoin(catalogs, eq(catalogs.id, catalogEditions.catalogId))
        .where(anyKey(catalogEditions.id)),
    )(ids),
  byKeys: async (db, keys) => {
    const [slugs, labels] = keyParts(keys, 2);
    // One key (a node(id:)): plain equalities, whose generic plan PostgreSQL keeps (see `prepared`).
    if (keys.length === 1) {
      return await prepared(db, 'editionByOneKey', () =>
        db
          .select(editionColumns)
          .from(catalogEditions)
          .innerJoin(catalogs, eq(catalogs.id, catalogEditions.catalogId))
          .where(and(eq(catalogs.slug, sql.placeholder('slug')), eq(catalogEditions.label, sql.placeholder('label')))),
      )([], { slug: slugs![0], label: labels![0] });
    }
    return await prepared(db, 'editionByKey', () =>
      db
        .select(editionColumns)
        .from(catalogEditions)
        .innerJoin(catalogs, eq(catalogs.id, catalogEditions.catalogId))
        // NOTE: each part matched on its own, so both unique indexes serve it; a pair that mixes
        // the parts of two keys matches no key, and the loader keeps only rows of keys asked for.
        .where(
          and(sql`${catalogs.slug} = ANY(${sql.placeholder('slugs')})`, sql`${catalogEditions.label} = ANY(${sql.placeholder('labels')})`),
        ),
    )([], { slugs, labels });
  },
  keyOf: (e) => composite(e.catalogSlug, e.label),
};

/** Every edition of these catalogs, oldest first. */
export async function editionsByCatalog(db: Db, catalogIds: number[]): Promise<EditionRow[]> {
  return await prepared(db, 'editionsByCatalog', () =>
    db
      .select(editionColumns)
      .from(catalogEditions)
      .innerJoin(catalogs, eq(catalogs.id, catalogEditions.catalogId))
      .where(anyKey(catalogEditions.catalogId))
      .orderBy(asc(catalogEditions.validFrom), asc(catalogEditions.id)),
  )(catalogIds);
}

const listColumns = { ...getTableColumns(catalogLists), catalogSlug: catalogs.slug, editionLabel: catalogEditions.label };
const listsWithKeys = (db: Db) =>
  db
    .select(listColumns)
    .from(catalogLists)
    .innerJoin(catalogEditions, eq(catalogEditions.id, catalogLists.editionId))
    .innerJoin(catalogs, eq(catalogs.id, catalogEditions.catalogId));

export const listStore: NodeStore<ListRow> = {
  byIds: async (db, ids) => await prepared(db, 'listById', () => listsWithKeys(db).where(anyKey(catalogLists.id)))(ids),
  byKeys: async (db, keys) => {
    const [slugs, labels, codes] = keyParts(keys, 3);
    return await prepared(db, 'listByKey', () =>
      listsWithKeys(db).where(
        sql`(${catalogs.slug}, ${catalogEditions.label}, ${catalogLists.code}) IN (SELECT * FROM unnest(${sql.placeholder('slugs')}::text[], ${sql.placeholder('labels')}::text[], ${sql.placeholder('codes')}::text[]))`,
      ),
    )([], { slugs, labels, codes });
  },
  keyOf: (l) => composite(l.catalogSlug, l.editionLabel, l.code),
};

/** The lists (tiers) of these editions, in published order. */
export async function listsByEdition(db: Db, editionIds: number[]): Promise<ListRow[]> {
  return await prepared(db, 'listsByEdition', () =>
    listsWithKeys(db).where(anyKey(catalogLists.editionId)).orderBy(asc(catalogLists.position)),
  )(editionIds);
}

/** The lists that carry each of these entries, in published order, each with its entry. */
export async function listsOfEntries(db: Db, entryIds: number[]): Promise<(ListRow & { entryId: number })[]> {
  return await prepared(db, 'listsOfEntries', () =>
    db
      .select({ ...listColumns, entryId: catalogEntryLists.entryId })
      .from(catalogEntryLists)
      .innerJoin(catalogLists, eq(catalogLists.id, catalogEntryLists.listId))
      .innerJoin(catalogEditions, eq(catalogEditions.id, catalogLists.editionId))
      .innerJoin(catalogs, eq(catalogs.id, catalogEditions.catalogId))
      .where(anyKey(catalogEntryLists.entryId))
      .orderBy(asc(catalogLists.position)),
  )(entryIds);
}

/** What an entry is keyed and sorted by: its qualification's slug, its occupation's code, or the occupation's name where it has no code. */
export const subjectKey = sql<string>`COALESCE((SELECT ${qualifications.slug} FROM ${qualifications} WHERE ${qualifications.id} = ${catalogEntries.qualificationId}),
  (SELECT ${occupations.code} FROM ${occupations} WHERE ${occupations.id} = ${catalogEntries.occupationId}), ${catalogEntries.occupationNameZh})`;
const subjectKind = sql<string>`CASE WHEN ${catalogEntries.qualificationId} IS NOT NULL THEN 'qualification' WHEN ${catalogEntries.occupationId} IS NOT NULL THEN 'occupation' ELSE 'occupation-name' END`;
/** The kind part of an entry's global ID, as `subjectKind` computes it in SQL. */
const kindOf = (e: { qualificationId: number | null; occupationId: number | null }) =>
  e.qualificationId !== null ? 'qualification' : e.occupationId !== null ? 'occupation' : 'occupation-name';

/** The columns of an `EntryRow`, over catalog_entries joined to its edition and catalog (what the CatalogEntry loader reads). */
export const entryColumns = {
  ...getTableColumns(catalogEntries),
  catalogSlug: catalogs.slug,
  editionLabel: catalogEditions.label,
  subjectKey,
};
const entriesWithKeys = (db: Db) =>
  db
    .select(entryColumns)
    .from(catalogEntries)
    .innerJoin(catalogEditions, eq(catalogEditions.id, catalogEntries.editionId))
    .innerJoin(catalogs, eq(catalogs.id, catalogEditions.catalogId));

export const entryStore: NodeStore<EntryRow> = {
  byIds: async (db, ids) => await prepared(db, 'entryById', () => entriesWithKeys(db).where(anyKey(catalogEntries.id)))(ids),
  byKeys: async (db, keys) => {
    // An entry's key: catalog slug, edition label, 'qualification', 'occupation' or 'occupation-name', and the slug, code or name.
    const [slugs, labels, kinds, subjects] = keyParts(keys, 4);
    return await prepared(db, 'entryByKey', () =>
      entriesWithKeys(db).where(
        sql`(${catalogs.slug}, ${catalogEditions.label}, ${subjectKind}, ${subjectKey})
          IN (SELECT * FROM unnest(${sql.placeholder('slugs')}::text[], ${sql.placeholder('labels')}::text[], ${sql.placeholder('kinds')}::text[], ${sql.placeholder('subjects')}::text[]))`,
      ),
    )([], { slugs, labels, kinds, subjects });
  },
  keyOf: (e) => composite(e.catalogSlug, e.editionLabel, kindOf(e), e.subjectKey),
};

/** Every entry that lists these qualifications, in any edition, by edition then load order. */
export async function entriesByQualification(db: Db, qualificationIds: number[]): Promise<EntryRow[]> {
  return await prepared(db, 'entriesByQualification', () =>
    entriesWithKeys(db).where(anyKey(catalogEntries.qualificationId)).orderBy(asc(catalogEntries.editionId), asc(catalogEntries.id)),
  )(qualificationIds);
}

/** Entries restricted to those on the list `code` of their edition. */
function onList(code: unknown): SQL {
  return sql`EXISTS (SELECT 1 FROM ${catalogEntryLists} JOIN ${catalogLists} ON ${catalogLists.id} = ${catalogEntryLists.listId}
    WHERE ${catalogEntryLists.entryId} = ${catalogEntries.id} AND ${catalogLists.code} = ${code})`;
}

/** What an edition's entries can be narrowed by: a list, and the qualification filters. */
export interface EntryFilter extends QualificationFilter {
  list?: string | null | undefined;
}

const QUALIFICATION_PREFIX = 'q$';
const ISSUER_PREFIX = 'o$';
/** The fields of `from` (a table's columns, or a subquery's of those columns) named `prefix` + column key. */
function prefixed(prefix: string, from: Record<string, PgColumn>, columns: Record<string, PgColumn>): Record<string, PgColumn> {
  return Object.fromEntries(Object.keys(columns).map((k) => [`${prefix}${k}`, from[k]!]));
}

/** Which key of a joined row goes where: decided once per statement's keys, not per key of every row. */
interface SplitPlan {
  entry: string[];
  qualification: [string, string][];
  issuer: [string, string][];
}
const splitPlans = new Map<string, SplitPlan>();
function splitPlanOf(row: Record<string, unknown>): SplitPlan {
  const keys = Object.keys(row);
  const signature = keys.join(',');
  let plan = splitPlans.get(signature);
  if (!plan) {
    plan = { entry: [], qualification: [], issuer: [] };
    for (const key of keys) {
      if (key.startsWith(QUALIFICATION_PREFIX)) plan.qualification.push([key, key.slice(QUALIFICATION_PREFIX.length)]);
      else if (key.startsWith(ISSUER_PREFIX)) plan.issuer.push([key, key.slice(ISSUER_PREFIX.length)]);
      else if (key !== 'rank' && key !== 'occupationCode') plan.entry.push(key);
    }
    splitPlans.set(signature, plan);
  }
  return plan;
}

/**
 * An entry row's qualification looked up by key, for `LEFT JOIN LATERAL … ON true` (a LATERAL
 * with LIMIT is never merged into a join, so the planner cannot hash the whole table), and its
 * columns as the fields `splitJoined` reads back into `joinedQualification`.
 */
export function qualificationByKey(db: Db, qualificationId: PgColumn) {
  const qualification = db
    .select(getTableColumns(qualifications))
    .from(qualifications)
    .where(eq(qualifications.id, qualificationId))
    .limit(1)
    .as('joined_qualification');
  return {
    qualification,
    fields: prefixed(QUALIFICATION_PREFIX, qualification as unknown as Record<string, PgColumn>, getTableColumns(qualifications)),
  };
}

/**
 * Splits the entry rows of one statement, each joined with its qualification (and issuer, when
 * the statement has it); a row that reads its subject's key itself keeps it.
 */
export function splitJoined<R extends EntryRow = EntryRow>(rows: Record<string, unknown>[]): R[] {
  if (rows.length === 0) return [];
  const plan = splitPlanOf(rows[0]!);
  return rows.map((row) => {
    const entry: Record<string, unknown> = {};
    for (const key of plan.entry) entry[key] = row[key];
    if (row[`${QUALIFICATION_PREFIX}id`] !== null) {
      const q: Record<string, unknown> = {};
      for (const [from, to] of plan.qualification) q[to] = row[from];
      if (plan.issuer.length > 0 && row[`${ISSUER_PREFIX}id`] !== null) {
        const o: Record<string, unknown> = {};
        for (const [from, to] of plan.issuer) o[to] = row[from];
        (q as QualificationRow).joinedIssuer = o as OrganisationRow;
      }
      (entry as EntryRow).joinedQualification = q as QualificationRow;
    }
    const e = entry as R;
    e.subjectKey ??= e.joinedQualification?.slug ?? ((row.occupationCode ?? row.occupationNameZh) as string);
    return e;
  });
}

/**
 * A page of entries for each of many editions, in one statement: row_number() cuts each
 * edition's page, so the statement count does not grow with the editions. Each entry comes with
 * its qualification and issuer (a catalog page is one round trip, not three: the benchmark's W1).
 * Read in the order of `sorts` forwards from `after`, or backwards (`inverted`) towards `before`
 * (the cursors' sort values); `limit` rows per edition. Without a `filter` the statement is
 * prepared once per shape of request, its values bound as placeholders; a filter's SQL differs
 * from request to request, so it is sent unprepared, every value still a bound parameter.
 */
export async function entryPages(
  db: Db,
  editions: readonly Pick<EditionRow, 'id' | 'catalogSlug' | 'label'>[],
  query: EntryFilter & { sorts: Sort[]; filter?: SQL | undefined },
  page: OrderedPage,
): Promise<EntryRow[]> {
  const keysOf = new Map(editions.map((e) => [e.id, e]));
  const rows = await entryPagesBy(db, 'edition', [...keysOf.keys()], query, page);
  // The edition's keys come from the edition itself: every entry of a page shares them.
  for (const entry of rows) {
    const edition = keysOf.get(entry.editionId)!;
    entry.catalogSlug = edition.catalogSlug;
    entry.editionLabel = edition.label;
  }
  return rows;
}

/**
 * A page of the entries that list each of many qualifications (in any edition), in one
 * statement, as `entryPages` reads an edition's: a qualification's listings.
 */
export async function listingPages(
  db: Db,
  qualificationIds: number[],
  query: { sorts: Sort[]; filter?: SQL | undefined },
  page: OrderedPage,
): Promise<EntryRow[]> {
  return await entryPagesBy(db, 'qualification', qualificationIds, query, page);
}

async function entryPagesBy(
  db: Db,
  partition: 'edition' | 'qualification',
  parentIds: number[],
  query: EntryFilter & { sorts: Sort[]; filter?: SQL | undefined },
  page: OrderedPage,
): Promise<EntryRow[]> {
  const { sorts } = query;
  const parent = partition === 'edition' ? catalogEntries.editionId : catalogEntries.qualificationId;
  const values = filterValues(query);
  // A missing value makes another condition (db/keyset.ts), so it is part of the statement, not a placeholder.
  const placeholders = (name: string, bound: unknown[] | undefined) =>
    bound?.map((v, i) => (v === null ? null : sql.placeholder(`${name}${i}`)));
  const nulls = (bound: unknown[] | undefined) => bound?.map((v) => (v === null ? '0' : '1')).join('') ?? '-';
  const build = (bounds: { after: unknown[] | undefined; before: unknown[] | undefined }) => {
    const keyset = keysetSql(sorts, { ...bounds, inverted: page.inverted });
    const ranked = db
      .select({
        ...getTableColumns(catalogEntries),
        rank: sql<number>`row_number() OVER (PARTITION BY ${parent} ORDER BY ${sql.join(keyset.orderBy, sql`, `)})`.as('rank'),
        sortValues: sql<unknown[]>`${keyset.values}`.as('sort_values'),
      })
      .from(catalogEntries)
      .where(
        and(
          anyKey(parent),
          keyset.where,
          query.list ? onList(sql.placeholder('list')) : undefined,
          qualificationFilterSql(catalogEntries.qualificationId, {
            field: values.field === null ? null : sql.placeholder('field'),
            issuerCountry: values.issuerCountry === null ? null : sql.placeholder('country'),
          }),
          query.filter,
        ),
      )
      .as('ranked');
    const { qualification, fields: qualificationFields } = qualificationByKey(db, ranked.qualificationId);
    const issuer = db
      .select(getTableColumns(organisations))
      .from(organisations)
      .where(eq(organisations.id, qualification.issuerId))
      .limit(1)
      .as('page_issuer');
    const entryFields = Object.fromEntries(
      [...Object.keys(getTableColumns(catalogEntries)), 'sortValues'].map((k) => [k, ranked[k as keyof typeof ranked]]),
    ) as unknown as Record<string, PgColumn>;
    return (
      db
        .select({
          ...entryFields,
          // Only for the rows of the page: an occupation's code (a qualification's slug is joined below).
          occupationCode: sql<
            string | null
          >`(SELECT ${occupations.code} FROM ${occupations} WHERE ${occupations.id} = ${ranked.occupationId})`,
          rank: ranked.rank,
          // A qualification's listings span editions: each row says its own (an edition's page takes them from the edition).
          ...(partition === 'qualification'
            ? {
                catalogSlug: sql<string>`(SELECT c.slug FROM ${catalogEditions} AS e JOIN ${catalogs} AS c ON c.id = e.catalog_id WHERE e.id = ${ranked.editionId})`,
                editionLabel: sql<string>`(SELECT e.label FROM ${catalogEditions} AS e WHERE e.id = ${ranked.editionId})`,
              }
            : {}),
          ...qualificationFields,
          ...prefixed(ISSUER_PREFIX, issuer as unknown as Record<string, PgColumn>, getTableColumns(organisations)),
        })
        .from(ranked)
        // NOTE: each page row's qualification and issuer looked up by key (a LATERAL with LIMIT is
        // never merged into a join): as plain joins, the planner, counting every entry of the
        // edition before the rank cut, hashed all 20,064 qualifications at 100× to join 101 rows,
        // 4.3 of a page's 7 ms in PostgreSQL (EXPLAIN ANALYZE).
        .leftJoinLateral(qualification, sql`true`)
        .leftJoinLateral(issuer, sql`true`)
        .where(sql`${ranked.rank} <= ${sql.placeholder('limit')}`)
        .orderBy(asc(partition === 'edition' ? ranked.editionId : ranked.qualificationId), asc(ranked.rank))
    );
  };
  const parameters: Record<string, unknown> = {
    limit: page.limit,
    list: query.list ?? null,
    field: values.field,
    country: values.issuerCountry,
  };
  page.after?.forEach((v, i) => {
    parameters[`after${i}`] = v;
  });
  page.before?.forEach((v, i) => {
    parameters[`before${i}`] = v;
  });
  const ids = parentIds;
  let found: unknown[];
  if (query.filter) {
    found = await build(page)
      .prepare('')
      .execute({ ...parameters, keys: ids });
  } else {
    // One prepared statement per shape of request (order, direction, cursors, filters); values are bound.
    const shape = [
      sorts.map((s) => `${s.name}${s.desc ? '-' : '+'}`).join(''),
      page.inverted,
      nulls(page.after),
      nulls(page.before),
      !!query.list,
      values.field !== null,
      values.issuerCountry !== null,
    ];
    found = await prepared(db, `entryPages:${partition}:${shape.join(',')}`, () =>
      build({ after: placeholders('after', page.after), before: placeholders('before', page.before) }),
    )(ids, parameters);
  }
  return splitJoined(found as Record<string, unknown>[]);
}

/** Loaded entries per edition that pass a filter: the `totalCount` beside an edition's declared size. One statement per filter. */
export async function entryCounts(
  db: Db,
  editionIds: number[],
  filter: EntryFilter & { filter?: SQL | undefined },
): Promise<{ editionId: number; n: number }[]> {
  const values = filterValues(filter);
  // Unfiltered, the count is the size the triggers keep (drizzle/0019); an edition never loaded has no row, and counts 0.
  if (!filter.list && values.field === null && values.issuerCountry === null && !filter.filter) {
    // Prepared: built by drizzle and parsed by PostgreSQL on every diff and edition before (W5).
    return await prepared(db, 'editionSizes', () =>
      db
        .select({ editionId: catalogEditionSizes.editionId, n: catalogEditionSizes.loadedSize })
        .from(catalogEditionSizes)
        .where(anyKey(catalogEditionSizes.editionId)),
    )(editionIds);
  }
  const rows = await db
    .select({ editionId: catalogEntries.editionId, n: count() })
    .from(catalogEntries)
    .where(
      and(
        inArray(catalogEntries.editionId, editionIds),
        filter.list ? onList(filter.list) : undefined,
        qualificationFilterSql(catalogEntries.qualificationId, values),
        filter.filter,
      ),
    )
    .groupBy(catalogEntries.editionId);
  return rows.map((r) => ({ editionId: r.editionId, n: Number(r.n) }));
}

/** How many entries list each of these qualifications (that pass a filter): one statement. */
export async function listingCounts(db: Db, qualificationIds: number[], filter: SQL | undefined): Promise<Map<number, number>> {
  const rows = await listingCountsQuery(db, qualificationIds, filter);
  return new Map(rows.map((r) => [r.qualificationId!, Number(r.n)]));
}

/** The statement of `listingCounts` (the tests EXPLAIN it). */
export function listingCountsQuery(db: Db, qualificationIds: number[], filter: SQL | undefined) {
  return db
    .select({ qualificationId: catalogEntries.qualificationId, n: count() })
    .from(catalogEntries)
    .where(and(inArray(catalogEntries.qualificationId, qualificationIds), filter))
    .groupBy(catalogEntries.qualificationId);
}

/** A page of editions of any catalogs in an `orderBy` order, that pass a filter (keyset). */
export function editionsOrdered(db: Db, filter: SQL | undefined, sorts: Sort[], page: OrderedPage) {
  const keyset = keysetSql(sorts, page);
  return db
    .select({ ...editionColumns, sortValues: keyset.values })
    .from(catalogEditions)
    .innerJoin(catalogs, eq(catalogs.id, catalogEditions.catalogId))
    .where(and(filter, keyset.where))
    .orderBy(...keyset.orderBy)
    .limit(page.limit);
}

/** How many editions pass a filter. */
export async function countEditions(db: Db, filter: SQL | undefined): Promise<number> {
  return await db.$count(catalogEditions, filter);
}
