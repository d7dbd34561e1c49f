import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../src/modules/bundle/bundle.load.ts';
import { bundleFromObjects } from '../src/modules/bundle/bundle.read.ts';
import { startHub, type TestDatabase, type TestHub, testDatabase } from './helpers/hub.ts';

// Batching is what keeps the hub fast: the SQL statements a request runs must not grow with
// the page size, the number of editions or the number of catalogs it walks.

let db: TestDatabase;
let hub: TestHub;

const src = [{ instrument: 'batch-notice' }];
/** Three catalogs × three editions × 150 entries, each of a qualification with its own issuer. */
function bigBundle() {
  const organisations = Array.from({ length: 150 }, (_, i) => ({ slug: `batch-org-${i}`, name: `Batch Org ${i}`, country: 'US' }));
  const qualifications = Array.from({ length: 150 }, (_, i) => ({
    slug: `batch-qual-${i}`,
    name: `Batch Qualification ${i}`,
    issuer: `batch-org-${i}`,
  }));
  const catalogs = ['a', 'b', 'c'].map((c, ci) => ({
    slug: `batch-catalog-${c}`,
    name: `Batch catalog ${c}`,
    kind: 'QUALIFICATION',
    jurisdiction: ['CN-SH', 'CN-TJ', 'CN-GD-SZ'][ci],
    editions: ['2019', '2020', '2021'].map((year, ei) => ({
      label: year,
      title: `Batch ${c} ${year}`,
      validFrom: `${year}-01-01`,
      ...(ei < 2 ? { validTo: `${Number(year) + 1}-01-01` } : {}),
      declaredSize: 150,
      sources: src,
      lists: [{ code: 'general', name: 'General' }],
      entries: qualifications.map((q) => ({ qualification: q.slug, lists: ['general'], sources: src })),
    })),
  }));
  return {
    name: 'batch',
    instruments: [{ slug: 'batch-notice', kind: 'OTHER', title: 'Synthetic test data', reliability: 'LOW' }],
    organisations,
    qualifications,
    catalogs,
  };
}

beforeAll(async () => {
  db = await testDatabase({ seeded: true });
  await loadBundle(db.database.db, bundleFromObjects([bigBundle()]));
  hub = await startHub(db.database);
});
afterAll(async () => {
  await hub?.stop();
  await db?.drop();
});

const nested = (first: number) => `{
  catalogs {
    slug
    jurisdiction { code }
    editions {
      label state(asOf: "2020-06-01")
      lists { code benefits { slug } }
      sources { slug }
      entries(first: ${first}) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { id qualification { slug issuer { name country } } lists { code } sources { slug } }
      }
    }
  }
}`;

describe('SQL statements per request', () => {
  it('do not grow with the page size: catalogs → editions → entries → qualification → issuer', async () => {
    const counts: Record<number, number> = {};
    for (const first of [1, 10, 100]) {
      const { body } = await hub.gql(nested(first));
      expect(body.errors).toBeUndefined();
      const editions = body.data.catalogs.flatMap((c: { editions: unknown[] }) => c.editions);
      const batch = editions.filter((e: { entries: { totalCount: number } }) => e.entries.totalCount === 150);
      expect(batch).toHaveLength(9);
      for (const e of batch) expect(e.entries.nodes).toHaveLength(first);
      counts[first] = body.extensions!.sqlStatements!;
    }
    // catalogs, jurisdictions, editions, lists, benefits, edition citations, their instruments,
    // entry pages, counts, qualifications, issuers, entry lists, lists by id, entry citations,
    // their instruments: one statement per level of the tree, whatever its width. NOTE: a bound,
    // not an exact count: two levels' lookups of one loader may share a batch when the
    // database's replies happen to arrive together. N+1 would show as hundreds.
    for (const first of [1, 10, 100]) expect(counts[first], `first: ${first}`).toBeLessThanOrEqual(15);
  });

  it('do not grow with the number of editions walked: one catalog costs what all of them cost', async () => {
    const one = await hub.gql(
      `{ catalog(slug: "batch-catalog-a") { editions { entries(first: 50) { nodes { qualification { issuer { name } } } } } } }`,
    );
    const all = await hub.gql(`{ catalogs { editions { entries(first: 50) { nodes { qualification { issuer { name } } } } } } }`);
    expect(one.body.extensions!.sqlStatements).toBe(all.body.extensions!.sqlStatements);
  });

  it('page on with a cursor per edition in one statement', async () => {
    const { body } = await hub.gql(`{ catalog(slug: "batch-catalog-b") { editions { entries(first: 100) { pageInfo { endCursor } } } } }`);
    const cursor = body.data.catalog.editions[0].entries.pageInfo.endCursor;
    const next = await hub.gql(
      `query($after: String) { catalog(slug: "batch-catalog-b") { editions { label entries(first: 100, after: $after) { pageInfo { hasNextPage } nodes { qualification { slug } } } } } }`,
      { after: cursor },
    );
    const first = next.body.data.catalog.editions[0].entries;
    expect(first.pageInfo.hasNextPage).toBe(false);
    expect(first.nodes.map((n: { qualification: { slug: string } }) => n.qualification.slug)).toEqual(
      Array.from({ length: 50 }, (_, i) => `batch-qual-${100 + i}`),
    );
  });
});
