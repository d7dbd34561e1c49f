import { and, asc, desc, eq, getTableColumns, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { type Db, WORD_SIMILARITY_THRESHOLD } from '../../db/client.ts';
import { keysetSql, type OrderedPage, type Sort } from '../../db/keyset.ts';
import { escapeLike } from '../../db/like.ts';
import { keyedStore, rowsWhereAny } from '../../db/prepared.ts';
import {
  catalogEditions,
  catalogEntries,
  catalogs,
  fields,
  occupations,
  organisations,
  qualificationAliases,
  qualifications,
} from '../../db/tables/index.ts';

export type QualificationRow = typeof qualifications.$inferSelect & {
  /** The values a page was ordered by, for the row's cursor (graphql/ordering.ts). */
  sortValues?: unknown;
  /** The issuer, when fetched with the qualification (a catalog page): resolved without a promise. */
  joinedIssuer?: OrganisationRow;
};
export type OrganisationRow = typeof organisations.$inferSelect;
export type AliasRow = typeof qualificationAliases.$inferSelect;
export type OccupationRow = typeof occupations.$inferSelect;
export type OccupationLevel = OccupationRow['level'];

export const qualificationStore = keyedStore('qualification', qualifications, qualifications.slug, (q) => q.slug);
export const organisationStore = keyedStore('organisation', organisations, organisations.slug, (o) => o.slug);
export const occupationStore = keyedStore('occupation', occupations, occupations.code, (o) => o.code);

export const aliasesOf = rowsWhereAny(
  'aliasesOf',
  qualificationAliases,
  qualificationAliases.qualificationId,
  asc(qualificationAliases.id),
);

export const occupationsByParent = rowsWhereAny('occupationsByParent', occupations, occupations.parentId, asc(occupations.code));

/** The loaded classification nodes of one level, by code. */
export async function listOccupations(db: Db, level: OccupationLevel): Promise<OccupationRow[]> {
  return await db.select().from(occupations).where(eq(occupations.level, level)).orderBy(asc(occupations.code));
}

/** Every issuing organisation, by slug. */
export async function listOrganisations(db: Db): Promise<OrganisationRow[]> {
  return await db.select().from(organisations).orderBy(asc(organisations.slug));
}

/** What a list of qualifications (or of entries listing them) can be narrowed by. */
export interface QualificationFilter {
  field?: string | null | undefined;
  issuerCountry?: string | null | undefined;
}

/**
 * The one SQL form of the qualification filters, over any expression that yields a
 * qualification id: the qualifications themselves, an entry's qualification, an honoured set.
 * Values are bound as parameters, or as placeholders of a prepared statement.
 */
export function qualificationFilterSql(qualificationId: SQLWrapper, filter: { field: unknown; issuerCountry: unknown }): SQL | undefined {
  // NOTE: aliased, so the subqueries' tables never shadow the caller's (`qualifications.id` of a
  // list of qualifications would otherwise name the inner row).
  return and(
    filter.field === null || filter.field === undefined
      ? undefined
      : // A field is asked for by its code or either label: the vocabulary turns any of them into the code.
        sql`EXISTS (SELECT 1 FROM ${qualifications} AS filter_q JOIN ${fields} AS filter_f ON filter_f.code = filter_q.field
            WHERE filter_q.id = ${qualificationId}
              AND (filter_f.code ILIKE ${filter.field} OR filter_f.name_en ILIKE ${filter.field} OR filter_f.name_zh ILIKE ${filter.field}))`,
    filter.issuerCountry === null || filter.issuerCountry === undefined
      ? undefined
      : sql`EXISTS (SELECT 1 FROM ${qualifications} AS filter_q JOIN ${organisations} AS filter_o ON filter_o.id = filter_q.issuer_id
          WHERE filter_q.id = ${qualificationId} AND filter_o.country = ${filter.issuerCountry})`,
  );
}

/** The filter values as the SQL form binds them: a field matched as typed (any case), a country in upper case. */
export function filterValues(filter: QualificationFilter): { field: string | null; issuerCountry: string | null } {
  return {
    field: filter.field ? escapeLike(filter.field) : null,
    issuerCountry: filter.issuerCountry ? filter.issuerCountry.toUpperCase() : null,
  };
}

/** A threshold under which a similarity is noise rather than a typo. */
const SIMILAR_ENOUGH = 0.35;
// The candidates must hold every match: `<%` finds what is at least this similar, and the least
// weight of a similarity term below is 0.75 (0.35 / 0.75 = 0.467).
if (WORD_SIMILARITY_THRESHOLD > SIMILAR_ENOUGH / 0.75) throw new Error('pg_trgm threshold above what a match needs');

/**
 * Matches a substring of names, abbreviation, slug, aliases or the issuer's names, any case: each
 * of the qualification's columns lowered and matched by LIKE against the pattern lowered by
 * PostgreSQL, which is what ILIKE does on a UTF-8 database (like.c lowers both sides) but without
 * lowering the pattern again on every row; the same rows match.
 * NOTE: ranking 20,000 matches spent most of its time in ILIKEs (issue 13, W7).
 */
function searchCondition(pattern: string): SQL {
  return sql`(lower(${qualifications.name}) LIKE lower(${pattern}) OR lower(${qualifications.nameZh}) LIKE lower(${pattern})
    OR lower(${qualifications.abbreviation}) LIKE lower(${pattern}) OR lower(${qualifications.slug}) LIKE lower(${pattern})
    OR EXISTS (SELECT 1 FROM ${qualificationAliases} WHERE ${qualificationAliases.qualificationId} = ${qualifications.id} AND ${qualificationAliases.alias} ILIKE ${pattern})
    OR EXISTS (SELECT 1 FROM ${organisations} WHERE ${organisations.id} = ${qualifications.issuerId}
      AND (${organisations.name} ILIKE ${pattern} OR ${organisations.nameZh} ILIKE ${pattern} OR ${organisations.abbreviation} ILIKE ${pattern})))`;
}

/**
 * How well a qualification matches `search`, 0 to 1: an exact name or abbreviation 1, a prefix
 * 0.9, a substring anywhere (names, aliases, issuer) 0.8, else the best trigram word similarity
 * (typos). Case-insensitive; Chinese substrings and prefixes match like any other. Whatever
 * `searchCondition` matches scores at least 0.8, so "relevance at least SIMILAR_ENOUGH" is all
 * a match is (`searchMatches`).
 * NOTE: a CASE, not a GREATEST of every term: the similarities (at most 0.75, under every tier)
 * and their subqueries are computed only for rows no tier matched, so a common word that
 * matches thousands of names costs a few LIKEs a row (issue 13, W7).
 */
function relevance(search: string): SQL {
  const lower = search.toLowerCase();
  const prefix = `${escapeLike(search)}%`;
  const anywhere = `%${escapeLike(search)}%`;
  const aliasSimilarity = sql`COALESCE((SELECT max(word_similarity(${lower}, lower(${qualificationAliases.alias}))) FROM ${qualificationAliases} WHERE ${qualificationAliases.qualificationId} = ${qualifications.id}), 0)`;
  const issuerSimilarity = sql`COALESCE((SELECT word_similarity(${lower}, lower(${organisations.name})) FROM ${organisations} WHERE ${organisations.id} = ${qualifications.issuerId}), 0)`;
  return sql`(CASE
    WHEN lower(${qualifications.name}) = ${lower} OR lower(${qualifications.abbreviation}) = ${lower} OR ${qualifications.nameZh} = ${search} THEN 1
    WHEN lower(${qualifications.name}) LIKE lower(${prefix}) OR lower(${qualifications.nameZh}) LIKE lower(${prefix})
      OR lower(${qualifications.abbreviation}) LIKE lower(${prefix}) THEN 0.9
    WHEN ${searchCondition(anywhere)} THEN 0.8
    ELSE GREATEST(
      word_similarity(${lower}, lower(${qualifications.name})) * 0.75,
      word_similarity(${lower}, lower(COALESCE(${qualifications.nameZh}, ''))) * 0.75,
      ${aliasSimilarity} * 0.7,
      ${issuerSimilarity} * 0.6
    ) END)`;
}

export interface QualificationQuery extends QualificationFilter {
  /** Already trimmed, 2 to 200 characters. */
  search?: string | undefined;
  /** Only qualifications that a catalog of this jurisdiction lists, in any edition. */
  listedInJurisdictionId?: number | undefined;
  /** A `filter` argument, compiled (graphql/filters.ts). */
  filter?: SQL | undefined;
}

/** Which qualifications a search matches: a substring anywhere (0.8 or more), or a relevance over the threshold (typos). */
export function searchMatches(search: string): SQL {
  return sql`(${relevance(search)} >= ${SIMILAR_ENOUGH})`;
}

/**
 * The qualifications a search can match, found through the trigram indexes (a substring by
 * ILIKE, a typo by `<%`) instead of scoring every row: a superset of `searchMatches`, which is
 * then checked on these few rows only. NOTE: scoring every row made search at 100× serve 4
 * requests/s with a p99 of 3.9 s (issue 13).
 */
export function searchCandidates(search: string): SQL {
  const anywhere = `%${escapeLike(search)}%`;
  const lower = search.toLowerCase();
  // A substring of any of these is one of the whole text (drizzle/0020 indexes this very
  // expression): a superset, which searchMatches then narrows on the columns themselves. A typo
  // counts only in the names (relevance), each read through its own index; one over the whole
  // text would also match every slug that shares "syn-q-" (1.7 s, measured).
  const text = sql`(cq.name || ' ' || coalesce(cq.name_zh, '') || ' ' || coalesce(cq.abbreviation, '') || ' ' || cq.slug)`;
  return sql`${qualifications.id} IN (
    SELECT cq.id FROM qualifications cq WHERE ${text} ILIKE ${anywhere}
    UNION SELECT cq.id FROM qualifications cq WHERE ${lower} <% cq.name
    UNION SELECT cq.id FROM qualifications cq WHERE ${lower} <% cq.name_zh
    UNION SELECT ca.qualification_id FROM qualification_aliases ca WHERE ca.alias ILIKE ${anywhere} OR ${lower} <% ca.alias
    UNION SELECT ci.id FROM organisations co JOIN qualifications ci ON ci.issuer_id = co.id
      WHERE co.name ILIKE ${anywhere} OR co.name_zh ILIKE ${anywhere} OR co.abbreviation ILIKE ${anywhere} OR ${lower} <% co.name)`;
}

/**
 * The condition of a qualifications query: search matches, filters, listed in a jurisdiction.
 * `candidatesOnly` leaves the search at its candidates, for a caller that scores them and keeps
 * those relevant enough itself.
 */
function whereOf(query: QualificationQuery, candidatesOnly = false): SQL | undefined {
  const search = query.search;
  const matches = search ? and(searchCandidates(search), candidatesOnly ? undefined : searchMatches(search)) : undefined;
  const listedIn =
    query.listedInJurisdictionId === undefined
      ? undefined
      : sql`EXISTS (SELECT 1 FROM ${catalogEntries} JOIN ${catalogEditions} ON ${catalogEditions.id} = ${catalogEntries.editionId}
          JOIN ${catalogs} ON ${catalogs.id} = ${catalogEditions.catalogId}
          WHERE ${catalogEntries.qualificationId} = ${qualifications.id} AND ${catalogs.jurisdictionId} = ${query.listedInJurisdictionId})`;
  return and(matches, qualificationFilterSql(qualifications.id, filterValues(query)), listedIn, query.filter);
}

/** A page of qualifications in an `orderBy` order, read forwards or backwards from a cursor's sort values (keyset). */
export function qualificationsOrdered(db: Db, query: QualificationQuery, sorts: Sort[], page: OrderedPage) {
  const keyset = keysetSql(sorts, page);
  return db
    .select({ ...getTableColumns(qualifications), sortValues: keyset.values })
    .from(qualifications)
    .where(and(whereOf(query), keyset.where))
    .orderBy(...keyset.orderBy)
    .limit(page.limit);
}

/**
 * A page of qualifications by relevance to the search (best first, by slug among equals), by
 * position, each row with `total`: how many match in all. NOTE: the candidates are scored once,
 * in a CTE the page and the count both read, and kept by their score (`searchMatches` is
 * "relevance at least SIMILAR_ENOUGH") instead of scored again to match; a common prefix matches
 * 20,000 qualifications at 100× (issue 13, W7).
 */
export async function qualificationsByRelevance(
  db: Db,
  query: QualificationQuery & { search: string },
  page: { offset: number; limit: number },
): Promise<(QualificationRow & { total: number })[]> {
  const scored = db.$with('scored').as(
    db
      .select({
        matchedId: sql<number>`${qualifications.id}`.as('matched_id'),
        score: sql<number>`${relevance(query.search)}`.as('score'),
        matchedSlug: sql<string>`${qualifications.slug}`.as('matched_slug'),
      })
      .from(qualifications)
      .where(whereOf(query, true)),
  );
  const relevant = sql`${scored.score} >= ${SIMILAR_ENOUGH}`;
  const best = db
    .select({ matchedId: scored.matchedId, score: scored.score, matchedSlug: scored.matchedSlug })
    .from(scored)
    .where(relevant)
    .orderBy(desc(scored.score), asc(scored.matchedSlug))
    .limit(page.limit)
    .offset(page.offset)
    .as('best');
  return await db
    .with(scored)
    .select({
      ...getTableColumns(qualifications),
      total: sql<number>`(SELECT count(*)::int FROM ${scored} WHERE ${relevant})`.mapWith(Number),
    })
    .from(best)
    .innerJoin(qualifications, eq(qualifications.id, best.matchedId))
    .orderBy(desc(best.score), asc(best.matchedSlug));
}

export async function countQualifications(db: Db, query: QualificationQuery): Promise<number> {
  return await db.$count(qualifications, whereOf(query));
}
