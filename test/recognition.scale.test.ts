import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../src/modules/bundle/bundle.load.ts';
import { bundleFromObjects } from '../src/modules/bundle/bundle.read.ts';
import { startHub, type TestDatabase, type TestHub, testDatabase } from './helpers/hub.ts';

// The recognition queries must cost the same number of SQL statements whatever the size of
// the data: here the same shapes of data at two scales, ten times apart, on top of the seed.

const REGIONS = [
  'CN-AH',
  'CN-FJ',
  'CN-GS',
  'CN-GX',
  'CN-GZ',
  'CN-HA',
  'CN-HB',
  'CN-HL',
  'CN-HN',
  'CN-JL',
  'CN-JS',
  'CN-JX',
  'CN-LN',
  'CN-NM',
  'CN-NX',
  'CN-QH',
  'CN-SD',
  'CN-SN',
  'CN-SX',
  'CN-XJ',
];
const src = [{ instrument: 'scale-notice' }];

/** `regions` regions × 3 editions × `perEdition` entries, listing and equivalence agreements, status agreements. */
function synthetic(regions: number, perEdition: number) {
  const quals = Array.from({ length: perEdition }, (_, i) => ({ slug: `scale-q-${i}`, name: `Scale qualification ${i}` }));
  const used = REGIONS.slice(0, regions);
  return {
    name: 'scale',
    instruments: [{ slug: 'scale-notice', kind: 'OTHER', title: 'Synthetic test data', reliability: 'LOW' }],
    benefits: [{ slug: 'scale-benefit', kind: 'SERVICE', audience: 'ALL', text: 'A synthetic benefit', sources: src }],
    qualifications: quals,
    catalogs: used.map((code) => ({
      slug: `scale-${code.toLowerCase()}`,
      name: `Scale ${code}`,
      kind: 'QUALIFICATION',
      jurisdiction: code,
      editions: ['2022', '2023', '2024'].map((y, i) => ({
        label: y,
        title: `Scale ${code} ${y}`,
        validFrom: `${y}-01-01`,
        ...(i < 2 ? { validTo: `${Number(y) + 1}-01-01` } : {}),
        declaredSize: perEdition + 2,
        sources: src,
        lists: [
          { code: 'general', name: 'General', benefits: ['scale-benefit'] },
          { code: 'urgent', name: 'Urgent' },
        ],
        entries: [
          { qualification: 'ieee-fellow', lists: ['general', 'urgent'], sources: src },
          ...quals.slice(1).map((q) => ({ qualification: q.slug, lists: ['general'], sources: src })),
        ],
      })),
    })),
    agreements: [
      ...used.map((code, i) => ({
        slug: `scale-listing-${i}`,
        name: `Listing ${i}`,
        kind: 'LISTING',
        direction: 'MUTUAL',
        validFrom: '2022-06-01',
        sources: src,
        benefits: ['scale-benefit'],
        parties: [
          { role: 'PARTY', jurisdiction: code },
          { role: 'PARTY', jurisdiction: used[(i + 1) % used.length] },
        ],
      })),
      ...used.map((code, i) => ({
        slug: `scale-equivalence-${i}`,
        name: `Equivalence ${i}`,
        kind: 'EQUIVALENCE',
        direction: 'MUTUAL',
        validFrom: '2022-06-01',
        sources: src,
        qualification: 'frsc',
        equivalentQualification: `scale-q-${i % perEdition === 0 ? 1 : i % perEdition}`,
        parties: [{ role: 'PARTY', jurisdiction: code }],
      })),
      ...used.map((code, i) => ({
        slug: `scale-status-${i}`,
        name: `Status ${i}`,
        kind: 'STATUS',
        direction: 'MUTUAL',
        validFrom: '2022-06-01',
        sources: src,
        category: 'A',
        parties: [
          { role: 'PARTY', jurisdiction: 'CN-CQ' },
          { role: 'PARTY', jurisdiction: code },
        ],
      })),
    ],
  };
}

const QUERIES: Record<string, string> = {
  qualificationRecognition: `{ qualificationRecognition(qualification: "ieee-fellow", asOf: "2024-06-01") {
    recognitions { jurisdiction { code } basis edition { label catalog { slug } } lists { code } agreement { slug } sourceJurisdiction { code } benefits { slug } from to sources { slug } }
    incomplete { label catalog { slug jurisdiction { code } } }
    possible { jurisdiction { code } basis edition { label } agreement { slug } } } }`,
  equivalence: `{ qualificationRecognition(qualification: "frsc", asOf: "2024-06-01") { recognitions { jurisdiction { code } basis via { slug } edition { label } agreement { slug } benefits { slug } sources { slug } } } }`,
  statusRecognition: `{ statusRecognition(category: "A", grantedIn: "CN-CQ", asOf: "2025-10-01") {
    recognitions { jurisdiction { code } basis standard { slug } agreement { slug } benefits { slug } from to sources { slug } } } }`,
  honouredQualifications: `{ jurisdiction(code: "CN-AH") { honouredQualifications(asOf: "2024-06-01", first: 50) { totalCount nodes { qualification { slug } recognitions { basis agreement { slug } edition { label } } } } } }`,
  qualificationsRecognitions: `{ qualifications(first: 50) { nodes { slug recognitions(asOf: "2024-06-01") { jurisdiction { code } basis edition { label } } } } }`,
};

async function measure(hub: TestHub): Promise<Record<string, { statements: number; recognitions: number }>> {
  const out: Record<string, { statements: number; recognitions: number }> = {};
  for (const [name, query] of Object.entries(QUERIES)) {
    const { body } = await hub.gql(query);
    expect(body.errors, name).toBeUndefined();
    out[name] = { statements: body.extensions!.sqlStatements!, recognitions: (JSON.stringify(body.data).match(/"basis"/g) ?? []).length };
  }
  return out;
}

const worlds: { db: TestDatabase; hub: TestHub }[] = [];
beforeAll(async () => {
  for (const [regions, perEdition] of [
    [2, 5],
    [20, 50],
  ] as const) {
    const db = await testDatabase({ seeded: true });
    await loadBundle(db.database.db, bundleFromObjects([synthetic(regions, perEdition)]));
    worlds.push({ db, hub: await startHub(db.database) });
  }
});
afterAll(async () => {
  for (const w of worlds) {
    await w.hub.stop();
    await w.db.drop();
  }
});

describe('SQL statements per recognition query', () => {
  it('stay within the same bound at 1× and at 10× the regions, entries and agreements', async () => {
    const small = await measure(worlds[0]!.hub);
    const large = await measure(worlds[1]!.hub);
    const bounds: Record<string, number> = {
      qualificationRecognition: 16,
      equivalence: 15,
      statusRecognition: 17,
      honouredQualifications: 11,
      qualificationsRecognitions: 7,
    };
    for (const name of Object.keys(QUERIES)) {
      // The larger world really answers more…
      expect(large[name]!.recognitions, name).toBeGreaterThan(small[name]!.recognitions);
      // …within the same bound of statements, measured once and written down here.
      expect(small[name]!.statements, name).toBeLessThanOrEqual(bounds[name]!);
      expect(large[name]!.statements, name).toBeLessThanOrEqual(bounds[name]!);
    }
  });
});
