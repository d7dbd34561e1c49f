import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../src/db/client.ts';
import { loadBundle } from '../src/modules/bundle/bundle.load.ts';
import { bundleFromObjects } from '../src/modules/bundle/bundle.read.ts';
import { refusalOf } from './helpers/bundles.ts';
import { engine, startHub, type TestDatabase, type TestHub, testDatabase } from './helpers/hub.ts';

let db: TestDatabase;
let hub: TestHub;

const base = {
  name: 'base',
  jurisdictions: [
    { code: 'CN', name: 'China', nameZh: '中国', level: 'NATIONAL', mainland: true },
    { code: 'CN-BJ', name: 'Beijing', nameZh: '北京市', level: 'PROVINCIAL', parent: 'CN', mainland: true },
    { code: 'CN-TJ', name: 'Tianjin', nameZh: '天津市', level: 'PROVINCIAL', parent: 'CN', mainland: true },
  ],
  instruments: [{ slug: 'notice-a', kind: 'NOTICE', title: 'Notice A', reliability: 'HIGH', issuedOn: '2021-09' }],
  organisations: [{ slug: 'org-x', name: 'Org X', country: 'US' }],
  qualifications: [
    { slug: 'qual-one', name: 'Qualification One', issuer: 'org-x' },
    { slug: 'qual-two', name: 'Qualification Two', issuer: 'org-x' },
    { slug: 'qual-three', name: 'Qualification Three' },
  ],
};

const src = [{ instrument: 'notice-a' }];
function catalog(slug: string, editions: object[]) {
  return { name: `catalog-${slug}`, catalogs: [{ slug, name: `Catalog ${slug}`, kind: 'QUALIFICATION', jurisdiction: 'CN-BJ', editions }] };
}
const edition = (label: string, validFrom: string, validTo?: string, extra: object = {}) => ({
  label,
  title: `Edition ${label}`,
  validFrom,
  ...(validTo ? { validTo } : {}),
  sources: src,
  ...extra,
});

async function count(table: string): Promise<number> {
  const [row] = await rows<{ n: number }>(db.database.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`));
  return row!.n;
}
async function snapshot() {
  const tables = [
    'jurisdictions',
    'instruments',
    'qualifications',
    'catalogs',
    'catalog_editions',
    'catalog_lists',
    'catalog_entries',
    'catalog_entry_lists',
    'catalog_entry_sources',
    'standards',
    'standard_versions',
  ];
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(t)])));
}
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

describe('loading a bundle', () => {
  const good = catalog('cat-good', [
    edition('1.0', '2021-09', '2022-06-30', {
      declaredSize: 3,
      lists: [
        { code: 'general', name: 'General' },
        { code: 'urgent', name: 'Urgent', declaredSize: 1 },
      ],
      entries: [
        {
          qualification: 'qual-one',
          lists: ['general', 'urgent'],
          titleLevel: 'DEPUTY_SENIOR',
          correspondingTitle: '副高级',
          sources: src,
        },
        { qualification: 'qual-two', lists: ['general'], sources: src },
      ],
    }),
    edition('2.0', '2022-06-30'),
  ]);

  it('writes it, serves it, and loading it again changes nothing', async () => {
    const report = await loadBundle(db.database.db, bundleFromObjects([good]));
    expect(report).toMatchObject({ catalogs: 1, editions: 2, lists: 2, entries: 2 });
    const query = `{ catalog(slug: "cat-good") { editions { id label validFrom validFromPrecision state(asOf: "2022-06-30") entries { totalCount nodes { id qualification { slug } lists { code } titleLevel } } } } }`;
    const first = await hub.gql(query);
    expect(
      first.body.data.catalog.editions.map((e: { label: string; state: string; validFromPrecision: string }) => [
        e.label,
        e.state,
        e.validFromPrecision,
      ]),
    ).toEqual([
      ['1.0', 'SUPERSEDED', 'MONTH'],
      ['2.0', 'IN_FORCE', 'DAY'],
    ]);
    expect(
      first.body.data.catalog.editions[0].entries.nodes.map(
        (n: { qualification: { slug: string }; lists: { code: string }[]; titleLevel: string | null }) => [
          n.qualification.slug,
          n.lists.map((l) => l.code),
          n.titleLevel,
        ],
      ),
    ).toEqual([
      ['qual-one', ['general', 'urgent'], 'DEPUTY_SENIOR'],
      ['qual-two', ['general'], null],
    ]);
    const before = await snapshot();
    await loadBundle(db.database.db, bundleFromObjects([good]));
    expect(await snapshot()).toEqual(before);
    // Same natural keys, same rows: global IDs stay stable across reloads.
    expect((await hub.gql(query)).body).toEqual(first.body);
  });

  it('refuses a bundle that cuts or moves a published edition, names what it would change, and writes nothing', async () => {
    const smaller = structuredClone(good);
    const e1 = smaller.catalogs[0]!.editions[0] as { lists: object[]; entries: object[]; validTo?: string };
    e1.lists = [{ code: 'general', name: 'General' }];
    e1.entries = [{ qualification: 'qual-two', lists: ['general'], sources: src }];
    e1.validTo = '2022-06-01';
    const before = await snapshot();
    const auditRows = await count('audit_log');
    expect(await refusal([smaller])).toEqual([
      {
        record: 'bundle#1: catalogs[cat-good].editions[1.0]',
        message:
          "is published: validTo 2022-06-30 → 2022-06-01 would change it; a correction is a new edition or version (or an admin's correction with a reason)",
      },
      {
        record: 'bundle#1: catalogs[cat-good].editions[1.0]',
        message: 'is published: the bundle leaves out 1 of its entries (qual-one); a published edition can be completed, not cut',
      },
    ]);
    expect(await snapshot()).toEqual(before);
    expect(await count('audit_log')).toBe(auditRows);
  });

  it('lets an edition be completed (entries added with their sources), and audits the load', async () => {
    const completed = structuredClone(good);
    const e1 = completed.catalogs[0]!.editions[0] as { entries: object[] };
    e1.entries.push({ qualification: 'qual-three', lists: ['general'], sources: src });
    await loadBundle(db.database.db, bundleFromObjects([completed]));
    const { body } = await hub.gql(
      `{ catalog(slug: "cat-good") { editions { label entries { nodes { qualification { slug } lists { code } } } } } }`,
    );
    expect(body.data.catalog.editions[0]).toEqual({
      label: '1.0',
      entries: {
        nodes: [
          { qualification: { slug: 'qual-one' }, lists: [{ code: 'general' }, { code: 'urgent' }] },
          { qualification: { slug: 'qual-two' }, lists: [{ code: 'general' }] },
          { qualification: { slug: 'qual-three' }, lists: [{ code: 'general' }] },
        ],
      },
    });
    const [last] = await rows<{ actor: string; action: string; subject_key: string; reason: string | null }>(
      db.database.db,
      sql`SELECT actor, action, subject_key, reason FROM audit_log ORDER BY id DESC LIMIT 1`,
    );
    expect(last).toEqual({ actor: 'cli:db:load', action: 'load_bundle', subject_key: 'catalog-cat-good', reason: null });
  });

  it('completes a published edition only up to the size its source declares', async () => {
    const over = structuredClone(good) as typeof good & { qualifications?: object[] };
    over.qualifications = [{ slug: 'qual-four', name: 'Qualification Four' }];
    const e1 = over.catalogs[0]!.editions[0] as { entries: object[] };
    e1.entries.push(
      { qualification: 'qual-three', lists: ['general'], sources: src },
      { qualification: 'qual-four', lists: ['general'], sources: src },
    );
    const before = await snapshot();
    expect(await refusal([over])).toEqual([
      {
        record: 'bundle#1: catalogs[cat-good].editions[1.0]',
        message: '4 entries, more than the declared size 3',
      },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('applies an admin correction of a published edition, with its reason in the audit log', async () => {
    const smaller = structuredClone(good);
    const e1 = smaller.catalogs[0]!.editions[0] as { lists: object[]; entries: object[] };
    e1.lists = [{ code: 'general', name: 'General' }];
    e1.entries = [{ qualification: 'qual-two', lists: ['general'], sources: src }];
    await loadBundle(db.database.db, bundleFromObjects([smaller]), { correction: { reason: 'qual-one was listed by mistake' } });
    const { body } = await hub.gql(
      `{ catalog(slug: "cat-good") { editions { label lists { code } entries { nodes { qualification { slug } lists { code } } } } } }`,
    );
    expect(body.data.catalog.editions[0]).toEqual({
      label: '1.0',
      lists: [{ code: 'general' }],
      entries: { nodes: [{ qualification: { slug: 'qual-two' }, lists: [{ code: 'general' }] }] },
    });
    const [last] = await rows<{ action: string; reason: string | null }>(
      db.database.db,
      sql`SELECT action, reason FROM audit_log ORDER BY id DESC LIMIT 1`,
    );
    expect(last).toEqual({ action: 'correct_bundle', reason: 'qual-one was listed by mistake' });
  });

  it('refuses a bad bundle whole, listing every problem by record', async () => {
    const before = await snapshot();
    const problems = await refusal([
      {
        name: 'bad',
        jurisdictions: [{ code: 'CN-HE', name: 'Hebei', nameZh: '河北省', level: 'PROVINCIAL', parent: 'CN', mainland: true }],
        qualifications: [
          { slug: 'qual-new', name: 'New' },
          { slug: 'qual-new', name: 'New again' },
        ],
        catalogs: [
          {
            slug: 'cat-bad',
            name: 'Bad',
            kind: 'QUALIFICATION',
            jurisdiction: 'CN-XX',
            editions: [
              edition('1.0', '2020-01-01', '2021-01-01', {
                entries: [{ qualification: 'qual-missing', lists: ['nope'], sources: [{ instrument: 'no-such-notice' }] }],
              }),
              edition('2.0', '2020-06-01'),
              edition('3.0', '2025-02-30'),
              edition('4.0', '2030-01-01', '2029-01-01', { repealedOn: '2030-06-01' }),
            ],
          },
        ],
      },
    ]);
    expect(problems).toEqual([
      { record: 'bundle#1: qualifications[qual-new]', message: "duplicate qualification 'qual-new' in the bundle" },
      {
        record: 'bundle#1: catalogs[cat-bad].editions[1.0].entries[qual-missing]',
        message: "unknown list 'nope' (this edition has: none)",
      },
      { record: 'bundle#1: catalogs[cat-bad].editions[3.0]', message: "validFrom '2025-02-30' is not a real date" },
      {
        record: 'bundle#1: catalogs[cat-bad].editions[4.0]',
        message: 'repealedOn and repealedBy go together: name the day and the repealing instrument',
      },
      {
        record: 'bundle#1: catalogs[cat-bad].editions[4.0]',
        message: 'validTo 2029-01-01 must be after validFrom 2030-01-01 (validTo is exclusive)',
      },
      { record: 'bundle#1: catalogs[cat-bad]', message: "unknown jurisdiction 'CN-XX'" },
      { record: 'bundle#1: catalogs[cat-bad].editions[1.0].entries[qual-missing]', message: "unknown qualification 'qual-missing'" },
      { record: 'bundle#1: catalogs[cat-bad].editions[1.0].entries[qual-missing]', message: "unknown instrument 'no-such-notice'" },
      {
        record: 'bundle#1: catalogs[cat-bad].editions[2.0]',
        message:
          "in force 2020-06-01 onwards, overlapping catalog cat-bad '1.0' (2020-01-01 to 2021-01-01): two published editions of one series are never in force on the same day",
      },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses what the format forbids, naming the field', async () => {
    const problems = await refusal([
      {
        name: 'bad-format',
        catalogs: [
          {
            slug: 'Bad Slug',
            name: 'x',
            kind: 'LIST',
            jurisdiction: 'CN-BJ',
            editions: [{ label: '1', title: 't', validFrom: '2020-01-01', sources: [] }],
          },
        ],
      },
    ]);
    expect(problems.map((p) => p.record)).toEqual([
      'bundle#1: catalogs[Bad Slug].slug',
      'bundle#1: catalogs[Bad Slug].kind',
      'bundle#1: catalogs[Bad Slug].editions[1].sources',
    ]);
  });

  it('refuses an edition that overlaps one already in the database', async () => {
    const problems = await refusal([catalog('cat-good', [edition('2.5', '2023-01-01', '2024-01-01')])]);
    expect(problems).toEqual([
      {
        record: 'bundle#1: catalogs[cat-good].editions[2.5]',
        message:
          "in force 2023-01-01 to 2024-01-01, overlapping catalog cat-good '2.0' (2022-06-30 onwards): two published editions of one series are never in force on the same day",
      },
    ]);
  });

  it('names the stored edition also when the new one starts before it', async () => {
    const problems = await refusal([catalog('cat-good', [edition('0.5', '2019-01-01')])]);
    expect(problems).toEqual([
      {
        record: 'bundle#1: catalogs[cat-good].editions[0.5]',
        message:
          "in force 2019-01-01 onwards, overlapping catalog cat-good '1.0' (2021-09-01 to 2022-06-30): two published editions of one series are never in force on the same day",
      },
      {
        record: 'bundle#1: catalogs[cat-good].editions[0.5]',
        message:
          "in force 2019-01-01 onwards, overlapping catalog cat-good '2.0' (2022-06-30 onwards): two published editions of one series are never in force on the same day",
      },
    ]);
  });

  it('writes nothing when the database refuses a record half-way through', async () => {
    const before = await snapshot();
    const problems = await refusal([
      {
        ...catalog('cat-half', [edition('1.0', '2020-01-01')]),
        name: 'half',
        jurisdictions: [{ code: 'CN-SH', name: 'Shanghai', nameZh: '上海市', level: 'PROVINCIAL', parent: 'CN', mainland: true }],
        categories: [{ code: 'A', name: 'A', nameZh: '甲', jurisdiction: 'CN' }],
        standards: [
          {
            slug: 'std-half',
            name: 'S',
            jurisdiction: 'CN-SH',
            scope: 'REGIONAL',
            versions: [
              {
                label: '1',
                title: 'S 1',
                validFrom: '2020-01-01',
                submittedOn: '2020-05-01',
                approvedOn: '2020-02-01',
                categories: ['A'],
                sources: src,
              },
            ],
          },
        ],
      },
    ]);
    expect(problems).toEqual([{ record: 'database', message: expect.stringMatching(/^refused by standard_versions_approval_order/) }]);
    expect(await snapshot()).toEqual(before);
    expect((await hub.gql('{ jurisdiction(code: "CN-SH") { code } catalog(slug: "cat-half") { slug } }')).body.data).toEqual({
      jurisdiction: null,
      catalog: null,
    });
  });
});

describe('rules the database enforces itself', () => {
  it('refuses two published editions of one catalog in force on the same day, whoever writes them', async () => {
    const [cat] = await rows<{ id: number }>(db.database.db, sql`SELECT id FROM catalogs WHERE slug = 'cat-good'`);
    const insert = (label: string, from: string, to: string | null, status = 'PUBLISHED') =>
      db.database.db.execute(
        sql`INSERT INTO catalog_editions (catalog_id, label, title, status, valid_from, valid_to) VALUES (${cat!.id}, ${label}, ${label}, ${status}, ${from}, ${to})`,
      );
    await expect(insert('x', '2019-01-01', '2021-12-31')).rejects.toMatchObject({ cause: { code: '23P01' } });
    // A draft may overlap: only published editions are ever in force.
    await expect(insert('draft', '2019-01-01', '2021-12-31', 'DRAFT')).resolves.toBeDefined();
    await expect(insert('y', '2019-01-01', '2019-01-01')).rejects.toMatchObject({ cause: { code: '23514' } });
    await expect(insert('2.0', '2010-01-01', '2011-01-01')).rejects.toMatchObject({ cause: { code: '23505' } });
  });

  it('keeps an entry on lists of its own edition only', async () => {
    const [draft] = await rows<{ id: number }>(db.database.db, sql`SELECT id FROM catalog_editions WHERE label = 'draft'`);
    const [list] = await rows<{ id: number }>(
      db.database.db,
      sql`INSERT INTO catalog_lists (edition_id, code, name, position) VALUES (${draft!.id}, 'elsewhere', 'Elsewhere', 1) RETURNING id`,
    );
    const [entry] = await rows<{ id: number; edition_id: number }>(db.database.db, sql`SELECT id, edition_id FROM catalog_entries LIMIT 1`);
    // The entry's edition is not the list's: both composite foreign keys cannot hold at once.
    await expect(
      db.database.db.execute(
        sql`INSERT INTO catalog_entry_lists (entry_id, list_id, edition_id) VALUES (${entry!.id}, ${list!.id}, ${entry!.edition_id})`,
      ),
    ).rejects.toMatchObject({ cause: { code: '23503' } });
    await expect(
      db.database.db.execute(
        sql`INSERT INTO catalog_entry_lists (entry_id, list_id, edition_id) VALUES (${entry!.id}, ${list!.id}, ${draft!.id})`,
      ),
    ).rejects.toMatchObject({ cause: { code: '23503' } });
  });
});

describe('npm run db:load', () => {
  it('loads a bundle file from the command line, and refuses a bad one with exit code 1 and its problems', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-cli-'));
    try {
      const env = {
        ...process.env,
        ...(engine === 'postgres' ? { DATABASE_URL: db.url! } : { DATABASE_URL: '', HUB_DATA_DIR: join(dir, 'data') }),
      };
      writeFileSync(join(dir, 'base.json'), JSON.stringify(base));
      writeFileSync(join(dir, 'good.json'), JSON.stringify(catalog('cat-cli', [edition('1.0', '2024-01-01')])));
      writeFileSync(
        join(dir, 'bad.json'),
        JSON.stringify(catalog('cat-cli', [edition('1.0', '2024-01-01'), edition('2.0', '2024-06-01')])),
      );
      const run = promisify(execFile);
      const ok = await run(process.execPath, ['--import', 'tsx', 'seeds/load.ts', join(dir, 'base.json'), join(dir, 'good.json')], { env });
      expect(ok.stdout).toContain('loaded');
      const bad = await run(process.execPath, ['--import', 'tsx', 'seeds/load.ts', join(dir, 'bad.json')], { env }).then(
        () => null,
        (e: { code: number; stderr: string }) => e,
      );
      expect(bad?.code).toBe(1);
      expect(bad?.stderr).toContain(
        "bad.json: catalogs[cat-cli].editions[2.0]: in force 2024-06-01 onwards, overlapping catalog cat-cli '1.0'",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Two processes, each opening the embedded database and migrating it.
  }, 120_000);
});
