import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../src/db/client.ts';
import { loadBundle } from '../src/modules/bundle/bundle.load.ts';
import { bundleFromObjects } from '../src/modules/bundle/bundle.read.ts';
import { refusalOf } from './helpers/bundles.ts';
import { startHub, type TestDatabase, type TestHub, testDatabase } from './helpers/hub.ts';

// Catalogs that map a certificate of another system to a mainland occupation and skill level
// (Fujian's direct recognition of Taiwan skill certificates), occupations named only in Chinese,
// and agreements between sub-provincial areas (the Yangtze River Delta demonstration zone).

let db: TestDatabase;
let hub: TestHub;

const src = [{ instrument: 'notice-t' }];
const base = {
  name: 'base',
  jurisdictions: [
    { code: 'CN', name: 'China', nameZh: '中国', level: 'NATIONAL', mainland: true },
    { code: 'CN-FJ', name: 'Fujian', nameZh: '福建省', level: 'PROVINCIAL', parent: 'CN', mainland: true },
    { code: 'CN-SH', name: 'Shanghai', nameZh: '上海市', level: 'PROVINCIAL', parent: 'CN', mainland: true },
    { code: 'CN-JS', name: 'Jiangsu', nameZh: '江苏省', level: 'PROVINCIAL', parent: 'CN', mainland: true },
    { code: 'CN-SH-QP', name: 'Qingpu', nameZh: '青浦区', level: 'DISTRICT', parent: 'CN-SH', mainland: true },
    { code: 'CN-JS-WJ', name: 'Wujiang', nameZh: '吴江区', level: 'DISTRICT', parent: 'CN-JS', mainland: true },
  ],
  instruments: [{ slug: 'notice-t', kind: 'NOTICE', title: 'Notice T', reliability: 'HIGH', issuedOn: '2025-11-21' }],
  qualifications: [{ slug: 'tw-care', name: 'Taiwan care attendant certificate', nameZh: '照顾服务员' }],
  categories: [{ code: 'A', name: 'Class A', nameZh: '外国高端人才', jurisdiction: 'CN' }],
  standards: [
    {
      slug: 'national',
      name: 'National classification',
      jurisdiction: 'CN',
      scope: 'NATIONAL',
      versions: [{ label: '2017', title: 'National 2017', status: 'PUBLISHED', validFrom: '2017-04-01', categories: ['A'], sources: src }],
    },
  ],
};
const recognitionCatalog = (entries: object[]) => ({
  name: 'taiwan',
  catalogs: [
    {
      slug: 'fj-taiwan',
      name: 'Fujian Taiwan skills',
      kind: 'QUALIFICATION',
      jurisdiction: 'CN-FJ',
      editions: [{ label: '5', title: 'Batch 5', status: 'PUBLISHED', validFrom: '2025-11-21', declaredSize: 6, sources: src, entries }],
    },
  ],
});
const mapped = { qualification: 'tw-care', occupationNameZh: '养老护理员', skillLevel: '四级', sourceLevel: '单一级', sources: src };
const named = { occupationNameZh: '保健调理师', sources: src };

const refusal = (bundles: object[]) => refusalOf(db.database.db, bundles);

beforeAll(async () => {
  db = await testDatabase({ seeded: false });
  hub = await startHub(db.database);
  await loadBundle(db.database.db, bundleFromObjects([base]));
});
afterAll(async () => {
  await hub?.stop();
  await db?.drop();
});

describe('a catalog of recognised certificates of another system', () => {
  const query = `{ catalog(slug: "fj-taiwan") { editions { loadedSize complete entries { nodes { id qualification { slug nameZh } occupation { code } occupationNameZh sourceLevel skillLevel } } } } }`;

  it('holds a certificate with its own level mapped to a mainland occupation and level, and an occupation named without a code', async () => {
    await loadBundle(db.database.db, bundleFromObjects([recognitionCatalog([mapped, named])]));
    const { body } = await hub.gql(query);
    const ids = body.data.catalog.editions[0].entries.nodes.map((n: { id: string }) => n.id);
    expect(body.data).toEqual({
      catalog: {
        editions: [
          {
            loadedSize: 2,
            complete: false,
            entries: {
              nodes: [
                {
                  id: ids[0],
                  qualification: { slug: 'tw-care', nameZh: '照顾服务员' },
                  occupation: null,
                  occupationNameZh: '养老护理员',
                  sourceLevel: '单一级',
                  skillLevel: '四级',
                },
                { id: ids[1], qualification: null, occupation: null, occupationNameZh: '保健调理师', sourceLevel: null, skillLevel: null },
              ],
            },
          },
        ],
      },
    });
    // The global IDs carry the natural key (a named occupation by its name) and resolve back.
    expect(ids.map((id: string) => Buffer.from(id, 'base64').toString('utf8'))).toEqual([
      'CatalogEntry:["fj-taiwan","5","qualification","tw-care"]',
      'CatalogEntry:["fj-taiwan","5","occupation-name","保健调理师"]',
    ]);
    const back = await hub.gql(`{ nodes(ids: ${JSON.stringify(ids)}) { ... on CatalogEntry { occupationNameZh } } }`);
    expect(back.body.data).toEqual({ nodes: [{ occupationNameZh: '养老护理员' }, { occupationNameZh: '保健调理师' }] });
    // Loading it again changes nothing: the named occupation is a natural key too.
    const [before] = await rows<{ n: number }>(db.database.db, sql`SELECT count(*)::int AS n FROM catalog_entries`);
    await loadBundle(db.database.db, bundleFromObjects([recognitionCatalog([mapped, named])]));
    const [after] = await rows<{ n: number }>(db.database.db, sql`SELECT count(*)::int AS n FROM catalog_entries`);
    expect(after).toEqual(before);
  });

  it('refuses an entry that names nothing, or an occupation both by code and by name, or the same named occupation twice', async () => {
    const problems = await refusal([
      recognitionCatalog([
        { sources: src },
        { occupation: '2-02-38-01', occupationNameZh: '人工智能工程技术人员', sources: src },
        named,
        named,
      ]),
    ]);
    expect(problems.map((p) => `${p.record}: ${p.message}`)).toEqual([
      'bundle#1: catalogs[fj-taiwan].editions[5].entries[0]: an entry names a qualification, an occupation or an occupationNameZh',
      'bundle#1: catalogs[fj-taiwan].editions[5].entries[2-02-38-01]: an entry names an occupation by code or by name, not both',
    ]);
    const twice = await refusal([recognitionCatalog([mapped, named, named])]);
    expect(twice.map((p) => p.message)).toEqual(["duplicate entry subject 'occupation named 保健调理师'"]);
  });

  it('is held by the database too: no subject, or a code beside a name, is refused whoever writes it', async () => {
    const [edition] = await rows<{ id: number }>(db.database.db, sql`SELECT id FROM catalog_editions WHERE label = '5'`);
    const insert = (occupationName: string | null, occupationId: number | null) =>
      db.database.db.execute(
        sql`INSERT INTO catalog_entries (edition_id, occupation_id, occupation_name_zh) VALUES (${edition!.id}, ${occupationId}, ${occupationName})`,
      );
    // Each engine names the constraint in its own field; the message names it on both.
    await expect(insert(null, null)).rejects.toMatchObject({
      cause: { code: '23514', message: expect.stringContaining('catalog_entries_one_subject') },
    });
    await expect(insert('保健调理师', null)).rejects.toMatchObject({
      cause: { code: '23505', message: expect.stringContaining('catalog_entries_edition_occupation_name_key') },
    });
  });
});

describe('an agreement between sub-provincial areas', () => {
  it('is honoured between the areas only, never for a status granted elsewhere in their provinces', async () => {
    await loadBundle(
      db.database.db,
      bundleFromObjects([
        {
          name: 'zone',
          agreements: [
            {
              slug: 'zone-a',
              name: 'Zone A permits',
              kind: 'STATUS',
              direction: 'MUTUAL',
              status: 'PUBLISHED',
              validFrom: '2020-09-01',
              category: 'A',
              parties: [
                { role: 'PARTY', jurisdiction: 'CN-SH-QP' },
                { role: 'PARTY', jurisdiction: 'CN-JS-WJ' },
              ],
              sources: src,
            },
          ],
        },
      ]),
    );
    const honoured = async (grantedIn: string, asOf: string) =>
      (
        await hub.gql(
          `{ statusRecognition(category: "A", grantedIn: "${grantedIn}", asOf: "${asOf}") { recognitions { jurisdiction { code level } basis agreement { slug } } } }`,
        )
      ).body.data.statusRecognition.recognitions;
    expect(await honoured('CN-SH-QP', '2021-01-01')).toEqual([
      { jurisdiction: { code: 'CN-JS-WJ', level: 'DISTRICT' }, basis: 'AGREEMENT', agreement: { slug: 'zone-a' } },
      { jurisdiction: { code: 'CN-SH-QP', level: 'DISTRICT' }, basis: 'ISSUER', agreement: null },
    ]);
    expect(await honoured('CN-SH-QP', '2020-08-31')).toEqual([
      { jurisdiction: { code: 'CN-SH-QP', level: 'DISTRICT' }, basis: 'ISSUER', agreement: null },
    ]);
    expect(await honoured('CN-SH', '2021-01-01')).toEqual([
      { jurisdiction: { code: 'CN-SH', level: 'PROVINCIAL' }, basis: 'ISSUER', agreement: null },
    ]);
  });
});
