import { and, asc, eq, getTableColumns, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { type Db, WORD_SIMILARITY_THRESHOLD } from '../../db/client.ts';
import { keysetSql, type OrderedPage, type Sort } from '../../db/keyset.ts';
import { escapeLike } from '../../db/like.ts';
import { keyedStore, prepared, rowsWhereAny } from '../../db/prepared.ts';
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
// `<%` on a name is the whole typo test of a name (weight 0.75): the threshold is SIMILAR_ENOUGH /
// 0.75 itself (db/client.ts). NOTE: `ws >= t` and `ws * 0.75 >= 0.35` then agree on every ws,
// which is a float4: the two bounds differ by less than a double's rounding, and no float4 lies
// that close to 7/15. An alias (0.7) or an issuer (0.6) needs more, checked after `<%`.
if (WORD_SIMILARITY_THRESHOLD !== SIMILAR_ENOUGH / 0.75) throw new Error('pg_trgm threshold is not what a name match needs');

/**
 * `search_doc` (drizzle/0022) is a qualification's names, abbreviation and slug, lowered and joined
 * by this character: a pattern without it matches the document exactly where it matches one of
 * the columns, so one trigram index and one LIKE a row stand for four lowered columns.
 */
const DOC_SEPARATOR = '\u001f';
const searchDoc = sql`${qualifications}.search_doc`;

/**
 * What a search's SQL binds: the text as typed, lowered (by JavaScript, as similarity takes it),
 * as a LIKE prefix and as a LIKE substring; values for one statement, or placeholders for a
 * prepared one (`separator` changes the statement's shape, so a prepared one has none).
 */
interface Terms {
  search: unknown;
  lower: unknown;
  prefix: unknown;
  anywhere: unknown;
  separator: boolean;
}
function termsOf(search: string): Terms {
  return {
    search,
    lower: search.toLowerCase(),
    prefix: `${escapeLike(search)}%`,
    anywhere: `%${escapeLike(search)}%`,
    separator: search.includes(DOC_SEPARATOR),
  };
}
const PLACEHOLDERS: Terms = {
  search: sql.placeholder('search'),
  lower: sql.placeholder('lower'),
  prefix: sql.placeholder('prefix'),
  anywhere: sql.placeholder('anywhere'),
  separator: false,
};

/**
 * Matches a substring of names, abbreviation, slug, aliases or the issuer's names, any case:
 * the qualification's own columns lowered (what ILIKE does on a UTF-8 database: like.c lowers
 * both sides), the aliases and issuers found first through their trigram indexes. The form
 * the planner can serve from indexes: a BitmapOr of the document's trigram index and the ids.
 * `walking` writes the document's test as strpos, which no index serves, for a caller that reads
 * rows in slug order: the same rows match (a LIKE of an escaped pattern is a literal substring).
 */
function substringOf(t: Terms, walking = false): SQL {
  const anywhere = t.anywhere;
  const own = t.separator
    ? sql`(lower(${qualifications.name}) LIKE lower(${anywhere}) OR lower(${qualifications.nameZh}) LIKE lower(${anywhere})
        OR lower(${qualifications.abbreviation}) LIKE lower(${anywhere}) OR lower(${qualifications.slug}) LIKE lower(${anywhere}))`
    : walking
      ? sql`strpos(${searchDoc}, lower(${t.search})) > 0`
      : sql`${searchDoc} LIKE lower(${anywhere})`;
  return sql`(${own}
    OR ${qualifications.id} = ANY(ARRAY(SELECT sa.qualification_id FROM ${qualificationAliases} sa WHERE sa.alias ILIKE ${anywhere}))
    OR ${qualifications.issuerId} = ANY(ARRAY(SELECT so.id FROM ${organisations} so
      WHERE so.name ILIKE ${anywhere} OR so.name_zh ILIKE ${anywhere} OR so.abbreviation ILIKE ${anywhere})))`;
}

/** A prefix of the name, Chinese name or abbreviation, any case (scores 0.9; the exact ones 1). */
function prefixOf(t: Terms): SQL {
  const prefix = t.prefix;
  return sql`(${qualifications.name} ILIKE ${prefix} OR ${qualifications.nameZh} ILIKE ${prefix} OR ${qualifications.abbreviation} ILIKE ${prefix})`;
}

/** The name, abbreviation or Chinese name is the search itself, any case (scores 1). */
function exactOf(t: Terms): SQL {
  return sql`(lower(${qualifications.name}) = lower(${t.search}) OR lower(${qualifications.abbreviation}) = lower(${t.search}) OR ${qualifications.nameZh} = ${t.search})`;
}

/**
 * The ids of the qualifications similar enough by words (typos): in the names (`<%`, exact at
 * the threshold), an alias (weight 0.7) or the issuer's name (0.6), each through its own trigram
 * index. NOTE: one OR over them made the bitmap's recheck and the filter compute each row's
 * similarity twice (22 against 12 ms for 2,000 candidates, measured).
 */
function similarIds(t: Terms): SQL {
  const lower = t.lower;
  return sql`(SELECT tq.id FROM ${qualifications} tq WHERE ${lower} <% tq.name
    UNION SELECT tq.id FROM ${qualifications} tq WHERE ${lower} <% tq.name_zh
    UNION SELECT ta.qualification_id FROM ${qualificationAliases} ta
      WHERE ${lower} <% ta.alias AND word_similarity(${lower}, lower(ta.alias)) * 0.7 >= ${sql.raw(String(SIMILAR_ENOUGH))}
    UNION SELECT ti.id FROM ${organisations} tor JOIN ${qualifications} ti ON ti.issuer_id = tor.id
      WHERE ${lower} <% tor.name AND word_similarity(${lower}, lower(tor.name)) * 0.6 >= ${sql.raw(String(SIMILAR_ENOUGH))})`;
}

/**
 * The score of a typo match (every term under 0.75, under the substring tiers): the best word
 * similarity of the names, an alias or the issuer's name, weighted.
 */
function similarityScore(t: Terms): SQL {
  const lower = t.lower;
  return sql`GREATEST(
    word_similarity(${lower}, lower(${qualifications.name})) * 0.75,
    word_similarity(${lower}, lower(COALESCE(${qualifications.nameZh}, ''))) * 0.75,
    COALESCE((SELECT max(word_similarity(${lower}, lower(${qualificationAliases.alias}))) FROM ${qualificationAliases}
      WHERE ${qualificationAliases.qualificationId} = ${qualifications.id}), 0) * 0.7,
    COALESCE((SELECT word_similarity(${lower}, lower(${organisations.name})) FROM ${organisations}
      WHERE ${organisations.id} = ${qualifications.issuerId}), 0) * 0.6)`;
}

/**
 * Which qualifications a search matches: a substring anywhere, or a typo (a word similarity over
 * the threshold), any case, Chinese included. Written as conditions the trigram indexes serve.
 */
export function searchMatches(search: string): SQL {
  const t = termsOf(search);
  return sql`(${substringOf(t)} OR ${qualifications.id} = ANY(ARRAY${similarIds(t)}))`;
}

export interface QualificationQuery extends QualificationFilter {
  /** Already trimmed, 2 to 200 characters. */
  search?: string | undefined;
  /** Only qualifications that a catalog of this jurisdiction lists, in any edition. */
  listedInJurisdictionId?: number | undefined;
  /** A `filter` argument, compiled (graphql/filters.ts). */
  filter?: SQL | undefined;
}

/** The conditions of a qualifications query besides its search: filters, listed in a jurisdiction. */
function filtersOf(query: QualificationQuery): SQL | undefined {
  const listedIn =
    query.listedInJurisdictionId === undefined
      ? undefined
      : sql`EXISTS (SELECT 1 FROM ${catalogEntries} JOIN ${catalogEditions} ON ${catalogEditions.id} = ${catalogEntries.editionId}
          JOIN ${catalogs} ON ${catalogs.id} = ${catalogEditions.catalogId}
          WHERE ${catalogEntries.qualificationId} = ${qualifications.id} AND ${catalogs.jurisdictionId} = ${query.listedInJurisdictionId})`;
  return and(qualificationFilterSql(qualifications.id, filterValues(query)), listedIn, query.filter);
}

/** The condition of a qualifications query: search matches, filters, listed in a jurisdiction. */
function whereOf(query: QualificationQuery): SQL | undefined {
  return and(query.search ? searchMatches(query.search) : undefined, filtersOf(query));
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
 * The typo tier: similar enough by words, and no substring match.
 * NOTE: = ANY(ARRAY(…)) looks the few similar ids up by key; as IN, the planner hashed them and
 * read all 20,000 qualifications to test each for a substring (31 against 16 ms, measured).
 * IS NOT TRUE, not NOT: a missing Chinese name or issuer makes a condition NULL, not false.
 */
function similarOnly(t: Terms, filters: SQL | undefined): SQL | undefined {
  return and(sql`${qualifications.id} = ANY(ARRAY${similarIds(t)})`, sql`${substringOf(t)} IS NOT TRUE`, filters);
}

/** How many tier-3 matches make reading them in slug order cheaper than finding and sorting them all. */
const DENSE_SUBSTRINGS = 1000;

/**
 * A page of qualifications by relevance to the search, best first and by slug among equals, with
 * how many match in all. Relevance comes in tiers: the name, abbreviation or Chinese name exactly
 * (1), a prefix of one (0.9), a substring anywhere, aliases and issuer included (0.8), else a
 * typo, scored by the best weighted word similarity (under 0.75). The tiers are counted first,
 * each through its indexes, and the page then reads only the tiers it covers, each as far as
 * the page reaches.
 * NOTE: scoring every match, then sorting them all, cost a search PostgreSQL 50–150 ms where a
 * common fragment ("syn-q") matches all 20,000 qualifications at 100× (issue 13, W7); a dense
 * substring tier is now read in slug order, up to the page, and only typos are scored.
 * NOTE: two statements, each its own snapshot: a write between them can move a row across the
 * page's edge, as between two pages of any offset connection.
 */
export async function qualificationsByRelevance(
  db: Db,
  query: QualificationQuery & { search: string },
  page: { offset: number; limit: number },
  tuning = { denseSubstrings: DENSE_SUBSTRINGS },
): Promise<{ rows: QualificationRow[]; total: number }> {
  const filters = filtersOf(query);
  const terms = termsOf(query.search);
  // A search alone (what a search box sends) is counted by a prepared statement: PostgreSQL plans
  // it once instead of on every request, and drizzle builds it once.
  // NOTE: planning the counts took 2.5–5 ms of a 15–20 ms search at 100× (the bind in the log).
  const fixed = filters === undefined && !terms.separator;
  const values = { search: terms.search, lower: terms.lower, prefix: terms.prefix, anywhere: terms.anywhere };
  const countsQuery = (t: Terms) =>
    db
      .select({
        prefixed: sql<number>`(SELECT count(*)::int FROM ${qualifications} WHERE ${and(prefixOf(t), filters)})`.mapWith(Number),
        substrings: sql<number>`(SELECT count(*)::int FROM ${qualifications} WHERE ${and(substringOf(t), filters)})`.mapWith(Number),
        similar: sql<number>`(SELECT count(*)::int FROM ${qualifications} WHERE ${similarOnly(t, filters)})`.mapWith(Number),
      })
      .from(sql`(SELECT 1) AS one`);
  const [counts] = fixed ? await prepared(db, 'searchCounts', () => countsQuery(PLACEHOLDERS))([], values) : await countsQuery(terms);
  const { prefixed, substrings } = counts!;
  const total = substrings + counts!.similar;
  const start = page.offset;
  const end = Math.min(page.offset + page.limit, total);
  /** The part of [start, end) in a tier spanning [from, to): its LIMIT and OFFSET, or none. */
  const within = (from: number, to: number) => {
    const a = Math.max(start, from);
    const b = Math.min(end, to);
    return b > a ? { limit: b - a, offset: a - from } : undefined;
  };
  const ranges = [within(0, prefixed), within(prefixed, substrings), within(substrings, total)] as const;
  if (!ranges.some(Boolean)) return { rows: [], total };
  const dense = substrings - prefixed >= tuning.denseSubstrings;
  const window = (i: number) => sql`LIMIT ${ranges[i]!.limit} OFFSET ${ranges[i]!.offset}`;
  const parts: SQL[] = [];
  if (ranges[0]) {
    parts.push(sql`(SELECT ${qualifications.id} AS id, ${qualifications.slug} AS slug,
          (CASE WHEN ${exactOf(terms)} THEN 1 ELSE 0.9 END)::float8 AS score
        FROM ${qualifications} WHERE ${and(prefixOf(terms), filters)} ORDER BY score DESC, slug ${window(0)})`);
  }
  if (ranges[1]) {
    const tier = and(substringOf(terms, dense), sql`${prefixOf(terms)} IS NOT TRUE`, filters);
    parts.push(
      dense
        ? // Most rows match: walking the slug index finds the page's rows within a few times as many.
          sql`(SELECT ${qualifications.id} AS id, ${qualifications.slug} AS slug, 0.8::float8 AS score
              FROM ${qualifications} WHERE ${tier} ORDER BY ${qualifications.slug} ${window(1)})`
        : // Few match: found through the trigram index and sorted (MATERIALIZED plans them apart from the LIMIT).
          sql`(WITH tier AS MATERIALIZED (SELECT ${qualifications.id} AS id, ${qualifications.slug} AS slug FROM ${qualifications} WHERE ${tier})
              SELECT id, slug, 0.8::float8 AS score FROM tier ORDER BY slug ${window(1)})`,
    );
  }
  if (ranges[2]) {
    parts.push(sql`(WITH tier AS MATERIALIZED (SELECT ${qualifications.id} AS id, ${qualifications.slug} AS slug,
          ${similarityScore(terms)}::float8 AS score FROM ${qualifications} WHERE ${similarOnly(terms, filters)})
        SELECT id, slug, score FROM tier ORDER BY score DESC, slug ${window(2)})`);
  }
  // NOTE: the page is not prepared: its LIMIT and OFFSET decide between walking the slug index and
  // sorting, and a generic plan is made without them. Prepared too, W7's p99 at 100× was 645–653 ms
  // against 574 with the counts alone prepared (two rounds each, same session).
  const rows = await db
    .select(getTableColumns(qualifications))
    .from(sql`(${sql.join(parts, sql` UNION ALL `)}) AS best`)
    .innerJoin(qualifications, sql`${qualifications.id} = best.id`)
    .orderBy(sql`best.score DESC`, sql`best.slug`);
  return { rows, total };
}

export async function countQualifications(db: Db, query: QualificationQuery): Promise<number> {
  return await db.$count(qualifications, whereOf(query));
}
