// A deterministic generator of synthetic bundles in the seed format, for load and scale tests.
// Scale 1 holds about 5,000 entries; scale 100 about 500,000. Catalogs, editions and
// qualifications grow with the scale too, as a national hub's would (issue 13): at 100×, 20
// catalogs in each region (over 6,000 editions) of very different sizes, and 20,000
// qualifications with names made of the words real ones share. The same seed and scale always
// give the same bundle. Everything generated is marked as synthetic, with its own instrument.

import { MAINLAND_PROVINCES } from '../helpers/regions.ts';

/** mulberry32: a small, seeded PRNG, so the data is the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The 31 mainland provincial-level codes plus the two cities: the seed data defines them all. */
export const SYNTHETIC_REGIONS = [...MAINLAND_PROVINCES, 'CN-GD-GZ', 'CN-GD-SZ'];
// Codes of the field vocabulary (drizzle/0013_field_values.sql): a bundle files under codes.
const FIELDS = [
  'finance-management',
  'information-technology',
  'engineering',
  'biomedicine',
  'architecture',
  'science-technology',
  'cloud-computing',
  'artificial-intelligence',
];
const COUNTRIES = ['US', 'GB', 'AU', 'CA', 'HK', 'MO', 'JP', 'DE', 'FR', 'SG', 'INT'];
// Names made of the words real certificates share, so that a search for a common word ("Certified",
// "Engineer") matches thousands of rows, as it would in a national catalog.
const GRADES = [
  'Certified',
  'Chartered',
  'Registered',
  'Licensed',
  'Professional',
  'Associate',
  'Senior',
  'Advanced',
  'International',
  'Master',
];
const TOPICS: Record<string, readonly string[]> = {
  'finance-management': ['Financial', 'Investment', 'Risk', 'Tax', 'Treasury'],
  'information-technology': ['Information Security', 'Network', 'Software', 'Data', 'Systems'],
  engineering: ['Structural', 'Mechanical', 'Electrical', 'Chemical', 'Safety'],
  biomedicine: ['Clinical', 'Pharmaceutical', 'Biomedical', 'Laboratory', 'Medical Device'],
  architecture: ['Building', 'Landscape', 'Urban', 'Interior', 'Heritage'],
  'science-technology': ['Quality', 'Research', 'Metrology', 'Materials', 'Patent'],
  'cloud-computing': ['Cloud', 'DevOps', 'Platform', 'Infrastructure', 'Container'],
  'artificial-intelligence': ['Machine Learning', 'AI', 'Robotics', 'Computer Vision', 'Language Technology'],
};
const ROLES = [
  'Analyst',
  'Engineer',
  'Accountant',
  'Architect',
  'Manager',
  'Specialist',
  'Practitioner',
  'Auditor',
  'Consultant',
  'Planner',
];
const YEARS = 10;
const FIRST_YEAR = 2016;

export interface SyntheticOptions {
  scale: number;
  seed?: number;
}

export interface SyntheticBundle {
  bundle: Record<string, unknown>;
  counts: { catalogs: number; editions: number; entries: number; qualifications: number; agreements: number; standards: number };
}

/**
 * Every region, two catalogs each at 1× (20 at 100×), ten yearly editions each (the last open-ended, one in five
 * repealed early, one in four declaring more entries than it lists), entries drawn from a pool
 * of qualifications, regional standards with yearly versions, and agreements of every kind.
 */
export function syntheticBundle({ scale, seed = 20261122 }: SyntheticOptions): SyntheticBundle {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  // Two catalogs in a region at 1×, 20 at 100×; their sizes fall off as 1/rank (a region's main
  // catalog, then smaller special ones), about 16 entries per region and year at 1× in all.
  const catalogsPerRegion = Math.max(2, Math.round(2 * Math.sqrt(scale)));
  const harmonic = Array.from({ length: catalogsPerRegion }, (_, c) => 1 / (c + 1)).reduce((a, b) => a + b, 0);
  const perEdition = (c: number) => Math.max(2, Math.round((16 * scale) / (c + 1) / harmonic));
  const poolSize = Math.max(perEdition(0) * 2, Math.round(400 * scale ** 0.85));
  const src = [{ instrument: 'synthetic-data' }];
  const organisations = Array.from({ length: Math.max(10, Math.round(poolSize / 20)) }, (_, i) => ({
    slug: `syn-org-${i}`,
    name: `Synthetic Body ${i}`,
    country: pick(COUNTRIES),
    verified: false,
  }));
  const qualifications = Array.from({ length: poolSize }, (_, i) => {
    const field = pick(FIELDS);
    const words = [pick(GRADES), pick(TOPICS[field]!), pick(ROLES)];
    const initials = words.flatMap((w) => w.split(' ').map((x) => x[0])).join('');
    return {
      slug: `syn-q-${i}`,
      name: `${words.join(' ')} ${i}`,
      nameZh: `合成资格${i}`,
      abbreviation: `${initials}${i}`,
      issuer: organisations[i % organisations.length]!.slug,
      field,
      verified: false,
      aliases: i % 5 === 0 ? [{ alias: `Synthetic Q ${i}`, lang: 'en' }] : [],
    };
  });
  const catalogs = SYNTHETIC_REGIONS.flatMap((region, r) =>
    Array.from({ length: catalogsPerRegion }, (_, c) => ({
      slug: `syn-${region.toLowerCase()}-${c}`,
      name: `Synthetic catalog ${c} of ${region}`,
      kind: 'QUALIFICATION',
      jurisdiction: region,
      editions: Array.from({ length: YEARS }, (_, y) => {
        const year = FIRST_YEAR + y;
        const repealed = y < YEARS - 1 && rand() < 0.2;
        const start = ((r * 7 + c * 3) % 28) + 1;
        const from = `${year}-03-${String(start).padStart(2, '0')}`;
        const to = y < YEARS - 1 ? `${year + 1}-03-${String(start).padStart(2, '0')}` : undefined;
        const offset = Math.floor(rand() * poolSize);
        const entries = Array.from({ length: perEdition(c) }, (_, e) => qualifications[(offset + e * 7) % poolSize]!.slug);
        const unique = [...new Set(entries)];
        return {
          label: `${year}`,
          title: `Synthetic ${region} ${c} ${year}`,
          validFrom: from,
          ...(to ? { validTo: to } : {}),
          ...(repealed ? { repealedOn: `${year + 1}-01-15`, repealedBy: 'synthetic-data' } : {}),
          declaredSize: rand() < 0.25 ? unique.length + 5 : unique.length,
          verified: false,
          sources: src,
          lists: [
            { code: 'general', name: 'General', benefits: ['syn-benefit'] },
            { code: 'urgent', name: 'Urgent' },
          ],
          entries: unique.map((q, i) => ({
            qualification: q,
            lists: i % 10 === 0 ? ['general', 'urgent'] : ['general'],
            sources: src,
            verified: false,
          })),
        };
      }),
    })),
  );
  const regionPairs = SYNTHETIC_REGIONS.slice(0, 31).map((region, i) => [region, SYNTHETIC_REGIONS[(i + 1) % 31]!] as const);
  const agreements = [
    ...regionPairs.map(([a, b], i) => ({
      slug: `syn-listing-${i}`,
      name: `Synthetic listing agreement ${i}`,
      kind: 'LISTING',
      direction: i % 2 ? 'MUTUAL' : 'ONE_WAY',
      validFrom: `${FIRST_YEAR + (i % YEARS)}-06-01`,
      parties:
        i % 2
          ? [
              { role: 'PARTY', jurisdiction: a },
              { role: 'PARTY', jurisdiction: b },
            ]
          : [
              { role: 'SOURCE', jurisdiction: a },
              { role: 'TARGET', jurisdiction: b },
            ],
      sources: src,
      verified: false,
    })),
    ...regionPairs.map(([a, b], i) => ({
      slug: `syn-status-${i}`,
      name: `Synthetic status agreement ${i}`,
      kind: 'STATUS',
      direction: 'MUTUAL',
      validFrom: `${FIRST_YEAR + (i % YEARS)}-01-01`,
      category: i % 2 ? 'A' : 'B',
      parties: [
        { role: 'PARTY', jurisdiction: a },
        { role: 'PARTY', jurisdiction: b },
      ],
      sources: src,
      verified: false,
    })),
    ...Array.from({ length: Math.max(5, Math.round(10 * Math.sqrt(scale))) }, (_, i) => ({
      slug: `syn-equivalence-${i}`,
      name: `Synthetic equivalence ${i}`,
      kind: 'EQUIVALENCE',
      direction: i % 2 ? 'MUTUAL' : 'ONE_WAY',
      validFrom: `${FIRST_YEAR + (i % YEARS)}-01-01`,
      qualification: qualifications[(i * 13) % poolSize]!.slug,
      equivalentQualification: qualifications[(i * 13 + 1) % poolSize]!.slug,
      parties: [{ role: 'PARTY', jurisdiction: pick(SYNTHETIC_REGIONS) }],
      sources: src,
      verified: false,
    })),
  ];
  const standards = SYNTHETIC_REGIONS.slice(0, 31).map((region) => ({
    slug: `syn-std-${region.toLowerCase()}`,
    name: `Synthetic regional standard of ${region}`,
    jurisdiction: region,
    scope: 'REGIONAL',
    versions: Array.from({ length: YEARS / 2 }, (_, v) => ({
      label: `${FIRST_YEAR + 2 * v}`,
      title: `Synthetic standard ${region} ${FIRST_YEAR + 2 * v}`,
      validFrom: `${FIRST_YEAR + 2 * v}-01-01`,
      ...(v < YEARS / 2 - 1 ? { validTo: `${FIRST_YEAR + 2 * v + 2}-01-01` } : {}),
      categories: ['A'],
      sources: src,
      verified: false,
    })),
  }));
  const bundle = {
    name: `synthetic-x${String(scale).replace('.', '-')}`,
    description: `Synthetic data at scale ${scale} (seed ${seed}): not real catalogs, for load and scale tests only.`,
    instruments: [
      {
        slug: 'synthetic-data',
        kind: 'OTHER',
        title: 'Synthetic test data generated by test/bench/synthetic.ts',
        reliability: 'LOW',
        note: 'Not a real document.',
      },
    ],
    benefits: [{ slug: 'syn-benefit', kind: 'SERVICE', audience: 'ALL', text: 'A synthetic benefit', sources: src, verified: false }],
    organisations,
    qualifications,
    catalogs,
    standards,
    agreements,
  };
  const editions = catalogs.flatMap((c) => c.editions);
  return {
    bundle,
    counts: {
      catalogs: catalogs.length,
      editions: editions.length,
      entries: editions.reduce((n, e) => n + e.entries.length, 0),
      qualifications: qualifications.length,
      agreements: agreements.length,
      standards: standards.length,
    },
  };
}
