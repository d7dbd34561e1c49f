import type { agreementKind } from '../../db/tables/index.ts';
import { applicableJurisdictions, type JurisdictionFacts, nationwideReaches } from '../jurisdiction/jurisdiction.rules.ts';
import { contains, type Dated, type Interval, intersect, intervalOf, windowAround } from '../time/validity.ts';

// NOTE: the recognition rules of domain.md ("Recognition rules"), as plain functions: plain data
// in, plain data out, no SQL and no GraphQL. recognition.store.ts reads the facts they take;
// recognition.service.ts puts the two together. test/recognition.rules.test.ts checks these
// against a naive day-by-day reference on thousands of random scenarios.

/** The bases of a recognition, in the order answers list them. */
export const BASES = ['LISTED', 'AGREEMENT', 'EQUIVALENCE', 'ISSUER', 'NATIONWIDE'] as const;
export type Basis = (typeof BASES)[number];

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

/** A qualification-catalog edition in force, with its declared and loaded sizes. */
export interface EditionInForce {
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
  /** Editions in force not known to be complete that do not list the qualification: it may be on them. */
  incomplete: EditionInForce[];
  possible: PossibleRecognition[];
}

export type AgreementKind = (typeof agreementKind.enumValues)[number];

/** An agreement in force, with its parties expanded to jurisdictions (a region group stands for each member). */
export interface AgreementInForce extends Omit<Dated, 'status'> {
  id: number;
  kind: AgreementKind;
  direction: 'MUTUAL' | 'ONE_WAY';
  categoryId: number | null;
  standardId: number | null;
  catalogId: number | null;
  qualificationId: number | null;
  equivalentQualificationId: number | null;
  /** Every jurisdiction on the giving side: PARTY and SOURCE. */
  sources: Set<number>;
  /** Every jurisdiction on the honouring side: PARTY and TARGET. */
  targets: Set<number>;
  /** Every jurisdiction the agreement names, in any role. */
  members: Set<number>;
}

/** A published listing of a qualification in a qualification catalog, of any date. */
export interface Listing extends Omit<Dated, 'status'> {
  entryId: number;
  qualificationId: number;
  editionId: number;
  catalogId: number;
  jurisdictionId: number;
  listIds: number[];
}

/** A published standard version that confers the category asked about. */
export interface ConferringVersion extends Omit<Dated, 'status'> {
  id: number;
  standardId: number;
  /** The jurisdiction that issued the standard. */
  jurisdictionId: number;
}

/** Pairs (giver → honouring jurisdiction) of an agreement: never a jurisdiction to itself. */
export function* extensions(a: Pick<AgreementInForce, 'sources' | 'targets'>): Generator<[number, number]> {
  for (const s of a.sources) for (const t of a.targets) if (s !== t) yield [s, t];
}

/** Not known to be complete: fewer entries loaded than declared, or no declared size. */
export function isIncomplete(e: Pick<EditionInForce, 'declaredSize' | 'loadedSize'>): boolean {
  return e.declaredSize === null || e.loadedSize < e.declaredSize;
}

/** Does an agreement in force concern `j`: it names it (itself or through a group), or it is a national rule that reaches it? */
export function agreementReaches(
  a: Pick<AgreementInForce, 'kind' | 'members'>,
  j: Pick<JurisdictionFacts, 'id' | 'level' | 'mainland'>,
): boolean {
  return a.members.has(j.id) || (a.kind === 'NATIONWIDE' && nationwideReaches(j));
}

/** By jurisdiction code, then basis, agreement and edition: the order every answer is served in. */
export function sortRecognitions<
  T extends { jurisdictionCode: string; basis: Basis; agreementId: number | null; editionId: number | null },
>(list: T[]): T[] {
  return list.sort(
    (a, b) =>
      a.jurisdictionCode.localeCompare(b.jurisdictionCode) ||
      BASES.indexOf(a.basis) - BASES.indexOf(b.basis) ||
      (a.agreementId ?? 0) - (b.agreementId ?? 0) ||
      (a.editionId ?? 0) - (b.editionId ?? 0),
  );
}

const withCodes = <T extends { jurisdictionId: number }>(list: T[], codeOf: (id: number) => string) =>
  list.map((r) => ({ ...r, jurisdictionCode: codeOf(r.jurisdictionId) }));

const none = { standardVersionId: null, conferringVersionIds: [], sourceJurisdictionId: null, viaQualificationId: null, categoryId: null };

export interface QualificationFacts {
  day: string;
  /** LISTING and EQUIVALENCE agreements in force on `day`. */
  agreements: readonly AgreementInForce[];
  /** Qualification-catalog editions in force on `day`. */
  editions: readonly EditionInForce[];
  /** Every published listing of the qualifications asked and of their equivalents, of any date. */
  listings: readonly Listing[];
  codeOf: (jurisdictionId: number) => string;
}

/** The qualifications whose listings the rules need for `qualificationIds`: themselves and their equivalents on the day. */
export function qualificationsToRead(qualificationIds: readonly number[], agreements: readonly AgreementInForce[]): number[] {
  const asked = new Set(qualificationIds);
  const read = new Set(qualificationIds);
  for (const a of agreements) {
    if (a.kind !== 'EQUIVALENCE') continue;
    if (asked.has(a.qualificationId!)) read.add(a.equivalentQualificationId!);
    if (a.direction === 'MUTUAL' && asked.has(a.equivalentQualificationId!)) read.add(a.qualificationId!);
  }
  return [...read];
}

/**
 * Who honours each qualification on `day`, and on what basis: LISTED by an edition in force;
 * AGREEMENT, a listing agreement extending a party's listing; EQUIVALENCE, one hop to an
 * equivalent qualification listed where the equivalence applies. Agreements and equivalences
 * are applied once, never chained. Each answer's window is the run of days around `day` on which
 * the same recognition (jurisdiction, basis, catalog, agreement) is given. What the data cannot
 * rule out (an incomplete edition that may list it) is `possible`, never "not honoured".
 */
export function qualificationRecognitionRules(
  qualificationIds: readonly number[],
  facts: QualificationFacts,
): Map<number, QualificationAnswer> {
  const { day, agreements, listings } = facts;
  const incomplete = facts.editions.filter(isIncomplete).sort((a, b) => a.editionId - b.editionId);
  const listingAgreements = agreements.filter((a) => a.kind === 'LISTING');
  // q → [equivalent q′, agreement]: a one-way equivalence makes `qualification` count as `equivalentQualification`.
  const equivalents = new Map<number, { via: number; agreement: AgreementInForce }[]>();
  for (const a of agreements.filter((x) => x.kind === 'EQUIVALENCE')) {
    const add = (q: number, via: number) => equivalents.set(q, [...(equivalents.get(q) ?? []), { via, agreement: a }]);
    if (qualificationIds.includes(a.qualificationId!)) add(a.qualificationId!, a.equivalentQualificationId!);
    if (a.direction === 'MUTUAL' && qualificationIds.includes(a.equivalentQualificationId!))
      add(a.equivalentQualificationId!, a.qualificationId!);
  }
  const byQualCatalog = new Map<string, Listing[]>();
  for (const l of listings) {
    const key = `${l.qualificationId}|${l.catalogId}`;
    byQualCatalog.set(key, [...(byQualCatalog.get(key) ?? []), l]);
  }
  const catalogsOf = (q: number) => [...new Set(listings.filter((l) => l.qualificationId === q).map((l) => l.catalogId))];
  /** The listing of q′ in catalog c in force on `day`, and the window of its runs, cut by `within`. */
  const listed = (qid: number, catalogId: number, within: Interval | null) => {
    const ls = byQualCatalog.get(`${qid}|${catalogId}`) ?? [];
    const now = ls.find((l) => contains(intervalOf(l), day));
    if (!now) return null;
    const intervals = ls.map((l) => (within ? intersect(intervalOf(l), within) : intervalOf(l))).filter((i): i is Interval => i !== null);
    const window = windowAround(intervals, day);
    return window ? { listing: now, window } : null;
  };

  // NOTE: who takes a giver's listing, by giver, in the agreements' order: made once, on first
  // need. Walking every listing agreement's pairs for each incomplete edition was most of an
  // answer's own time at 100× (180 incomplete editions in force, 170 agreements).
  let takers: Map<number, { taker: number; agreement: AgreementInForce }[]> | undefined;
  const takersFrom = () => {
    if (!takers) {
      takers = new Map();
      for (const a of listingAgreements) {
        for (const [giver, taker] of extensions(a)) {
          const list = takers.get(giver) ?? [];
          list.push({ taker, agreement: a });
          takers.set(giver, list);
        }
      }
    }
    return takers;
  };

  const answers = new Map<number, QualificationAnswer>();
  for (const q of qualificationIds) {
    const out: Omit<Recognition, 'jurisdictionCode'>[] = [];
    for (const catalogId of catalogsOf(q)) {
      const hit = listed(q, catalogId, null);
      if (!hit) continue;
      const l = hit.listing;
      const entry = { editionId: l.editionId, entryId: l.entryId, listIds: l.listIds };
      out.push({ ...none, ...entry, jurisdictionId: l.jurisdictionId, basis: 'LISTED', agreementId: null, ...hit.window });
      for (const a of listingAgreements) {
        if (a.catalogId !== null && a.catalogId !== catalogId) continue;
        const under = listed(q, catalogId, intervalOf(a));
        if (!under) continue;
        for (const [giver, taker] of extensions(a)) {
          if (giver !== l.jurisdictionId) continue;
          out.push({
            ...none,
            ...entry,
            jurisdictionId: taker,
            basis: 'AGREEMENT',
            agreementId: a.id,
            sourceJurisdictionId: giver,
            ...under.window,
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
          ...none,
          jurisdictionId: l.jurisdictionId,
          basis: 'EQUIVALENCE',
          editionId: l.editionId,
          entryId: l.entryId,
          listIds: l.listIds,
          agreementId: agreement.id,
          viaQualificationId: via,
          ...hit.window,
        });
      }
    }

    // What the data cannot rule out: q may be on an incomplete edition, here or extended from there.
    const listedEditions = new Set(listings.filter((l) => l.qualificationId === q).map((l) => l.editionId));
    const unknown = incomplete.filter((e) => !listedEditions.has(e.editionId));
    const maybe: Omit<PossibleRecognition, 'jurisdictionCode'>[] = [];
    for (const e of unknown) {
      maybe.push({ jurisdictionId: e.jurisdictionId, basis: 'LISTED', editionId: e.editionId, agreementId: null });
      for (const { taker, agreement: a } of takersFrom().get(e.jurisdictionId) ?? []) {
        if (a.catalogId === null || a.catalogId === e.catalogId)
          maybe.push({ jurisdictionId: taker, basis: 'AGREEMENT', editionId: e.editionId, agreementId: a.id });
      }
      for (const { agreement } of equivalents.get(q) ?? []) {
        if (agreement.members.has(e.jurisdictionId)) {
          maybe.push({ jurisdictionId: e.jurisdictionId, basis: 'EQUIVALENCE', editionId: e.editionId, agreementId: agreement.id });
        }
      }
    }
    answers.set(q, {
      recognitions: sortRecognitions(withCodes(out, facts.codeOf)),
      incomplete: unknown,
      possible: sortRecognitions(withCodes(maybe, facts.codeOf)),
    });
  }
  return answers;
}

export interface StatusFacts {
  day: string;
  categoryId: number;
  /** Where the category was granted. */
  grantedIn: JurisdictionFacts;
  /** Every jurisdiction, by id: for the chain above `grantedIn` and the reach of national rules. */
  jurisdictions: ReadonlyMap<number, JurisdictionFacts>;
  /** Published standard versions conferring the category, of any date and place. */
  versions: readonly ConferringVersion[];
  /** STATUS and NATIONWIDE agreements in force on `day`. */
  agreements: readonly AgreementInForce[];
}

/**
 * Who honours a category granted in a jurisdiction on `day` (domain.md): ISSUER, where a
 * standard conferring it is in force there (a national one in every mainland jurisdiction);
 * NATIONWIDE, every mainland provincial-level jurisdiction, under a national rule in force;
 * AGREEMENT, the other parties of a status agreement in force that includes the granting
 * jurisdiction. An agreement that names a standard covers the category only as conferred under it.
 */
export function statusRecognitionRules(facts: StatusFacts): Recognition[] {
  const { day, categoryId, grantedIn, versions } = facts;
  const applicable = applicableJurisdictions(grantedIn, facts.jurisdictions).map((j) => j.id);
  const rank = (v: ConferringVersion) => applicable.indexOf(v.jurisdictionId);
  const inPlace = versions.filter((v) => rank(v) >= 0);
  /** The version to show: the most local one in force, the latest on a tie. */
  const shownOn = (list: ConferringVersion[]) =>
    list.filter((v) => contains(intervalOf(v), day)).sort((a, b) => rank(a) - rank(b) || b.validFrom.localeCompare(a.validFrom))[0] ?? null;

  const out: Omit<Recognition, 'jurisdictionCode'>[] = [];
  const base = { ...none, entryId: null, editionId: null, listIds: [], categoryId };
  const issuerWindow = windowAround(inPlace.map(intervalOf), day);
  const issuerVersion = shownOn(inPlace);
  if (issuerWindow && issuerVersion) {
    const conferringVersionIds = inPlace.filter((v) => contains(intervalOf(v), day)).map((v) => v.id);
    out.push({
      ...base,
      jurisdictionId: grantedIn.id,
      basis: 'ISSUER',
      agreementId: null,
      standardVersionId: issuerVersion.id,
      conferringVersionIds,
      ...issuerWindow,
    });
  }

  const agreements = facts.agreements.filter((a) => a.categoryId === categoryId);
  const windowUnder = (a: AgreementInForce) => {
    if (a.standardId === null) return { window: windowAround([intervalOf(a)], day), version: issuerVersion };
    const under = inPlace.filter((v) => v.standardId === a.standardId);
    const window = windowAround(
      under.map((v) => intersect(intervalOf(v), intervalOf(a))).filter((i): i is Interval => i !== null),
      day,
    );
    return { window, version: shownOn(under) };
  };
  if (grantedIn.mainland) {
    const reached = [...facts.jurisdictions.values()].filter(nationwideReaches);
    for (const a of agreements.filter((x) => x.kind === 'NATIONWIDE')) {
      const { window, version } = windowUnder(a);
      if (!window) continue;
      for (const p of reached) {
        out.push({
          ...base,
          jurisdictionId: p.id,
          basis: 'NATIONWIDE',
          agreementId: a.id,
          standardVersionId: version?.id ?? null,
          ...window,
        });
      }
    }
  }
  for (const a of agreements.filter((x) => x.kind === 'STATUS' && x.sources.has(grantedIn.id))) {
    const { window, version } = windowUnder(a);
    if (!window) continue;
    for (const [giver, taker] of extensions(a)) {
      if (giver !== grantedIn.id) continue;
      out.push({
        ...base,
        jurisdictionId: taker,
        basis: 'AGREEMENT',
        agreementId: a.id,
        standardVersionId: version?.id ?? null,
        sourceJurisdictionId: grantedIn.id,
        ...window,
      });
    }
  }
  const codeOf = (id: number) => facts.jurisdictions.get(id)?.code ?? '';
  return sortRecognitions(withCodes(out, codeOf));
}

/** The facts of the set form (pages, coverage, overlap) for some jurisdictions: who extends whose listings, and which equivalences apply where. */
export interface SetFormTerms {
  /** (honouring jurisdiction, giving jurisdiction, catalog or null for any of the giver's). */
  extended: [number, number, number | null][];
  /** (jurisdiction, qualification, the qualification it counts as there). */
  equivalent: [number, number, number][];
}

/** The LISTING and EQUIVALENCE agreements in force, turned into the terms the set form joins on, for the jurisdictions wanted. */
export function setFormTerms(agreements: readonly AgreementInForce[], jurisdictionIds: readonly number[]): SetFormTerms {
  const wanted = new Set(jurisdictionIds);
  const terms: SetFormTerms = { extended: [], equivalent: [] };
  for (const a of agreements) {
    if (a.kind === 'LISTING') {
      for (const [giver, taker] of extensions(a)) if (wanted.has(taker)) terms.extended.push([taker, giver, a.catalogId]);
    } else if (a.kind === 'EQUIVALENCE') {
      for (const j of a.members) {
        if (!wanted.has(j)) continue;
        terms.equivalent.push([j, a.qualificationId!, a.equivalentQualificationId!]);
        if (a.direction === 'MUTUAL') terms.equivalent.push([j, a.equivalentQualificationId!, a.qualificationId!]);
      }
    }
  }
  return terms;
}
