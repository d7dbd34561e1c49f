import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rows } from '../src/db/client.ts';
import { loadBundle } from '../src/modules/bundle/bundle.load.ts';
import { bundleFromObjects } from '../src/modules/bundle/bundle.read.ts';
import { parseCsv } from '../src/modules/export/export.service.ts';
import { agreementBundle, baseBundle, catalogBundle, SRC } from './helpers/bundles.ts';
import { seededWorld, startHub, type TestHub, testDatabase, withData } from './helpers/hub.ts';

const world = seededWorld();

const codes = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => body.errors?.map((e) => e.extensions?.code);
async function editionIds(catalog: string): Promise<Record<string, string>> {
  const { body } = await world.hub.gql('query($c: String!) { catalog(slug: $c) { editions { id label } } }', { c: catalog });
  return Object.fromEntries(body.data.catalog.editions.map((e: { id: string; label: string }) => [e.label, e.id]));
}

describe('catalogDiff', () => {
  const DIFF = `query($from: ID!, $to: ID!) { catalogDiff(from: $from, to: $to) {
    from { label loadedSize } to { label loadedSize } addedCount removedCount changedCount unchangedCount complete
    added { qualification { slug } } removed { qualification { slug } }
    changed { qualification { slug } changes { attribute before after } listsAdded listsRemoved } } }`;

  it("tells what changed between Beijing's editions 2.0 and 3.0, and that the picture is partial", async () => {
    const ids = await editionIds('beijing-professional-qualifications');
    const { body } = await world.hub.gql(DIFF, { from: ids['2.0'], to: ids['3.0'] });
    expect(body.data.catalogDiff).toEqual({
      from: { label: '2.0', loadedSize: 5 },
      to: { label: '3.0', loadedSize: 7 },
      addedCount: 3,
      removedCount: 1,
      changedCount: 1,
      unchangedCount: 3,
      complete: false,
      added: [
        { qualification: { slug: 'acm-fellow' } },
        { qualification: { slug: 'acm-distinguished-member' } },
        { qualification: { slug: 'frsc' } },
      ],
      removed: [{ qualification: { slug: 'acca-member' } }],
      changed: [
        {
          qualification: { slug: 'acca-fellow' },
          changes: [
            { attribute: 'CORRESPONDING_TITLE', before: '副高级', after: null },
            { attribute: 'TITLE_LEVEL', before: 'DEPUTY_SENIOR', after: null },
          ],
          listsAdded: [],
          listsRemoved: [],
        },
      ],
    });
    const d = body.data.catalogDiff;
    expect(d.addedCount + d.changedCount + d.unchangedCount).toBe(d.to.loadedSize);
    expect(d.removedCount + d.changedCount + d.unchangedCount).toBe(d.from.loadedSize);
  });

  it('reads the entries it names with the diff, and their qualifications with them', async () => {
    const ids = await editionIds('beijing-professional-qualifications');
    const statements = async (query: string) => {
      const { body } = await world.hub.gql(query, { from: ids['2.0'], to: ids['3.0'] });
      expect(body.errors).toBeUndefined();
      return body.extensions!.sqlStatements!;
    };
    const counts = await statements(
      'query($from: ID!, $to: ID!) { catalogDiff(from: $from, to: $to) { addedCount removedCount changedCount complete } }',
    );
    // Every entry of the answer, with its own fields and global ID: none is read again by id.
    const entries =
      await statements(`query($from: ID!, $to: ID!) { catalogDiff(from: $from, to: $to) { addedCount removedCount changedCount complete
      added { id field titleLevel } removed { id field } changed { from { id field } to { id field } } } }`);
    expect(entries).toBe(counts);
    // The qualifications of every added, removed and changed entry come with the entries.
    expect(await statements(DIFF)).toBe(counts);
    expect(
      await statements(`query($from: ID!, $to: ID!) { catalogDiff(from: $from, to: $to) { addedCount removedCount changedCount complete
      added { qualification { slug name } } removed { qualification { slug } } changed { qualification { slug } from { qualification { slug } } } } }`),
    ).toBe(counts);
  });

  it("compares two regions' catalogs by membership and attributes: their list codes are not comparable", async () => {
    const bj = await editionIds('beijing-professional-qualifications');
    const sh = await editionIds('shanghai-overseas-qualifications');
    const { body } = await world.hub.gql(DIFF, { from: bj['3.0'], to: sh['1.0'] });
    const d = body.data.catalogDiff;
    // acm-fellow is on other lists (general, urgent against b) and nothing else: unchanged.
    expect(d.changed).toEqual([
      {
        qualification: { slug: 'acca-fellow' },
        changes: [
          { attribute: 'CORRESPONDING_TITLE', before: null, after: '副高级' },
          { attribute: 'TITLE_LEVEL', before: null, after: 'DEPUTY_SENIOR' },
        ],
        listsAdded: [],
        listsRemoved: [],
      },
    ]);
    expect(d.added.map((a: { qualification: { slug: string } }) => a.qualification.slug)).toEqual([
      'acca-member',
      'cgma-fellow',
      'iet-fellow',
      'raes-fellow',
    ]);
    expect(d.addedCount + d.changedCount + d.unchangedCount).toBe(d.to.loadedSize);
  });

  it('refuses an ID that is not an edition, and answers NOT_FOUND for an edition that does not exist', async () => {
    const bj = await editionIds('beijing-professional-qualifications');
    const { body: jur } = await world.hub.gql('{ jurisdiction(code: "CN") { id } }');
    expect(codes((await world.hub.gql(DIFF, { from: jur.data.jurisdiction.id, to: bj['3.0'] })).body)).toEqual(['BAD_USER_INPUT']);
    // An edition's ID encodes its catalog's slug and its label: a well-formed key of no edition is
    // NOT_FOUND, a key that is not one (the serial number IDs used to carry) is BAD_USER_INPUT.
    const id = (local: string) => Buffer.from(`CatalogEdition:${local}`).toString('base64');
    expect(codes((await world.hub.gql(DIFF, { from: bj['3.0'], to: id('["beijing-professional-qualifications","9.9"]') })).body)).toEqual([
      'NOT_FOUND',
    ]);
    expect(codes((await world.hub.gql(DIFF, { from: bj['3.0'], to: id('99999') })).body)).toEqual(['BAD_USER_INPUT']);
    expect(codes((await world.hub.gql(DIFF, { from: 'garbage', to: bj['3.0'] })).body)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('coverage and overlap', () => {
  it('count what each region honours by any basis, grouped, with the completeness of its editions', async () => {
    const { body } = await world.hub.gql(`{ coverage(jurisdictions: ["CN-SH", "CN-BJ", "CN-TJ"], groupBy: BASIS, asOf: "2023-10-01") {
      asOf groupBy rows { jurisdiction { code } group count }
      jurisdictions { jurisdiction { code } honouredCount editions { edition { label catalog { slug } } declaredSize loadedSize complete } } } }`);
    expect(body.data.coverage).toEqual({
      asOf: '2023-10-01',
      groupBy: 'BASIS',
      rows: [
        { jurisdiction: { code: 'CN-BJ' }, group: 'LISTED', count: 7 },
        { jurisdiction: { code: 'CN-SH' }, group: 'LISTED', count: 6 },
      ],
      jurisdictions: [
        {
          jurisdiction: { code: 'CN-BJ' },
          honouredCount: 7,
          editions: [
            {
              edition: { label: '3.0', catalog: { slug: 'beijing-professional-qualifications' } },
              declaredSize: 122,
              loadedSize: 7,
              complete: false,
            },
          ],
        },
        {
          jurisdiction: { code: 'CN-SH' },
          honouredCount: 6,
          editions: [
            {
              edition: { label: '1.0', catalog: { slug: 'shanghai-overseas-qualifications' } },
              declaredSize: 85,
              loadedSize: 6,
              complete: false,
            },
          ],
        },
        { jurisdiction: { code: 'CN-TJ' }, honouredCount: 0, editions: [] },
      ],
    });
    const byCountry = await world.hub.gql(
      '{ coverage(jurisdictions: ["CN-BJ"], groupBy: ISSUER_COUNTRY, asOf: "2023-10-01") { rows { group count } } }',
    );
    expect(byCountry.body.data.coverage.rows).toEqual([
      { group: 'GB', count: 2 },
      { group: 'US', count: 5 },
    ]);
    const byList = await world.hub.gql(
      '{ coverage(jurisdictions: ["CN-BJ"], groupBy: LIST, asOf: "2023-10-01") { rows { group count } } }',
    );
    expect(byList.body.data.coverage.rows).toEqual([
      { group: 'general', count: 7 },
      { group: 'urgent', count: 7 },
    ]);
  });

  it('give the matrix of shared qualifications, each cell with the qualifications behind it', async () => {
    const { body } = await world.hub.gql(`{ overlap(jurisdictions: ["CN-BJ", "CN-SH"], asOf: "2023-10-01") {
      jurisdictions { code } cells { a { code } b { code } sharedCount shared(first: 2) { totalCount pageInfo { hasNextPage } nodes { slug } } } } }`);
    expect(body.data.overlap).toEqual({
      jurisdictions: [{ code: 'CN-BJ' }, { code: 'CN-SH' }],
      cells: [
        {
          a: { code: 'CN-BJ' },
          b: { code: 'CN-BJ' },
          sharedCount: 7,
          shared: {
            totalCount: 7,
            pageInfo: { hasNextPage: true },
            nodes: [{ slug: 'acca-fellow' }, { slug: 'acm-distinguished-member' }],
          },
        },
        {
          a: { code: 'CN-BJ' },
          b: { code: 'CN-SH' },
          sharedCount: 2,
          shared: { totalCount: 2, pageInfo: { hasNextPage: false }, nodes: [{ slug: 'acca-fellow' }, { slug: 'acm-fellow' }] },
        },
        {
          a: { code: 'CN-SH' },
          b: { code: 'CN-SH' },
          sharedCount: 6,
          shared: { totalCount: 6, pageInfo: { hasNextPage: true }, nodes: [{ slug: 'acca-fellow' }, { slug: 'acca-member' }] },
        },
      ],
    });
  });

  it('cost the same SQL statements for 2 regions as for 20', async () => {
    const all = (await world.hub.gql('{ jurisdictions(level: PROVINCIAL) { code } }')).body.data.jurisdictions
      .map((j: { code: string }) => j.code)
      .slice(0, 20);
    const cost = async (query: string, js: string[], day: string) =>
      (await world.hub.gql(query, { js, day })).body.extensions!.sqlStatements;
    // Each on a day not counted before, so both count (counts kept for a day are read, not made).
    const coverage =
      'query($js: [String!]!, $day: Date) { coverage(jurisdictions: $js, groupBy: FIELD, asOf: $day) { rows { jurisdiction { code } group count } jurisdictions { honouredCount editions { edition { label } } } } }';
    const overlap =
      'query($js: [String!]!, $day: Date) { overlap(jurisdictions: $js, asOf: $day) { cells { a { code } b { code } sharedCount shared { nodes { slug } } } } }';
    expect(await cost(coverage, all, '2023-10-02')).toBe(await cost(coverage, ['CN-BJ', 'CN-SH'], '2023-10-03'));
    expect(await cost(coverage, all, '2023-10-02')).toBe(await cost(coverage, ['CN-BJ', 'CN-SH'], '2023-10-03'));
    expect(await cost(overlap, all, '2023-10-01')).toBe(await cost(overlap, ['CN-BJ', 'CN-SH'], '2023-10-01'));
  });

  it('keep the counts made for the data version, read them back while it holds, and count again after a load', async () => {
    const test = await testDatabase({ seeded: false });
    const hub = await startHub(test.database);
    const db = test.database.db;
    try {
      await loadBundle(
        db,
        bundleFromObjects([
          {
            ...baseBundle(),
            qualifications: [
              { slug: 'q1', name: 'Q1', field: 'finance-management' },
              { slug: 'q2', name: 'Q2', field: 'information-technology' },
              { slug: 'q3', name: 'Q3' },
            ],
          },
          catalogBundle('bj', 'CN-BJ', [{ label: '1', from: '2021-01-01', quals: ['q1', 'q2'] }]),
          catalogBundle('tj', 'CN-TJ', [{ label: '1', from: '2021-01-01', quals: ['q2', 'q3'] }]),
        ]),
      );
      const ask = async (day: string) => {
        const { body } = await hub.gql(
          'query($day: Date) { coverage(jurisdictions: ["CN-TJ", "CN-BJ"], groupBy: FIELD, asOf: $day) { rows { jurisdiction { code } group count } jurisdictions { jurisdiction { code } honouredCount } } }',
          { day },
        );
        expect(body.errors).toBeUndefined();
        return { answer: body.data.coverage, statements: body.extensions!.sqlStatements! };
      };
      const kept = () =>
        rows<{ code: string; day: string; total: number; version: number }>(
          db,
          sql`SELECT j.code, c.day::text AS day, c.total, c.data_version::int AS version FROM coverage_counts c JOIN jurisdictions j ON j.id = c.jurisdiction_id ORDER BY j.code, c.day`,
        );
      const before = {
        rows: [
          { jurisdiction: { code: 'CN-BJ' }, group: 'finance-management', count: 1 },
          { jurisdiction: { code: 'CN-BJ' }, group: 'information-technology', count: 1 },
          { jurisdiction: { code: 'CN-TJ' }, group: 'information-technology', count: 1 },
          { jurisdiction: { code: 'CN-TJ' }, group: null, count: 1 },
        ],
        jurisdictions: [
          { jurisdiction: { code: 'CN-BJ' }, honouredCount: 2 },
          { jurisdiction: { code: 'CN-TJ' }, honouredCount: 2 },
        ],
      };
      const first = await ask('2022-06-01');
      expect(first.answer).toEqual(before);
      const [{ version }] = (await rows<{ version: number }>(
        db,
        sql`SELECT value::int AS version FROM hub_meta WHERE key = 'data_version'`,
      )) as [{ version: number }];
      expect(await kept()).toEqual([
        { code: 'CN-BJ', day: '2022-06-01', total: 2, version },
        { code: 'CN-TJ', day: '2022-06-01', total: 2, version },
      ]);
      const second = await ask('2022-06-01');
      expect(second.answer).toEqual(before);
      // Read back: the counting statements (agreements in force, the count) and the keeping ones go.
      expect(second.statements).toBe(first.statements - 4);

      // A count of another version is never read: the one planted here says 99 and is ignored.
      await db.execute(
        sql`INSERT INTO coverage_counts (jurisdiction_id, day, group_by, data_version, total, groups)
            SELECT id, '2022-07-01', 'FIELD', ${version - 1}, 99, '[["finance-management", 99]]'::jsonb FROM jurisdictions WHERE code = 'CN-BJ'`,
      );
      expect((await ask('2022-07-01')).answer).toEqual(before);

      // A load raises the version: the day is counted again, from the new data, and the old counts go.
      await loadBundle(db, bundleFromObjects([catalogBundle('bj-2', 'CN-BJ', [{ label: '1', from: '2022-01-01', quals: ['q3'] }])]));
      const after = await ask('2022-06-01');
      expect(after.statements).toBe(first.statements);
      expect(after.answer).toEqual({
        rows: [
          { jurisdiction: { code: 'CN-BJ' }, group: 'finance-management', count: 1 },
          { jurisdiction: { code: 'CN-BJ' }, group: 'information-technology', count: 1 },
          { jurisdiction: { code: 'CN-BJ' }, group: null, count: 1 },
          { jurisdiction: { code: 'CN-TJ' }, group: 'information-technology', count: 1 },
          { jurisdiction: { code: 'CN-TJ' }, group: null, count: 1 },
        ],
        jurisdictions: [
          { jurisdiction: { code: 'CN-BJ' }, honouredCount: 3 },
          { jurisdiction: { code: 'CN-TJ' }, honouredCount: 2 },
        ],
      });
      expect(await kept()).toEqual([
        { code: 'CN-BJ', day: '2022-06-01', total: 3, version: version + 1 },
        { code: 'CN-TJ', day: '2022-06-01', total: 2, version: version + 1 },
      ]);
    } finally {
      await hub.stop();
      await test.drop();
    }
  });

  it('refuse an empty or oversized jurisdiction set, an unknown code and an unknown grouping', async () => {
    expect(codes((await world.hub.gql('{ coverage(jurisdictions: [], groupBy: FIELD) { asOf } }')).body)).toEqual(['BAD_USER_INPUT']);
    const many = Array.from(
      { length: 41 },
      (_, i) => `"CN-${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}"`,
    ).join(',');
    expect(codes((await world.hub.gql(`{ overlap(jurisdictions: [${many}]) { asOf } }`)).body)).toEqual(['BAD_USER_INPUT']);
    expect(codes((await world.hub.gql('{ overlap(jurisdictions: ["CN-BJ", "CN-XX"]) { asOf } }')).body)).toEqual(['NOT_FOUND']);
    expect(codes((await world.hub.gql('{ coverage(jurisdictions: ["CN-BJ"], groupBy: COLOUR) { asOf } }')).body)).toEqual([
      'BAD_USER_INPUT',
    ]);
  });
});

describe('timeline', () => {
  it('answers "what lapses, is repealed or superseded in 2025" in one query, at each date\'s precision', async () => {
    const { body } = await world.hub.gql(`{ timeline(from: "2025-01-01", to: "2026-01-01", kinds: [LAPSED, REPEALED, SUPERSEDED]) {
      totalCount nodes { date precision kind subject edition { label catalog { slug } } standardVersion { standard { slug } } agreement { slug } jurisdictions { code } } } }`);
    expect(body.data.timeline).toEqual({
      totalCount: 5,
      nodes: [
        {
          date: '2025-01-01',
          precision: 'DAY',
          kind: 'LAPSED',
          subject: 'STANDARD_VERSION',
          edition: null,
          standardVersion: { standard: { slug: 'guangzhou-high-end-talent-pilot' } },
          agreement: null,
          jurisdictions: [{ code: 'CN-GD-GZ' }],
        },
        {
          date: '2025-09-05',
          precision: 'DAY',
          kind: 'REPEALED',
          subject: 'EDITION',
          edition: { label: 'International 1.0', catalog: { slug: 'beijing-professional-qualifications' } },
          standardVersion: null,
          agreement: null,
          jurisdictions: [{ code: 'CN-BJ' }],
        },
        {
          date: '2025-09-05',
          precision: 'DAY',
          kind: 'REPEALED',
          subject: 'AGREEMENT',
          edition: null,
          standardVersion: null,
          agreement: { slug: 'beijing-intl-icca-equivalence' },
          jurisdictions: [{ code: 'CN-BJ' }],
        },
        {
          date: '2025-09-05',
          precision: 'DAY',
          kind: 'REPEALED',
          subject: 'AGREEMENT',
          edition: null,
          standardVersion: null,
          agreement: { slug: 'beijing-intl-cloud-equivalence' },
          jurisdictions: [{ code: 'CN-BJ' }],
        },
        {
          date: '2025-11-14',
          precision: 'DAY',
          kind: 'SUPERSEDED',
          subject: 'EDITION',
          edition: { label: '2.0', catalog: { slug: 'shanghai-overseas-qualifications' } },
          standardVersion: null,
          agreement: null,
          jurisdictions: [{ code: 'CN-SH' }],
        },
      ],
    });
  });

  it('filters by jurisdiction, shows imprecise dates as such, and refuses an empty range', async () => {
    const { body } = await world.hub.gql(
      '{ timeline(from: "2021-01-01", to: "2025-01-01", jurisdictions: ["CN-BJ"], subjects: [EDITION], kinds: [IN_FORCE]) { nodes { date precision edition { label } } } }',
    );
    expect(body.data.timeline.nodes).toEqual([
      { date: '2021-09-01', precision: 'MONTH', edition: { label: '1.0' } },
      { date: '2022-06-30', precision: 'DAY', edition: { label: '2.0' } },
      { date: '2023-09-04', precision: 'DAY', edition: { label: '3.0' } },
      { date: '2024-01-01', precision: 'YEAR', edition: { label: 'International 1.0' } },
    ]);
    expect(codes((await world.hub.gql('{ timeline(from: "2025-01-01", to: "2025-01-01") { totalCount } }')).body)).toEqual([
      'BAD_USER_INPUT',
    ]);
  });
});

describe('search', () => {
  const search = async (s: string, extra = '') =>
    (await world.hub.gql(`query($s: String) { qualifications(search: $s${extra}) { totalCount nodes { slug } } }`, { s })).body;
  const slugs = async (s: string, extra = '') => (await search(s, extra)).data.qualifications.nodes.map((n: { slug: string }) => n.slug);

  it('finds by English or Chinese name, abbreviation, alias or issuer, any case, with typos, best match first', async () => {
    expect(await slugs('IEEE')).toEqual(['ieee-fellow', 'ieee-senior-member']);
    expect((await slugs('ieee fellow'))[0]).toBe('ieee-fellow');
    expect(await slugs('IEE Felow')).toEqual(['ieee-fellow']);
    expect(await slugs('Royal Socity Chemistry')).toEqual(['frsc']);
    expect(await slugs('英国皇家')).toEqual(['frsc']);
    expect(await slugs('会士')).toEqual(['acm-fellow', 'frsc', 'ieee-fellow', 'leed-fellow']);
    expect(await slugs('FCCA')).toEqual(['acca-fellow']);
  });

  it('filters and orders', async () => {
    // "Fellow of the Royal Society…" and "Fellowship of …" start with the word; "ACCA Fellow" only contains it.
    expect(await slugs('fellow', ', issuerCountry: "gb"')).toEqual(['frsc', 'iet-fellow', 'raes-fellow', 'acca-fellow']);
    expect(await slugs('fellow', ', listedIn: "CN-SH", orderBy: NAME')).toEqual([
      'acca-fellow',
      'acm-fellow',
      'cgma-fellow',
      'iet-fellow',
      'raes-fellow',
    ]);
  });

  it('ranks by tiers through the indexes as scoring every row would: the same matches, order and count', async () => {
    const db = world.db.database.db;
    const [threshold] = await rows<{ t: string }>(db, sql`SELECT current_setting('pg_trgm.word_similarity_threshold') AS t`);
    expect(Number(threshold!.t)).toBeCloseTo(0.35 / 0.75, 5);
    // Strings a person types: pieces of every name, alias and issuer name, in other cases, with a
    // letter dropped or doubled (typos), and words of two names run together.
    const texts = (
      await rows<{ t: string | null }>(
        db,
        sql`SELECT name AS t FROM qualifications UNION SELECT name_zh FROM qualifications UNION SELECT abbreviation FROM qualifications
            UNION SELECT alias FROM qualification_aliases UNION SELECT name FROM organisations UNION SELECT name_zh FROM organisations`,
      )
    )
      .map((r) => r.t)
      .filter((t): t is string => Boolean(t && t.length >= 2));
    const probes = new Set<string>(['q_%', 'a\\b', 'of', 'Fellow\u001fof']);
    for (const [i, t] of texts.entries()) {
      const cut = (from: number, length: number) => t.slice(from, from + length);
      probes.add(t.toUpperCase());
      probes.add(cut(0, 2 + (i % 5)));
      probes.add(cut(Math.floor(t.length / 3), 3 + (i % 7)));
      if (t.length > 5) probes.add(t.slice(0, 3) + t.slice(4));
      if (t.length > 5) probes.add(t.slice(0, 5) + t[4] + t.slice(5));
      probes.add(`${t.split(' ')[0]} ${texts[(i * 7) % texts.length]!.split(' ').at(-1)}`);
    }
    const asked = [...probes].map((p) => p.trim()).filter((p) => p.length >= 2);
    // The definition, scored on every row with the columns' own ILIKEs (no index, no tiers).
    const reference = (s: string) => {
      const lower = s.toLowerCase();
      const like = (p: string) => p.replace(/[\\%_]/g, (c) => `\\${c}`);
      const prefix = `${like(s)}%`;
      const anywhere = `%${like(s)}%`;
      return rows<{ slug: string }>(
        db,
        sql`SELECT slug FROM (SELECT q.slug, (CASE
            WHEN lower(q.name) = lower(${s}) OR lower(q.abbreviation) = lower(${s}) OR q.name_zh = ${s} THEN 1
            WHEN q.name ILIKE ${prefix} OR q.name_zh ILIKE ${prefix} OR q.abbreviation ILIKE ${prefix} THEN 0.9
            WHEN q.name ILIKE ${anywhere} OR q.name_zh ILIKE ${anywhere} OR q.abbreviation ILIKE ${anywhere} OR q.slug ILIKE ${anywhere}
              OR EXISTS (SELECT 1 FROM qualification_aliases a WHERE a.qualification_id = q.id AND a.alias ILIKE ${anywhere})
              OR EXISTS (SELECT 1 FROM organisations o WHERE o.id = q.issuer_id
                AND (o.name ILIKE ${anywhere} OR o.name_zh ILIKE ${anywhere} OR o.abbreviation ILIKE ${anywhere})) THEN 0.8
            ELSE GREATEST(word_similarity(${lower}, lower(q.name)) * 0.75, word_similarity(${lower}, lower(coalesce(q.name_zh, ''))) * 0.75,
              coalesce((SELECT max(word_similarity(${lower}, lower(a.alias))) FROM qualification_aliases a WHERE a.qualification_id = q.id), 0) * 0.7,
              coalesce((SELECT word_similarity(${lower}, lower(o.name)) FROM organisations o WHERE o.id = q.issuer_id), 0) * 0.6)
            END) AS score FROM qualifications q) s WHERE score >= 0.35 ORDER BY score DESC, slug`,
      );
    };
    const { qualificationsByRelevance, searchMatches } = await import('../src/modules/qualification/qualification.store.ts');
    const differ: string[] = [];
    let ranked = 0;
    for (const [i, probe] of asked.entries()) {
      const expected = (await reference(probe)).map((r) => r.slug);
      const matched = await rows<{ slug: string }>(db, sql`SELECT slug FROM qualifications WHERE ${searchMatches(probe)}`);
      if (JSON.stringify(matched.map((r) => r.slug).sort()) !== JSON.stringify([...expected].sort())) differ.push(`matches of ${probe}`);
      // Pages of several sizes and starts, a dense tier read in slug order or found and sorted.
      const size = 1 + (i % 4);
      for (const offset of [0, size, 2 * size + 1]) {
        // Every third probe with a filter that keeps every row: statements built for it, not prepared.
        const page = await qualificationsByRelevance(
          db,
          i % 3 === 0 ? { search: probe, filter: sql`true` } : { search: probe },
          { offset, limit: size },
          { denseSubstrings: i % 2 ? 1 : 1_000_000 },
        );
        const want = expected.slice(offset, offset + size);
        if (page.total !== expected.length || JSON.stringify(page.rows.map((r) => r.slug)) !== JSON.stringify(want))
          differ.push(
            `${probe} at ${offset}: ${page.total} ${JSON.stringify(page.rows.map((r) => r.slug))} against ${expected.length} ${JSON.stringify(want)}`,
          );
        if (want.length) ranked++;
      }
    }
    expect(differ).toEqual([]);
    expect(asked.length).toBeGreaterThan(100);
    expect(ranked).toBeGreaterThan(200);
  });

  it('refuses one character or more than 200', async () => {
    expect(codes(await search('x'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await search('会'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await search('a'.repeat(201)))).toEqual(['BAD_USER_INPUT']);
  });

  it('pages entries and honoured qualifications with filters and orders', async () => {
    const { body } = await world.hub.gql(`{ catalog(slug: "beijing-professional-qualifications") { editions { label
      gb: entries(issuerCountry: "GB", orderBy: SUBJECT) { totalCount nodes { qualification { slug } } } } } }`);
    expect(body.data.catalog.editions.find((e: { label: string }) => e.label === '3.0').gb).toEqual({
      totalCount: 2,
      nodes: [{ qualification: { slug: 'acca-fellow' } }, { qualification: { slug: 'frsc' } }],
    });
    const honoured = await world.hub.gql(
      `{ jurisdiction(code: "CN-BJ") { honouredQualifications(asOf: "2023-10-01", issuerCountry: "US", orderBy: NAME, first: 2) { totalCount nodes { qualification { name } } } } }`,
    );
    expect(honoured.body.data.jurisdiction.honouredQualifications).toEqual({
      totalCount: 5,
      nodes: [{ qualification: { name: 'ACM Distinguished Member' } }, { qualification: { name: 'ACM Fellow' } }],
    });
  });
});

describe('exports', () => {
  const get = (path: string) => fetch(`${world.hub.url}${path}`);

  it.each([
    ['/export/edition', '?catalog=beijing-professional-qualifications&edition=3.0', 7],
    ['/export/recognition', '?qualification=ieee-fellow&asOf=2025-10-01', 9],
    ['/export/coverage', '?jurisdictions=CN-BJ,CN-SH&groupBy=ISSUER_COUNTRY&asOf=2023-10-01', 5],
  ])('%s round-trips: the CSV parsed back equals the JSON', async (path, query, rowCount) => {
    const csv = await get(`${path}.csv${query}`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...records] = parseCsv(new TextDecoder().decode(bytes));
    const json = (await (await get(`${path}.json${query}`)).json()) as { columns: string[]; rows: Record<string, unknown>[] };
    expect(json.rows).toHaveLength(rowCount);
    const flat = (v: unknown) => (v === null ? '' : Array.isArray(v) ? v.join(' | ') : String(v));
    expect(records.map((r) => Object.fromEntries(json.columns.map((h) => [h, r[header!.indexOf(h)]])))).toEqual(
      json.rows.map((row) => Object.fromEntries(json.columns.map((c) => [c, flat(row[c])]))),
    );
  });

  it("answers a bad export with the API's codes and writes nothing", async () => {
    const unknown = await get('/export/edition.csv?catalog=nope&edition=1');
    expect([unknown.status, ((await unknown.json()) as any).errors[0].extensions.code]).toEqual([404, 'NOT_FOUND']);
    const bad = await get('/export/recognition.json?qualification=ieee-fellow&asOf=2025-02-30');
    expect([bad.status, ((await bad.json()) as any).errors[0].extensions.code]).toEqual([400, 'BAD_USER_INPUT']);
    expect((await get('/export/nothing.csv')).status).toBe(404);
  });
});

describe('caching for dashboards', () => {
  const query = encodeURIComponent('{ qualification(slug: "frsc") { name } }');
  const get = (headers: Record<string, string> = {}) =>
    fetch(`${world.hub.url}/graphql?query=${query}`, { headers: { 'apollo-require-preflight': 'true', ...headers } });

  it('gives GET answers an ETag and a Cache-Control, answers 304 while the data is unchanged, and a new answer after a load', async () => {
    const first = await get();
    const etag = first.headers.get('etag')!;
    expect(first.status).toBe(200);
    expect(etag).toMatch(/^W\/"v\d+-/);
    expect(first.headers.get('cache-control')).toBe('max-age=60, public');
    expect((await get({ 'if-none-match': etag })).status).toBe(304);
    await loadBundle(
      world.db.database.db,
      bundleFromObjects([
        {
          name: 'rename',
          qualifications: [
            {
              slug: 'frsc',
              name: 'Fellow of the Royal Society of Chemistry (FRSC)',
              issuer: 'rsc',
              abbreviation: 'FRSC',
              nameZh: '英国皇家化学会会士',
            },
          ],
        },
      ]),
    );
    const after = await get({ 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(((await after.json()) as any).data.qualification.name).toBe('Fellow of the Royal Society of Chemistry (FRSC)');
  });

  it('keeps persisted queries in the database, so any hub process knows a hash another one learned', async () => {
    const text = '{ jurisdiction(code: "CN-HI") { nameZh } }';
    const hash = createHash('sha256').update(text).digest('hex');
    const extensions = encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }));
    const byHash = (h: TestHub) =>
      fetch(`${h.url}/graphql?extensions=${extensions}`, { headers: { 'apollo-require-preflight': 'true' } }).then(
        (r) => r.json() as Promise<any>,
      );
    expect((await byHash(world.hub)).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    await fetch(`${world.hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: text, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
    });
    // Apollo stores a newly registered query without awaiting the write: wait for the row, as a
    // client would simply retry with the full query on a miss.
    for (let i = 0; i < 100; i++) {
      const [found] = await rows<{ n: number }>(
        world.db.database.db,
        sql`SELECT count(*)::int AS n FROM persisted_queries WHERE key LIKE ${`%${hash}`}`,
      );
      if (found!.n > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const other = await startHub(world.db.database);
    try {
      expect((await byHash(other)).data).toEqual({ jurisdiction: { nameZh: '海南省' } });
    } finally {
      await other.stop();
    }
  });
});

describe('on bundles built here', () => {
  it('diffs list membership and attributes, and counts coverage and overlap by every basis', async () => {
    const edition = (label: string, validFrom: string, entries: object[], validTo?: string) => ({
      label,
      title: label,
      validFrom,
      ...(validTo ? { validTo } : {}),
      sources: SRC,
      declaredSize: entries.length,
      lists: [
        { code: 'general', name: 'General' },
        { code: 'urgent', name: 'Urgent' },
      ],
      entries,
    });
    const entry = (q: string, lists: string[], extra: object = {}) => ({ qualification: q, lists, sources: SRC, ...extra });
    await withData(
      [
        {
          ...baseBundle(),
          qualifications: [
            { slug: 'q1', name: 'Q1', field: 'finance-management' },
            { slug: 'q2', name: 'Q2', field: 'information-technology' },
            { slug: 'q3', name: 'Q3' },
            { slug: 'q4', name: 'Q4', field: 'information-technology' },
          ],
        },
        {
          name: 'bj',
          catalogs: [
            {
              slug: 'bj',
              name: 'bj',
              kind: 'QUALIFICATION',
              jurisdiction: 'CN-BJ',
              editions: [
                edition(
                  '1',
                  '2021-01-01',
                  [entry('q1', ['general']), entry('q2', ['general', 'urgent'], { titleLevel: 'INTERMEDIATE' }), entry('q3', ['general'])],
                  '2022-01-01',
                ),
                edition('2', '2022-01-01', [
                  entry('q1', ['general', 'urgent']),
                  entry('q2', ['general'], { titleLevel: 'DEPUTY_SENIOR' }),
                  entry('q4', ['general']),
                ]),
              ],
            },
          ],
        },
        catalogBundle('tj', 'CN-TJ', [{ label: '1', from: '2021-01-01', quals: ['q3'] }]),
        agreementBundle({
          slug: 'bj-tj',
          kind: 'LISTING',
          direction: 'ONE_WAY',
          from: '2021-01-01',
          parties: [
            { role: 'SOURCE', jurisdiction: 'CN-BJ' },
            { role: 'TARGET', jurisdiction: 'CN-TJ' },
          ],
        }),
        agreementBundle({
          slug: 'q2-q3',
          kind: 'EQUIVALENCE',
          direction: 'ONE_WAY',
          from: '2021-01-01',
          qualification: 'q2',
          equivalentQualification: 'q3',
          parties: [{ role: 'PARTY', jurisdiction: 'CN-TJ' }],
        }),
      ],
      async (h) => {
        const ids = Object.fromEntries(
          (await h.gql('{ catalog(slug: "bj") { editions { id label } } }')).body.data.catalog.editions.map(
            (e: { id: string; label: string }) => [e.label, e.id],
          ),
        );
        const diff = (
          await h.gql(
            `query($a: ID!, $b: ID!) { catalogDiff(from: $a, to: $b) { addedCount removedCount unchangedCount complete
        added { qualification { slug } } removed { qualification { slug } } changed { qualification { slug } listsAdded listsRemoved changes { attribute before after } } } }`,
            { a: ids['1'], b: ids['2'] },
          )
        ).body.data.catalogDiff;
        expect(diff).toEqual({
          addedCount: 1,
          removedCount: 1,
          unchangedCount: 0,
          complete: true,
          added: [{ qualification: { slug: 'q4' } }],
          removed: [{ qualification: { slug: 'q3' } }],
          changed: [
            {
              qualification: { slug: 'q1' },
              listsAdded: ['urgent'],
              listsRemoved: [],
              changes: [{ attribute: 'LISTS', before: 'general', after: 'general, urgent' }],
            },
            {
              qualification: { slug: 'q2' },
              listsAdded: [],
              listsRemoved: ['urgent'],
              changes: [
                { attribute: 'LISTS', before: 'general, urgent', after: 'general' },
                { attribute: 'TITLE_LEVEL', before: 'INTERMEDIATE', after: 'DEPUTY_SENIOR' },
              ],
            },
          ],
        });
        const coverage = (
          await h.gql(
            '{ coverage(jurisdictions: ["CN-TJ", "CN-BJ"], groupBy: BASIS, asOf: "2021-06-01") { rows { jurisdiction { code } group count } jurisdictions { jurisdiction { code } honouredCount } } }',
          )
        ).body.data.coverage;
        expect(coverage.rows).toEqual([
          { jurisdiction: { code: 'CN-BJ' }, group: 'LISTED', count: 3 },
          { jurisdiction: { code: 'CN-TJ' }, group: 'AGREEMENT', count: 3 },
          { jurisdiction: { code: 'CN-TJ' }, group: 'EQUIVALENCE', count: 1 },
          { jurisdiction: { code: 'CN-TJ' }, group: 'LISTED', count: 1 },
        ]);
        expect(coverage.jurisdictions).toEqual([
          { jurisdiction: { code: 'CN-BJ' }, honouredCount: 3 },
          { jurisdiction: { code: 'CN-TJ' }, honouredCount: 3 },
        ]);
        const byField = (
          await h.gql(
            '{ coverage(jurisdictions: ["CN-BJ"], groupBy: FIELD, asOf: "2022-06-01") { rows { group count field { code name nameZh } } } }',
          )
        ).body.data.coverage.rows;
        expect(byField).toEqual([
          {
            group: 'finance-management',
            count: 1,
            field: { code: 'finance-management', name: 'Finance and management', nameZh: '金融与管理' },
          },
          {
            group: 'information-technology',
            count: 2,
            field: { code: 'information-technology', name: 'New-generation information technology', nameZh: '新一代信息技术' },
          },
        ]);
        const overlap = (
          await h.gql(
            '{ overlap(jurisdictions: ["CN-BJ", "CN-TJ"], asOf: "2021-06-01") { cells { sharedCount shared { nodes { slug } } } } }',
          )
        ).body.data.overlap.cells;
        expect(overlap.map((c: { sharedCount: number }) => c.sharedCount)).toEqual([3, 3, 3]);
      },
    );
  });
});
