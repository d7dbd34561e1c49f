import { describe, expect, it } from 'vitest';
import { loadBundle } from '../src/modules/bundle/bundle.load.ts';
import { bundleFromObjects } from '../src/modules/bundle/bundle.read.ts';
import { syntheticBundle } from './bench/synthetic.ts';
import { seededWorld } from './helpers/hub.ts';

// The synthetic data behind the scale tests and the benchmark: deterministic, valid, loadable
// through the normal loader on top of the real seed data.

const world = seededWorld();

describe('synthetic bundles', () => {
  it('are the same for the same seed and scale, and grow with the scale (100× is over 500,000 entries, 5,000 editions, 20,000 qualifications)', () => {
    expect(JSON.stringify(syntheticBundle({ scale: 0.5 }).bundle)).toBe(JSON.stringify(syntheticBundle({ scale: 0.5 }).bundle));
    expect(JSON.stringify(syntheticBundle({ scale: 0.5, seed: 1 }).bundle)).not.toBe(
      JSON.stringify(syntheticBundle({ scale: 0.5 }).bundle),
    );
    expect(syntheticBundle({ scale: 1 }).counts.entries).toBeGreaterThanOrEqual(5_000);
    const large = syntheticBundle({ scale: 100 }).counts;
    expect(large.entries).toBeGreaterThanOrEqual(500_000);
    expect(large.editions).toBeGreaterThanOrEqual(5_000);
    expect(large.qualifications).toBeGreaterThanOrEqual(20_000);
    // CI's smoke run loads 1×: it stays small.
    expect(syntheticBundle({ scale: 1 }).counts).toMatchObject({ editions: 660, qualifications: 400 });
  });

  it('load through the bundle loader, with progress, and the hub answers on them', async () => {
    const { bundle, counts } = syntheticBundle({ scale: 0.3 });
    const steps = new Set<string>();
    const report = await loadBundle(world.db.database.db, bundleFromObjects([bundle]), {
      onProgress: (step, done, total) => done === total && steps.add(step),
    });
    expect(report).toMatchObject({
      catalogs: counts.catalogs,
      editions: counts.editions,
      entries: counts.entries,
      qualifications: counts.qualifications,
      agreements: counts.agreements,
    });
    expect([...steps]).toEqual(expect.arrayContaining(['validating', 'catalog_entries', 'catalog_entry_lists', 'catalog_entry_sources']));
    const { body } = await world.hub.gql(
      '{ qualificationRecognition(qualification: "syn-q-0", asOf: "2020-06-01") { recognitions { jurisdiction { code } basis } } jurisdiction(code: "CN-AH") { honouredQualifications(asOf: "2020-06-01") { totalCount } } }',
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.jurisdiction.honouredQualifications.totalCount).toBeGreaterThan(0);
  });
});
