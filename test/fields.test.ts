import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { describe, expect, it } from 'vitest';
import { rows } from '../src/db/client.ts';
import { loadBundle } from '../src/modules/bundle/bundle.load.ts';
import { BundleRejected, bundleFromObjects } from '../src/modules/bundle/bundle.read.ts';
import { migrationsFolder } from '../src/paths.ts';
import { baseBundle, catalogBundle, SRC } from './helpers/bundles.ts';
import { engine, seededWorld, testDatabase, withData } from './helpers/hub.ts';

// The field vocabulary (issue 15): fields are codes of a controlled vocabulary with English and
// Chinese labels, so coverage by field groups like with like whatever language a source used.

const world = seededWorld();

const VOCABULARY = [
  ['advanced-manufacturing', 'Advanced manufacturing', '先进制造'],
  ['architecture', 'Architecture', '建筑'],
  ['artificial-intelligence', 'Artificial intelligence', '人工智能'],
  ['biomedicine', 'Biomedicine', '生物医药'],
  ['business-events-exhibitions', 'International business events and exhibitions', '国际会展'],
  ['cloud-computing', 'Cloud computing', '云计算'],
  ['engineering', 'Engineering', '工程'],
  ['finance-management', 'Finance and management', '金融与管理'],
  ['high-end-manufacturing', 'High-end manufacturing', '高端制造'],
  ['information-technology', 'New-generation information technology', '新一代信息技术'],
  ['integrated-circuits', 'Integrated circuits', '集成电路'],
  ['science-technology', 'Science and technology', '科技'],
].map(([code, name, nameZh]) => ({ code, name, nameZh }));

describe('the field vocabulary', () => {
  it('is served by code, each term with both labels and the basis of the term', async () => {
    const { body } = await world.hub.gql('{ fields { code name nameZh description note } }');
    expect(body.data.fields.map(({ code, name, nameZh }: (typeof VOCABULARY)[number]) => ({ code, name, nameZh }))).toEqual(VOCABULARY);
    for (const f of body.data.fields) {
      expect([f.code, typeof f.description, /https?:\/\/|facts-2\.md/.test(f.note)]).toEqual([f.code, 'string', true]);
    }
  });

  it('files the seed qualifications under codes, and serves the term beside the code', async () => {
    const { body } = await world.hub.gql(`{
      a: qualification(slug: "cgma-fellow") { field fieldTerm { code name nameZh } listings { field fieldTerm { code } } }
      b: qualification(slug: "microsoft-cloud-engineer-certification") { field fieldTerm { code name nameZh } }
      c: qualification(slug: "ieee-fellow") { field fieldTerm { code } } }`);
    expect(body.data).toEqual({
      a: {
        field: 'finance-management',
        fieldTerm: { code: 'finance-management', name: 'Finance and management', nameZh: '金融与管理' },
        listings: [{ field: 'finance-management', fieldTerm: { code: 'finance-management' } }],
      },
      b: { field: 'cloud-computing', fieldTerm: { code: 'cloud-computing', name: 'Cloud computing', nameZh: '云计算' } },
      c: { field: null, fieldTerm: null },
    });
  });

  it('filters by a code or either label, in any case: the old free-text values still find their qualifications', async () => {
    const slugs = async (field: string) =>
      (
        await world.hub.gql('query($f: String) { qualifications(field: $f, first: 100) { nodes { slug } } }', { f: field })
      ).body.data.qualifications.nodes.map((n: { slug: string }) => n.slug);
    const cloud = ['alibaba-cloud-cloud-engineer-certification', 'microsoft-cloud-engineer-certification'];
    expect(await slugs('cloud-computing')).toEqual(cloud);
    expect(await slugs('cloud computing')).toEqual(cloud);
    expect(await slugs('云计算')).toEqual(cloud);
    expect(await slugs('金融与管理')).toEqual(['cgma-fellow']);
    expect(await slugs('no-such-field')).toEqual([]);
  });

  it('groups coverage by the vocabulary: one group per term, whatever the language of the source', async () => {
    await withData(
      [
        {
          ...baseBundle(),
          // Two qualifications under one term (what were 金融与管理 and "finance and management"
          // before the vocabulary) count in one group.
          qualifications: [
            { slug: 'q-zh', name: 'Q zh', field: 'finance-management' },
            { slug: 'q-en', name: 'Q en', field: 'finance-management' },
            { slug: 'q-cloud', name: 'Q cloud', field: 'cloud-computing' },
            { slug: 'q-none', name: 'Q none' },
          ],
        },
        catalogBundle('bj', 'CN-BJ', [{ label: '1', from: '2021-01-01', quals: ['q-zh', 'q-en', 'q-cloud', 'q-none'] }]),
        catalogBundle('sh', 'CN-SH', [{ label: '1', from: '2021-01-01', quals: ['q-en'] }]),
      ],
      async (h) => {
        const { body } = await h.gql(
          '{ coverage(jurisdictions: ["CN-SH", "CN-BJ"], groupBy: FIELD, asOf: "2021-06-01") { rows { jurisdiction { code } group count field { code name nameZh } } } }',
        );
        expect(body.data.coverage.rows).toEqual([
          {
            jurisdiction: { code: 'CN-BJ' },
            group: 'cloud-computing',
            count: 1,
            field: { code: 'cloud-computing', name: 'Cloud computing', nameZh: '云计算' },
          },
          {
            jurisdiction: { code: 'CN-BJ' },
            group: 'finance-management',
            count: 2,
            field: { code: 'finance-management', name: 'Finance and management', nameZh: '金融与管理' },
          },
          { jurisdiction: { code: 'CN-BJ' }, group: null, count: 1, field: null },
          {
            jurisdiction: { code: 'CN-SH' },
            group: 'finance-management',
            count: 1,
            field: { code: 'finance-management', name: 'Finance and management', nameZh: '金融与管理' },
          },
        ]);
        const byBasis = await h.gql(
          '{ coverage(jurisdictions: ["CN-SH"], groupBy: BASIS, asOf: "2021-06-01") { rows { group field { code } } } }',
        );
        expect(byBasis.body.data.coverage.rows).toEqual([{ group: 'LISTED', field: null }]);
      },
    );
  });
});

describe('a bundle and the vocabulary', () => {
  async function refusal(bundles: object[]): Promise<{ record: string; message: string }[]> {
    const db = await testDatabase({ seeded: false });
    try {
      await loadBundle(db.database.db, bundleFromObjects(bundles));
    } catch (error) {
      if (error instanceof BundleRejected) return error.problems;
      throw error;
    } finally {
      await db.drop();
    }
    throw new Error('the bundle was accepted');
  }

  it('refuses an unknown field code, on a qualification and on an entry, and a free-text field, naming each record', async () => {
    const catalog = catalogBundle('bj', 'CN-BJ', [{ label: '1', from: '2021-01-01', quals: ['q1'] }]);
    catalog.catalogs[0]!.editions[0]!.entries[0] = { qualification: 'q1', lists: [], sources: SRC, field: 'robotics' } as never;
    const problems = await refusal([
      { ...baseBundle(), qualifications: [{ slug: 'q1', name: 'Q1', field: 'fintech' }] },
      catalog,
      { name: 'free-text', qualifications: [{ slug: 'q2', name: 'Q2', field: 'cloud computing' }] },
    ]);
    const vocabulary = 'a field is a code of the vocabulary (query `fields { code name nameZh }`), or a term the bundle adds in `fields`';
    expect(problems).toEqual([{ record: 'bundle#3: qualifications[q2].field', message: 'lowercase kebab-case' }]);
    const semantic = await refusal([{ ...baseBundle(), qualifications: [{ slug: 'q1', name: 'Q1', field: 'fintech' }] }, catalog]);
    expect(semantic).toEqual([
      { record: 'bundle#1: qualifications[q1]', message: `unknown field code 'fintech': ${vocabulary}` },
      { record: 'bundle#2: catalogs[bj].editions[1].entries[q1]', message: `unknown field code 'robotics': ${vocabulary}` },
    ]);
  });

  it('accepts a term the bundle adds, and files under it', async () => {
    await withData(
      [
        {
          ...baseBundle(),
          fields: [{ code: 'robotics', name: 'Robotics', nameZh: '机器人', note: 'test term' }],
          qualifications: [{ slug: 'q1', name: 'Q1', field: 'robotics' }],
        },
      ],
      async (h) => {
        const { body } = await h.gql('{ qualification(slug: "q1") { field fieldTerm { code name nameZh note } } }');
        expect(body.data.qualification).toEqual({
          field: 'robotics',
          fieldTerm: { code: 'robotics', name: 'Robotics', nameZh: '机器人', note: 'test term' },
        });
      },
    );
  });
});

describe('the field-values migration', () => {
  it('maps the free-text values a database held onto the vocabulary, published entries included, and keeps any other value as a term', async () => {
    // A copy of the migrations that stops before the vocabulary: the database as it was.
    const dir = mkdtempSync(join(tmpdir(), 'talent-hub-migrations-'));
    cpSync(migrationsFolder, dir, { recursive: true });
    const journalPath = join(dir, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
    const before = journal.entries.findIndex((e) => e.tag.endsWith('_field_vocabulary'));
    writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, before) }));
    const db = await testDatabase({ empty: true });
    const migrate = (folder: string) =>
      engine === 'pglite'
        ? migratePglite(db.database.db as never, { migrationsFolder: folder })
        : migratePostgres(db.database.db as never, { migrationsFolder: folder });
    try {
      await migrate(dir);
      for (const statement of [
        sql`INSERT INTO jurisdictions (code, name, name_zh, level, mainland) VALUES ('CN', 'China', '中国', 'NATIONAL', true)`,
        sql`INSERT INTO qualifications (slug, name, field) VALUES
          ('q-zh', 'Q zh', '金融与管理'), ('q-en', 'Q en', 'cloud computing'), ('q-case', 'Q case', 'International Business Events and Exhibitions'),
          ('q-other', 'Q other', 'Robotics'), ('q-none', 'Q none', NULL)`,
        sql`INSERT INTO catalogs (slug, name, kind, jurisdiction_id) SELECT 'c', 'C', 'QUALIFICATION', id FROM jurisdictions WHERE code = 'CN'`,
        sql`INSERT INTO catalog_editions (catalog_id, label, title, status, valid_from) SELECT id, '1', 'C 1', 'PUBLISHED', '2021-01-01' FROM catalogs`,
        sql`INSERT INTO catalog_entries (edition_id, qualification_id, field)
          SELECT e.id, q.id, CASE q.slug WHEN 'q-zh' THEN '金融与管理' WHEN 'q-other' THEN 'Robotics' END FROM catalog_editions e, qualifications q`,
      ])
        await db.database.db.execute(statement);
      await migrate(migrationsFolder);
      const q = await rows<{ slug: string; field: string | null }>(
        db.database.db,
        sql`SELECT slug, field FROM qualifications ORDER BY slug`,
      );
      const legacy = `legacy-${(await rows<{ h: string }>(db.database.db, sql`SELECT substr(md5('Robotics'), 1, 8) AS h`))[0]!.h}`;
      expect(q).toEqual([
        { slug: 'q-case', field: 'business-events-exhibitions' },
        { slug: 'q-en', field: 'cloud-computing' },
        { slug: 'q-none', field: null },
        { slug: 'q-other', field: legacy },
        { slug: 'q-zh', field: 'finance-management' },
      ]);
      const entries = await rows<{ slug: string; field: string | null }>(
        db.database.db,
        sql`SELECT q.slug, e.field FROM catalog_entries e JOIN qualifications q ON q.id = e.qualification_id WHERE e.field IS NOT NULL ORDER BY q.slug`,
      );
      expect(entries).toEqual([
        { slug: 'q-other', field: legacy },
        { slug: 'q-zh', field: 'finance-management' },
      ]);
      const kept = await rows(db.database.db, sql`SELECT code, name_en, name_zh FROM fields WHERE code LIKE 'legacy-%'`);
      expect(kept).toEqual([{ code: legacy, name_en: 'Robotics', name_zh: 'Robotics' }]);
      // The columns are foreign keys now: a value outside the vocabulary is refused by the database.
      await expect(db.database.db.execute(sql`UPDATE qualifications SET field = 'nope' WHERE slug = 'q-none'`)).rejects.toThrow();
    } finally {
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
