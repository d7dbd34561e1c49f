import { describe, expect, it } from 'vitest';
import { seededWorld } from './helpers/hub.ts';
import { ISO_CODES } from './helpers/regions.ts';

const world = seededWorld();

describe('jurisdictions', () => {
  it('serves the national level, the 34 ISO codes, the cities and the sub-provincial areas, by code', async () => {
    const { status, body } = await world.hub.gql('{ jurisdictions { code } }');
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.jurisdictions.map((j: { code: string }) => j.code)).toEqual(
      [
        'CN',
        ...ISO_CODES,
        ...['CN-GD-GZ', 'CN-GD-SZ', 'CN-FJ-XM'],
        ...['CN-SH-QP', 'CN-JS-WJ', 'CN-ZJ-JS', 'CN-SC-GZ', 'CN-CQ-GZ', 'CN-GD-GZ-NS'],
      ].sort(),
    );
  });

  it('filters by level, and keeps Hong Kong, Macao and Taiwan outside the mainland system', async () => {
    const { body } = await world.hub.gql(`{
      national: jurisdictions(level: NATIONAL) { code }
      cities: jurisdictions(level: MUNICIPAL) { code name nameZh parent { code } }
      districts: jurisdictions(level: DISTRICT) { code nameZh parent { code } }
      provinces: jurisdictions(level: PROVINCIAL) { code mainland }
    }`);
    expect(body.data.national).toEqual([{ code: 'CN' }]);
    expect(body.data.cities).toEqual([
      { code: 'CN-FJ-XM', name: 'Xiamen', nameZh: '厦门市', parent: { code: 'CN-FJ' } },
      { code: 'CN-GD-GZ', name: 'Guangzhou', nameZh: '广州市', parent: { code: 'CN-GD' } },
      { code: 'CN-GD-SZ', name: 'Shenzhen', nameZh: '深圳市', parent: { code: 'CN-GD' } },
    ]);
    // Areas that one agreement or catalog covers, each under its province or city.
    expect(body.data.districts).toEqual([
      { code: 'CN-CQ-GZ', nameZh: '川渝高竹新区(重庆市渝北区茨竹镇、大湾镇部分行政区域)', parent: { code: 'CN-CQ' } },
      { code: 'CN-GD-GZ-NS', nameZh: '广州市南沙区', parent: { code: 'CN-GD-GZ' } },
      { code: 'CN-JS-WJ', nameZh: '苏州市吴江区', parent: { code: 'CN-JS' } },
      { code: 'CN-SC-GZ', nameZh: '川渝高竹新区(四川省广安市邻水县高滩镇、坛同镇)', parent: { code: 'CN-SC' } },
      { code: 'CN-SH-QP', nameZh: '上海市青浦区', parent: { code: 'CN-SH' } },
      { code: 'CN-ZJ-JS', nameZh: '嘉兴市嘉善县', parent: { code: 'CN-ZJ' } },
    ]);
    expect(body.data.provinces).toHaveLength(34);
    expect(body.data.provinces.filter((p: { mainland: boolean }) => !p.mainland).map((p: { code: string }) => p.code)).toEqual([
      'CN-HK',
      'CN-MO',
      'CN-TW',
    ]);
  });

  it('answers null for an unknown code asked for by name, never an error', async () => {
    const { status, body } = await world.hub.gql(
      '{ jurisdiction(code: "CN-XX") { code } qualification(slug: "no-such-thing") { slug } catalog(slug: "nope") { slug } }',
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      data: { jurisdiction: null, qualification: null, catalog: null },
      extensions: { sqlStatements: 3, cost: { requested: 6, limit: 500_000 } },
    });
  });

  it('refuses an unknown jurisdiction used as a filter with NOT_FOUND, rather than an empty list', async () => {
    const { body } = await world.hub.gql('{ catalogs(jurisdiction: "CN-XX") { slug } }');
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([
      {
        message: "Unknown jurisdiction 'CN-XX'",
        locations: [{ line: 1, column: 3 }],
        path: ['catalogs'],
        extensions: { code: 'NOT_FOUND', jurisdiction: 'CN-XX' },
      },
    ]);
  });
});

describe("Beijing's catalog series", () => {
  it('has the five editions with labels, dates at their precision, declared sizes, lists and sources', async () => {
    const { body } = await world.hub.gql(`{
      catalog(slug: "beijing-professional-qualifications") {
        kind jurisdiction { code }
        editions {
          label issuedOn issuedOnPrecision validFrom validFromPrecision validTo validToPrecision repealedOn repealedBy { slug } endsOn
          declaredSize loadedSize complete verified
          lists { code declaredSize loadedSize }
          sources { slug }
        }
      }
    }`);
    expect(body.errors).toBeUndefined();
    const c = body.data.catalog;
    expect(c.kind).toBe('QUALIFICATION');
    expect(c.jurisdiction).toEqual({ code: 'CN-BJ' });
    expect(c.editions).toEqual([
      {
        label: '1.0',
        issuedOn: '2021-09-01',
        issuedOnPrecision: 'MONTH',
        validFrom: '2021-09-01',
        validFromPrecision: 'MONTH',
        validTo: '2022-06-30',
        validToPrecision: 'DAY',
        repealedOn: null,
        repealedBy: null,
        endsOn: '2022-06-30',
        declaredSize: 82,
        loadedSize: 1,
        complete: false,
        verified: true,
        lists: [{ code: 'general', declaredSize: 82, loadedSize: 1 }],
        sources: [{ slug: 'beijing-two-zones-qualifications-2022-report' }, { slug: 'chinaacc-acca-beijing-1-0' }],
      },
      {
        label: '2.0',
        issuedOn: '2022-06-30',
        issuedOnPrecision: 'DAY',
        validFrom: '2022-06-30',
        validFromPrecision: 'DAY',
        validTo: '2023-09-04',
        validToPrecision: 'DAY',
        repealedOn: null,
        repealedBy: null,
        endsOn: '2023-09-04',
        declaredSize: 110,
        loadedSize: 5,
        complete: false,
        verified: true,
        lists: [
          { code: 'general', declaredSize: 110, loadedSize: 5 },
          { code: 'urgent', declaredSize: 4, loadedSize: 4 },
        ],
        sources: [{ slug: 'beijing-two-zones-qualifications-2022-report' }, { slug: 'german-beijing-catalog-2-0-faq' }],
      },
      {
        label: '3.0',
        issuedOn: '2023-09-04',
        issuedOnPrecision: 'DAY',
        validFrom: '2023-09-04',
        validFromPrecision: 'DAY',
        validTo: '2024-01-01',
        validToPrecision: 'YEAR',
        repealedOn: null,
        repealedBy: null,
        endsOn: '2024-01-01',
        declaredSize: 122,
        loadedSize: 7,
        complete: false,
        verified: true,
        lists: [
          { code: 'general', declaredSize: 122, loadedSize: 7 },
          { code: 'urgent', declaredSize: 7, loadedSize: 7 },
        ],
        sources: [{ slug: 'tibet-cn-beijing-3-0-report' }],
      },
      {
        label: 'International 1.0',
        issuedOn: '2024-01-01',
        issuedOnPrecision: 'YEAR',
        validFrom: '2024-01-01',
        validFromPrecision: 'YEAR',
        validTo: null,
        validToPrecision: null,
        repealedOn: '2025-09-05',
        repealedBy: { slug: 'beijing-2025-catalog-notice' },
        endsOn: '2025-09-05',
        declaredSize: 149,
        loadedSize: 0,
        complete: false,
        verified: false,
        lists: [
          { code: 'general', declaredSize: 149, loadedSize: 0 },
          { code: 'highly-recognised', declaredSize: 25, loadedSize: 0 },
          { code: 'urgent', declaredSize: 8, loadedSize: 0 },
        ],
        sources: [
          { slug: 'beijing-intl-1-0-notice' },
          { slug: 'beijing-2025-catalog-notice' },
          { slug: 'cbgc-beijing-intl-1-0-report' },
          { slug: '43b-beijing-2025-report' },
        ],
      },
      {
        label: '2025',
        issuedOn: '2025-09-05',
        issuedOnPrecision: 'DAY',
        validFrom: '2025-09-05',
        validFromPrecision: 'DAY',
        validTo: null,
        validToPrecision: null,
        repealedOn: null,
        repealedBy: null,
        endsOn: null,
        declaredSize: 163,
        loadedSize: 0,
        complete: false,
        verified: true,
        lists: [
          { code: 'international', declaredSize: null, loadedSize: 0 },
          { code: 'urgent', declaredSize: null, loadedSize: 0 },
          { code: 'go-global', declaredSize: null, loadedSize: 0 },
          { code: 'title-eligible', declaredSize: null, loadedSize: 0 },
        ],
        sources: [
          { slug: 'beijing-2025-catalog-notice' },
          { slug: 'beijing-2025-catalog-press-release' },
          { slug: '43b-beijing-2025-report' },
        ],
      },
    ]);
  });

  it('derives the state of each edition on a day, and the edition in force', async () => {
    const days = ['2021-08-31', '2021-09-01', '2022-06-30', '2023-09-03', '2023-09-04', '2024-01-01', '2025-09-04', '2025-09-05'];
    const fields = days
      .map((d, i) => `d${i}: editionInForce(asOf: "${d}") { label } s${i}: editions { label state(asOf: "${d}") }`)
      .join('\n');
    const { body } = await world.hub.gql(`{ catalog(slug: "beijing-professional-qualifications") { ${fields} } }`);
    const c = body.data.catalog;
    expect(days.map((_, i) => c[`d${i}`]?.label ?? null)).toEqual([
      null,
      '1.0',
      '2.0',
      '2.0',
      '3.0',
      'International 1.0',
      'International 1.0',
      '2025',
    ]);
    const states = (i: number) => Object.fromEntries(c[`s${i}`].map((e: { label: string; state: string }) => [e.label, e.state]));
    expect(states(0)).toEqual({
      '1.0': 'NOT_YET_IN_FORCE',
      '2.0': 'NOT_YET_IN_FORCE',
      '3.0': 'NOT_YET_IN_FORCE',
      'International 1.0': 'NOT_YET_IN_FORCE',
      '2025': 'NOT_YET_IN_FORCE',
    });
    expect(states(2)).toEqual({
      '1.0': 'SUPERSEDED',
      '2.0': 'IN_FORCE',
      '3.0': 'NOT_YET_IN_FORCE',
      'International 1.0': 'NOT_YET_IN_FORCE',
      '2025': 'NOT_YET_IN_FORCE',
    });
    // The 2025 notice repealed International 1.0 on the day the 2025 Edition took effect: REPEALED wins the tie.
    expect(states(7)).toEqual({
      '1.0': 'SUPERSEDED',
      '2.0': 'SUPERSEDED',
      '3.0': 'SUPERSEDED',
      'International 1.0': 'REPEALED',
      '2025': 'IN_FORCE',
    });
  });

  it('lists the 3.0 urgently-needed qualifications with their issuers, each entry with its source', async () => {
    const { body } = await world.hub.gql(`{
      catalog(slug: "beijing-professional-qualifications") {
        editions { label entries(list: "urgent", first: 10) { totalCount pageInfo { hasNextPage } nodes { qualification { slug nameZh issuer { slug country } } lists { code } sources { slug } } } }
      }
    }`);
    const third = body.data.catalog.editions.find((e: { label: string }) => e.label === '3.0');
    const cite = [{ slug: 'tibet-cn-beijing-3-0-report' }];
    const both = [{ code: 'general' }, { code: 'urgent' }];
    expect(third.entries).toEqual({
      totalCount: 7,
      pageInfo: { hasNextPage: false },
      nodes: [
        { qualification: { slug: 'ieee-fellow', nameZh: 'IEEE会士', issuer: { slug: 'ieee', country: 'US' } }, lists: both, sources: cite },
        {
          qualification: { slug: 'ieee-senior-member', nameZh: 'IEEE高级会员', issuer: { slug: 'ieee', country: 'US' } },
          lists: both,
          sources: cite,
        },
        {
          qualification: { slug: 'leed-fellow', nameZh: 'LEED会士', issuer: { slug: 'usgbc', country: 'US' } },
          lists: both,
          sources: cite,
        },
        {
          qualification: { slug: 'acca-fellow', nameZh: 'ACCA资深会员', issuer: { slug: 'acca', country: 'GB' } },
          lists: both,
          sources: expect.arrayContaining(cite),
        },
        { qualification: { slug: 'acm-fellow', nameZh: 'ACM会士', issuer: { slug: 'acm', country: 'US' } }, lists: both, sources: cite },
        {
          qualification: { slug: 'acm-distinguished-member', nameZh: 'ACM杰出会员', issuer: { slug: 'acm', country: 'US' } },
          lists: both,
          sources: cite,
        },
        {
          qualification: { slug: 'frsc', nameZh: '英国皇家化学会会士', issuer: { slug: 'rsc', country: 'GB' } },
          lists: both,
          sources: cite,
        },
      ],
    });
  });
});

describe('pagination', () => {
  it('walks a connection page by page with opaque cursors, and totalCount counts them all', async () => {
    const all = await world.hub.gql('{ qualifications(first: 100) { totalCount nodes { slug } } }');
    const slugs = all.body.data.qualifications.nodes.map((q: { slug: string }) => q.slug);
    expect(slugs).toHaveLength(all.body.data.qualifications.totalCount);
    expect([...slugs].sort()).toEqual(slugs);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const res: { body: { data?: any } } = await world.hub.gql(
        'query($after: String) { qualifications(first: 4, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { slug } } } }',
        { after },
      );
      const conn = res.body.data.qualifications;
      expect(conn.totalCount).toBe(slugs.length);
      expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...conn.edges.map((e: { node: { slug: string } }) => e.node.slug));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(slugs);
  });

  it('finds qualifications by English or Chinese name, abbreviation or issuer', async () => {
    const search = async (s: string) =>
      (
        await world.hub.gql('query($s: String) { qualifications(search: $s) { nodes { slug } } }', { s })
      ).body.data.qualifications.nodes.map((q: { slug: string }) => q.slug);
    expect(await search('会士')).toEqual(['acm-fellow', 'frsc', 'ieee-fellow', 'leed-fellow']);
    expect(await search('fcca')).toEqual(['acca-fellow']);
    expect(await search('Royal Society of Chemistry')).toEqual(['frsc']);
  });

  it('counts a search by relevance tiers, then reads only what the page covers: two statements a page, one past the end', async () => {
    const page = (after: string | null) =>
      world.hub.gql(
        'query($after: String) { qualifications(search: "会士", first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { slug } } }',
        { after },
      );
    const first = await page(null);
    expect(first.body.data.qualifications).toEqual({
      totalCount: 4,
      pageInfo: { hasNextPage: true, endCursor: first.body.data.qualifications.pageInfo.endCursor },
      nodes: [{ slug: 'acm-fellow' }, { slug: 'frsc' }],
    });
    expect(first.body.extensions!.sqlStatements).toBe(2);
    const second = await page(first.body.data.qualifications.pageInfo.endCursor);
    expect(second.body.data.qualifications.nodes).toEqual([{ slug: 'ieee-fellow' }, { slug: 'leed-fellow' }]);
    expect(second.body.data.qualifications.totalCount).toBe(4);
    // Past the end the counts say the page is empty: nothing is read but them.
    const past = await page(second.body.data.qualifications.pageInfo.endCursor);
    expect(past.body.data.qualifications).toEqual({
      totalCount: 4,
      pageInfo: { hasNextPage: false, endCursor: null },
      nodes: [],
    });
    expect(past.body.extensions!.sqlStatements).toBe(1);
  });
});

describe('bad input', () => {
  const codes = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => body.errors?.map((e) => e.extensions?.code);

  it.each([
    ['an impossible day as a literal', '{ catalogs { editionInForce(asOf: "2025-02-30") { label } } }', undefined],
    ['an impossible day as a variable', 'query($d: Date) { standards(asOf: $d) { slug } }', { d: '2025-02-30' }],
    ['a day in another format', 'query($d: Date) { standards(asOf: $d) { slug } }', { d: '30/09/2025' }],
    ['more than 100 items', '{ qualifications(first: 101) { totalCount } }', undefined],
    ['a negative page size', '{ qualifications(first: -1) { totalCount } }', undefined],
    ['a cursor that is not one', '{ qualifications(after: "bm90LWEtY3Vyc29y") { totalCount } }', undefined],
    ['a malformed global ID', '{ node(id: "not-an-id") { id } }', undefined],
    ['a syntax error', '{ jurisdictions { code ', undefined],
    ['an unknown field', '{ jurisdictions { nickname } }', undefined],
  ])('%s is BAD_USER_INPUT', async (_what, query, variables) => {
    const { body } = await world.hub.gql(query, variables);
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses a query nested too deep with QUERY_TOO_COMPLEX, before touching the database', async () => {
    const deep =
      '{ jurisdictions { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { code } } } } } } } } } } } } } }';
    const { body } = await world.hub.gql(deep);
    expect(codes(body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(body.extensions?.sqlStatements ?? 0).toBe(0);
  });
});

describe('node(id:)', () => {
  it('round-trips every Node the hub serves', async () => {
    const { body } = await world.hub.gql(`{
      jurisdictions { id authorities { id } }
      regionGroups { id }
      talentCategories { id }
      pointsSchemes { id }
      agreements { id benefits { id } }
      instruments(first: 100) { nodes { id } }
      qualifications(first: 100) { nodes { id issuer { id } } }
      occupations(level: OCCUPATION) { id }
      standards { id versions { id benefits { id } } }
      catalogs { id editions { id lists { id benefits { id } } entries(first: 100) { nodes { id } } } }
    }`);
    expect(body.errors).toBeUndefined();
    const ids = new Set<string>();
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) k === 'id' ? ids.add(x as string) : walk(x);
    };
    walk(body.data);
    const list = [...ids];
    const res = await world.hub.gql('query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', { ids: list });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.nodes.map((n: { id: string }) => n.id)).toEqual(list);
    const types = new Set(res.body.data.nodes.map((n: { __typename: string }) => n.__typename));
    expect([...types].sort()).toEqual([
      'Authority',
      'Benefit',
      'Catalog',
      'CatalogEdition',
      'CatalogEntry',
      'CatalogList',
      'Instrument',
      'Jurisdiction',
      'Occupation',
      'Organisation',
      'PointsScheme',
      'Qualification',
      'RecognitionAgreement',
      'RegionGroup',
      'Standard',
      'StandardVersion',
      'TalentCategory',
    ]);
    const one = await world.hub.gql(`query($id: ID!) { node(id: $id) { id ... on Jurisdiction { code } } }`, {
      id: body.data.jurisdictions[0].id,
    });
    expect(one.body.data.node).toEqual({ id: body.data.jurisdictions[0].id, code: 'CN' });
  });

  it('answers null for a well-formed ID that matches nothing', async () => {
    const id = Buffer.from('Jurisdiction:999999').toString('base64');
    const { body } = await world.hub.gql('query($id: ID!) { node(id: $id) { id } }', { id });
    expect(body.errors).toBeUndefined();
    expect(body.data.node).toBeNull();
  });
});

describe('standards', () => {
  it('serves the standards in force on a day, and every standard without a day', async () => {
    const q = `query($j: String, $d: Date) { standards(jurisdiction: $j, asOf: $d) { slug } }`;
    const slugs = async (j?: string, d?: string) =>
      (await world.hub.gql(q, { j, d })).body.data.standards.map((s: { slug: string }) => s.slug);
    const all = await slugs();
    expect(all).toEqual([
      'chongqing-high-quality-scarce-talent',
      'foreigners-work-classification',
      'guangzhou-high-end-talent-pilot',
      'national-unified-ab-criteria',
      'sichuan-high-level-foreign-talent',
    ]);
    expect(await slugs('CN-SC', '2022-04-30')).toEqual(['foreigners-work-classification']);
    expect(await slugs('CN-SC', '2022-05-01')).toEqual(['foreigners-work-classification', 'sichuan-high-level-foreign-talent']);
    // A district sees its province's standards and the nation's.
    expect(await slugs('CN-SC-GZ', '2023-01-01')).toEqual(['foreigners-work-classification', 'sichuan-high-level-foreign-talent']);
    expect(await slugs('CN-CQ', '2022-08-21')).toEqual(['foreigners-work-classification']);
    expect(await slugs('CN-CQ', '2022-08-22')).toEqual(['chongqing-high-quality-scarce-talent', 'foreigners-work-classification']);
    expect(await slugs('CN-CQ', '2025-09-30')).toEqual([
      'chongqing-high-quality-scarce-talent',
      'foreigners-work-classification',
      'national-unified-ab-criteria',
    ]);
    // A national standard does not apply in Hong Kong; a city sees its province's and the nation's.
    expect(await slugs('CN-HK', '2025-10-01')).toEqual([]);
    expect(await slugs('CN-GD-GZ', '2024-06-01')).toEqual(['foreigners-work-classification', 'guangzhou-high-end-talent-pilot']);
    expect(await slugs('CN-GD-GZ', '2025-01-01')).toEqual(['foreigners-work-classification']);
  });

  it('serves the national points table with its thresholds', async () => {
    const { body } = await world.hub.gql(`{ standard(slug: "foreigners-work-classification") {
      scope versions { label validFrom categories { code } pointsSchemes { maxPoints bandsComplete thresholds { category { code } minPoints } indicators { code maxPoints } } }
    } }`);
    const v = body.data.standard.versions[0];
    expect(body.data.standard.scope).toBe('NATIONAL');
    expect(v.label).toBe('2017');
    expect(v.validFrom).toBe('2017-04-01');
    expect(v.categories).toEqual([{ code: 'A' }, { code: 'B' }, { code: 'C' }]);
    const scheme = v.pointsSchemes[0];
    expect(scheme.maxPoints).toBe(120);
    expect(scheme.thresholds).toEqual([
      { category: { code: 'B' }, minPoints: 60 },
      { category: { code: 'A' }, minPoints: 85 },
    ]);
    expect(scheme.indicators.reduce((n: number, i: { maxPoints: number }) => n + i.maxPoints, 0)).toBe(120);
  });
});
