import { describe, expect, it } from 'vitest';
import { seededWorld } from './helpers/hub.ts';
import { MAINLAND_PROVINCES } from './helpers/regions.ts';

// Answers a bureau would check by hand against the notices, on the real seed data.

const world = seededWorld();

const MAINLAND = MAINLAND_PROVINCES;

async function statusOf(grantedIn: string, asOf: string, category = 'A') {
  const { body } = await world.hub.gql(
    `query($c: String!, $g: String!, $d: Date) { statusRecognition(category: $c, grantedIn: $g, asOf: $d) {
    category grantedIn { code } asOf recognitions { jurisdiction { code } basis standard { slug } agreement { slug } from fromPrecision to sources { slug } } } }`,
    { c: category, g: grantedIn, d: asOf },
  );
  expect(body.errors).toBeUndefined();
  return body.data.statusRecognition;
}

describe('A-class talent granted in Chongqing', () => {
  it('on 29 Sept 2025: honoured by Chongqing, by Sichuan under the Sichuan–Chongqing plan of Dec 2021, and in both parts of the Gaozhu New Area under its pilot of Oct 2022', async () => {
    expect(await statusOf('CN-CQ', '2025-09-29')).toEqual({
      category: 'A',
      grantedIn: { code: 'CN-CQ' },
      asOf: '2025-09-29',
      recognitions: [
        {
          jurisdiction: { code: 'CN-CQ' },
          basis: 'ISSUER',
          standard: { slug: 'foreigners-work-classification' },
          agreement: null,
          from: '2017-04-01',
          fromPrecision: 'DAY',
          to: null,
          sources: [{ slug: 'work-permit-system-notice-2017' }, { slug: 'irish-chamber-points-system' }],
        },
        {
          jurisdiction: { code: 'CN-CQ-GZ' },
          basis: 'AGREEMENT',
          standard: { slug: 'foreigners-work-classification' },
          agreement: { slug: 'gaozhu-new-area-a-work-permits' },
          from: '2022-10-01',
          fromPrecision: 'MONTH',
          to: null,
          sources: [
            { slug: 'work-permit-system-notice-2017' },
            { slug: 'gaozhu-work-permit-pilot-plan-2022' },
            { slug: 'sichuan-daily-2022-10-13' },
            { slug: 'science-daily-2022-10-21' },
            { slug: 'irish-chamber-points-system' },
          ],
        },
        {
          jurisdiction: { code: 'CN-SC' },
          basis: 'AGREEMENT',
          standard: { slug: 'foreigners-work-classification' },
          agreement: { slug: 'sichuan-chongqing-a-work-permits' },
          from: '2021-12-01',
          fromPrecision: 'MONTH',
          to: null,
          sources: [
            { slug: 'work-permit-system-notice-2017' },
            { slug: 'sichuan-chongqing-a-permit-plan-2021' },
            { slug: 'sichuan-online-2022-03-23' },
            { slug: 'science-daily-2022-10-21' },
            { slug: 'irish-chamber-points-system' },
          ],
        },
        {
          jurisdiction: { code: 'CN-SC-GZ' },
          basis: 'AGREEMENT',
          standard: { slug: 'foreigners-work-classification' },
          agreement: { slug: 'gaozhu-new-area-a-work-permits' },
          from: '2022-10-01',
          fromPrecision: 'MONTH',
          to: null,
          sources: [
            { slug: 'work-permit-system-notice-2017' },
            { slug: 'gaozhu-work-permit-pilot-plan-2022' },
            { slug: 'sichuan-daily-2022-10-13' },
            { slug: 'science-daily-2022-10-21' },
            { slug: 'irish-chamber-points-system' },
          ],
        },
      ],
    });
  });

  it('from 30 Sept 2025: also nationwide, in exactly the 31 mainland provincial-level jurisdictions', async () => {
    const answer = await statusOf('CN-CQ', '2025-09-30');
    const nationwide = answer.recognitions.filter((r: { basis: string }) => r.basis === 'NATIONWIDE');
    expect(nationwide.map((r: { jurisdiction: { code: string } }) => r.jurisdiction.code)).toEqual(MAINLAND);
    expect(new Set(nationwide.map((r: object) => JSON.stringify({ ...r, jurisdiction: null })))).toEqual(
      new Set([
        JSON.stringify({
          jurisdiction: null,
          basis: 'NATIONWIDE',
          standard: { slug: 'national-unified-ab-criteria' },
          agreement: { slug: 'nationwide-a-2025' },
          from: '2025-09-30',
          fromPrecision: 'DAY',
          to: null,
          sources: [{ slug: 'mohrss-2025-ab-criteria-notice' }, { slug: 'chinajob-2025-ab-criteria-report' }],
        }),
      ]),
    );
    expect(
      answer.recognitions
        .filter((r: { basis: string }) => r.basis !== 'NATIONWIDE')
        .map((r: { jurisdiction: { code: string }; basis: string }) => [r.jurisdiction.code, r.basis]),
    ).toEqual([
      ['CN-CQ', 'ISSUER'],
      ['CN-CQ-GZ', 'AGREEMENT'],
      ['CN-SC', 'AGREEMENT'],
      ['CN-SC-GZ', 'AGREEMENT'],
    ]);
    // The issuer's answer carries the A-class measures of every standard in force that confers A.
    const { body } = await world.hub.gql(
      '{ statusRecognition(category: "A", grantedIn: "CN-CQ", asOf: "2025-09-30") { recognitions { basis benefits { slug } sources { slug } } } }',
    );
    const issuer = body.data.statusRecognition.recognitions.find((r: { basis: string }) => r.basis === 'ISSUER');
    expect(issuer.benefits).toEqual([
      { slug: 'national-a-green-channel' },
      { slug: 'national-a-documents-to-follow' },
      { slug: 'national-a-no-age-education-experience-limits' },
    ]);
    expect(issuer.sources.map((s: { slug: string }) => s.slug)).toEqual(
      expect.arrayContaining(['work-permit-system-notice-2017', 'mohrss-2025-ab-criteria-notice']),
    );
  });

  it('B-class is not covered by the nationwide rule (only by the Gaozhu pilot), and a Hong Kong grant is outside the system', async () => {
    expect(
      (await statusOf('CN-CQ', '2025-10-01', 'B')).recognitions.map(
        (r: { jurisdiction: { code: string }; basis: string; agreement: { slug: string } | null }) => [
          r.jurisdiction.code,
          r.basis,
          r.agreement?.slug ?? null,
        ],
      ),
    ).toEqual([
      ['CN-CQ', 'ISSUER', null],
      ['CN-CQ-GZ', 'AGREEMENT', 'gaozhu-new-area-b-work-permits'],
      ['CN-SC-GZ', 'AGREEMENT', 'gaozhu-new-area-b-work-permits'],
    ]);
    expect((await statusOf('CN-CQ', '2022-09-30', 'B')).recognitions.map((r: { basis: string }) => r.basis)).toEqual(['ISSUER']);
    expect((await statusOf('CN-HK', '2025-10-01')).recognitions).toEqual([]);
  });

  it("Chongqing's own designation is honoured where its 2022 standard is in force, from the notice of 22 Aug 2022", async () => {
    expect((await statusOf('CN-CQ', '2022-08-21', 'CQ-HQS')).recognitions).toEqual([]);
    expect(
      (await statusOf('CN-CQ', '2022-08-22', 'CQ-HQS')).recognitions.map(
        (r: { jurisdiction: { code: string }; basis: string; standard: { slug: string } }) => [
          r.jurisdiction.code,
          r.basis,
          r.standard.slug,
        ],
      ),
    ).toEqual([['CN-CQ', 'ISSUER', 'chongqing-high-quality-scarce-talent']]);
  });
});

describe('IEEE Fellow', () => {
  const q = `query($d: Date) { qualificationRecognition(qualification: "ieee-fellow", asOf: $d) {
    recognitions { jurisdiction { code } basis edition { label } lists { code } from to toPrecision benefits { slug } sources { slug } }
    incomplete { label catalog { slug } }
    possible { jurisdiction { code } basis edition { label } agreement { slug } } } }`;

  it('is listed by Beijing 2.0 then 3.0 (urgent list), until International 1.0 took over in 2024 (day unknown)', async () => {
    const { body } = await world.hub.gql(q, { d: '2023-10-01' });
    const answer = body.data.qualificationRecognition;
    expect(answer.recognitions).toEqual([
      {
        jurisdiction: { code: 'CN-BJ' },
        basis: 'LISTED',
        edition: { label: '3.0' },
        lists: [{ code: 'general' }, { code: 'urgent' }],
        from: '2022-06-30',
        to: '2024-01-01',
        toPrecision: 'YEAR',
        benefits: [
          { slug: 'beijing-2021-work-permit' },
          { slug: 'beijing-2021-entry-exit' },
          { slug: 'beijing-2021-permanent-residence' },
          { slug: 'beijing-2021-overseas-experience' },
          { slug: 'beijing-2023-work-residence-permit' },
        ],
        sources: [{ slug: 'tibet-cn-beijing-3-0-report' }],
      },
    ]);
  });

  it('on 1 Oct 2025 is not known to be honoured anywhere, and the hub says where it may be instead of "no"', async () => {
    const { body } = await world.hub.gql(q, { d: '2025-10-01' });
    expect(body.data.qualificationRecognition).toEqual({
      recognitions: [],
      incomplete: [
        { label: '2025', catalog: { slug: 'beijing-professional-qualifications' } },
        { label: '2.0', catalog: { slug: 'shanghai-overseas-qualifications' } },
        { label: '2.0', catalog: { slug: 'tianjin-overseas-qualifications' } },
        { label: '2022', catalog: { slug: 'shenzhen-international-qualification-titles' } },
        { label: '2022', catalog: { slug: 'shenzhen-overseas-qualifications-practice-list' } },
        { label: '2021', catalog: { slug: 'fujian-taiwan-skill-qualifications' } },
        { label: 'batch 3', catalog: { slug: 'xiamen-taiwan-qualifications' } },
      ],
      possible: [
        { jurisdiction: { code: 'CN-BJ' }, basis: 'LISTED', edition: { label: '2025' }, agreement: null },
        // NOTE: the data cannot yet say that Fujian's and Xiamen's lists hold only Taiwan
        // certificates, so their incomplete editions are "possible" here too.
        { jurisdiction: { code: 'CN-FJ' }, basis: 'LISTED', edition: { label: '2021' }, agreement: null },
        { jurisdiction: { code: 'CN-FJ-XM' }, basis: 'LISTED', edition: { label: 'batch 3' }, agreement: null },
        { jurisdiction: { code: 'CN-GD-SZ' }, basis: 'LISTED', edition: { label: '2022' }, agreement: null },
        { jurisdiction: { code: 'CN-GD-SZ' }, basis: 'LISTED', edition: { label: '2022' }, agreement: null },
        {
          jurisdiction: { code: 'CN-HE' },
          basis: 'AGREEMENT',
          edition: { label: '2025' },
          agreement: { slug: 'beijing-catalog-jjj-no-reverification' },
        },
        { jurisdiction: { code: 'CN-SH' }, basis: 'LISTED', edition: { label: '2.0' }, agreement: null },
        { jurisdiction: { code: 'CN-TJ' }, basis: 'LISTED', edition: { label: '2.0' }, agreement: null },
        {
          jurisdiction: { code: 'CN-TJ' },
          basis: 'AGREEMENT',
          edition: { label: '2025' },
          agreement: { slug: 'beijing-catalog-jjj-no-reverification' },
        },
      ],
    });
  });
});

describe('Beijing', () => {
  it('names the agreements in force that reach it, by day', async () => {
    const { body } = await world.hub.gql(`{ jurisdiction(code: "CN-BJ") {
      a2024: agreements(asOf: "2024-06-01") { slug } a2025: agreements(asOf: "2025-10-01") { slug } } }`);
    expect(body.data.jurisdiction).toEqual({
      a2024: [{ slug: 'beijing-intl-cloud-equivalence' }, { slug: 'beijing-intl-icca-equivalence' }],
      a2025: [{ slug: 'beijing-catalog-jjj-no-reverification' }, { slug: 'nationwide-a-2025' }],
    });
  });

  it('honours, in 2023, the seven urgently-needed qualifications of edition 3.0 (and whatever else 3.0 lists that is not loaded)', async () => {
    const { body } = await world.hub.gql(
      `{ jurisdiction(code: "CN-BJ") { honouredQualifications(asOf: "2023-10-01") { totalCount nodes { qualification { slug } } } } }`,
    );
    expect(body.data.jurisdiction.honouredQualifications).toEqual({
      totalCount: 7,
      nodes: ['acca-fellow', 'acm-distinguished-member', 'acm-fellow', 'frsc', 'ieee-fellow', 'ieee-senior-member', 'leed-fellow'].map(
        (slug) => ({ qualification: { slug } }),
      ),
    });
  });
});
