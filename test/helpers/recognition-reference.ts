import fc from 'fast-check';
import { SRC } from './bundles.ts';

// The engine against a deliberately naive reference: the reference knows nothing of intervals.
// It decides, day by day, who honours a qualification, straight from the bundle's words, and
// finds each answer's window by walking days until the answer changes.

export const REGIONS = ['CN-BJ', 'CN-TJ', 'CN-HE', 'CN-SH'];
export const GROUP = ['CN-BJ', 'CN-TJ', 'CN-HE'];
export const QUALS = ['q1', 'q2', 'q3', 'q4'];
const EPOCH = Date.UTC(2020, 0, 1);
const SPAN = 4 * 365;
export const day = (offset: number) => new Date(EPOCH + offset * 86_400_000).toISOString().slice(0, 10);
export const next = (d: string) => day(Math.round((Date.parse(`${d}T00:00:00Z`) - EPOCH) / 86_400_000) + 1);
export const prev = (d: string) => day(Math.round((Date.parse(`${d}T00:00:00Z`) - EPOCH) / 86_400_000) - 1);

export interface Edition {
  label: string;
  validFrom: string;
  validTo?: string;
  repealedOn?: string;
  repealedBy?: string;
  declaredSize?: number;
  entries: { qualification: string; lists: string[]; sources: typeof SRC }[];
}
export interface Catalog {
  slug: string;
  jurisdiction: string;
  editions: Edition[];
}
export interface Party {
  role: 'PARTY' | 'SOURCE' | 'TARGET';
  jurisdiction?: string;
  group?: string;
}
export interface Agreement {
  slug: string;
  kind: 'LISTING' | 'EQUIVALENCE';
  direction: 'MUTUAL' | 'ONE_WAY';
  validFrom: string;
  validTo?: string;
  parties: Party[];
  catalog?: string;
  qualification?: string;
  equivalentQualification?: string;
}

const arbEditions = fc
  .record({
    cuts: fc.uniqueArray(fc.integer({ min: 0, max: SPAN }), { minLength: 2, maxLength: 5 }),
    gaps: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
    repeals: fc.array(fc.option(fc.integer({ min: 1, max: 200 })), { minLength: 5, maxLength: 5 }),
    quals: fc.array(fc.subarray(QUALS), { minLength: 5, maxLength: 5 }),
    short: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 5, maxLength: 5 }),
    openEnd: fc.boolean(),
  })
  .map(({ cuts, gaps, repeals, quals, short, openEnd }) => {
    const t = [...cuts].sort((a, b) => a - b);
    const editions: Edition[] = [];
    for (let i = 0; i < t.length - 1; i++) {
      const from = t[i]!;
      const end =
        i === t.length - 2 && openEnd ? null : gaps[i] && t[i + 1]! - from > 2 ? from + Math.ceil((t[i + 1]! - from) / 2) : t[i + 1]!;
      const e: Edition = {
        label: `${i + 1}`,
        validFrom: day(from),
        ...(end === null ? {} : { validTo: day(end) }),
        entries: quals[i]!.map((q) => ({ qualification: q, lists: ['general'], sources: SRC })),
      };
      const repeal = repeals[i];
      if (repeal !== null && repeal !== undefined && (end === null || from + repeal <= end))
        Object.assign(e, { repealedOn: day(from + repeal), repealedBy: 'test-notice' });
      if (short[i] === 0)
        e.declaredSize = e.entries.length + 3; // an incomplete edition
      else e.declaredSize = e.entries.length;
      editions.push(e);
    }
    return editions;
  });

const arbCatalogs = fc
  .uniqueArray(fc.constantFrom(...REGIONS), { minLength: 1, maxLength: 4 })
  .chain((regions) =>
    fc.tuple(
      ...regions.map((r) => arbEditions.map((editions): Catalog => ({ slug: `cat-${r.toLowerCase()}`, jurisdiction: r, editions }))),
    ),
  );

const arbWindow = fc.tuple(fc.integer({ min: 0, max: SPAN }), fc.option(fc.integer({ min: 1, max: SPAN }))).map(([from, len]) => ({
  validFrom: day(from),
  ...(len === null ? {} : { validTo: day(from + len) }),
}));

const arbListing = fc.record({
  mutual: fc.boolean(),
  useGroup: fc.boolean(),
  members: fc.uniqueArray(fc.constantFrom(...REGIONS), { minLength: 2, maxLength: 3 }),
  window: arbWindow,
  catalogOnly: fc.boolean(),
});
const arbEquivalence = fc.record({
  pair: fc.uniqueArray(fc.constantFrom(...QUALS), { minLength: 2, maxLength: 2 }),
  mutual: fc.boolean(),
  members: fc.uniqueArray(fc.constantFrom(...REGIONS), { minLength: 1, maxLength: 2 }),
  window: arbWindow,
});

export const arbScenario: fc.Arbitrary<Scenario> = fc
  .record({
    catalogs: arbCatalogs,
    listings: fc.array(arbListing, { maxLength: 3 }),
    equivalences: fc.array(arbEquivalence, { maxLength: 2 }),
    days: fc.array(fc.integer({ min: -30, max: SPAN + 30 }), { minLength: 1, maxLength: 1 }),
  })
  .map(({ catalogs, listings, equivalences, days }) => {
    const agreements: Agreement[] = [
      ...listings.map((l, i): Agreement => {
        const parties: Party[] = l.mutual
          ? l.useGroup
            ? [{ role: 'PARTY', group: 'jjj' }]
            : l.members.map((j) => ({ role: 'PARTY' as const, jurisdiction: j }))
          : [
              { role: 'SOURCE', jurisdiction: l.members[0]! },
              ...l.members.slice(1).map((j) => ({ role: 'TARGET' as const, jurisdiction: j })),
            ];
        const source = l.members[0]!;
        const catalog = l.catalogOnly && catalogs.some((c) => c.jurisdiction === source) ? `cat-${source.toLowerCase()}` : undefined;
        return {
          slug: `listing-${i}`,
          kind: 'LISTING',
          direction: l.mutual ? 'MUTUAL' : 'ONE_WAY',
          ...l.window,
          parties,
          ...(catalog ? { catalog } : {}),
        };
      }),
      ...equivalences.map(
        (e, i): Agreement => ({
          slug: `equivalence-${i}`,
          kind: 'EQUIVALENCE',
          direction: e.mutual ? 'MUTUAL' : 'ONE_WAY',
          ...e.window,
          parties: e.members.map((j) => ({ role: 'PARTY' as const, jurisdiction: j })),
          qualification: e.pair[0]!,
          equivalentQualification: e.pair[1]!,
        }),
      ),
    ];
    return { catalogs, agreements, days: days.map(day) };
  })
  .chain((s) => {
    // Most bugs live on the edges: ask on the bundle's own boundary days and the day before each.
    const edges = [
      ...s.catalogs.flatMap((c) => c.editions.flatMap((e) => [e.validFrom, e.validTo, e.repealedOn])),
      ...s.agreements.flatMap((a) => [a.validFrom, a.validTo]),
    ]
      .filter((d): d is string => d !== undefined)
      .flatMap((d) => [d, prev(d)]);
    return fc
      .uniqueArray(fc.constantFrom(...edges), { minLength: 2, maxLength: 3 })
      .map((picked): Scenario => ({ ...s, days: [...s.days, ...picked] }));
  });

export type Scenario = { catalogs: Catalog[]; agreements: Agreement[]; days: string[] };

// ---- the naive reference --------------------------------------------------------------------

const inForce = (x: { validFrom: string; validTo?: string; repealedOn?: string }, d: string) =>
  x.validFrom <= d && (x.validTo === undefined || d < x.validTo) && (x.repealedOn === undefined || d < x.repealedOn);
export const members = (p: Party) => (p.group ? GROUP : [p.jurisdiction!]);

/** The set of recognitions of `q` on day `d`, as keys: jurisdiction|basis|agreement|catalog. */
export function naiveOn(s: Scenario, q: string, d: string): Set<string> {
  const out = new Set<string>();
  const listsOn = (c: Catalog, qual: string) => c.editions.some((e) => inForce(e, d) && e.entries.some((x) => x.qualification === qual));
  for (const c of s.catalogs) if (listsOn(c, q)) out.add(`${c.jurisdiction}|LISTED||${c.slug}`);
  for (const a of s.agreements) {
    if (!inForce(a, d)) continue;
    if (a.kind === 'LISTING') {
      const givers = a.parties.filter((p) => p.role !== 'TARGET').flatMap(members);
      const takers = a.parties.filter((p) => p.role !== 'SOURCE').flatMap(members);
      for (const c of s.catalogs) {
        if (!givers.includes(c.jurisdiction) || (a.catalog && a.catalog !== c.slug) || !listsOn(c, q)) continue;
        for (const t of takers) if (t !== c.jurisdiction) out.add(`${t}|AGREEMENT|${a.slug}|${c.slug}`);
      }
    } else {
      const via =
        a.qualification === q
          ? a.equivalentQualification
          : a.direction === 'MUTUAL' && a.equivalentQualification === q
            ? a.qualification
            : undefined;
      if (!via) continue;
      const where = a.parties.flatMap(members);
      for (const c of s.catalogs)
        if (where.includes(c.jurisdiction) && listsOn(c, via)) out.add(`${c.jurisdiction}|EQUIVALENCE|${a.slug}|${c.slug}`);
    }
  }
  return out;
}

const FIRST = day(-400);
const LAST = day(3 * SPAN);
/** Each recognition on `d` with its window, found by walking days until the answer changes. */
export function naive(s: Scenario, q: string, d: string): string[] {
  const today = naiveOn(s, q, d);
  return [...today]
    .map((key) => {
      let from = d;
      while (from > FIRST && naiveOn(s, q, prev(from)).has(key)) from = prev(from);
      let to: string | null = next(d);
      while (to !== null && naiveOn(s, q, to).has(key)) to = to >= LAST ? null : next(to);
      return `${key} [${from}, ${to ?? '…'})`;
    })
    .sort();
}

export function naiveIncomplete(s: Scenario, q: string, d: string): string[] {
  return s.catalogs
    .flatMap((c) =>
      c.editions
        .filter((e) => inForce(e, d) && (e.declaredSize ?? Infinity) > e.entries.length && !e.entries.some((x) => x.qualification === q))
        .map((e) => `${c.slug}@${e.label}`),
    )
    .sort();
}

/** The scenario as a bundle, to load on top of `baseBundle()`. */
export function scenarioBundle(s: Scenario) {
  return {
    name: 'random',
    catalogs: s.catalogs.map((c) => ({
      slug: c.slug,
      name: c.slug,
      kind: 'QUALIFICATION',
      jurisdiction: c.jurisdiction,
      editions: c.editions.map((e) => ({
        ...e,
        title: `${c.slug} ${e.label}`,
        sources: SRC,
        lists: [{ code: 'general', name: 'General' }],
      })),
    })),
    agreements: s.agreements.map((a) => ({ ...a, name: a.slug, sources: SRC })),
  };
}
