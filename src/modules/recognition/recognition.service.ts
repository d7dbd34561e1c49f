import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { anyKey, prepared } from '../../db/prepared.ts';
import {
  agreementParties,
  catalogEditions,
  catalogEntries,
  catalogEntryLists,
  catalogLists,
  catalogs,
  jurisdictions,
  qualifications,
  recognitionAgreements,
  regionGroupMembers,
  standards,
  standardVersionCategories,
  standardVersions,
} from '../../db/tables/index.ts';
import {
  contains,
  type Interval,
  inForceOnSql as inForceOn,
  intersect,
  intervalOf,
  type Dated as ValidityDated,
  windowAround,
} from '../time/validity.ts';

// NOTE: the recognition rules of domain.md, as plain functions over the database. No GraphQL
// here: the API, the tests and any exporter call these. Every function runs a fixed number of
// SQL statements whatever the number of regions, editions, entries or agreements.

export type Basis = 'LISTED' | 'AGREEMENT' | 'EQUIVALENCE' | 'ISSUER' | 'NATIONWIDE';
const BASIS_ORDER: Basis[] = ['LISTED', 'AGREEMENT', 'EQUIVALENCE', 'ISSUER', 'NATIONWIDE'];

/** One way one jurisdiction honours a qualification or a category on a day. */
export interface Recognition extends Interval {
  jurisdictionId: number;
  jurisdictionCode: string;
  basis: Basis;
  /** LISTED / AGREEMENT / EQUIVALENCE: the edition in force that day that lists the qualification (or its equivalent). */
  editionId: number | null;
  entryId: number | null;
  listIds: number[];
  agreementId: number | null;
  /** Status recognition: the standard version that confers the category (the most local in force). */
  standardVersionId: number | null;
  /** ISSUER: every standard version in force there that confers it, whose benefits and sources apply. */
  conferringVersionIds: number[];
  /** AGREEMENT: the party whose listing or grant is extended. */
  sourceJurisdictionId: number | null;
  /** EQUIVALENCE: the qualification that is listed, which the asked one counts as. */
  viaQualificationId: number | null;
  /** Status recognition: the category, for picking the benefits of a standard version. */
  categoryId: number | null;
}

/** An edition in force that is not known to be complete: what is missing from it is not known. */
export interface IncompleteEdition {
  editionId: number;
  catalogId: number;
  jurisdictionId: number;
  declaredSize: number | null;
  loadedSize: number;
}

/** A recognition that would hold if the qualification were on an incomplete edition. */
export interface PossibleRecognition {
  jurisdictionId: number;
  jurisdictionCode: string;
  basis: Basis;
  editionId: number;
  agreementId: number | null;
}

export interface QualificationAnswer {
  recognitions: Recognition[];
  incomplete: IncompleteEdition[];
  possible: PossibleRecognition[];
}

type Dated = Omit<ValidityDated, 'status'>;

interface AgreementRow extends Dated {
  id: number;
  kind: string;
  direction: 'MUTUAL' | 'ONE_WAY';
  categoryId: number | null;
  standardId: number | null;
  catalogId: number | null;
  qualificationId: number | null;
  equivalentQualificationId: number | null;
}

/** One agreement row per member jurisdiction of each of its parties. */
type AgreementMember = AgreementRow & { role: 'PARTY' | 'SOURCE' | 'TARGET'; memberId: number };

export interface AgreementInForce extends AgreementRow {
  /** Every jurisdiction on the giving side (region groups expanded to their members). */
  sources: Set<number>;
  /** Every jurisdiction on the honouring side. */
  targets: Set<number>;
  /** Every jurisdiction the agreement names, in any role. */
  members: Set<number>;
}

/** Agreements of some kinds in force on a day, with their parties expanded: one statement. */
export async function agreementsInForce(db: Db, day: string, kinds: string[]): Promise<AgreementInForce[]> {
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
      .where(and(inArray(recognitionAgreements.kind, kinds as never[]), inForceOn(recognitionAgreements, sql.placeholder('day'))))
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

/** Pairs (giver → honouring jurisdiction) of an agreement: never a jurisdiction to itself. */
function* extensions(a: AgreementInForce): Generator<[number, number]> {
  for (const s of a.sources) for (const t of a.targets) if (s !== t) yield [s, t];
}

interface Listing extends Dated {
  entryId: number;
  qualificationId: number;
  editionId: number;
  catalogId: number;
  jurisdictionId: number;
  listIds: number[];
}

/** Every published listing of these qualifications in qualification catalogs, of any date: one statement. */
async function listingsOf(db: Db, qualificationIds: number[]): Promise<Listing[]> {
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
export async function editionsInForce(db: Db, day: string, jurisdictionIds?: number[]): Promise<IncompleteEdition[]> {
  const loaded = sql<number>`(SELECT count(*) FROM ${catalogEntries} WHERE ${catalogEntries.editionId} = ${catalogEditions.id})`.mapWith(
    Number,
  );
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
      .where(and(jurisdictionIds ? anyKey(catalogs.jurisdictionId) : undefined, inForceOn(catalogEditions, sql.placeholder('day'))))
      .orderBy(asc(catalogs.jurisdictionId), asc(catalogEditions.id)),
  );
  return await query(jurisdictionIds ?? [], { day });
}

/** Editions in force on a day that are not known to be complete: fewer entries loaded than declared, or no declared size. */
export async function incompleteEditions(db: Db, day: string): Promise<IncompleteEdition[]> {
  return (await editionsInForce(db, day))
    .filter((r) => r.declaredSize === null || r.loadedSize < r.declaredSize)
    .sort((a, b) => a.editionId - b.editionId);
}

/** Jurisdiction codes by id, for the few ids an answer names: one statement. */
async function codesOf(db: Db, ids: Iterable<number>): Promise<Map<number, string>> {
  const list = [...new Set(ids)];
  if (list.length === 0) return new Map();
  const rows = await prepared(db, 'codesOf', () =>
    db.select({ id: jurisdictions.id, code: jurisdictions.code }).from(jurisdictions).where(anyKey(jurisdictions.id)),
  )(list);
  return new Map(rows.map((r) => [r.id, r.code]));
}

function sortRecognitions<T extends { jurisdictionCode: string; basis: Basis; agreementId: number | null; editionId: number | null }>(
  list: T[],
): T[] {
  return list.sort(
    (a, b) =>
      a.jurisdictionCode.localeCompare(b.jurisdictionCode) ||
      BASIS_ORDER.indexOf(a.basis) - BASIS_ORDER.indexOf(b.basis) ||
      (a.agreementId ?? 0) - (b.agreementId ?? 0) ||
      (a.editionId ?? 0) - (b.editionId ?? 0),
  );
}

/**
 * Who honours each of these qualifications on `day`, and on what basis (domain.md, "Recognition
 * rules"): LISTED by an edition in force; AGREEMENT, a listing agreement extending a party's
 * listing; EQUIVALENCE, one hop to an equivalent qualification listed where the equivalence
 * applies. Agreements and equivalences are applied once, never chained. Each answer's window is
 * the run of days around `day` on which the same recognition (jurisdiction, basis, catalog,
 * agreement) is given. Five statements, whatever the number of qualifications asked.
 */
export async function qualificationRecognitions(
  db: Db,
  qualificationIds: number[],
  day: string,
): Promise<Map<number, QualificationAnswer>> {
  // Independent of each other: on two pool connections at once, so the answer waits for one round trip, not two.
  const [agreements, incomplete] = await Promise.all([agreementsInForce(db, day, ['LISTING', 'EQUIVALENCE']), incompleteEditions(db, day)]);
  const listingAgreements = agreements.filter((a) => a.kind === 'LISTING');
  // q → [equivalent q′, agreement]: a one-way equivalence makes `qualification` count as `equivalentQualification`.
  const equivalents = new Map<number, { via: number; agreement: AgreementInForce }[]>();
  for (const a of agreements.filter((x) => x.kind === 'EQUIVALENCE')) {
    const add = (q: number, via: number) => equivalents.set(q, [...(equivalents.get(q) ?? []), { via, agreement: a }]);
    if (qualificationIds.includes(a.qualificationId!)) add(a.qualificationId!, a.equivalentQualificationId!);
    if (a.direction === 'MUTUAL' && qualificationIds.includes(a.equivalentQualificationId!))
      add(a.equivalentQualificationId!, a.qualificationId!);
  }
  const viaIds = [...equivalents.values()].flat().map((e) => e.via);
  const listings = await listingsOf(db, [...new Set([...qualificationIds, ...viaIds])]);

  const byQualCatalog = new Map<string, Listing[]>();
  for (const l of listings) {
    const key = `${l.qualificationId}|${l.catalogId}`;
    byQualCatalog.set(key, [...(byQualCatalog.get(key) ?? []), l]);
  }
  const catalogsOf = (q: number) => [...new Set(listings.filter((l) => l.qualificationId === q).map((l) => l.catalogId))];

  type Draft = Omit<Recognition, 'jurisdictionCode'>;
  const drafts = new Map<number, Draft[]>();
  const possibles = new Map<number, Omit<PossibleRecognition, 'jurisdictionCode'>[]>();
  for (const q of qualificationIds) {
    const out: Draft[] = [];
    /** The listing of q′ in catalog c in force on `day`, and the window of the runs, cut by `within`. */
    const listed = (qid: number, catalogId: number, within: Interval | null) => {
      const ls = byQualCatalog.get(`${qid}|${catalogId}`) ?? [];
      const now = ls.find((l) => contains(intervalOf(l), day));
      if (!now) return null;
      const intervals = ls.map((l) => (within ? intersect(intervalOf(l), within) : intervalOf(l))).filter((i): i is Interval => i !== null);
      const window = windowAround(intervals, day);
      return window ? { listing: now, window } : null;
    };
    for (const catalogId of catalogsOf(q)) {
      const hit = listed(q, catalogId, null);
      if (!hit) continue;
      const l = hit.listing;
      out.push({
        jurisdictionId: l.jurisdictionId,
        basis: 'LISTED',
        editionId: l.editionId,
        entryId: l.entryId,
        listIds: l.listIds,
        agreementId: null,
        standardVersionId: null,
        conferringVersionIds: [],
        sourceJurisdictionId: null,
        viaQualificationId: null,
        categoryId: null,
        ...hit.window,
      });
      for (const a of listingAgreements) {
        if (a.catalogId !== null && a.catalogId !== catalogId) continue;
        const window = listed(q, catalogId, intervalOf(a));
        if (!window) continue;
        for (const [giver, taker] of extensions(a)) {
          if (giver !== l.jurisdictionId) continue;
          out.push({
            jurisdictionId: taker,
            basis: 'AGREEMENT',
            editionId: l.editionId,
            entryId: l.entryId,
            listIds: l.listIds,
            agreementId: a.id,
            standardVersionId: null,
            conferringVersionIds: [],
            sourceJurisdictionId: giver,
            viaQualificationId: null,
            categoryId: null,
            ...window.window,
          });
        }
      }
    }
    for (const { via, agreement } of equivalents.get(q) ?? []) {
      for (const catalogId of catalogsOf(via)) {
        const hit = listed(via, catalogId, intervalOf(agreement));
        if (!hit || !agreement.members.has(hit.listing.jurisdictionId)) continue;
        const l = hit.listing;
        out.push({
          jurisdictionId: l.jurisdictionId,
          basis: 'EQUIVALENCE',
          editionId: l.editionId,
          entryId: l.entryId,
          listIds: l.listIds,
          agreementId: agreement.id,
          standardVersionId: null,
          conferringVersionIds: [],
          sourceJurisdictionId: null,
          viaQualificationId: via,
          categoryId: null,
          ...hit.window,
        });
      }
    }
    drafts.set(q, out);

    // What the data cannot rule out: q may be on an incomplete edition, here or extended from there.
    const listedEditions = new Set(listings.filter((l) => l.qualificationId === q).map((l) => l.editionId));
    const maybe: Omit<PossibleRecognition, 'jurisdictionCode'>[] = [];
    for (const e of incomplete) {
      if (listedEditions.has(e.editionId)) continue;
      maybe.push({ jurisdictionId: e.jurisdictionId, basis: 'LISTED', editionId: e.editionId, agreementId: null });
      for (const a of listingAgreements) {
        if (a.catalogId !== null && a.catalogId !== e.catalogId) continue;
        for (const [giver, taker] of extensions(a))
          if (giver === e.jurisdictionId)
            maybe.push({ jurisdictionId: taker, basis: 'AGREEMENT', editionId: e.editionId, agreementId: a.id });
      }
      for (const { agreement } of equivalents.get(q) ?? []) {
        if (agreement.members.has(e.jurisdictionId))
          maybe.push({ jurisdictionId: e.jurisdictionId, basis: 'EQUIVALENCE', editionId: e.editionId, agreementId: agreement.id });
      }
    }
    possibles.set(q, maybe);
  }

  const codes = await codesOf(db, [
    ...[...drafts.values()].flat().map((d) => d.jurisdictionId),
    ...[...possibles.values()].flat().map((p) => p.jurisdictionId),
  ]);
  const answers = new Map<number, QualificationAnswer>();
  for (const q of qualificationIds) {
    const listedEditions = new Set(listings.filter((l) => l.qualificationId === q).map((l) => l.editionId));
    answers.set(q, {
      recognitions: sortRecognitions(drafts.get(q)!.map((d) => ({ ...d, jurisdictionCode: codes.get(d.jurisdictionId)! }))),
      incomplete: incomplete.filter((e) => !listedEditions.has(e.editionId)),
      possible: sortRecognitions(possibles.get(q)!.map((p) => ({ ...p, jurisdictionCode: codes.get(p.jurisdictionId)! }))),
    });
  }
  return answers;
}

interface GrantedIn {
  id: number;
  code: string;
  mainland: boolean;
  /** The jurisdiction and those above it, nearest first: CN-GD-SZ, CN-GD, CN. */
  chain: { id: number; level: string }[];
}

interface ConferringVersion extends Dated {
  id: number;
  standardId: number;
  jurisdictionId: number;
  jurisdictionLevel: string;
}

/**
 * Who honours a category granted in a jurisdiction on `day` (domain.md): ISSUER, where a
 * standard conferring it is in force there (a national one in every mainland jurisdiction);
 * NATIONWIDE, every mainland provincial-level jurisdiction, under a national rule in force;
 * AGREEMENT, the other parties of a status agreement in force that includes the granting
 * jurisdiction. Four statements.
 */
export async function statusRecognitions(db: Db, categoryId: number, granted: GrantedIn, day: string): Promise<Recognition[]> {
  const versionsQuery = prepared(db, 'conferringVersions', () =>
    db
      .select({
        id: standardVersions.id,
        standardId: standardVersions.standardId,
        jurisdictionId: standards.jurisdictionId,
        jurisdictionLevel: jurisdictions.level,
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
      .innerJoin(jurisdictions, eq(jurisdictions.id, standards.jurisdictionId))
      .where(eq(standardVersions.status, 'PUBLISHED'))
      .orderBy(asc(standardVersions.validFrom)),
  );
  // Independent of each other: sent at once on two pool connections.
  const [versionRows, agreementsOfKinds] = await Promise.all([
    versionsQuery([], { category: categoryId }),
    agreementsInForce(db, day, ['STATUS', 'NATIONWIDE']),
  ]);
  const versions = versionRows as ConferringVersion[];
  // A standard applies where it is issued and below; a national one only inside the mainland system.
  const rank = (v: ConferringVersion) =>
    granted.chain.findIndex((c) => c.id === v.jurisdictionId && (c.level !== 'NATIONAL' || granted.mainland));
  const applicable = versions.filter((v) => rank(v) >= 0);
  /** The version to show: the most local one in force, the latest on a tie. */
  const shownOn = (list: ConferringVersion[]) =>
    list.filter((v) => contains(intervalOf(v), day)).sort((a, b) => rank(a) - rank(b) || b.validFrom.localeCompare(a.validFrom))[0] ?? null;

  const out: Omit<Recognition, 'jurisdictionCode'>[] = [];
  const base = { entryId: null, editionId: null, listIds: [], viaQualificationId: null, categoryId, conferringVersionIds: [] as number[] };
  const issuerWindow = windowAround(applicable.map(intervalOf), day);
  const issuerVersion = shownOn(applicable);
  if (issuerWindow && issuerVersion) {
    const conferringVersionIds = applicable.filter((v) => contains(intervalOf(v), day)).map((v) => v.id);
    out.push({
      ...base,
      jurisdictionId: granted.id,
      basis: 'ISSUER',
      agreementId: null,
      standardVersionId: issuerVersion.id,
      conferringVersionIds,
      sourceJurisdictionId: null,
      ...issuerWindow,
    });
  }

  const agreements = agreementsOfKinds.filter((a) => a.categoryId === categoryId);
  /** An agreement that names a standard covers the category only as conferred under it in the granting jurisdiction. */
  const windowUnder = (a: AgreementInForce) => {
    if (a.standardId === null) return { window: windowAround([intervalOf(a)], day), version: issuerVersion };
    const under = applicable.filter((v) => v.standardId === a.standardId);
    const window = windowAround(
      under.map((v) => intersect(intervalOf(v), intervalOf(a))).filter((i): i is Interval => i !== null),
      day,
    );
    return { window, version: shownOn(under) };
  };
  const nationwide = agreements.filter((a) => a.kind === 'NATIONWIDE');
  if (nationwide.length > 0 && granted.mainland) {
    const provinces = await prepared(db, 'mainlandProvinces', () =>
      db
        .select({ id: jurisdictions.id })
        .from(jurisdictions)
        .where(and(eq(jurisdictions.level, 'PROVINCIAL'), eq(jurisdictions.mainland, true)))
        .orderBy(asc(jurisdictions.code)),
    )([]);
    for (const a of nationwide) {
      const { window, version } = windowUnder(a);
      if (!window) continue;
      for (const p of provinces) {
        out.push({
          ...base,
          jurisdictionId: p.id,
          basis: 'NATIONWIDE',
          agreementId: a.id,
          standardVersionId: version?.id ?? null,
          sourceJurisdictionId: null,
          ...window,
        });
      }
    }
  }
  for (const a of agreements.filter((x) => x.kind === 'STATUS' && x.sources.has(granted.id))) {
    const { window, version } = windowUnder(a);
    if (!window) continue;
    for (const [giver, taker] of extensions(a)) {
      if (giver !== granted.id) continue;
      out.push({
        ...base,
        jurisdictionId: taker,
        basis: 'AGREEMENT',
        agreementId: a.id,
        standardVersionId: version?.id ?? null,
        sourceJurisdictionId: granted.id,
        ...window,
      });
    }
  }
  const codes = await codesOf(
    db,
    out.map((r) => r.jurisdictionId),
  );
  return sortRecognitions(out.map((r) => ({ ...r, jurisdictionCode: codes.get(r.jurisdictionId)! })));
}

/**
 * Every (jurisdiction, qualification, basis, entry) recognition on `day` for a set of
 * jurisdictions, as one SQL subquery: the set form of the LISTED, AGREEMENT and EQUIVALENCE
 * rules, for pages, coverage and overlap, where the per-qualification form
 * (`qualificationRecognitions`) would mean one run per qualification. Both forms are checked
 * against each other by the property test. `entry` is the catalog entry that gives the
 * recognition: the jurisdiction's own, the giving party's, or the equivalent's.
 */
export async function honouredSet(db: Db, jurisdictionIds: number[], day: string): Promise<SQL> {
  const agreements = await agreementsInForce(db, day, ['LISTING', 'EQUIVALENCE']);
  const wanted = new Set(jurisdictionIds);
  const extended: SQL[] = [];
  for (const a of agreements.filter((x) => x.kind === 'LISTING')) {
    for (const [giver, taker] of extensions(a)) {
      if (wanted.has(taker)) extended.push(sql`(${taker}::int, ${giver}::int, ${a.catalogId}::int)`);
    }
  }
  const equivalent: SQL[] = [];
  for (const a of agreements.filter((x) => x.kind === 'EQUIVALENCE')) {
    for (const j of a.members) {
      if (!wanted.has(j)) continue;
      equivalent.push(sql`(${j}::int, ${a.qualificationId}::int, ${a.equivalentQualificationId}::int)`);
      if (a.direction === 'MUTUAL') equivalent.push(sql`(${j}::int, ${a.equivalentQualificationId}::int, ${a.qualificationId}::int)`);
    }
  }
  const inForce = inForceOn(catalogEditions, day);
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

/**
 * The qualifications a jurisdiction honours on `day`, a page at a time: by slug (keyset,
 * `after` a slug) or by name (`after` a position). Two statements.
 */
export async function honouredQualificationPage(
  db: Db,
  jurisdictionId: number,
  day: string,
  page: { first: number; after: string | null; order: 'SLUG' | 'NAME'; bases?: Basis[] | undefined; filter?: SQL | undefined },
): Promise<{ ids: number[]; hasNextPage: boolean; totalCount: () => Promise<number> }> {
  const bases = page.bases?.length
    ? sql` AND h.basis IN (${sql.join(
        page.bases.map((b) => sql`${b}`),
        sql`, `,
      )})`
    : sql``;
  const honoured = sql`(SELECT h.q FROM ${await honouredSet(db, [jurisdictionId], day)} AS h WHERE TRUE${bases})`;
  const where = and(sql`${qualifications.id} IN ${honoured}`, page.filter);
  const query = db.select({ id: qualifications.id }).from(qualifications);
  const rows =
    page.order === 'SLUG'
      ? await query
          .where(and(where, page.after === null ? undefined : sql`${qualifications.slug} > ${page.after}`))
          .orderBy(asc(qualifications.slug))
          .limit(page.first + 1)
      : await query
          .where(where)
          .orderBy(asc(qualifications.name), asc(qualifications.slug))
          .limit(page.first + 1)
          .offset(page.after === null ? 0 : Number(page.after));
  return {
    ids: rows.slice(0, page.first).map((r) => r.id),
    hasNextPage: rows.length > page.first,
    totalCount: async () => db.$count(qualifications, where),
  };
}

/** Agreements in force on `day` that name a jurisdiction (itself or through a group), and national rules that reach it. */
export async function agreementsOfJurisdiction(
  db: Db,
  jurisdiction: { id: number; level: string; mainland: boolean },
  day: string,
): Promise<number[]> {
  const all = await agreementsInForce(db, day, ['STATUS', 'NATIONWIDE', 'LISTING', 'EQUIVALENCE', 'TITLE']);
  return all
    .filter(
      (a) => a.members.has(jurisdiction.id) || (a.kind === 'NATIONWIDE' && jurisdiction.mainland && jurisdiction.level === 'PROVINCIAL'),
    )
    .map((a) => a.id);
}
