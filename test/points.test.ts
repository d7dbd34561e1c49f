import { describe, expect, it } from 'vitest';
import { seededWorld, startHub } from './helpers/hub.ts';

// evaluatePoints through the real server on the real seed data: whole answers, the refusal of a
// scheme without published bands, bad input with its path, and the cost limit counting it.

const world = seededWorld();
const SCHEME = 'foreigners-work-points-2017';

const EVALUATE = `query($scheme: String!, $p: PointsProfileInput!, $d: Date!) {
  evaluatePoints(scheme: $scheme, profile: $p, asOf: $d) {
    asOf total maxPoints maxPossible age salaryMultiple
    category { code } bestPossibleCategory { code } standardVersion { label }
    indicators { indicator { code } status points maxPoints value band { label from below } }
    missing { indicator { code } input couldAdd }
    directRoutes { criterion { position } category { code } verified }
    regionalBonus { status jurisdiction { code } rule { name maxPoints provisionsPublished sources { slug } } points couldAdd provisions { code } note }
    sources { slug }
  }
}`;

async function evaluate(profile: object, asOf = '2026-06-01', scheme = SCHEME) {
  return (await world.hub.gql(EVALUATE, { scheme, p: profile, d: asOf })).body;
}

const engineer = {
  annualSalary: { amount: 480_000, currency: 'CNY' },
  localAverageAnnualSalary: { amount: 120_000, currency: 'CNY' },
  education: 'MASTER',
  workExperienceYears: 6.5,
  monthsInChinaPerYear: 12,
  birthDate: '1990-06-02',
  chinese: { hskLevel: 4 },
  workLocation: 'WESTERN_REGION',
  distinctions: ['FORTUNE_GLOBAL_500'],
  workJurisdiction: 'CN-CQ',
  claimedCriteria: [{ category: 'A', position: 3 }],
};

const CHONGQING_RULE = "Chongqing Local Incentive Bonus Points Policy for Foreigners' Work Permits in China (Trial)";
const CHONGQING_NOTE =
  "Chongqing grants local bonus points on the scheme's 0–10 row under eight provisions; the provisions, their points and the policy's date and document number were NOT FOUND, so the hub cannot say how many points a profile gets.";
const SCHEME_SOURCES = [
  { slug: 'work-permit-system-notice-2017' },
  { slug: 'hyit-points-trial-2017' },
  { slug: 'irish-chamber-points-system' },
  { slug: 'smebrother-points-table' },
  { slug: 'dezshira-visa-tier-calculator' },
];

describe('evaluatePoints on the national table (seed data)', () => {
  it('an engineer working in Chongqing: 93 points, class A, the unknown Chongqing bonus said to be unknown', async () => {
    // By hand (facts.md §2.3): 48 × 10,000 CNY ≥ 45 → 20; master → 15; 6.5 years → "6 years" 9;
    // 12 months → 15; HSK 4 → 4; western region → 10; aged 35 on 2026-06-01 → 15; Fortune 500 → 5;
    // Chongqing: provisions not published → 0, up to 10 more. 93 ≥ 85 → A; at most 103.
    expect(await evaluate(engineer)).toEqual({
      data: {
        evaluatePoints: {
          asOf: '2026-06-01',
          total: 93,
          maxPoints: 120,
          maxPossible: 103,
          age: 35,
          salaryMultiple: 4,
          category: { code: 'A' },
          bestPossibleCategory: { code: 'A' },
          standardVersion: { label: '2017' },
          indicators: [
            {
              indicator: { code: 'salary' },
              status: 'SCORED',
              points: 20,
              maxPoints: 20,
              value: 48,
              band: { label: '45 or more', from: 45, below: null },
            },
            {
              indicator: { code: 'education' },
              status: 'SCORED',
              points: 15,
              maxPoints: 20,
              value: null,
              band: { label: "Master's degree; technician (技师) or equivalent", from: null, below: null },
            },
            {
              indicator: { code: 'work-experience' },
              status: 'SCORED',
              points: 9,
              maxPoints: 20,
              value: 6.5,
              band: { label: '6 years', from: 6, below: 7 },
            },
            {
              indicator: { code: 'working-time' },
              status: 'SCORED',
              points: 15,
              maxPoints: 15,
              value: 12,
              band: { label: '9 or more', from: 9, below: null },
            },
            {
              indicator: { code: 'chinese' },
              status: 'SCORED',
              points: 4,
              maxPoints: 5,
              value: 4,
              band: { label: 'HSK level 4', from: 4, below: 5 },
            },
            {
              indicator: { code: 'work-location' },
              status: 'SCORED',
              points: 10,
              maxPoints: 10,
              value: null,
              band: {
                label: 'Western region; Northeast and old industrial bases; national-level poverty counties and special areas',
                from: null,
                below: null,
              },
            },
            {
              indicator: { code: 'age' },
              status: 'SCORED',
              points: 15,
              maxPoints: 15,
              value: 35,
              band: { label: '26–45', from: 26, below: 46 },
            },
            {
              indicator: { code: 'university-employer' },
              status: 'SCORED',
              points: 5,
              maxPoints: 5,
              value: null,
              band: {
                label:
                  'Graduated from a high-level foreign university; worked for a Fortune Global 500 company; holds patents or other IP; or has worked in China for 5 or more consecutive years (5 each, capped at 5)',
                from: null,
                below: null,
              },
            },
            { indicator: { code: 'local-bonus' }, status: 'REGIONAL_BONUS', points: 0, maxPoints: 10, value: null, band: null },
          ],
          missing: [],
          directRoutes: [{ criterion: { position: 3 }, category: { code: 'A' }, verified: false }],
          regionalBonus: {
            status: 'UNKNOWN_AMOUNT',
            jurisdiction: { code: 'CN-CQ' },
            rule: { name: CHONGQING_RULE, maxPoints: 10, provisionsPublished: false, sources: [{ slug: 'ichongqing-2022-09-11' }] },
            points: 0,
            couldAdd: 10,
            provisions: [],
            note: `${CHONGQING_RULE} grants local bonus points (up to 10), but its provisions are not published: the hub counts 0 and cannot say how many this profile would get (up to 10). ${CHONGQING_NOTE}`,
          },
          sources: [SCHEME_SOURCES[0], SCHEME_SOURCES[1], { slug: 'ichongqing-2022-09-11' }, ...SCHEME_SOURCES.slice(2)],
        },
      },
      extensions: expect.any(Object),
    });
  });

  it('a sparse profile in Beijing: what is missing and how much higher the total could be', async () => {
    // 9.6 × 10,000 → [7,15) 8; bachelor 10; aged 24 → 10; Chinese-taught degree 5 = 33 → C.
    // Missing: experience 20, months 15, location 10, distinctions 5 = 50. Beijing: no bonus rule
    // in the data → 0. At most 83 → B.
    const body = await evaluate({
      annualSalary: { amount: 96_000, currency: 'CNY' },
      education: 'BACHELOR',
      birthDate: '2002-03-15',
      chinese: { chineseTaughtDegree: true, hskLevel: 2 },
      workJurisdiction: 'CN-BJ',
    });
    const e = body.data.evaluatePoints;
    expect([e.total, e.maxPossible, e.category, e.bestPossibleCategory, e.age, e.salaryMultiple]).toEqual([
      33,
      83,
      { code: 'C' },
      { code: 'B' },
      24,
      null,
    ]);
    expect(e.missing).toEqual([
      { indicator: { code: 'work-experience' }, input: 'workExperienceYears', couldAdd: 20 },
      { indicator: { code: 'working-time' }, input: 'monthsInChinaPerYear', couldAdd: 15 },
      { indicator: { code: 'work-location' }, input: 'workLocation', couldAdd: 10 },
      { indicator: { code: 'university-employer' }, input: 'distinctions', couldAdd: 5 },
    ]);
    expect(e.regionalBonus).toEqual({
      status: 'NONE_KNOWN',
      jurisdiction: { code: 'CN-BJ' },
      rule: null,
      points: 0,
      couldAdd: 0,
      provisions: [],
      note: 'The hub holds no local bonus rule for this jurisdiction: 0 points. The scheme lets each province set one; a rule the hub does not hold is not counted.',
    });
    expect(e.sources).toEqual(SCHEME_SOURCES);
  });

  it('whereHonoured: the statusRecognition answer for the computed category, on the evaluation day or another', async () => {
    const selection =
      'category grantedIn { code } asOf recognitions { jurisdiction { code } basis standard { slug } agreement { slug } from to sources { slug } }';
    const { body } = await world.hub.gql(
      `query($p: PointsProfileInput!) {
        evaluatePoints(scheme: "${SCHEME}", profile: $p, asOf: "2026-06-01") {
          category { code }
          now: whereHonoured(grantedIn: "CN-CQ") { ${selection} }
          before: whereHonoured(grantedIn: "CN-CQ", asOf: "2025-06-01") { category asOf recognitions { jurisdiction { code } basis agreement { slug } } }
        }
        statusRecognition(category: "A", grantedIn: "CN-CQ", asOf: "2026-06-01") { ${selection} }
      }`,
      { p: engineer },
    );
    expect(body.errors).toBeUndefined();
    const e = body.data.evaluatePoints;
    // The same answer as the root field, in the same query.
    expect(e.now).toEqual(body.data.statusRecognition);
    expect(e.now.recognitions).toHaveLength(body.data.statusRecognition.recognitions.length);
    // Before the 2025 nationwide rule: Chongqing as issuer, Sichuan under the Sichuan–Chongqing plan (seed-answers.test.ts).
    expect(e.before).toEqual({
      category: 'A',
      asOf: '2025-06-01',
      recognitions: [
        { jurisdiction: { code: 'CN-CQ' }, basis: 'ISSUER', agreement: null },
        { jurisdiction: { code: 'CN-CQ-GZ' }, basis: 'AGREEMENT', agreement: { slug: 'gaozhu-new-area-a-work-permits' } },
        { jurisdiction: { code: 'CN-SC' }, basis: 'AGREEMENT', agreement: { slug: 'sichuan-chongqing-a-work-permits' } },
        { jurisdiction: { code: 'CN-SC-GZ' }, basis: 'AGREEMENT', agreement: { slug: 'gaozhu-new-area-a-work-permits' } },
      ],
    });
  });

  it('class C is honoured only where it was granted', async () => {
    const { body } = await world.hub.gql(
      `{ evaluatePoints(scheme: "${SCHEME}", profile: { education: BACHELOR, birthDate: "2000-01-01" }, asOf: "2026-06-01") {
        total category { code } whereHonoured(grantedIn: "CN-BJ") { category recognitions { jurisdiction { code } basis standard { slug } } } } }`,
    );
    // Bachelor 10 + aged 26 → 15 = 25 → C.
    expect(body.data).toEqual({
      evaluatePoints: {
        total: 25,
        category: { code: 'C' },
        whereHonoured: {
          category: 'C',
          recognitions: [{ jurisdiction: { code: 'CN-BJ' }, basis: 'ISSUER', standard: { slug: 'foreigners-work-classification' } }],
        },
      },
    });
  });

  it('accepts the scheme by its global ID', async () => {
    const { body } = await world.hub.gql(`{ pointsSchemes { id slug } }`);
    const id = body.data.pointsSchemes.find((s: { slug: string }) => s.slug === SCHEME).id;
    const answer = await evaluate({ education: 'DOCTORATE' }, '2026-06-01', id);
    expect([answer.data.evaluatePoints.total, answer.data.evaluatePoints.category]).toEqual([20, { code: 'C' }]);
  });
});

describe('evaluatePoints refusals', () => {
  const refusal = (message: string, extensions: object) => ({
    errors: [{ message, locations: expect.any(Array), path: ['evaluatePoints'], extensions }],
    data: null,
    extensions: expect.any(Object),
  });

  it("refuses Beijing's 2023 permanent-residence evaluation: maxima and weights only", async () => {
    expect(await evaluate(engineer, '2026-06-01', 'beijing-two-zones-pr-evaluation-2023')).toEqual(
      refusal(
        "Points scheme 'beijing-two-zones-pr-evaluation-2023' cannot be scored: its source publishes indicators and their maxima but not the points per band (or their bounds), so any score would be a guess",
        { code: 'BAD_USER_INPUT', argument: 'scheme', reason: 'BANDS_NOT_PUBLISHED', scheme: 'beijing-two-zones-pr-evaluation-2023' },
      ),
    );
    // The scheme says so itself.
    const { body } = await world.hub.gql('{ pointsSchemes { slug bandsComplete } }');
    expect(body.data.pointsSchemes).toEqual([
      { slug: 'beijing-two-zones-pr-evaluation-2023', bandsComplete: false },
      { slug: SCHEME, bandsComplete: true },
    ]);
  });

  it('refuses a day before the 2017 standard was in force', async () => {
    expect(await evaluate({}, '2017-03-31')).toEqual(
      refusal(
        "Points scheme 'foreigners-work-points-2017' is not in force on 2017-03-31: its standard version is in force from 2017-04-01",
        {
          code: 'BAD_USER_INPUT',
          argument: 'scheme',
          reason: 'NOT_IN_FORCE',
          scheme: SCHEME,
        },
      ),
    );
  });

  it('an unknown scheme is NOT_FOUND', async () => {
    expect(await evaluate({}, '2026-06-01', 'no-such-scheme')).toEqual(
      refusal("Unknown points scheme 'no-such-scheme'", { code: 'NOT_FOUND', 'points scheme': 'no-such-scheme' }),
    );
  });

  it.each([
    [
      'a negative salary',
      { annualSalary: { amount: -1, currency: 'CNY' } },
      'profile.annualSalary.amount',
      'profile.annualSalary.amount must be 0 or more',
    ],
    [
      'a salary in another currency (no exchange rate is guessed)',
      { annualSalary: { amount: 60_000, currency: 'USD' } },
      'profile.annualSalary.currency',
      "profile.annualSalary.currency is USD: the table's salary bands are in CNY and the hub holds no exchange rates, so give the amount in CNY",
    ],
    [
      'an unknown currency',
      { localAverageAnnualSalary: { amount: 100_000, currency: 'XYZ' } },
      'profile.localAverageAnnualSalary.currency',
      "profile.localAverageAnnualSalary.currency 'XYZ' is not an ISO 4217 currency code",
    ],
    ['a birth date after asOf', { birthDate: '2026-06-02' }, 'profile.birthDate', 'profile.birthDate 2026-06-02 is after asOf 2026-06-01'],
    [
      'more than 12 months a year',
      { monthsInChinaPerYear: 12.5 },
      'profile.monthsInChinaPerYear',
      'profile.monthsInChinaPerYear must be between 0 and 12',
    ],
    ['HSK level 0', { chinese: { hskLevel: 0 } }, 'profile.chinese.hskLevel', 'profile.chinese.hskLevel must be a whole level from 1 to 9'],
    [
      'a criterion the standard lacks',
      { claimedCriteria: [{ category: 'A', position: 7 }] },
      'profile.claimedCriteria.0',
      "profile.claimedCriteria.0: the scheme's standard version has no criterion A7: it has A1, A2, A3, A4, A5, A6, B1, B2, B3, B4, B5, B6, C1",
    ],
    [
      'an unknown work jurisdiction',
      { workJurisdiction: 'CN-XX' },
      'profile.workJurisdiction',
      "Unknown jurisdiction 'CN-XX' in profile.workJurisdiction",
    ],
  ])('%s is BAD_USER_INPUT naming the path', async (_what, profile, argument, message) => {
    const body = await evaluate(profile);
    expect(body.data).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({ message, path: ['evaluatePoints'], extensions: { code: 'BAD_USER_INPUT', argument } });
  });

  it('an impossible birth date is refused by the Date scalar', async () => {
    const body = await evaluate({ birthDate: '2000-02-30' });
    expect(body.data).toBeUndefined();
    expect(body.errors!.map((e) => e.extensions!.code)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('evaluatePoints and the cost limit', () => {
  const query = `{ evaluatePoints(scheme: "${SCHEME}", profile: { education: BACHELOR }, asOf: "2026-06-01") {
    total whereHonoured(grantedIn: "CN-CQ") { recognitions { jurisdiction { code } } } } }`;

  it('counts the evaluation and whereHonoured in the cost, and refuses it over the limit', async () => {
    const { body } = await world.hub.gql(query);
    // evaluatePoints 1 + total 1 + whereHonoured 1 + recognitions 1 + 10 × (jurisdiction 1 + code 1) = 24.
    expect(body.extensions!.cost).toEqual({ requested: 24, limit: 500_000 });
    const tight = await startHub(world.db.database, { HUB_MAX_QUERY_COST: '23' });
    try {
      const over = await tight.gql(query);
      expect(over.body.data).toBeUndefined();
      expect(over.body.errors!.map((e) => [e.extensions!.code, e.message])).toEqual([
        [
          'QUERY_TOO_COMPLEX',
          'Query too complex: cost 24; at most 23 is allowed (each field costs 1, and what it selects is multiplied by its page size, or by 10 for a list; introspection lists by what this schema holds)',
        ],
      ]);
    } finally {
      await tight.stop();
    }
  });
});
