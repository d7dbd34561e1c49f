import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseBundle, SRC } from './helpers/bundles.ts';
import { engine, seededWorld, startHub, type TestDatabase, type TestHub, testDatabase } from './helpers/hub.ts';

// The dashboard API (issue 16): filters in PostGraphile's shape on every growing connection,
// orders key by key, paging both ways. On a small world built here, where every answer can be
// told by hand, and on the seed data.

const NOTE = 'test data';
/** Qualifications with every kind of value a filter reads: names in both languages, missing ones, issuers, fields. */
const world = {
  name: 'dashboard',
  fields: [
    { code: 'f-eng', name: 'Engineering', nameZh: '工程', note: NOTE },
    { code: 'f-fin', name: 'Finance', nameZh: '金融', note: NOTE },
  ],
  organisations: [
    { slug: 'org-gb', name: 'GB Body', country: 'GB' },
    { slug: 'org-us', name: 'US Body', country: 'US' },
    { slug: 'org-x', name: 'Body of no known seat' },
  ],
  qualifications: [
    { slug: 'alpha', name: 'Alpha Fellow', nameZh: '北京资格', abbreviation: 'AF', issuer: 'org-gb', field: 'f-eng' },
    { slug: 'beta', name: 'Beta Member', nameZh: '上海资格', issuer: 'org-us', field: 'f-fin' },
    {
      slug: 'gamma',
      name: 'Gamma Chartered',
      nameZh: '重庆资格',
      abbreviation: 'GC',
      issuer: 'org-x',
      field: 'f-eng',
      verified: false,
      note: NOTE,
    },
    { slug: 'delta', name: 'delta associate 100%', verified: false, note: NOTE },
  ],
  instruments: [
    { slug: 'n-2019', kind: 'NOTICE', title: 'Notice of 2019', issuedOn: '2019-12-01', reliability: 'HIGH' },
    { slug: 'n-2023', kind: 'NOTICE', title: 'Notice of 2023', issuedOn: '2023-03-15', reliability: 'MEDIUM' },
  ],
  catalogs: [
    {
      slug: 'cat-bj',
      name: 'Beijing test catalog',
      kind: 'QUALIFICATION',
      jurisdiction: 'CN-BJ',
      editions: [
        {
          label: '2020',
          title: 'BJ 2020',
          issuedOn: '2019-12-01',
          validFrom: '2020-01-01',
          validTo: '2023-01-01',
          declaredSize: 3,
          sources: [{ instrument: 'n-2019' }],
          lists: [
            { code: 'general', name: 'General' },
            { code: 'urgent', name: 'Urgent' },
          ],
          entries: [
            { qualification: 'alpha', lists: ['general', 'urgent'], titleLevel: 'SENIOR', sources: SRC },
            { qualification: 'beta', lists: ['general'], titleLevel: 'INTERMEDIATE', skillLevel: '四级', sources: SRC },
            { qualification: 'q1', lists: ['urgent'], sources: SRC },
          ],
        },
        {
          label: '2023',
          title: 'BJ 2023',
          issuedOn: '2023-03-15',
          validFrom: '2023-01-01',
          declaredSize: 10,
          sources: [{ instrument: 'n-2023' }],
          lists: [
            { code: 'general', name: 'General' },
            { code: 'urgent', name: 'Urgent' },
          ],
          entries: [
            { qualification: 'alpha', lists: ['general'], sources: SRC },
            { qualification: 'gamma', lists: ['urgent'], correspondingTitle: '副高级', titleLevel: 'DEPUTY_SENIOR', sources: SRC },
            { qualification: 'delta', lists: ['general'], sources: SRC, verified: false, note: NOTE },
            { qualification: 'q2', lists: ['general'], sources: SRC },
          ],
        },
      ],
    },
    {
      slug: 'cat-gz',
      name: 'Guangzhou test catalog',
      kind: 'QUALIFICATION',
      jurisdiction: 'CN-GD-GZ',
      editions: [
        {
          label: '2024',
          title: 'GZ 2024',
          validFrom: '2024-06-01',
          declaredSize: 2,
          sources: SRC,
          lists: [
            { code: 'a', name: 'A' },
            { code: 'b', name: 'B' },
          ],
          entries: [
            { qualification: 'beta', lists: ['a'], sources: SRC },
            { qualification: 'gamma', lists: ['b'], sources: SRC },
          ],
        },
      ],
    },
  ],
  agreements: [
    {
      slug: 'ag-listing',
      name: 'Listing BJ–SH',
      kind: 'LISTING',
      direction: 'MUTUAL',
      validFrom: '2021-01-01',
      catalog: 'cat-bj',
      parties: [
        { role: 'PARTY', jurisdiction: 'CN-BJ' },
        { role: 'PARTY', jurisdiction: 'CN-SH' },
      ],
      sources: SRC,
    },
    {
      slug: 'ag-status',
      name: 'Status in JJJ',
      kind: 'STATUS',
      direction: 'MUTUAL',
      validFrom: '2022-05-01',
      validTo: '2025-05-01',
      category: 'A',
      parties: [{ role: 'PARTY', group: 'jjj' }],
      sources: SRC,
    },
    {
      slug: 'ag-equiv',
      name: 'Q3 counts as Q4 in Guangdong',
      kind: 'EQUIVALENCE',
      direction: 'ONE_WAY',
      validFrom: '2024-01-01',
      qualification: 'q3',
      equivalentQualification: 'q4',
      parties: [{ role: 'PARTY', jurisdiction: 'CN-GD' }],
      sources: SRC,
    },
  ],
};

let db: TestDatabase;
let hub: TestHub;
beforeAll(async () => {
  const { loadBundle } = await import('../src/modules/bundle/bundle.load.ts');
  const { bundleFromObjects } = await import('../src/modules/bundle/bundle.read.ts');
  db = await testDatabase({ seeded: false });
  hub = await startHub(db.database);
  await loadBundle(db.database.db, bundleFromObjects([baseBundle(), world]));
  return async () => {
    await hub.stop();
    await db.drop();
  };
});

const ALL_QUALIFICATIONS = ['alpha', 'beta', 'delta', 'gamma', 'q1', 'q2', 'q3', 'q4'];
const codes = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => body.errors?.map((e) => e.extensions?.code);

async function data(query: string, variables?: Record<string, unknown>) {
  const { body } = await hub.gql(query, variables);
  expect(body.errors).toBeUndefined();
  return body.data;
}

const qualificationSlugs = async (filter: unknown, orderBy = '[SLUG_ASC]') =>
  (
    await data(
      `query($f: QualificationFilter) { qualifications(first: 100, filter: $f, orderBy: ${orderBy}) { totalCount nodes { slug } } }`,
      {
        f: filter,
      },
    )
  ).qualifications;

describe('filters on qualifications: every operator of text, true/false, related values, sets of jurisdictions, and/or/not', () => {
  const except = (...slugs: string[]) => ALL_QUALIFICATIONS.filter((s) => !slugs.includes(s));
  const cases: [string, unknown, string[]][] = [
    ['equalTo', { name: { equalTo: 'Alpha Fellow' } }, ['alpha']],
    ['notEqualTo', { name: { notEqualTo: 'Alpha Fellow' } }, except('alpha')],
    ['equalToInsensitive', { name: { equalToInsensitive: 'ALPHA fellow' } }, ['alpha']],
    ['in', { name: { in: ['Beta Member', 'Q1'] } }, ['beta', 'q1']],
    ['in, empty', { name: { in: [] } }, []],
    ['notIn', { name: { notIn: ['Beta Member'] } }, except('beta')],
    ['isNull: true', { nameZh: { isNull: true } }, ['delta', 'q1', 'q2', 'q3', 'q4']],
    ['isNull: false', { nameZh: { isNull: false } }, ['alpha', 'beta', 'gamma']],
    ['notEqualTo leaves out what is missing (as SQL does)', { nameZh: { notEqualTo: '北京资格' } }, ['beta', 'gamma']],
    ['includes (case matters)', { name: { includes: 'ell' } }, ['alpha']],
    ['includes, other case', { name: { includes: 'ELL' } }, []],
    ['includesInsensitive', { name: { includesInsensitive: 'ELL' } }, ['alpha']],
    ['includes a LIKE wildcard, as text', { name: { includes: '%' } }, ['delta']],
    ['includes Chinese', { nameZh: { includes: '庆' } }, ['gamma']],
    ['startsWith', { name: { startsWith: 'delta' } }, ['delta']],
    ['startsWith, other case', { name: { startsWith: 'Delta' } }, []],
    ['startsWithInsensitive', { name: { startsWithInsensitive: 'DELTA' } }, ['delta']],
    ['boolean equalTo', { verified: { equalTo: false } }, ['delta', 'gamma']],
    ['boolean notEqualTo', { verified: { notEqualTo: false } }, except('delta', 'gamma')],
    ['a related value (the issuer’s country)', { issuerCountry: { equalTo: 'GB' } }, ['alpha']],
    ['a related value, notEqualTo', { issuerCountry: { notEqualTo: 'GB' } }, ['beta']],
    ['a related value missing: no issuer, or an issuer of no known seat', { issuerCountry: { isNull: true } }, except('alpha', 'beta')],
    ['a related value present', { issuerCountry: { isNull: false } }, ['alpha', 'beta']],
    ['issuer in', { issuer: { in: ['org-gb', 'org-x'] } }, ['alpha', 'gamma']],
    ['field', { field: { in: ['f-eng'] } }, ['alpha', 'gamma']],
    ['listedIn anyEqualTo', { listedIn: { anyEqualTo: 'CN-BJ' } }, ['alpha', 'beta', 'delta', 'gamma', 'q1', 'q2']],
    ['listedIn overlaps', { listedIn: { overlaps: ['CN-SH', 'CN-GD-GZ'] } }, ['beta', 'gamma']],
    ['listedIn contains', { listedIn: { contains: ['CN-BJ', 'CN-GD-GZ'] } }, ['beta', 'gamma']],
    ['listedIn anyWithin (a province and the cities under it)', { listedIn: { anyWithin: 'CN-GD' } }, ['beta', 'gamma']],
    ['two conditions of one field', { name: { startsWith: 'Q', notEqualTo: 'Q1' } }, ['q2', 'q3', 'q4']],
    ['two fields', { field: { equalTo: 'f-eng' }, verified: { equalTo: true } }, ['alpha']],
    ['or', { or: [{ name: { startsWith: 'Q' } }, { abbreviation: { equalTo: 'AF' } }] }, ['alpha', 'q1', 'q2', 'q3', 'q4']],
    ['and', { and: [{ name: { startsWith: 'Q' } }, { listedIn: { anyEqualTo: 'CN-BJ' } }] }, ['q1', 'q2']],
    ['not', { not: { listedIn: { anyWithin: 'CN' } } }, ['q3', 'q4']],
    ['not of an or', { not: { or: [{ verified: { equalTo: false } }, { nameZh: { isNull: true } }] } }, ['alpha', 'beta']],
    ['an empty filter', {}, ALL_QUALIFICATIONS],
  ];
  it.each(cases)('%s', async (_name, filter, expected) => {
    expect(await qualificationSlugs(filter)).toEqual({ totalCount: expected.length, nodes: expected.map((slug) => ({ slug })) });
  });

  it('combine with search and the older arguments', async () => {
    const { qualifications } = await data(
      '{ qualifications(search: "fellow", issuerCountry: "GB", filter: { verified: { equalTo: true } }) { totalCount nodes { slug } } }',
    );
    expect(qualifications).toEqual({ totalCount: 1, nodes: [{ slug: 'alpha' }] });
  });

  it('narrow what a jurisdiction honours', async () => {
    const { jurisdiction } = await data(
      '{ jurisdiction(code: "CN-BJ") { honouredQualifications(asOf: "2023-06-01", filter: { verified: { equalTo: false } }, orderBy: [SLUG_DESC]) { totalCount nodes { qualification { slug } } } } }',
    );
    expect(jurisdiction.honouredQualifications).toEqual({
      totalCount: 2,
      nodes: [{ qualification: { slug: 'gamma' } }, { qualification: { slug: 'delta' } }],
    });
  });
});

describe('filters on editions, entries, agreements, instruments and the timeline: dates, numbers, enums, jurisdictions, sets, relations', () => {
  const editions = async (filter: unknown) =>
    (
      await data('query($f: CatalogEditionFilter) { editions(first: 100, filter: $f) { totalCount nodes { catalog { slug } label } } }', {
        f: filter,
      })
    ).editions.nodes.map((e: { catalog: { slug: string }; label: string }) => `${e.catalog.slug}/${e.label}`);
  const BJ20 = 'cat-bj/2020';
  const BJ23 = 'cat-bj/2023';
  const GZ24 = 'cat-gz/2024';
  const dateCases: [string, unknown, string[]][] = [
    ['equalTo', { validFrom: { equalTo: '2023-01-01' } }, [BJ23]],
    ['notEqualTo', { validFrom: { notEqualTo: '2023-01-01' } }, [BJ20, GZ24]],
    ['lessThan', { validFrom: { lessThan: '2023-01-01' } }, [BJ20]],
    ['lessThanOrEqualTo', { validFrom: { lessThanOrEqualTo: '2023-01-01' } }, [BJ20, BJ23]],
    ['greaterThan', { validFrom: { greaterThan: '2023-01-01' } }, [GZ24]],
    ['greaterThanOrEqualTo', { validFrom: { greaterThanOrEqualTo: '2023-01-01' } }, [BJ23, GZ24]],
    ['in', { validFrom: { in: ['2020-01-01', '2024-06-01'] } }, [BJ20, GZ24]],
    ['notIn', { validFrom: { notIn: ['2020-01-01'] } }, [BJ23, GZ24]],
    ['isNull: true (open-ended)', { validTo: { isNull: true } }, [BJ23, GZ24]],
    ['isNull: false', { validTo: { isNull: false } }, [BJ20]],
    ['a missing day matches no comparison', { issuedOn: { lessThan: '2030-01-01' } }, [BJ20, BJ23]],
  ];
  it.each(dateCases)('a day: %s', async (_name, filter, expected) => {
    expect(await editions(filter)).toEqual(expected);
  });

  const intCases: [string, unknown, string[]][] = [
    ['equalTo', { declaredSize: { equalTo: 3 } }, [BJ20]],
    ['notEqualTo', { declaredSize: { notEqualTo: 3 } }, [BJ23, GZ24]],
    ['lessThan', { declaredSize: { lessThan: 10 } }, [BJ20, GZ24]],
    ['lessThanOrEqualTo', { declaredSize: { lessThanOrEqualTo: 3 } }, [BJ20, GZ24]],
    ['greaterThan', { declaredSize: { greaterThan: 2 } }, [BJ20, BJ23]],
    ['greaterThanOrEqualTo', { declaredSize: { greaterThanOrEqualTo: 3 } }, [BJ20, BJ23]],
    ['in', { declaredSize: { in: [2, 10] } }, [BJ23, GZ24]],
    ['notIn', { declaredSize: { notIn: [2] } }, [BJ20, BJ23]],
    ['isNull', { declaredSize: { isNull: true } }, []],
    ['a count (entries loaded)', { loadedSize: { greaterThan: 3 } }, [BJ23]],
    ['loaded below declared', { loadedSize: { lessThan: 4 }, declaredSize: { greaterThanOrEqualTo: 3 } }, [BJ20]],
  ];
  it.each(intCases)('a number: %s', async (_name, filter, expected) => {
    expect(await editions(filter)).toEqual(expected);
  });

  const jurisdictionCases: [string, unknown, string[]][] = [
    ['equalTo', { jurisdiction: { equalTo: 'CN-BJ' } }, [BJ20, BJ23]],
    ['notEqualTo', { jurisdiction: { notEqualTo: 'CN-BJ' } }, [GZ24]],
    ['in', { jurisdiction: { in: ['CN-GD-GZ', 'CN-SH'] } }, [GZ24]],
    ['notIn', { jurisdiction: { notIn: ['CN-GD-GZ'] } }, [BJ20, BJ23]],
    ['within a province', { jurisdiction: { within: 'CN-GD' } }, [GZ24]],
    ['within the country', { jurisdiction: { within: 'CN' } }, [BJ20, BJ23, GZ24]],
    ['an enum (the catalog kind)', { kind: { equalTo: 'QUALIFICATION' } }, [BJ20, BJ23, GZ24]],
    ['an enum, notEqualTo', { kind: { notEqualTo: 'QUALIFICATION' } }, []],
    ['the catalog', { catalog: { equalTo: 'cat-gz' } }, [GZ24]],
    ['or, not', { or: [{ label: { equalTo: '2024' } }, { not: { validTo: { isNull: true } } }] }, [BJ20, GZ24]],
  ];
  it.each(jurisdictionCases)('a jurisdiction and others: %s', async (_name, filter, expected) => {
    expect(await editions(filter)).toEqual(expected);
  });

  const entries = async (filter: unknown) =>
    (
      await data(
        'query($f: CatalogEntryFilter) { catalog(slug: "cat-bj") { editions { label entries(filter: $f) { totalCount nodes { qualification { slug } } } } } }',
        { f: filter },
      )
    ).catalog.editions.map((e: { label: string; entries: { totalCount: number; nodes: { qualification: { slug: string } }[] } }) => [
      e.label,
      e.entries.totalCount,
      e.entries.nodes.map((n) => n.qualification.slug),
    ]);
  const entryCases: [string, unknown, [string, number, string[]][]][] = [
    [
      'enum equalTo',
      { titleLevel: { equalTo: 'SENIOR' } },
      [
        ['2020', 1, ['alpha']],
        ['2023', 0, []],
      ],
    ],
    [
      'enum notEqualTo',
      { titleLevel: { notEqualTo: 'SENIOR' } },
      [
        ['2020', 1, ['beta']],
        ['2023', 1, ['gamma']],
      ],
    ],
    [
      'enum in',
      { titleLevel: { in: ['SENIOR', 'DEPUTY_SENIOR'] } },
      [
        ['2020', 1, ['alpha']],
        ['2023', 1, ['gamma']],
      ],
    ],
    [
      'enum notIn',
      { titleLevel: { notIn: ['SENIOR'] } },
      [
        ['2020', 1, ['beta']],
        ['2023', 1, ['gamma']],
      ],
    ],
    [
      'enum isNull',
      { titleLevel: { isNull: true } },
      [
        ['2020', 1, ['q1']],
        ['2023', 3, ['alpha', 'delta', 'q2']],
      ],
    ],
    [
      'lists anyEqualTo',
      { lists: { anyEqualTo: 'urgent' } },
      [
        ['2020', 2, ['alpha', 'q1']],
        ['2023', 1, ['gamma']],
      ],
    ],
    [
      'lists overlaps',
      { lists: { overlaps: ['urgent', 'nothing'] } },
      [
        ['2020', 2, ['alpha', 'q1']],
        ['2023', 1, ['gamma']],
      ],
    ],
    [
      'lists contains',
      { lists: { contains: ['general', 'urgent'] } },
      [
        ['2020', 1, ['alpha']],
        ['2023', 0, []],
      ],
    ],
    [
      'text',
      { skillLevel: { equalTo: '四级' } },
      [
        ['2020', 1, ['beta']],
        ['2023', 0, []],
      ],
    ],
    [
      'true/false',
      { verified: { equalTo: false } },
      [
        ['2020', 0, []],
        ['2023', 1, ['delta']],
      ],
    ],
    [
      'the qualification (a relation)',
      { qualification: { issuerCountry: { in: ['GB', 'US'] } } },
      [
        ['2020', 2, ['alpha', 'beta']],
        ['2023', 1, ['alpha']],
      ],
    ],
    [
      'the edition (a relation)',
      { edition: { validFrom: { greaterThan: '2022-01-01' } } },
      [
        ['2020', 0, []],
        ['2023', 4, ['alpha', 'gamma', 'delta', 'q2']],
      ],
    ],
    [
      'not a relation',
      { not: { qualification: { field: { isNull: false } } } },
      [
        ['2020', 1, ['q1']],
        ['2023', 2, ['delta', 'q2']],
      ],
    ],
  ];
  it.each(entryCases)('entries: %s', async (_name, filter, expected) => {
    expect(await entries(filter)).toEqual(expected);
  });

  it("a qualification's listings, by the edition's jurisdiction and dates", async () => {
    const { qualification } = await data(
      '{ qualification(slug: "beta") { listings { edition { label } } all: listingsConnection { totalCount nodes { edition { label } lists { code } } } gz: listingsConnection(filter: { edition: { jurisdiction: { within: "CN-GD" } } }) { totalCount nodes { edition { label catalog { slug } } } } } }',
    );
    expect(qualification).toEqual({
      listings: [{ edition: { label: '2020' } }, { edition: { label: '2024' } }],
      all: {
        totalCount: 2,
        nodes: [
          { edition: { label: '2020' }, lists: [{ code: 'general' }] },
          { edition: { label: '2024' }, lists: [{ code: 'a' }] },
        ],
      },
      gz: { totalCount: 1, nodes: [{ edition: { label: '2024', catalog: { slug: 'cat-gz' } } }] },
    });
  });

  const agreements = async (filter: unknown) =>
    (
      await data('query($f: RecognitionAgreementFilter) { agreementsConnection(filter: $f) { totalCount nodes { slug } } }', { f: filter })
    ).agreementsConnection.nodes.map((a: { slug: string }) => a.slug);
  const agreementCases: [string, unknown, string[]][] = [
    ['parties anyEqualTo (through a region group too)', { parties: { anyEqualTo: 'CN-BJ' } }, ['ag-listing', 'ag-status']],
    ['parties overlaps', { parties: { overlaps: ['CN-TJ', 'CN-GD'] } }, ['ag-equiv', 'ag-status']],
    ['parties contains', { parties: { contains: ['CN-BJ', 'CN-SH'] } }, ['ag-listing']],
    ['parties anyWithin', { parties: { anyWithin: 'CN-GD' } }, ['ag-equiv']],
    ['kind', { kind: { in: ['STATUS', 'EQUIVALENCE'] } }, ['ag-equiv', 'ag-status']],
    ['direction', { direction: { equalTo: 'ONE_WAY' } }, ['ag-equiv']],
    ['open-ended, from 2022', { validTo: { isNull: true }, validFrom: { greaterThanOrEqualTo: '2022-01-01' } }, ['ag-equiv']],
    ['the catalog it extends', { catalog: { equalTo: 'cat-bj' } }, ['ag-listing']],
    ['the category it carries', { category: { equalTo: 'A' } }, ['ag-status']],
    ['the qualification it makes count', { qualification: { equalTo: 'q3' } }, ['ag-equiv']],
  ];
  it.each(agreementCases)('agreements: %s', async (_name, filter, expected) => {
    expect(await agreements(filter)).toEqual(expected);
  });

  it("a jurisdiction's agreements in force, filtered and ordered", async () => {
    const { jurisdiction } = await data(
      '{ jurisdiction(code: "CN-BJ") { agreements(asOf: "2023-01-01") { slug } agreementsConnection(asOf: "2023-01-01", orderBy: [VALID_FROM_DESC]) { totalCount nodes { slug } } listing: agreementsConnection(asOf: "2023-01-01", filter: { kind: { equalTo: LISTING } }) { totalCount nodes { slug } } } }',
    );
    expect(jurisdiction).toEqual({
      agreements: [{ slug: 'ag-listing' }, { slug: 'ag-status' }],
      agreementsConnection: { totalCount: 2, nodes: [{ slug: 'ag-status' }, { slug: 'ag-listing' }] },
      listing: { totalCount: 1, nodes: [{ slug: 'ag-listing' }] },
    });
  });

  it('instruments by day of issue, kind and reliability', async () => {
    const { a, b } = await data(
      '{ a: instruments(filter: { issuedOn: { greaterThan: "2019-01-01" } }, orderBy: [ISSUED_ON_DESC]) { totalCount nodes { slug } } b: instruments(filter: { or: [{ reliability: { equalTo: LOW } }, { kind: { equalTo: NOTICE }, issuedOn: { lessThan: "2020-01-01" } }] }) { totalCount nodes { slug } } }',
    );
    expect(a).toEqual({ totalCount: 2, nodes: [{ slug: 'n-2023' }, { slug: 'n-2019' }] });
    expect(b).toEqual({ totalCount: 2, nodes: [{ slug: 'test-notice' }, { slug: 'n-2019' }] });
  });

  it('timeline events by day, kind, subject and jurisdiction, in any order', async () => {
    const { timeline } = await data(
      '{ timeline(from: "2020-01-01", to: "2026-01-01", filter: { jurisdictions: { anyWithin: "CN-BJ" }, not: { kind: { equalTo: ISSUED } }, date: { lessThan: "2025-01-01" } }, orderBy: [SUBJECT_DESC, DATE_ASC]) { totalCount nodes { date kind subject } } }',
    );
    expect(timeline).toEqual({
      totalCount: 5,
      nodes: [
        { date: '2021-01-01', kind: 'IN_FORCE', subject: 'AGREEMENT' },
        { date: '2022-05-01', kind: 'IN_FORCE', subject: 'AGREEMENT' },
        { date: '2020-01-01', kind: 'IN_FORCE', subject: 'EDITION' },
        { date: '2023-01-01', kind: 'SUPERSEDED', subject: 'EDITION' },
        { date: '2023-01-01', kind: 'IN_FORCE', subject: 'EDITION' },
      ],
    });
  });
});

describe('orders, key by key', () => {
  it('Chinese names by pinyin where the database has ICU (PostgreSQL), by code point where it has not (PGlite); missing names last', async () => {
    const { nodes } = await qualificationSlugs(null, '[NAME_ZH_ASC]');
    const named = engine === 'postgres' ? ['alpha', 'gamma', 'beta'] : ['beta', 'alpha', 'gamma']; // 北京 重庆 上海 | 上 北 重
    expect(nodes).toEqual([...named, 'delta', 'q1', 'q2', 'q3', 'q4'].map((slug) => ({ slug })));
  });

  it('mixes directions, puts missing values first when descending (last ascending), and ends with the tiebreak', async () => {
    expect((await qualificationSlugs(null, '[ISSUER_COUNTRY_DESC, SLUG_DESC]')).nodes).toEqual(
      ['q4', 'q3', 'q2', 'q1', 'gamma', 'delta', 'beta', 'alpha'].map((slug) => ({ slug })),
    );
    expect((await qualificationSlugs(null, '[ISSUER_COUNTRY_ASC]')).nodes).toEqual(
      ['alpha', 'beta', 'delta', 'gamma', 'q1', 'q2', 'q3', 'q4'].map((slug) => ({ slug })),
    );
    expect((await qualificationSlugs(null, '[VERIFIED_ASC, SLUG_ASC]')).nodes).toEqual(
      ['delta', 'gamma', 'alpha', 'beta', 'q1', 'q2', 'q3', 'q4'].map((slug) => ({ slug })),
    );
  });

  it('keeps the older single values (SLUG, NAME) as their _ASC', async () => {
    const { a, b, c, d } = await data(
      '{ a: qualifications(orderBy: NAME) { nodes { slug } } b: qualifications(orderBy: [NAME_ASC]) { nodes { slug } } c: qualifications(orderBy: SLUG) { nodes { slug } } d: qualifications { nodes { slug } } }',
    );
    expect(a).toEqual(b);
    expect(c).toEqual(d);
    expect(d.nodes.map((n: { slug: string }) => n.slug)).toEqual(ALL_QUALIFICATIONS);
  });
});

/** Every item of a connection read forwards in pages of `size`, and backwards. */
async function bothWays(path: (d: any) => any, query: string, variables: Record<string, unknown> = {}, size = 2) {
  const forwards: unknown[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const c = path(await data(query, { ...variables, first: size, after, last: null, before: null }));
    forwards.push(...c.edges.map((e: { node: unknown }) => e.node));
    expect(c.pageInfo.hasPreviousPage).toBe(after !== null);
    if (!c.pageInfo.hasNextPage) break;
    after = c.pageInfo.endCursor;
  }
  const backwards: unknown[] = [];
  let before: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const c = path(await data(query, { ...variables, first: null, after: null, last: size, before }));
    backwards.unshift(...c.edges.map((e: { node: unknown }) => e.node));
    expect(c.pageInfo.hasNextPage).toBe(before !== null);
    if (!c.pageInfo.hasPreviousPage) break;
    before = c.pageInfo.startCursor;
  }
  const whole = path(await data(query, { ...variables, first: 100, after: null, last: null, before: null }));
  return { forwards, backwards, whole: whole.edges.map((e: { node: unknown }) => e.node), totalCount: whole.totalCount };
}

const PAGE = 'totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';
const ARGS = '$first: Int, $after: String, $last: Int, $before: String';
const PAGING = 'first: $first, after: $after, last: $last, before: $before';

describe('paging both ways: the same items, in the same order, whichever way and page size', () => {
  const connections: [string, (d: any) => any, string][] = [
    ...['[SLUG_ASC]', '[NAME_ZH_DESC]', '[ISSUER_COUNTRY_DESC, NAME_ASC]', '[VERIFIED_ASC, FIELD_DESC]', '[ABBREVIATION_ASC]'].map(
      (order) =>
        [
          `qualifications ${order}`,
          (d: any) => d.qualifications,
          `query(${ARGS}) { qualifications(${PAGING}, orderBy: ${order}) { ${PAGE} edges { node { slug } } } }`,
        ] as [string, (d: any) => any, string],
    ),
    [
      'qualifications by relevance (by position)',
      (d) => d.qualifications,
      `query(${ARGS}) { qualifications(${PAGING}, search: "资格") { ${PAGE} edges { node { slug } } } }`,
    ],
    ...['[LOADED_DESC]', '[TITLE_LEVEL_ASC]', '[NAME_ZH_ASC, SUBJECT_DESC]', '[ISSUER_COUNTRY_ASC]'].map(
      (order) =>
        [
          `an edition's entries ${order}`,
          (d: any) => d.catalog.editions[1].entries,
          `query(${ARGS}) { catalog(slug: "cat-bj") { editions { entries(${PAGING}, orderBy: ${order}) { ${PAGE} edges { node { qualification { slug } } } } } } }`,
        ] as [string, (d: any) => any, string],
    ),
    ...[
      '[VALID_FROM_DESC]',
      '[DECLARED_SIZE_ASC]',
      '[VALID_TO_ASC, LABEL_DESC]',
      '[JURISDICTION_ASC, ISSUED_ON_DESC]',
      '[LOADED_SIZE_DESC]',
    ].map(
      (order) =>
        [
          `editions ${order}`,
          (d: any) => d.editions,
          `query(${ARGS}) { editions(${PAGING}, orderBy: ${order}) { ${PAGE} edges { node { label catalog { slug } } } } }`,
        ] as [string, (d: any) => any, string],
    ),
    ...['[SLUG_DESC]', '[VALID_TO_DESC]', '[KIND_ASC, NAME_DESC]'].map(
      (order) =>
        [
          `agreements ${order}`,
          (d: any) => d.agreementsConnection,
          `query(${ARGS}) { agreementsConnection(${PAGING}, orderBy: ${order}) { ${PAGE} edges { node { slug } } } }`,
        ] as [string, (d: any) => any, string],
    ),
    [
      "a jurisdiction's agreements",
      (d) => d.jurisdiction.agreementsConnection,
      `query(${ARGS}) { jurisdiction(code: "CN-BJ") { agreementsConnection(${PAGING}, asOf: "2023-01-01") { ${PAGE} edges { node { slug } } } } }`,
    ],
    ...['[ISSUED_ON_ASC]', '[LOADED_DESC]', '[RELIABILITY_ASC, TITLE_DESC]'].map(
      (order) =>
        [
          `instruments ${order}`,
          (d: any) => d.instruments,
          `query(${ARGS}) { instruments(${PAGING}, orderBy: ${order}) { ${PAGE} edges { node { slug } } } }`,
        ] as [string, (d: any) => any, string],
    ),
    [
      'the timeline',
      (d) => d.timeline,
      `query(${ARGS}) { timeline(${PAGING}, from: "2019-01-01", to: "2030-01-01", orderBy: [KIND_DESC]) { ${PAGE} edges { node { date kind subject } } } }`,
    ],
    [
      'honoured qualifications',
      (d) => d.jurisdiction.honouredQualifications,
      `query(${ARGS}) { jurisdiction(code: "CN-BJ") { honouredQualifications(${PAGING}, asOf: "2023-06-01", orderBy: [NAME_ZH_DESC]) { ${PAGE} edges { node { qualification { slug } } } } } }`,
    ],
    [
      "a qualification's listings",
      (d) => d.qualification.listingsConnection,
      `query(${ARGS}) { qualification(slug: "gamma") { listingsConnection(${PAGING}, orderBy: [LOADED_DESC]) { ${PAGE} edges { node { edition { label } } } } } }`,
    ],
  ];
  it.each(connections)('%s', async (_name, path, query) => {
    const { forwards, backwards, whole, totalCount } = await bothWays(path, query);
    expect(whole.length).toBeGreaterThanOrEqual(2);
    expect(whole.length).toBe(totalCount);
    expect(forwards).toEqual(whole);
    expect(backwards).toEqual(whole);
    // Backwards from the end with one page holding all: the same items, not reversed by the reading.
    expect(path(await data(query, { last: 100 })).edges.map((e: { node: unknown }) => e.node)).toEqual(whole);
  });

  it('refuses a cursor of another order, or of another connection', async () => {
    const { qualifications } = await data('{ qualifications(first: 1, orderBy: [NAME_ASC]) { pageInfo { endCursor } } }');
    const cursor = qualifications.pageInfo.endCursor;
    for (const query of [
      `{ qualifications(after: "${cursor}", orderBy: [NAME_DESC]) { totalCount } }`,
      `{ qualifications(after: "${cursor}") { totalCount } }`,
      `{ editions(before: "${cursor}") { totalCount } }`,
    ]) {
      const { body } = await hub.gql(query);
      expect([query, codes(body)]).toEqual([query, ['BAD_USER_INPUT']]);
    }
  });
});

describe('a bad filter or order changes nothing and says why', () => {
  const refusal = async (query: string, variables?: Record<string, unknown>) => {
    const { body } = await hub.gql(query, variables);
    return { codes: codes(body), message: body.errors?.[0]?.message, data: body.data ?? null };
  };
  const deep = (n: number): unknown => (n === 0 ? { verified: { equalTo: true } } : { not: deep(n - 1) });
  it.each([
    ['an empty or', { or: [] }, 'BAD_USER_INPUT', /filter.or needs at least one filter/],
    ['an empty and', { and: [] }, 'BAD_USER_INPUT', /filter.and needs at least one filter/],
    ['too deep', deep(6), 'BAD_USER_INPUT', /nests deeper than 5 levels/],
    [
      'too many conditions',
      { or: Array.from({ length: 51 }, (_v, i) => ({ slug: { equalTo: `s${i}` } })) },
      'BAD_USER_INPUT',
      /51 conditions: at most 50/,
    ],
    [
      'too many values',
      { slug: { in: Array.from({ length: 101 }, (_v, i) => `s${i}`) } },
      'BAD_USER_INPUT',
      /lists 101 values: at most 100/,
    ],
    ['an unknown field', { colour: { equalTo: 'red' } }, 'BAD_USER_INPUT', /colour/],
    ['an unknown operator', { name: { like: 'x' } }, 'BAD_USER_INPUT', /like/],
    ['a value of the wrong type', { verified: { equalTo: 'yes' } }, 'BAD_USER_INPUT', /Boolean/],
    ['an unknown jurisdiction', { listedIn: { anyEqualTo: 'CN-XX' } }, 'NOT_FOUND', /CN-XX/],
  ])('%s', async (_name, filter, code, message) => {
    const answer = await refusal('query($f: QualificationFilter) { qualifications(filter: $f) { totalCount } }', { f: filter });
    expect(answer.codes?.[0]).toBe(code);
    expect(answer.message).toMatch(message);
    expect(answer.data?.qualifications ?? null).toBeNull();
  });

  it('an impossible day in a filter, an order named twice, RELEVANCE with other keys or without a search', async () => {
    expect((await refusal('{ editions(filter: { validFrom: { lessThan: "2025-02-30" } }) { totalCount } }')).codes).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect((await refusal('{ qualifications(orderBy: [NAME_ASC, NAME_DESC]) { totalCount } }')).message).toMatch(/names NAME twice/);
    expect((await refusal('{ qualifications(search: "q1", orderBy: [RELEVANCE, SLUG_ASC]) { totalCount } }')).message).toMatch(
      /cannot be combined/,
    );
    expect((await refusal('{ qualifications(orderBy: [RELEVANCE]) { totalCount } }')).message).toMatch(/needs a search/);
  });

  it('is counted by the cost limit: each condition adds one to its connection', async () => {
    const cost = async (filter: string) => {
      const { body } = await hub.gql(`{ qualifications(first: 10${filter}) { nodes { slug } } }`);
      expect(body.errors).toBeUndefined();
      return body.extensions!.cost!.requested;
    };
    const none = await cost('');
    expect(await cost(', filter: { verified: { equalTo: true } }')).toBe(none + 1);
    expect(await cost(', filter: { or: [{ name: { startsWith: "A", includes: "l" } }, { not: { field: { in: ["f-eng"] } } }] }')).toBe(
      none + 3,
    );
    // A limit that lets the plain page through refuses the filtered one.
    const tight = await startHub(db.database, { HUB_MAX_QUERY_COST: String(none + 2) });
    try {
      expect(codes((await tight.gql('{ qualifications(first: 10) { nodes { slug } } }')).body)).toBeUndefined();
      const { status, body } = await tight.gql(
        '{ qualifications(first: 10, filter: { and: [{ slug: { equalTo: "a" } }, { slug: { equalTo: "b" } }, { slug: { equalTo: "c" } }] }) { nodes { slug } } }',
      );
      expect([status < 500, codes(body)]).toEqual([true, ['QUERY_TOO_COMPLEX']]);
    } finally {
      await tight.stop();
    }
  });
});

describe('SQL statements: a filter or an order adds none', () => {
  const statements = async (query: string) => {
    const { body } = await hub.gql(query);
    expect(body.errors).toBeUndefined();
    return body.extensions!.sqlStatements!;
  };
  it('filtered and ordered entries of every edition at one place are one statement, as unfiltered ones are', async () => {
    const plain = await statements('{ catalogs { editions { entries(first: 2) { nodes { qualification { slug } } } } } }');
    expect(
      await statements(
        '{ catalogs { editions { entries(first: 2, orderBy: [NAME_ZH_DESC], filter: { lists: { anyEqualTo: "general" }, qualification: { verified: { equalTo: true } } }) { nodes { qualification { slug } } } } } }',
      ),
    ).toBe(plain);
  });
  it("the listings of many qualifications cost what one qualification's do", async () => {
    const one = await statements(
      '{ qualifications(first: 1) { nodes { listingsConnection(first: 2) { totalCount nodes { edition { label } } } } } }',
    );
    const all = await statements(
      '{ qualifications(first: 8) { nodes { listingsConnection(first: 2) { totalCount nodes { edition { label } } } } } }',
    );
    expect(all).toBe(one);
  });
});

describe("the README's dashboard views, on the seed data", () => {
  const seeded = seededWorld();
  /** A graphql block of the README that holds `marker`, and the JSON block after it: the answer the README shows. */
  const readmeExample = (marker: string) => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const found = [...readme.matchAll(/```graphql\n((?:(?!```)[\s\S])*)```\s*```json\n((?:(?!```)[\s\S])*)```/g)].find((m) =>
      m[1]!.includes(marker),
    );
    if (!found) throw new Error(`README.md has no dashboard example with ${marker}`);
    return { query: found[1]!, answer: JSON.parse(found[2]!) };
  };
  it.each([
    ['a region page', 'jurisdiction(code: "CN-SH")'],
    ['a comparison table', 'overlap(jurisdictions: ["CN-BJ", "CN-SH"]'],
  ])('%s is one request, and answers what the README says', async (_name, marker) => {
    const { query, answer } = readmeExample(marker);
    const { body } = await seeded.hub.gql(query);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual(answer);
  });
});
