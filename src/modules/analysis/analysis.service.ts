import { and, asc, eq, gte, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { type Db, rows } from '../../db/client.ts';
import { anyKey, prepared } from '../../db/prepared.ts';
import {
  agreementParties,
  catalogEditions,
  catalogEntries,
  catalogEntryLists,
  catalogLists,
  catalogs,
  coverageCounts,
  hubMeta,
  organisations,
  qualifications,
  recognitionAgreements,
  regionGroupMembers,
  standards,
  standardVersions,
} from '../../db/tables/index.ts';
import { type EntryRow, entryColumns, qualificationByKey, splitJoined } from '../catalog/catalog.store.ts';
import { editionsInForce, honouredSet } from '../recognition/recognition.store.ts';
import type { Precision } from '../time/dates.ts';
import { endOf, stateOn, type ValidityState } from '../time/validity.ts';

// NOTE: analyst questions, as plain functions over the database. Coverage and overlap count
// recognition by any basis through the recognition engine's set form (honouredSet); none of
// the rules is written again here.

// ---- catalogDiff -----------------------------------------------------------------------------

export const ENTRY_ATTRIBUTES = [
  'LISTS',
  'FIELD',
  'CORRESPONDING_TITLE',
  'TITLE_LEVEL',
  'SKILL_LEVEL',
  'SOURCE_LEVEL',
  'OCCUPATION_NAME',
] as const;
export type EntryAttribute = (typeof ENTRY_ATTRIBUTES)[number];
export interface AttributeChange {
  attribute: EntryAttribute;
  before: string | null;
  after: string | null;
}
export interface EntryChange {
  fromEntryId: number;
  toEntryId: number;
  changes: AttributeChange[];
  listsAdded: string[];
  listsRemoved: string[];
}
/** Whether a diff compares list membership, or only which subjects each edition lists. */
export const LIST_COMPARISONS = ['COMPARED', 'MEMBERSHIP_ONLY'] as const;
export type ListComparison = (typeof LIST_COMPARISONS)[number];
export interface EditionDiff {
  /** Entries of `to`, by id (the API pages these by id). */
  addedIds: number[];
  /** Entries of `from`, by id. */
  removedIds: number[];
  /** By the id of the entry in `to`. */
  changed: EntryChange[];
  unchangedCount: number;
  listComparison: ListComparison;
  /** The codes of the lists each edition defines, in published order. */
  fromListCodes: string[];
  toListCodes: string[];
  /**
   * The entries that `addedIds`, `removedIds` and `changed` name, read whole with the diff, so
   * that the answer's entries need no second statement (the CatalogEntry loader is primed with them).
   */
  entries: EntryRow[];
}

/**
 * Two editions share a list vocabulary when they are editions of one catalog series (its
 * publisher keeps what its codes mean: a list it adds, Shanghai 3.0's d, is a new tier of the
 * same vocabulary, and entries moved onto it are changes), or, across catalogs, when they define
 * the same set of list codes (order, names and sizes aside; two editions without lists share the
 * empty one).
 * NOTE: list codes are the publisher's own (Beijing's general and urgent, Shanghai's a, b and c):
 * across vocabularies every shared entry reported its lists as changed, which said nothing.
 * `fromListCodes` and `toListCodes` show a client why a diff is MEMBERSHIP_ONLY.
 */
export function sharesListVocabulary(
  from: { catalogId: number; codes: readonly string[] },
  to: { catalogId: number; codes: readonly string[] },
): boolean {
  if (from.catalogId === to.catalogId) return true;
  const a = new Set(from.codes);
  const b = new Set(to.codes);
  return a.size === b.size && [...a].every((c) => b.has(c));
}

/** An entry of either edition, as the CatalogEntry loader reads it, with the codes of its lists. */
type DiffEntry = EntryRow & { lists: string[] };

/**
 * Entries added, removed and changed between two editions of any catalogs (successive editions
 * of one series, or two regions'). An entry's subject (its qualification or occupation) pairs it
 * across the editions. Lists are compared by code where the editions share a list vocabulary
 * (`sharesListVocabulary`); elsewhere an entry whose lists alone differ is unchanged, so added +
 * changed + unchanged is still the entries of `to`. Two statements.
 */
export async function diffEditions(db: Db, fromId: number, toId: number): Promise<EditionDiff> {
  const [found, listCodes] = await Promise.all([diffEntries(db, fromId, toId), listCodesOf(db, [fromId, toId])]);
  const fromLists = listCodes.get(fromId)!;
  const toLists = listCodes.get(toId)!;
  const fromListCodes = fromLists.codes;
  const toListCodes = toLists.codes;
  const listComparison: ListComparison = sharesListVocabulary(fromLists, toLists) ? 'COMPARED' : 'MEMBERSHIP_ONLY';
  const compareLists = listComparison === 'COMPARED';
  const subject = (e: DiffEntry) =>
    e.qualificationId !== null ? `q${e.qualificationId}` : e.occupationId !== null ? `o${e.occupationId}` : `n${e.occupationNameZh}`;
  const before = new Map(found.filter((e) => e.editionId === fromId).map((e) => [subject(e), e]));
  const after = found.filter((e) => e.editionId === toId);
  const afterSubjects = new Set(after.map(subject));
  const lists = { listComparison, fromListCodes, toListCodes };
  if (fromId === toId) return { addedIds: [], removedIds: [], changed: [], unchangedCount: after.length, ...lists, entries: [] };
  const removed = [...before.values()].filter((e) => !afterSubjects.has(subject(e)));
  const diff: EditionDiff = {
    addedIds: [],
    removedIds: removed.map((e) => e.id),
    changed: [],
    unchangedCount: 0,
    ...lists,
    entries: removed.map(entryRow),
  };
  for (const e of after) {
    const old = before.get(subject(e));
    if (!old) {
      diff.addedIds.push(e.id);
      diff.entries.push(entryRow(e));
      continue;
    }
    const changes: AttributeChange[] = [];
    const compare = (attribute: EntryAttribute, a: string | null, b: string | null) => {
      if (a !== b) changes.push({ attribute, before: a, after: b });
    };
    if (compareLists) compare('LISTS', old.lists.join(', ') || null, e.lists.join(', ') || null);
    compare('FIELD', old.field, e.field);
    compare('CORRESPONDING_TITLE', old.correspondingTitle, e.correspondingTitle);
    compare('TITLE_LEVEL', old.titleLevel, e.titleLevel);
    compare('SKILL_LEVEL', old.skillLevel, e.skillLevel);
    compare('SOURCE_LEVEL', old.sourceLevel, e.sourceLevel);
    // Beside a qualification the name is what the certificate maps to; alone it is the subject, never changed.
    compare('OCCUPATION_NAME', old.occupationNameZh, e.occupationNameZh);
    if (changes.length === 0) diff.unchangedCount += 1;
    else {
      diff.entries.push(entryRow(old), entryRow(e));
      diff.changed.push({
        fromEntryId: old.id,
        toEntryId: e.id,
        changes,
        listsAdded: compareLists ? e.lists.filter((l) => !old.lists.includes(l)) : [],
        listsRemoved: compareLists ? old.lists.filter((l) => !e.lists.includes(l)) : [],
      });
    }
  }
  return diff;
}

/** The entry without its list codes: the row the CatalogEntry loader would have read. */
function entryRow({ lists: _lists, ...row }: DiffEntry): EntryRow {
  return row;
}

/** The codes of the lists each of these editions defines, in published order. */
async function listCodesOf(db: Db, editionIds: number[]): Promise<Map<number, { catalogId: number; codes: string[] }>> {
  const found = await prepared(db, 'diffListCodes', () =>
    db
      .select({ editionId: catalogEditions.id, catalogId: catalogEditions.catalogId, code: catalogLists.code })
      .from(catalogEditions)
      .leftJoin(catalogLists, eq(catalogLists.editionId, catalogEditions.id))
      .where(anyKey(catalogEditions.id))
      .orderBy(asc(catalogEditions.id), asc(catalogLists.position)),
  )(editionIds);
  const out = new Map<number, { catalogId: number; codes: string[] }>();
  for (const l of found) {
    const edition = out.get(l.editionId) ?? { catalogId: l.catalogId, codes: [] };
    if (l.code !== null) edition.codes.push(l.code);
    out.set(l.editionId, edition);
  }
  return out;
}

/**
 * The entries of both editions, each as the CatalogEntry loader reads it, with the codes of its
 * lists, by id. The lists are a correlated subquery, not a join and a grouping: read through the
 * entry's primary key, the plan stays an index lookup per entry whatever the planner's sample
 * says about an edition's size.
 */
/**
 * `column IN (:from, :to)`: two values PostgreSQL sees as two, so the generic plan costs what a
 * custom one does and is kept; with `= ANY(:keys)` it planned the diff on every request (bind
 * 0.72–0.87 ms against 1.4–1.8 ms of execution, the statement log at 100×).
 */
const bothEditions = (column: PgColumn) => sql`${column} IN (${sql.placeholder('from')}, ${sql.placeholder('to')})`;

async function diffEntries(db: Db, fromId: number, toId: number): Promise<DiffEntry[]> {
  // NOTE: prepared, as the loaders are: built by drizzle on every diff, this statement and the
  // list codes' were 5% of the hub's CPU under W5 (drizzle's is() checks), and parsed every time.
  // The qualification of each entry comes along (as on a catalog page): a diff lists them, and a
  // statement by their ids after this one read the same rows again.
  const rows = (await prepared(db, 'diffEntries', () => {
    const { qualification, fields } = qualificationByKey(db, catalogEntries.qualificationId);
    return (
      db
        .select({
          ...entryColumns,
          ...fields,
          // Qualified by hand: the subquery would read a bare id as its own.
          lists: sql<
            string[]
          >`ARRAY(SELECT l.code FROM catalog_entry_lists el JOIN catalog_lists l ON l.id = el.list_id WHERE el.entry_id = ${catalogEntries}.id ORDER BY l.code)`,
        })
        .from(catalogEntries)
        // NOTE: the editions named by key on their side too: PostgreSQL does not carry `= ANY` across
        // the join, and hashed all 6,617 editions and 671 catalogs at 100× for two of them (4.5 →
        // 3.2 ms, EXPLAIN ANALYZE).
        .innerJoin(catalogEditions, and(eq(catalogEditions.id, catalogEntries.editionId), bothEditions(catalogEditions.id)))
        .innerJoin(catalogs, eq(catalogs.id, catalogEditions.catalogId))
        .leftJoinLateral(qualification, sql`true`)
        .where(bothEditions(catalogEntries.editionId))
        .orderBy(asc(catalogEntries.id))
    );
  })([], { from: fromId, to: toId })) as Record<string, unknown>[];
  return splitJoined<DiffEntry>(rows);
}

// ---- coverage and overlap ---------------------------------------------------------------------

export const COVERAGE_GROUPINGS = ['FIELD', 'ISSUER_COUNTRY', 'LIST', 'BASIS'] as const;
export type CoverageGrouping = (typeof COVERAGE_GROUPINGS)[number];
export interface CoverageRow {
  jurisdictionId: number;
  group: string | null;
  count: number;
}
export interface EditionCompleteness {
  editionId: number;
  jurisdictionId: number;
  declaredSize: number | null;
  loadedSize: number;
}

/** One jurisdiction's coverage on a day: its total and its groups, in the answer's order. */
interface JurisdictionCounts {
  total: number;
  groups: [string | null, number][];
}

const parsedJson = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/**
 * How many qualifications each jurisdiction honours on `day` (any basis), grouped. A group of
 * null is "not known" (no field, no issuer country, no list).
 * NOTE: counts already worked out for the current data version are read from coverage_counts
 * (one statement, a few rows) and only the jurisdictions missing there are counted, then kept
 * there for every hub process: at 100× counting five regions reads 19,000 honoured rows, 20 ms
 * of the database for every dashboard refresh (issue 13, W6). A count is kept only when the data
 * version was the same before and after it was made, so it was made from that version's data:
 * every writing transaction raises the version (bumpDataVersion), as the ETags already rely on.
 */
export async function coverage(
  db: Db,
  jurisdictionIds: number[],
  day: string,
  groupBy: CoverageGrouping,
): Promise<{ rows: CoverageRow[]; totals: Map<number, number> }> {
  const ids = sql.join(
    jurisdictionIds.map((j) => sql`${j}::int`),
    sql`, `,
  );
  const kept = await rows<{ version: string | number; j: number | null; total: number | null; groups: unknown }>(
    db,
    sql`SELECT v.value AS version, c.jurisdiction_id AS j, c.total, c.groups
      FROM (SELECT coalesce((SELECT value FROM ${hubMeta} WHERE key = 'data_version'), 0) AS value) v
      LEFT JOIN ${coverageCounts} c ON c.data_version = v.value AND c.day = ${day} AND c.group_by = ${groupBy}
        AND c.jurisdiction_id IN (${ids})`,
  );
  const version = Number(kept[0]!.version);
  const byJurisdiction = new Map<number, JurisdictionCounts>();
  for (const k of kept)
    if (k.j !== null) byJurisdiction.set(Number(k.j), { total: Number(k.total), groups: parsedJson<[string | null, number][]>(k.groups) });
  const missing = jurisdictionIds.filter((j) => !byJurisdiction.has(j));
  if (missing.length > 0) {
    const counted = await countCoverage(db, missing, day, groupBy);
    for (const [j, c] of counted.counts) byJurisdiction.set(j, c);
    if (counted.version === version) {
      // In key order, so two processes keeping the same counts never wait on each other in a cycle.
      const values = [...counted.counts].sort(([a], [b]) => a - b);
      await db
        .insert(coverageCounts)
        .values(values.map(([j, c]) => ({ jurisdictionId: j, day, groupBy, dataVersion: version, total: c.total, groups: c.groups })))
        .onConflictDoNothing();
      await db.delete(coverageCounts).where(lt(coverageCounts.dataVersion, version));
    }
  }
  const ordered = [...jurisdictionIds].sort((a, b) => a - b);
  return {
    rows: ordered.flatMap((j) => byJurisdiction.get(j)!.groups.map(([group, count]) => ({ jurisdictionId: j, group, count }))),
    totals: new Map(ordered.map((j) => [j, byJurisdiction.get(j)!.total])),
  };
}

/** Counts coverage from the honoured set (two statements), with the data version the counting statement saw. */
async function countCoverage(
  db: Db,
  jurisdictionIds: number[],
  day: string,
  groupBy: CoverageGrouping,
): Promise<{ version: number; counts: Map<number, JurisdictionCounts> }> {
  const set = await honouredSet(db, jurisdictionIds, day);
  // NOTE: each grouping joins only what it reads (the lists multiplied 19,000 honoured rows at
  // 100× for every grouping), and the rows and the totals come from one pass over the set
  // (GROUPING SETS) instead of two: the set is most of the cost (issue 13, W6).
  const group: Record<CoverageGrouping, { value: SQL; joins: SQL }> = {
    FIELD: { value: sql`${qualifications.field}`, joins: sql`JOIN ${qualifications} ON ${qualifications.id} = h.q` },
    ISSUER_COUNTRY: {
      value: sql`${organisations.country}`,
      joins: sql`JOIN ${qualifications} ON ${qualifications.id} = h.q LEFT JOIN ${organisations} ON ${organisations.id} = ${qualifications.issuerId}`,
    },
    LIST: {
      value: sql`${catalogLists.code}`,
      joins: sql`LEFT JOIN ${catalogEntryLists} ON ${catalogEntryLists.entryId} = h.entry LEFT JOIN ${catalogLists} ON ${catalogLists.id} = ${catalogEntryLists.listId}`,
    },
    BASIS: { value: sql`h.basis`, joins: sql`` },
  };
  const [found] = await rows<{ version: string | number; counted: unknown }>(
    db,
    sql`
    SELECT coalesce((SELECT value FROM ${hubMeta} WHERE key = 'data_version'), 0) AS version,
      (SELECT coalesce(json_agg(json_build_array(c.j, c.grp, c.n, c.total) ORDER BY c.j, c.grp NULLS LAST), '[]'::json) FROM (
        SELECT h.j, ${group[groupBy].value} AS grp, count(DISTINCT h.q)::int AS n, GROUPING(${group[groupBy].value}) = 1 AS total
        FROM ${set} AS h
        ${group[groupBy].joins}
        GROUP BY GROUPING SETS ((h.j, ${group[groupBy].value}), (h.j))) c) AS counted`,
  );
  const counts = new Map<number, JurisdictionCounts>(jurisdictionIds.map((j) => [j, { total: 0, groups: [] }]));
  for (const [j, grp, n, total] of parsedJson<[number, string | null, number, boolean][]>(found!.counted)) {
    const c = counts.get(Number(j))!;
    if (total) c.total = Number(n);
    else c.groups.push([grp, Number(n)]);
  }
  return { version: Number(found!.version), counts };
}

/** Declared against loaded entries of every qualification-catalog edition in force on `day` in these jurisdictions. One statement. */
export async function completeness(db: Db, jurisdictionIds: number[], day: string): Promise<EditionCompleteness[]> {
  return jurisdictionIds.length === 0 ? [] : await editionsInForce(db, day, jurisdictionIds);
}

export interface HonouredQualification {
  id: number;
  slug: string;
}

/** Which qualifications (id and slug, by slug) each jurisdiction honours on `day`, by any basis. Two statements. */
export async function honouredBy(db: Db, jurisdictionIds: number[], day: string): Promise<Map<number, HonouredQualification[]>> {
  // NOTE: by slug in code-point order (COLLATE "C"), the order in which the API's keyset pages
  // compare slugs; a database's default collation (en_US sorts by letters before hyphens) could
  // otherwise order two slugs one way here and the other way in a cursor.
  const found = await rows<{ j: number; id: number; slug: string }>(
    db,
    sql`
    SELECT DISTINCT h.j, ${qualifications.id} AS id, ${qualifications.slug} COLLATE "C" AS slug
    FROM ${await honouredSet(db, jurisdictionIds, day)} AS h JOIN ${qualifications} ON ${qualifications.id} = h.q
    ORDER BY slug`,
  );
  const out = new Map<number, HonouredQualification[]>(jurisdictionIds.map((j) => [j, []]));
  for (const r of found) out.get(Number(r.j))?.push({ id: Number(r.id), slug: r.slug });
  return out;
}

/** Two jurisdictions' qualifications compared: each set by slug. */
export interface OverlapCell {
  a: number;
  b: number;
  /** Honoured by both. */
  shared(): HonouredQualification[];
  /** Honoured by `a` and not by `b`. */
  onlyInA(): HonouredQualification[];
  /** Honoured by `b` and not by `a`. */
  onlyInB(): HonouredQualification[];
}

/**
 * The cell of any ordered pair of the jurisdictions in `honoured` (what `honouredBy` gives).
 * Each set of a cell is worked out when first read, then kept: a matrix of 40 jurisdictions has
 * 1,600 cells, and a query seldom reads every set of every one.
 */
export function overlapCells(honoured: ReadonlyMap<number, readonly HonouredQualification[]>): (a: number, b: number) => OverlapCell {
  const ids = new Map<number, Set<number>>();
  const idsOf = (j: number) => {
    let set = ids.get(j);
    if (!set) {
      set = new Set(honoured.get(j)?.map((q) => q.id));
      ids.set(j, set);
    }
    return set;
  };
  /** What `of` honours that `other` does (`keep`) or does not, by slug. */
  const against = (of: number, other: number, keep: boolean) => (honoured.get(of) ?? []).filter((q) => idsOf(other).has(q.id) === keep);
  const cells = new Map<string, OverlapCell>();
  return (a, b) => {
    const key = `${a}:${b}`;
    let cell = cells.get(key);
    if (!cell) {
      const memo = <T>(compute: () => T) => {
        let value: T | undefined;
        return () => (value ??= compute());
      };
      cell = {
        a,
        b,
        shared: memo(() => against(a, b, true)),
        onlyInA: memo(() => against(a, b, false)),
        onlyInB: memo(() => against(b, a, false)),
      };
      cells.set(key, cell);
    }
    return cell;
  };
}

// ---- timeline --------------------------------------------------------------------------------

/** In the order events of one day are listed. */
export const EVENT_KINDS = ['ISSUED', 'IN_FORCE', 'SUPERSEDED', 'REPEALED', 'LAPSED'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_SUBJECTS = ['EDITION', 'STANDARD_VERSION', 'AGREEMENT'] as const;
export type EventSubject = (typeof EVENT_SUBJECTS)[number];
export interface TimelineEvent {
  date: string;
  precision: Precision;
  kind: EventKind;
  subject: EventSubject;
  id: number;
  jurisdictionIds: number[];
}

interface DatedRow {
  id: number;
  status: string;
  issuedOn?: string | null;
  issuedOnPrecision?: Precision;
  validFrom: string;
  validFromPrecision: Precision;
  validTo: string | null;
  validToPrecision: Precision;
  repealedOn: string | null;
  series: number;
  jurisdictionId: number;
}

/**
 * Dated events in [from, to): issued, in force, and the end of each published edition, standard
 * version and agreement, as SUPERSEDED, REPEALED or LAPSED (the same derivation as `state`).
 * Filtered by jurisdictions (an agreement belongs to each of its parties) and kinds. Three statements.
 */
export async function timeline(
  db: Db,
  range: { from: string; to: string },
  filter: { jurisdictionIds?: number[]; kinds?: EventKind[]; subjects?: EventSubject[] },
): Promise<TimelineEvent[]> {
  const wantSubject = (s: EventSubject) => !filter.subjects || filter.subjects.includes(s);
  // Rows with any date in the range; the series around them come along to tell SUPERSEDED from LAPSED.
  const touches = (t: { issuedOn?: unknown; validFrom: unknown; validTo: unknown; repealedOn: unknown }) =>
    or(
      ...[t.validFrom, t.validTo, t.repealedOn, ...(t.issuedOn ? [t.issuedOn] : [])].map((c) =>
        and(gte(c as never, range.from), lt(c as never, range.to)),
      ),
    );
  const events: TimelineEvent[] = [];
  const emit = (
    subject: EventSubject,
    rowsOf: DatedRow[],
    jurisdictionsOf: (r: DatedRow) => number[],
    seriesOf: (r: DatedRow) => DatedRow[],
  ) => {
    for (const r of rowsOf) {
      if (r.status !== 'PUBLISHED') continue;
      const js = jurisdictionsOf(r);
      if (filter.jurisdictionIds && !js.some((j) => filter.jurisdictionIds!.includes(j))) continue;
      const add = (date: string | null | undefined, precision: Precision | undefined, kind: EventKind) => {
        if (!date || date < range.from || date >= range.to) return;
        if (filter.kinds && !filter.kinds.includes(kind)) return;
        events.push({ date, precision: precision ?? 'DAY', kind, subject, id: r.id, jurisdictionIds: js });
      };
      add(r.issuedOn, r.issuedOnPrecision, 'ISSUED');
      add(r.validFrom, r.validFromPrecision, 'IN_FORCE');
      const end = endOf(r);
      if (end)
        add(
          end,
          end === r.repealedOn ? 'DAY' : r.validToPrecision,
          stateOn(r, end, seriesOf(r)) as Exclude<ValidityState, 'IN_FORCE' | 'NOT_YET_IN_FORCE'>,
        );
    }
  };
  /** Every member of each series that has a date in the range: editions of a catalog, versions of a standard. */
  const seriesRows = async (
    table: typeof catalogEditions | typeof standardVersions,
    series: PgColumn,
    parent: typeof catalogs | typeof standards,
  ) => {
    const touched = db
      .select({ series })
      .from(table as never)
      .where(touches(table));
    const rowsFound = (await db
      .select({
        id: table.id,
        status: table.status,
        issuedOn: table.issuedOn,
        issuedOnPrecision: table.issuedOnPrecision,
        validFrom: table.validFrom,
        validFromPrecision: table.validFromPrecision,
        validTo: table.validTo,
        validToPrecision: table.validToPrecision,
        repealedOn: table.repealedOn,
        series,
        jurisdictionId: parent.jurisdictionId,
      })
      .from(table as never)
      .innerJoin(parent as never, eq(parent.id, series))
      .where(inArray(series, touched))) as DatedRow[];
    return { rows: rowsFound, seriesOf: (r: DatedRow) => rowsFound.filter((x) => x.series === r.series) };
  };
  if (wantSubject('EDITION')) {
    const { rows: found, seriesOf } = await seriesRows(catalogEditions, catalogEditions.catalogId, catalogs);
    emit('EDITION', found, (r) => [r.jurisdictionId], seriesOf);
  }
  if (wantSubject('STANDARD_VERSION')) {
    const { rows: found, seriesOf } = await seriesRows(standardVersions, standardVersions.standardId, standards);
    emit('STANDARD_VERSION', found, (r) => [r.jurisdictionId], seriesOf);
  }
  if (wantSubject('AGREEMENT')) {
    const found = (await db
      .select({
        id: recognitionAgreements.id,
        status: recognitionAgreements.status,
        validFrom: recognitionAgreements.validFrom,
        validFromPrecision: recognitionAgreements.validFromPrecision,
        validTo: recognitionAgreements.validTo,
        validToPrecision: recognitionAgreements.validToPrecision,
        repealedOn: recognitionAgreements.repealedOn,
        series: recognitionAgreements.id,
        jurisdictions: sql<
          number[]
        >`array_agg(DISTINCT COALESCE(${agreementParties.jurisdictionId}, ${regionGroupMembers.jurisdictionId}))`,
      })
      .from(recognitionAgreements)
      .innerJoin(agreementParties, eq(agreementParties.agreementId, recognitionAgreements.id))
      .leftJoin(regionGroupMembers, eq(regionGroupMembers.groupId, agreementParties.regionGroupId))
      .where(touches(recognitionAgreements))
      .groupBy(recognitionAgreements.id)) as (DatedRow & { jurisdictions: number[] })[];
    emit(
      'AGREEMENT',
      found,
      (r) => (r as DatedRow & { jurisdictions: number[] }).jurisdictions.map(Number),
      () => [],
    );
  }
  const order: readonly EventKind[] = EVENT_KINDS;
  const subjects: readonly EventSubject[] = EVENT_SUBJECTS;
  return events.sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      subjects.indexOf(a.subject) - subjects.indexOf(b.subject) ||
      a.id - b.id ||
      order.indexOf(a.kind) - order.indexOf(b.kind),
  );
}
