import { and, asc, eq, getTableColumns, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { keysetSql, type OrderedPage, type Sort } from '../../db/keyset.ts';
import { anyKey, prepared } from '../../db/prepared.ts';
import {
  agreementParties,
  catalogEditionSizes,
  catalogEditions,
  catalogEntries,
  catalogEntryLists,
  catalogLists,
  catalogs,
  qualifications,
  recognitionAgreements,
  regionGroupMembers,
  standards,
  standardVersionCategories,
  standardVersions,
} from '../../db/tables/index.ts';
import {
  filterValues,
  type QualificationFilter,
  type QualificationRow,
  qualificationFilterSql,
} from '../qualification/qualification.store.ts';
import { inForceOnSql } from '../time/validity.ts';
import {
  type AgreementInForce,
  type AgreementKind,
  type Basis,
  type ConferringVersion,
  type EditionInForce,
  type Listing,
  setFormTerms,
} from './recognition.rules.ts';

// NOTE: the facts the recognition rules take, read from the database, and the set form of the
// rules as SQL. Every function runs one statement (the set form: one subquery) whatever the
// number of regions, editions, entries or agreements.

type AgreementRow = Omit<AgreementInForce, 'sources' | 'targets' | 'members'>;
/** One agreement row per member jurisdiction of each of its parties. */
type AgreementMember = AgreementRow & { role: 'PARTY' | 'SOURCE' | 'TARGET'; memberId: number };

/** Agreements of some kinds in force on a day, with their parties expanded: one statement. */
export async function agreementsInForce(db: Db, day: string, kinds: AgreementKind[]): Promise<AgreementInForce[]> {
  const query = prepared(db, `agreementsInForce:${kinds.join(',')}`, () =>
    db
      .select({
        id: recognitionAgreements.id,
        kind: recognitionAgreements.kind,
        direction: recognitionAgreements.direction,
        validFrom: recognitionAgreements.validFrom,
        validFromPrecision: recognitionAgreements.validFromPrecision,
        validTo: recognitionAgreements.validTo,
        validToPrecision: recognitionAgreements.validToPrecision,
        repealedOn: recognitionAgreements.repealedOn,
        categoryId: recognitionAgreements.categoryId,
        standardId: recognitionAgreements.standardId,
        catalogId: recognitionAgreements.catalogId,
        qualificationId: recognitionAgreements.qualificationId,
        equivalentQualificationId: recognitionAgreements.equivalentQualificationId,
        role: agreementParties.role,
        memberId: sql<number>`COALESCE(${agreementParties.jurisdictionId}, ${regionGroupMembers.jurisdictionId})`.mapWith(Number),
      })
      .from(recognitionAgreements)
      .innerJoin(agreementParties, eq(agreementParties.agreementId, recognitionAgreements.id))
      .leftJoin(regionGroupMembers, eq(regionGroupMembers.groupId, agreementParties.regionGroupId))
      .where(and(inArray(recognitionAgreements.kind, kinds as never[]), inForceOnSql(recognitionAgreements, sql.placeholder('day'))))
      .orderBy(asc(recognitionAgreements.id)),
  );
  const rows = (await query([], { day })) as AgreementMember[];
  const byId = new Map<number, AgreementInForce>();
  for (const r of rows) {
    let a = byId.get(r.id);
    if (!a) {
      const { role: _role, memberId: _member, ...rest } = r;
      a = { ...rest, sources: new Set(), targets: new Set(), members: new Set() };
      byId.set(r.id, a);
    }
    a.members.add(r.memberId);
    if (r.role === 'PARTY' || r.role === 'SOURCE') a.sources.add(r.memberId);
    if (r.role === 'PARTY' || r.role === 'TARGET') a.targets.add(r.memberId);
  }
  return [...byId.values()];
}

/** Every published listing of these qualifications in qualification catalogs, of any date: one statement. */
export async function listingsOf(db: Db, qualificationIds: number[]): Promise<Listing[]> {
  if (qualificationIds.length === 0) return [];
  const query = prepared(db, 'listingsOf', () =>
    db
      .select({
        entryId: catalogEntries.id,
        qualificationId: catalogEntries.qualificationId,
        editionId: catalogEditions.id,
        catalogId: catalogs.id,
        jurisdictionId: catalogs.jurisdictionId,
        validFrom: catalogEditions.validFrom,
        validFromPrecision: catalogEditions.validFromPrecision,
        validTo: catalogEditions.validTo,
        validToPrecision: catalogEditions.validToPrecision,
        repealedOn: catalogEditions.repealedOn,
        listIds: sql<
          number[]
        >`COALESCE(array_agg(${catalogLists.id} ORDER BY ${catalogLists.position}) FILTER (WHERE ${catalogLists.id} IS NOT NULL), '{}')`,
      })
      .from(catalogEntries)
      .innerJoin(catalogEditions, and(eq(catalogEditions.id, catalogEntries.editionId), eq(catalogEditions.status, 'PUBLISHED')))
      .innerJoin(catalogs, and(eq(catalogs.id, catalogEditions.catalogId), eq(catalogs.kind, 'QUALIFICATION')))
      .leftJoin(catalogEntryLists, eq(catalogEntryLists.entryId, catalogEntries.id))
      .leftJoin(catalogLists, eq(catalogLists.id, catalogEntryLists.listId))
      .where(anyKey(catalogEntries.qualificationId))
      .groupBy(catalogEntries.id, catalogEditions.id, catalogs.id)
      .orderBy(asc(catalogEditions.validFrom), asc(catalogEntries.id)),
  );
  return (await query(qualificationIds)) as Listing[];
}

/**
 * Qualification-catalog editions in force on a day (of these jurisdictions, when given), with
 * their declared and loaded sizes. One statement.
 */
export async function editionsInForce(db: Db, day: string, jurisdictionIds?: number[]): Promise<EditionInForce[]> {
  // Read from the sizes the triggers keep (drizzle/0019), not counted: an edition never loaded has no row.
  const loaded = sql<number>`COALESCE(${catalogEditionSizes.loadedSize}, 0)`.mapWith(Number);
  const query = prepared(db, `editionsInForce:${jurisdictionIds ? 'of' : 'all'}`, () =>
    db
      .select({
        editionId: catalogEditions.id,
        catalogId: catalogEditions.catalogId,
        jurisdictionId: catalogs.jurisdictionId,
        declaredSize: catalogEditions.declaredSize,
        loadedSize: loaded,
      })
      .from(catalogEditions)
      .innerJoin(catalogs, and(eq(catalogs.id, catalogEditions.catalogId), eq(catalogs.kind, 'QUALIFICATION')))
      .leftJoin(catalogEditionSizes, eq(catalogEditionSizes.editionId, catalogEditions.id))
      .where(and(jurisdictionIds ? anyKey(catalogs.jurisdictionId) : undefined, inForceOnSql(catalogEditions, sql.placeholder('day'))))
      .orderBy(asc(catalogs.jurisdictionId), asc(catalogEditions.id)),
  );
  return await query(jurisdictionIds ?? [], { day });
}

/** Every published standard version that confers the category, of any date and place, with the jurisdiction that issued it. One statement. */
export async function conferringVersions(db: Db, categoryId: number): Promise<ConferringVersion[]> {
  const query = prepared(db, 'conferringVersions', () =>
    db
      .select({
        id: standardVersions.id,
        standardId: standardVersions.standardId,
        jurisdictionId: standards.jurisdictionId,
        validFrom: standardVersions.validFrom,
        validFromPrecision: standardVersions.validFromPrecision,
        validTo: standardVersions.validTo,
        validToPrecision: standardVersions.validToPrecision,
        repealedOn: standardVersions.repealedOn,
      })
      .from(standardVersions)
      .innerJoin(
        standardVersionCategories,
        and(
          eq(standardVersionCategories.versionId, standardVersions.id),
          sql`${standardVersionCategories.categoryId} = ${sql.placeholder('category')}`,
        ),
      )
      .innerJoin(standards, eq(standards.id, standardVersions.standardId))
      .where(eq(standardVersions.status, 'PUBLISHED'))
      .orderBy(asc(standardVersions.validFrom)),
  );
  return (await query([], { category: categoryId })) as ConferringVersion[];
}

/**
 * Every (jurisdiction, qualification, basis, entry) recognition on `day` for a set of
 * jurisdictions, as one SQL subquery: the set form of the LISTED, AGREEMENT and EQUIVALENCE
 * rules, for pages, coverage and overlap, where the per-qualification form
 * (`qualificationRecognitions`) would mean one run per qualification. Both forms are checked
 * against the rules by the property test (test/recognition.property.test.ts). `entry` is the catalog entry that gives the
 * recognition: the jurisdiction's own, the giving party's, or the equivalent's.
 */
export async function honouredSet(db: Db, jurisdictionIds: number[], day: string): Promise<SQL> {
  const terms = setFormTerms(await agreementsInForce(db, day, ['LISTING', 'EQUIVALENCE']), jurisdictionIds);
  const extended = terms.extended.map(([taker, giver, catalog]) => sql`(${taker}::int, ${giver}::int, ${catalog}::int)`);
  const equivalent = terms.equivalent.map(([j, q, via]) => sql`(${j}::int, ${q}::int, ${via}::int)`);
  const inForce = inForceOnSql(catalogEditions, day);
  const kind = sql`${catalogs.kind} = 'QUALIFICATION'`;
  const ids = jurisdictionIds.length
    ? sql.join(
        jurisdictionIds.map((j) => sql`${j}::int`),
        sql`, `,
      )
    : sql`NULL::int`;
  const parts: SQL[] = [
    sql`SELECT ${catalogs.jurisdictionId} AS j, ${catalogEntries.qualificationId} AS q, 'LISTED' AS basis, ${catalogEntries.id} AS entry
      FROM ${catalogEntries} JOIN ${catalogEditions} ON ${catalogEditions.id} = ${catalogEntries.editionId} JOIN ${catalogs} ON ${catalogs.id} = ${catalogEditions.catalogId}
      WHERE ${catalogs.jurisdictionId} IN (${ids}) AND ${kind} AND ${inForce}`,
  ];
  if (extended.length > 0) {
    parts.push(sql`SELECT ext.j, ${catalogEntries.qualificationId} AS q, 'AGREEMENT' AS basis, ${catalogEntries.id} AS entry
      FROM (VALUES ${sql.join(extended, sql`, `)}) AS ext(j, giver, catalog)
      JOIN ${catalogs} ON ${catalogs.jurisdictionId} = ext.giver AND (ext.catalog IS NULL OR ${catalogs.id} = ext.catalog)
      JOIN ${catalogEditions} ON ${catalogEditions.catalogId} = ${catalogs.id} JOIN ${catalogEntries} ON ${catalogEntries.editionId} = ${catalogEditions.id}
      WHERE ${kind} AND ${inForce} AND ${catalogEntries.qualificationId} IS NOT NULL`);
  }
  if (equivalent.length > 0) {
    parts.push(sql`SELECT eqv.j, eqv.q, 'EQUIVALENCE' AS basis, ${catalogEntries.id} AS entry
      FROM (VALUES ${sql.join(equivalent, sql`, `)}) AS eqv(j, q, via)
      JOIN ${catalogEntries} ON ${catalogEntries.qualificationId} = eqv.via
      JOIN ${catalogEditions} ON ${catalogEditions.id} = ${catalogEntries.editionId} JOIN ${catalogs} ON ${catalogs.id} = ${catalogEditions.catalogId}
      WHERE ${catalogs.jurisdictionId} = eqv.j AND ${kind} AND ${inForce}`);
  }
  return sql`(${sql.join(parts, sql` UNION ALL `)})`;
}

/** What the qualifications a jurisdiction honours can be narrowed by: bases, and the qualification filters. */
export interface HonouredQuery extends QualificationFilter {
  bases?: readonly Basis[] | null | undefined;
  /** A `filter` argument, compiled (graphql/filters.ts). */
  filter?: SQL | undefined;
}

/**
 * The qualifications a jurisdiction honours on `day` (the set form), ready to page by slug
 * (keyset) or by name (position), and to count. Reading the set costs one statement, once.
 */
export async function honouredQualifications(db: Db, jurisdictionId: number, day: string, query: HonouredQuery) {
  const bases = query.bases?.length
    ? sql` AND h.basis IN (${sql.join(
        query.bases.map((b) => sql`${b}`),
        sql`, `,
      )})`
    : sql``;
  const honoured = sql`(SELECT h.q FROM ${await honouredSet(db, [jurisdictionId], day)} AS h WHERE TRUE${bases})`;
  const where = and(sql`${qualifications.id} IN ${honoured}`, qualificationFilterSql(qualifications.id, filterValues(query)), query.filter);
  return {
    ordered: async (sorts: Sort[], page: OrderedPage): Promise<QualificationRow[]> => {
      const keyset = keysetSql(sorts, page);
      return await db
        .select({ ...getTableColumns(qualifications), sortValues: keyset.values })
        .from(qualifications)
        .where(and(where, keyset.where))
        .orderBy(...keyset.orderBy)
        .limit(page.limit);
    },
    count: async () => await db.$count(qualifications, where),
  };
}
