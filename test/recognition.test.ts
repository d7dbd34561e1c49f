import { describe, expect, it } from 'vitest';
import { agreementBundle, baseBundle, catalogBundle, PROVINCES, standardBundle } from './helpers/bundles.ts';
import { type TestHub, withData as withBundles } from './helpers/hub.ts';

/** A fresh database with the base bundle and these, a server on it, and `fn`. */
const withData = (bundles: object[], fn: (hub: TestHub) => Promise<void>) => withBundles([baseBundle(), ...bundles], fn);

type Row = [code: string, basis: string, from: string, to: string | null];
async function honours(hub: TestHub, qualification: string, asOf: string): Promise<Row[]> {
  const { body } = await hub.gql(
    'query($q: String!, $d: Date) { qualificationRecognition(qualification: $q, asOf: $d) { recognitions { jurisdiction { code } basis from to } } }',
    { q: qualification, d: asOf },
  );
  expect(body.errors).toBeUndefined();
  return body.data.qualificationRecognition.recognitions.map(
    (r: { jurisdiction: { code: string }; basis: string; from: string; to: string | null }) => [r.jurisdiction.code, r.basis, r.from, r.to],
  );
}
async function status(hub: TestHub, category: string, grantedIn: string, asOf: string): Promise<Row[]> {
  const { body } = await hub.gql(
    'query($c: String!, $g: String!, $d: Date) { statusRecognition(category: $c, grantedIn: $g, asOf: $d) { recognitions { jurisdiction { code } basis from to } } }',
    { c: category, g: grantedIn, d: asOf },
  );
  expect(body.errors).toBeUndefined();
  return body.data.statusRecognition.recognitions.map(
    (r: { jurisdiction: { code: string }; basis: string; from: string; to: string | null }) => [r.jurisdiction.code, r.basis, r.from, r.to],
  );
}

describe('time: the first day is in, the last day is out', () => {
  it.each([
    ['the day before validFrom', '2021-12-31', []],
    ['validFrom itself', '2022-01-01', [['CN-BJ', 'LISTED', '2022-01-01', '2023-01-01']]],
    ['the last day before validTo', '2022-12-31', [['CN-BJ', 'LISTED', '2022-01-01', '2023-01-01']]],
    ['validTo itself, with no successor: lapsed', '2023-01-01', []],
  ])('%s', async (_what, day, expected) => {
    await withData([catalogBundle('cat', 'CN-BJ', [{ label: '1', from: '2022-01-01', to: '2023-01-01', quals: ['q1'] }])], async (hub) => {
      expect(await honours(hub, 'q1', day)).toEqual(expected);
      const { body } = await hub.gql(`{ catalog(slug: "cat") { editions { state(asOf: "${day}") } } }`);
      expect(body.data.catalog.editions[0].state).toBe(
        { '2021-12-31': 'NOT_YET_IN_FORCE', '2022-01-01': 'IN_FORCE', '2022-12-31': 'IN_FORCE', '2023-01-01': 'LAPSED' }[day],
      );
    });
  });

  it('ends an edition on its repeal day, before its validTo, and REPEALED wins over a successor that starts that day', async () => {
    await withData(
      [
        catalogBundle('cat', 'CN-BJ', [
          { label: '1', from: '2022-01-01', to: '2024-01-01', repealedOn: '2023-06-01', quals: ['q1'] },
          { label: '2', from: '2023-06-01', quals: ['q2'] },
        ]),
      ],
      async (hub) => {
        expect(await honours(hub, 'q1', '2023-05-31')).toEqual([['CN-BJ', 'LISTED', '2022-01-01', '2023-06-01']]);
        expect(await honours(hub, 'q1', '2023-06-01')).toEqual([]);
        expect(await honours(hub, 'q2', '2023-06-01')).toEqual([['CN-BJ', 'LISTED', '2023-06-01', null]]);
        const { body } = await hub.gql(
          '{ catalog(slug: "cat") { editions { label state(asOf: "2023-06-01") } editionInForce(asOf: "2023-06-01") { label } } }',
        );
        expect(body.data.catalog).toEqual({
          editions: [
            { label: '1', state: 'REPEALED' },
            { label: '2', state: 'IN_FORCE' },
          ],
          editionInForce: { label: '2' },
        });
      },
    );
  });

  it('carries a listing across a superseded edition into the next when both list it, and stops where the next does not', async () => {
    await withData(
      [
        catalogBundle('cat', 'CN-BJ', [
          { label: '1', from: '2021-01-01', to: '2022-01-01', quals: ['q1', 'q2'] },
          { label: '2', from: '2022-01-01', to: '2023-01-01', quals: ['q1'] },
        ]),
      ],
      async (hub) => {
        expect(await honours(hub, 'q1', '2021-06-01')).toEqual([['CN-BJ', 'LISTED', '2021-01-01', '2023-01-01']]);
        expect(await honours(hub, 'q2', '2021-06-01')).toEqual([['CN-BJ', 'LISTED', '2021-01-01', '2022-01-01']]);
        const { body } = await hub.gql('{ catalog(slug: "cat") { editions { state(asOf: "2022-01-01") } } }');
        expect(body.data.catalog.editions.map((e: { state: string }) => e.state)).toEqual(['SUPERSEDED', 'IN_FORCE']);
      },
    );
  });
});

describe('agreements', () => {
  const listing = [
    catalogBundle('bj', 'CN-BJ', [
      { label: '1', from: '2021-01-01', to: '2022-01-01', quals: ['q1'] },
      { label: '2', from: '2022-01-01', quals: ['q1'] },
    ]),
  ];

  it('extend a listing one way, from the source to the targets, only while in force', async () => {
    await withData(
      [
        ...listing,
        agreementBundle({
          slug: 'bj-out',
          kind: 'LISTING',
          direction: 'ONE_WAY',
          from: '2021-07-01',
          to: '2022-07-01',
          parties: [
            { role: 'SOURCE', jurisdiction: 'CN-BJ' },
            { role: 'TARGET', jurisdiction: 'CN-TJ' },
            { role: 'TARGET', jurisdiction: 'CN-HE' },
          ],
        }),
        catalogBundle('tj', 'CN-TJ', [{ label: '1', from: '2021-01-01', quals: ['q2'] }]),
      ],
      async (hub) => {
        expect(await honours(hub, 'q1', '2021-06-30')).toEqual([['CN-BJ', 'LISTED', '2021-01-01', null]]);
        // The agreement starts in the middle of edition 1 and ends in the middle of edition 2: the window is the agreement's.
        expect(await honours(hub, 'q1', '2021-07-01')).toEqual([
          ['CN-BJ', 'LISTED', '2021-01-01', null],
          ['CN-HE', 'AGREEMENT', '2021-07-01', '2022-07-01'],
          ['CN-TJ', 'AGREEMENT', '2021-07-01', '2022-07-01'],
        ]);
        expect(await honours(hub, 'q1', '2022-07-01')).toEqual([['CN-BJ', 'LISTED', '2021-01-01', null]]);
        // One way: what Tianjin lists is not extended to Beijing.
        expect(await honours(hub, 'q2', '2022-01-01')).toEqual([['CN-TJ', 'LISTED', '2021-01-01', null]]);
      },
    );
  });

  it('work in every direction when mutual, a region group standing for each of its members', async () => {
    await withData(
      [
        ...listing,
        agreementBundle({
          slug: 'jjj-mutual',
          kind: 'LISTING',
          direction: 'MUTUAL',
          from: '2021-01-01',
          parties: [{ role: 'PARTY', group: 'jjj' }],
        }),
        catalogBundle('tj', 'CN-TJ', [{ label: '1', from: '2021-01-01', quals: ['q2'] }]),
      ],
      async (hub) => {
        expect(await honours(hub, 'q2', '2022-03-01')).toEqual([
          ['CN-BJ', 'AGREEMENT', '2021-01-01', null],
          ['CN-HE', 'AGREEMENT', '2021-01-01', null],
          ['CN-TJ', 'LISTED', '2021-01-01', null],
        ]);
        const { body } = await hub.gql(
          '{ qualificationRecognition(qualification: "q2", asOf: "2022-03-01") { recognitions { jurisdiction { code } sourceJurisdiction { code } agreement { slug } edition { label } } } }',
        );
        expect(body.data.qualificationRecognition.recognitions[0]).toEqual({
          jurisdiction: { code: 'CN-BJ' },
          sourceJurisdiction: { code: 'CN-TJ' },
          agreement: { slug: 'jjj-mutual' },
          edition: { label: '1' },
        });
      },
    );
  });

  it('are never chained: what one agreement extends, another does not extend further', async () => {
    await withData(
      [
        ...listing,
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
          slug: 'tj-sh',
          kind: 'LISTING',
          direction: 'ONE_WAY',
          from: '2021-01-01',
          parties: [
            { role: 'SOURCE', jurisdiction: 'CN-TJ' },
            { role: 'TARGET', jurisdiction: 'CN-SH' },
          ],
        }),
      ],
      async (hub) => {
        expect(await honours(hub, 'q1', '2022-03-01')).toEqual([
          ['CN-BJ', 'LISTED', '2021-01-01', null],
          ['CN-TJ', 'AGREEMENT', '2021-01-01', null],
        ]);
      },
    );
  });

  it('extend only the catalog they name', async () => {
    await withData(
      [
        ...listing,
        catalogBundle('bj-other', 'CN-BJ', [{ label: '1', from: '2021-01-01', quals: ['q3'] }]),
        agreementBundle({
          slug: 'only-bj',
          kind: 'LISTING',
          direction: 'ONE_WAY',
          from: '2021-01-01',
          catalog: 'bj',
          parties: [
            { role: 'SOURCE', jurisdiction: 'CN-BJ' },
            { role: 'TARGET', jurisdiction: 'CN-TJ' },
          ],
        }),
      ],
      async (hub) => {
        expect((await honours(hub, 'q1', '2022-03-01')).map((r) => r[0])).toEqual(['CN-BJ', 'CN-TJ']);
        expect((await honours(hub, 'q3', '2022-03-01')).map((r) => r[0])).toEqual(['CN-BJ']);
      },
    );
  });
});

describe('equivalence', () => {
  it('applies once where it applies, and is never chained nor combined with a listing agreement', async () => {
    await withData(
      [
        catalogBundle('bj', 'CN-BJ', [{ label: '1', from: '2021-01-01', quals: ['q2'] }]),
        agreementBundle({
          slug: 'q1-q2',
          kind: 'EQUIVALENCE',
          direction: 'ONE_WAY',
          from: '2021-06-01',
          qualification: 'q1',
          equivalentQualification: 'q2',
          parties: [{ role: 'PARTY', jurisdiction: 'CN-BJ' }],
        }),
        agreementBundle({
          slug: 'q3-q1',
          kind: 'EQUIVALENCE',
          direction: 'MUTUAL',
          from: '2021-01-01',
          qualification: 'q3',
          equivalentQualification: 'q1',
          parties: [{ role: 'PARTY', jurisdiction: 'CN-BJ' }],
        }),
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
      ],
      async (hub) => {
        expect(await honours(hub, 'q1', '2021-05-31')).toEqual([]);
        expect(await honours(hub, 'q1', '2021-06-01')).toEqual([['CN-BJ', 'EQUIVALENCE', '2021-06-01', null]]);
        // One-way: q2 does not count as q1. Not chained: q3 ≈ q1 ≈ q2 does not make q3 count as q2.
        expect(await honours(hub, 'q2', '2021-06-01')).toEqual([
          ['CN-BJ', 'LISTED', '2021-01-01', null],
          ['CN-TJ', 'AGREEMENT', '2021-01-01', null],
        ]);
        expect(await honours(hub, 'q3', '2021-06-01')).toEqual([]);
        const { body } = await hub.gql(
          '{ qualificationRecognition(qualification: "q1", asOf: "2021-06-01") { recognitions { via { slug } agreement { slug } edition { label } } } }',
        );
        expect(body.data.qualificationRecognition.recognitions).toEqual([
          { via: { slug: 'q2' }, agreement: { slug: 'q1-q2' }, edition: { label: '1' } },
        ]);
      },
    );
  });

  it('does not apply where the equivalence is not a party', async () => {
    await withData(
      [
        catalogBundle('sh', 'CN-SH', [{ label: '1', from: '2021-01-01', quals: ['q2'] }]),
        agreementBundle({
          slug: 'q1-q2',
          kind: 'EQUIVALENCE',
          direction: 'MUTUAL',
          from: '2021-01-01',
          qualification: 'q1',
          equivalentQualification: 'q2',
          parties: [{ role: 'PARTY', jurisdiction: 'CN-BJ' }],
        }),
      ],
      async (hub) => {
        expect(await honours(hub, 'q1', '2022-01-01')).toEqual([]);
      },
    );
  });
});

describe('what the hub does not know', () => {
  it('lists incomplete editions in force and the recognitions they could give, instead of answering "no"', async () => {
    await withData(
      [
        catalogBundle('bj', 'CN-BJ', [{ label: '1', from: '2021-01-01', quals: ['q1'], declaredSize: 50 }]),
        catalogBundle('sh', 'CN-SH', [{ label: '1', from: '2021-01-01', quals: ['q2'], declaredSize: 1 }]),
        catalogBundle('sc', 'CN-SC', [{ label: '1', from: '2021-01-01', quals: [], declaredSize: 0 }]),
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
      ],
      async (hub) => {
        const q = `query($q: String!) { qualificationRecognition(qualification: $q, asOf: "2022-01-01") {
        recognitions { jurisdiction { code } basis }
        incomplete { catalog { slug } declaredSize loadedSize }
        possible { jurisdiction { code } basis edition { catalog { slug } } agreement { slug } } } }`;
        const q2 = (await hub.gql(q, { q: 'q2' })).body.data.qualificationRecognition;
        expect(q2).toEqual({
          recognitions: [{ jurisdiction: { code: 'CN-SH' }, basis: 'LISTED' }],
          incomplete: [{ catalog: { slug: 'bj' }, declaredSize: 50, loadedSize: 1 }],
          possible: [
            { jurisdiction: { code: 'CN-BJ' }, basis: 'LISTED', edition: { catalog: { slug: 'bj' } }, agreement: null },
            { jurisdiction: { code: 'CN-TJ' }, basis: 'AGREEMENT', edition: { catalog: { slug: 'bj' } }, agreement: { slug: 'bj-tj' } },
          ],
        });
        // An edition that lists the qualification already answers for it.
        const q1 = (await hub.gql(q, { q: 'q1' })).body.data.qualificationRecognition;
        expect(q1.incomplete).toEqual([]);
        expect(q1.recognitions).toEqual([
          { jurisdiction: { code: 'CN-BJ' }, basis: 'LISTED' },
          { jurisdiction: { code: 'CN-TJ' }, basis: 'AGREEMENT' },
        ]);
      },
    );
  });
});

describe('status recognition', () => {
  const standards = [
    standardBundle('national', 'CN', 'NATIONAL', ['A', 'B'], [{ label: '2017', from: '2017-04-01' }]),
    standardBundle('unified', 'CN', 'NATIONAL_UNIFIED', ['A', 'B'], [{ label: '2025', from: '2025-09-30' }]),
  ];
  const nationwide = agreementBundle({
    slug: 'nationwide-a',
    kind: 'NATIONWIDE',
    direction: 'ONE_WAY',
    from: '2025-09-30',
    category: 'A',
    standard: 'unified',
    parties: [{ role: 'SOURCE', jurisdiction: 'CN' }],
  });
  const mainland = PROVINCES.map(([code]) => code).sort();

  it('is nationwide from the day the national rule takes effect, for the mainland provinces only', async () => {
    await withData([...standards, nationwide], async (hub) => {
      expect(await status(hub, 'A', 'CN-CQ', '2025-09-29')).toEqual([['CN-CQ', 'ISSUER', '2017-04-01', null]]);
      const after = await status(hub, 'A', 'CN-CQ', '2025-09-30');
      expect(after.filter((r) => r[1] === 'NATIONWIDE').map((r) => r[0])).toEqual(mainland);
      expect(after.filter((r) => r[1] === 'NATIONWIDE').every((r) => r[2] === '2025-09-30' && r[3] === null)).toBe(true);
      expect(after.filter((r) => r[1] === 'ISSUER')).toEqual([['CN-CQ', 'ISSUER', '2017-04-01', null]]);
      // Never Hong Kong, Macao or Taiwan; never a city on its own; B is not covered.
      expect(after.map((r) => r[0])).not.toEqual(expect.arrayContaining(['CN-HK']));
      expect(after.some((r) => ['CN-HK', 'CN-MO', 'CN-TW', 'CN-GD-GZ'].includes(r[0]))).toBe(false);
      expect((await status(hub, 'B', 'CN-CQ', '2025-10-01')).map((r) => r[1])).toEqual(['ISSUER']);
      // Granted in Hong Kong, outside the mainland system: no national standard applies there.
      expect(await status(hub, 'A', 'CN-HK', '2025-10-01')).toEqual([]);
    });
  });

  it('follows a mutual status agreement to the other parties only, and a regional standard in its own jurisdiction', async () => {
    await withData(
      [
        ...standards,
        standardBundle('cq-local', 'CN-CQ', 'REGIONAL', ['A'], [{ label: '2022', from: '2022-08-22', to: '2024-08-22' }]),
        agreementBundle({
          slug: 'sc-cq',
          kind: 'STATUS',
          direction: 'MUTUAL',
          from: '2021-12-01',
          category: 'A',
          parties: [
            { role: 'PARTY', jurisdiction: 'CN-CQ' },
            { role: 'PARTY', jurisdiction: 'CN-SC' },
          ],
        }),
      ],
      async (hub) => {
        expect(await status(hub, 'A', 'CN-CQ', '2021-11-30')).toEqual([['CN-CQ', 'ISSUER', '2017-04-01', null]]);
        expect(await status(hub, 'A', 'CN-CQ', '2023-01-01')).toEqual([
          ['CN-CQ', 'ISSUER', '2017-04-01', null],
          ['CN-SC', 'AGREEMENT', '2021-12-01', null],
        ]);
        expect(await status(hub, 'A', 'CN-SC', '2023-01-01')).toEqual([
          ['CN-CQ', 'AGREEMENT', '2021-12-01', null],
          ['CN-SC', 'ISSUER', '2017-04-01', null],
        ]);
        expect(await status(hub, 'A', 'CN-SH', '2023-01-01')).toEqual([['CN-SH', 'ISSUER', '2017-04-01', null]]);
        const { body } = await hub.gql(
          '{ statusRecognition(category: "A", grantedIn: "CN-CQ", asOf: "2023-01-01") { recognitions { basis standard { slug } } } }',
        );
        expect(body.data.statusRecognition.recognitions[0]).toEqual({ basis: 'ISSUER', standard: { slug: 'cq-local' } });
      },
    );
  });

  it('refuses an unknown category with the valid codes, and an unknown jurisdiction with NOT_FOUND', async () => {
    await withData([], async (hub) => {
      const bad = await hub.gql('{ statusRecognition(category: "Z", grantedIn: "CN-CQ") { category } }');
      expect(bad.body.errors?.[0]).toMatchObject({
        message: "Unknown category 'Z': valid codes are A, B",
        extensions: { code: 'BAD_USER_INPUT', validCodes: ['A', 'B'] },
      });
      const region = await hub.gql('{ statusRecognition(category: "A", grantedIn: "CN-ZZ") { category } }');
      expect(region.body.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([["Unknown jurisdiction 'CN-ZZ'", 'NOT_FOUND']]);
      const qualification = await hub.gql('{ qualificationRecognition(qualification: "nope") { asOf } }');
      expect(qualification.body.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
        ["Unknown qualification 'nope'", 'NOT_FOUND'],
      ]);
      const date = await hub.gql('{ statusRecognition(category: "A", grantedIn: "CN-CQ", asOf: "2025-13-01") { category } }');
      expect(date.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });
});

describe('browsing', () => {
  it('pages the qualifications a jurisdiction honours, with the basis of each, and its agreements', async () => {
    await withData(
      [
        catalogBundle('bj', 'CN-BJ', [{ label: '1', from: '2021-01-01', quals: ['q1', 'q2'] }]),
        catalogBundle('tj', 'CN-TJ', [{ label: '1', from: '2021-01-01', quals: ['q2', 'q3'] }]),
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
          slug: 'q4-q3',
          kind: 'EQUIVALENCE',
          direction: 'ONE_WAY',
          from: '2021-01-01',
          qualification: 'q4',
          equivalentQualification: 'q3',
          parties: [{ role: 'PARTY', jurisdiction: 'CN-TJ' }],
        }),
      ],
      async (hub) => {
        const { body } = await hub.gql(`{ jurisdiction(code: "CN-TJ") {
        agreements(asOf: "2022-01-01") { slug }
        page1: honouredQualifications(asOf: "2022-01-01", first: 2) { totalCount pageInfo { hasNextPage endCursor } nodes { qualification { slug } recognitions { basis } } }
      } }`);
        const j = body.data.jurisdiction;
        expect(j.agreements).toEqual([{ slug: 'bj-tj' }, { slug: 'q4-q3' }]);
        expect(j.page1.totalCount).toBe(4);
        expect(j.page1.nodes).toEqual([
          { qualification: { slug: 'q1' }, recognitions: [{ basis: 'AGREEMENT' }] },
          { qualification: { slug: 'q2' }, recognitions: [{ basis: 'LISTED' }, { basis: 'AGREEMENT' }] },
        ]);
        const next = await hub.gql(
          'query($a: String) { jurisdiction(code: "CN-TJ") { honouredQualifications(asOf: "2022-01-01", first: 2, after: $a) { pageInfo { hasNextPage } nodes { qualification { slug } recognitions { basis } } } } }',
          { a: j.page1.pageInfo.endCursor },
        );
        expect(next.body.data.jurisdiction.honouredQualifications).toEqual({
          pageInfo: { hasNextPage: false },
          nodes: [
            { qualification: { slug: 'q3' }, recognitions: [{ basis: 'LISTED' }] },
            { qualification: { slug: 'q4' }, recognitions: [{ basis: 'EQUIVALENCE' }] },
          ],
        });
        const q = await hub.gql('{ qualification(slug: "q2") { recognitions(asOf: "2022-01-01") { jurisdiction { code } basis } } }');
        expect(q.body.data.qualification.recognitions).toEqual([
          { jurisdiction: { code: 'CN-BJ' }, basis: 'LISTED' },
          { jurisdiction: { code: 'CN-TJ' }, basis: 'LISTED' },
          { jurisdiction: { code: 'CN-TJ' }, basis: 'AGREEMENT' },
        ]);
      },
    );
  });
});
