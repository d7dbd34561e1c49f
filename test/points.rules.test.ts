import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandProblems } from '../src/modules/bundle/bundle.validate.ts';
import {
  ageOn,
  DISTINCTIONS,
  EDUCATION_LEVELS,
  type Evaluation,
  evaluatePoints,
  type IndicatorFacts,
  type PointsProfile,
  profileProblems,
  refusalOf,
  type SchemeFacts,
  WORK_LOCATIONS,
} from '../src/modules/points/points.rules.ts';

// The evaluator's rules on the seeded national table itself (seeds/10-national.json), with
// numbers for ids as a database would give them: the bands tested are the bands served.

interface SeedBand {
  label: string;
  points?: number;
  from?: number;
  below?: number;
  matches?: string[];
}
interface SeedIndicator {
  code: string;
  maxPoints?: number;
  measure?: IndicatorFacts['measure'];
  bands: SeedBand[];
  children?: SeedIndicator[];
}
const CATEGORY = { A: 1, B: 2, C: 3 } as const;
const CHONGQING = 50;
const CHONGQING_BONUS = 900;

function schemeFrom(file: string, slug: string): SchemeFacts & { bandLabel: Map<number, string>; indicatorId: Map<string, number> } {
  const bundle = JSON.parse(readFileSync(new URL(`../seeds/${file}`, import.meta.url), 'utf8'));
  const seed = bundle.pointsSchemes.find((s: { slug: string }) => s.slug === slug);
  const indicators: IndicatorFacts[] = [];
  const bandLabel = new Map<number, string>();
  const indicatorId = new Map<string, number>();
  let nextBand = 1000;
  const walk = (list: SeedIndicator[], parentId: number | null) => {
    for (const i of list) {
      const id = 100 + indicators.length;
      indicatorId.set(i.code, id);
      indicators.push({
        id,
        code: i.code,
        parentId,
        maxPoints: i.maxPoints ?? null,
        measure: i.measure ?? null,
        bands: i.bands.map((b, position) => {
          const bandId = nextBand++;
          bandLabel.set(bandId, b.label);
          return {
            id: bandId,
            position: position + 1,
            points: b.points ?? null,
            fromValue: b.from ?? null,
            belowValue: b.below ?? null,
            matches: b.matches ?? [],
          };
        }),
      });
      walk(i.children ?? [], id);
    }
  };
  walk(seed.indicators, null);
  return {
    slug,
    maxPoints: seed.maxPoints ?? null,
    bandsComplete: seed.bandsComplete,
    version: seed.standard ? { id: 7, status: 'PUBLISHED', validFrom: '2017-04-01', validTo: null, repealedOn: null } : null,
    indicators,
    thresholds: ((seed.thresholds ?? []) as { category: keyof typeof CATEGORY; minPoints: number }[]).map((t) => ({
      categoryId: CATEGORY[t.category],
      minPoints: t.minPoints,
    })),
    conferredCategoryIds: seed.standard ? [CATEGORY.A, CATEGORY.B, CATEGORY.C] : [],
    criteria: [1, 2, 3, 4, 5, 6].map((position) => ({ id: 60 + position, categoryId: CATEGORY.A, categoryCode: 'A', position })),
    regionalBonuses: (seed.regionalBonuses ?? []).map((b: { maxPoints?: number }) => ({
      id: CHONGQING_BONUS,
      jurisdictionId: CHONGQING,
      maxPoints: b.maxPoints ?? null,
      provisions: [],
    })),
    bandLabel,
    indicatorId,
  };
}

const national = schemeFrom('10-national.json', 'foreigners-work-points-2017');
const beijing = schemeFrom('20-beijing.json', 'beijing-two-zones-pr-evaluation-2023');
const ASOF = '2026-06-01';

function evaluate(profile: PointsProfile, scheme: SchemeFacts = national, asOf = ASOF): Evaluation {
  const result = evaluatePoints(scheme, profile, asOf);
  if (!result.evaluation) throw new Error(JSON.stringify(result.problems));
  return result.evaluation;
}
/** Points and band label of one indicator. */
function scored(e: Evaluation, code: string) {
  const r = e.indicators.find((x) => x.indicatorId === national.indicatorId.get(code))!;
  return { status: r.status, points: r.points, band: r.bandId === null ? null : national.bandLabel.get(r.bandId)! };
}
const cny = (amount: number) => ({ amount, currency: 'CNY' });

/** A complete profile (every input given), to vary one input at a time. */
const full: PointsProfile = {
  annualSalary: cny(300_000),
  education: 'BACHELOR',
  workExperienceYears: 5,
  monthsInChinaPerYear: 12,
  birthDate: '1990-01-01',
  chinese: { hskLevel: 3 },
  workLocation: 'ELSEWHERE',
  distinctions: [],
  workJurisdictionChain: [CHONGQING + 1],
};

describe('points rules: cases worked by hand from the table (facts.md §2.3)', () => {
  it('an engineer in Chongqing: 93 points, class A; the unknown Chongqing bonus could add 10', () => {
    // salary 480,000 CNY = 48 × 10,000 ≥ 45 → 20; master's → 15; 6.5 years: band "6 years" → 9;
    // 12 months ≥ 9 → 15; HSK 4 → 4; western region → 10; born 1990-06-02, on 2026-06-01 aged 35
    // (birthday tomorrow) → [26,45] → 15; Fortune 500 → 5; Chongqing bonus: provisions not
    // published → 0 counted. Total 20+15+9+15+4+10+15+5+0 = 93 ≥ 85 → A. maxPossible 93+10 = 103.
    const e = evaluate({
      annualSalary: cny(480_000),
      localAverageAnnualSalary: cny(120_000),
      education: 'MASTER',
      workExperienceYears: 6.5,
      monthsInChinaPerYear: 12,
      birthDate: '1990-06-02',
      chinese: { hskLevel: 4 },
      workLocation: 'WESTERN_REGION',
      distinctions: ['FORTUNE_GLOBAL_500'],
      workJurisdictionChain: [CHONGQING],
      claimedCriteria: [{ category: 'A', position: 3 }],
    });
    expect(e).toEqual({
      total: 93,
      maxPossible: 103,
      maxPoints: 120,
      categoryId: CATEGORY.A,
      bestPossibleCategoryId: CATEGORY.A,
      indicators: expect.any(Array),
      missing: [],
      directRouteCriterionIds: [63],
      regionalBonus: { status: 'UNKNOWN_AMOUNT', bonusId: CHONGQING_BONUS, points: 0, couldAdd: 10, provisionIds: [] },
      salaryMultiple: 4,
      age: 35,
    });
    expect(e.indicators.map((r) => [r.status, r.points])).toEqual([
      ['SCORED', 20],
      ['SCORED', 15],
      ['SCORED', 9],
      ['SCORED', 15],
      ['SCORED', 4],
      ['SCORED', 10],
      ['SCORED', 15],
      ['SCORED', 5],
      ['REGIONAL_BONUS', 0],
    ]);
  });

  it('a young teacher with half the inputs: 33 points, class C, at best B', () => {
    // salary 96,000 CNY = 9.6 → [7,15) → 8; bachelor → 10; 1 year < 2 → 0; born 2002-03-15, on
    // 2026-06-01 aged 24 → [18,25] → 10; Chinese: degree taught in Chinese → 5; HSK 2 → 2, not
    // added (the best item counts) → 5; work location, months in China, distinctions and work
    // jurisdiction missing: could add 10 + 15 + 5 + 10 = 40. Total 8+10+0+10+5 = 33.
    // 33 < 60 → C (the version's category without a threshold). maxPossible 73 ≥ 60 → B.
    const e = evaluate({
      annualSalary: cny(96_000),
      education: 'BACHELOR',
      workExperienceYears: 1,
      birthDate: '2002-03-15',
      chinese: { hskLevel: 2, chineseTaughtDegree: true },
    });
    expect(e.total).toBe(33);
    expect(e.maxPossible).toBe(73);
    expect(e.categoryId).toBe(CATEGORY.C);
    expect(e.bestPossibleCategoryId).toBe(CATEGORY.B);
    expect(scored(e, 'chinese')).toEqual({ status: 'SCORED', points: 5, band: "Bachelor's degree or higher taught in Chinese" });
    expect(scored(e, 'work-experience')).toEqual({ status: 'SCORED', points: 0, band: 'less than 2 years' });
    expect(e.missing).toEqual([
      { indicatorId: national.indicatorId.get('working-time'), input: 'monthsInChinaPerYear', couldAdd: 15 },
      { indicatorId: national.indicatorId.get('work-location'), input: 'workLocation', couldAdd: 10 },
      { indicatorId: national.indicatorId.get('university-employer'), input: 'distinctions', couldAdd: 5 },
      { indicatorId: national.indicatorId.get('local-bonus'), input: 'workJurisdiction', couldAdd: 10 },
    ]);
    expect(e.regionalBonus).toEqual({ status: 'WORK_JURISDICTION_MISSING', bonusId: null, points: 0, couldAdd: 10, provisionIds: [] });
  });

  it('the thresholds: 85 is A, 84 is B, 60 is B, 59 is C', () => {
    // `full` scores: 30 × 10,000 → [25,35) → 14; bachelor 10; 5 years → 8; 12 months → 15;
    // HSK 3 → 3; elsewhere 0; born 1990-01-01 → 36 → 15; no distinctions 0; no bonus rule 0 = 65.
    expect(evaluate(full).total).toBe(65);
    const at = (profile: Partial<PointsProfile>) => {
      const e = evaluate({ ...full, ...profile });
      return [e.total, e.categoryId];
    };
    // 2 months a year: "less than 3" → 0, so 65 − 15 = 50.
    expect(at({ monthsInChinaPerYear: 2 })).toEqual([50, CATEGORY.C]);
    expect(at({ monthsInChinaPerYear: 2, workExperienceYears: 14 })).toEqual([59, CATEGORY.C]); // 50 − 8 + 17
    expect(at({ monthsInChinaPerYear: 2, workExperienceYears: 15 })).toEqual([60, CATEGORY.B]); // 50 − 8 + 18
    // Western region (+10), patents (+5), 9 years ("9 years" → 12 instead of 8):
    // 14 + 10 + 12 + 15 + 3 + 10 + 15 + 5 + 0 = 84; with 10 years (13): 85.
    expect(at({ workLocation: 'WESTERN_REGION', distinctions: ['PATENTS_OR_IP'], workExperienceYears: 9 })).toEqual([84, CATEGORY.B]);
    expect(at({ workLocation: 'WESTERN_REGION', distinctions: ['PATENTS_OR_IP'], workExperienceYears: 10 })).toEqual([85, CATEGORY.A]);
  });

  it('the best profile the table allows scores 110 without a published bonus, and never more than 120', () => {
    // 20 + 20 + 20 + 15 + 5 + 10 + 15 + 5 = 110; the bonus row is 0 counted (Chongqing: unknown, up to 10).
    const e = evaluate({
      annualSalary: cny(1_000_000),
      education: 'DOCTORATE',
      workExperienceYears: 30,
      monthsInChinaPerYear: 12,
      birthDate: '1986-01-01',
      chinese: { hskLevel: 9, formerChineseNational: true, chineseTaughtDegree: true },
      workLocation: 'NORTHEAST_OLD_INDUSTRIAL_BASE',
      distinctions: [...DISTINCTIONS],
      workJurisdictionChain: [CHONGQING],
    });
    expect([e.total, e.maxPossible, e.categoryId]).toEqual([110, 120, CATEGORY.A]);
    // "5 each, capped at 5": four distinctions give 5, not 20.
    expect(scored(e, 'university-employer').points).toBe(5);
  });
});

describe('points rules: every band at, just below and just above its bounds', () => {
  const numericMeasures = ['ANNUAL_SALARY_10K_CNY', 'WORK_EXPERIENCE_YEARS', 'MONTHS_IN_CHINA_PER_YEAR', 'CHINESE'] as const;
  /** A profile whose input for the measure reads `value` in the indicator's unit. */
  const withValue = (measure: (typeof numericMeasures)[number], value: number): PointsProfile => {
    switch (measure) {
      case 'ANNUAL_SALARY_10K_CNY':
        return { annualSalary: cny(Math.round(value * 10_000 * 100) / 100) };
      case 'WORK_EXPERIENCE_YEARS':
        return { workExperienceYears: value };
      case 'MONTHS_IN_CHINA_PER_YEAR':
        return { monthsInChinaPerYear: value };
      case 'CHINESE':
        return { chinese: { hskLevel: value } };
    }
  };
  for (const measure of numericMeasures) {
    const indicator = national.indicators.find((i) => i.measure === measure)!;
    // HSK levels are whole numbers: "just below 5" is 4. Money: one fen (0.01 CNY = 0.000001 × 10,000).
    const step = measure === 'CHINESE' ? 1 : measure === 'ANNUAL_SALARY_10K_CNY' ? 0.000001 : 0.01;
    for (const band of indicator.bands.filter((b) => b.fromValue !== null || b.belowValue !== null)) {
      const label = national.bandLabel.get(band.id)!;
      it(`${indicator.code}: band '${label}' (${band.points} points)`, () => {
        const bandAt = (value: number) => {
          const r = evaluate(withValue(measure, value)).indicators.find((x) => x.indicatorId === indicator.id)!;
          return r.bandId;
        };
        const lowest = measure === 'CHINESE' ? 1 : 0;
        if (band.fromValue !== null) {
          expect(bandAt(band.fromValue)).toBe(band.id);
          if (band.belowValue === null || band.fromValue + step < band.belowValue) expect(bandAt(band.fromValue + step)).toBe(band.id);
          if (band.fromValue - step >= lowest) expect(bandAt(band.fromValue - step)).not.toBe(band.id);
        }
        if (band.belowValue !== null) {
          expect(bandAt(band.belowValue - step)).toBe(band.id);
          expect(bandAt(band.belowValue)).not.toBe(band.id);
        }
      });
    }
  }

  it('salary: 449,999.99 CNY is [35,45) for 17, 450,000 is "45 or more" for 20; 0 CNY is "less than 5"', () => {
    expect(scored(evaluate({ annualSalary: cny(449_999.99) }), 'salary')).toEqual({ status: 'SCORED', points: 17, band: '[35, 45)' });
    expect(scored(evaluate({ annualSalary: cny(450_000) }), 'salary')).toEqual({ status: 'SCORED', points: 20, band: '45 or more' });
    expect(scored(evaluate({ annualSalary: cny(0) }), 'salary')).toEqual({ status: 'SCORED', points: 0, band: 'less than 5' });
  });

  it('age bands by birthday, exact to the day: the table is [18,25] [26,45] [46,55] [56,60] >60', () => {
    const onBirthday = (age: number, shift: -1 | 0) => {
      // Born on 2 June, `age` years before 2026: aged `age` from 2026-06-02; a day earlier, age − 1.
      const e = evaluate({ birthDate: `${2026 - age}-06-02` }, national, shift === 0 ? '2026-06-02' : '2026-06-01');
      return [e.age, scored(e, 'age').points, scored(e, 'age').band];
    };
    expect(onBirthday(18, -1)).toEqual([17, 0, null]);
    expect(onBirthday(18, 0)).toEqual([18, 10, '18–25']);
    expect(onBirthday(26, -1)).toEqual([25, 10, '18–25']);
    expect(onBirthday(26, 0)).toEqual([26, 15, '26–45']);
    expect(onBirthday(46, -1)).toEqual([45, 15, '26–45']);
    expect(onBirthday(46, 0)).toEqual([46, 10, '46–55']);
    expect(onBirthday(56, -1)).toEqual([55, 10, '46–55']);
    expect(onBirthday(56, 0)).toEqual([56, 5, '56–60']);
    expect(onBirthday(61, -1)).toEqual([60, 5, '56–60']);
    expect(onBirthday(61, 0)).toEqual([61, 0, 'over 60']);
    expect(scored(evaluate({ birthDate: '2010-01-01' }), 'age').status).toBe('NO_BAND');
  });

  it('a 29 February birthday is reached on 1 March in a common year', () => {
    expect(ageOn('2000-02-29', '2026-02-28')).toBe(25);
    expect(ageOn('2000-02-29', '2026-03-01')).toBe(26);
    expect(ageOn('2000-02-29', '2028-02-29')).toBe(28);
  });

  it('ticked values: each education level, work location and Chinese item in its band', () => {
    const education = Object.fromEntries(
      EDUCATION_LEVELS.map((level) => [level, scored(evaluate({ education: level }), 'education').points]),
    );
    expect(education).toEqual({
      DOCTORATE: 20,
      TOP_VOCATIONAL_CERTIFICATE: 20,
      SENIOR_TECHNICIAN: 20,
      MASTER: 15,
      TECHNICIAN: 15,
      BACHELOR: 10,
      SENIOR_WORKER: 10,
      NONE_OF_THESE: 0,
    });
    const location = Object.fromEntries(WORK_LOCATIONS.map((l) => [l, scored(evaluate({ workLocation: l }), 'work-location').points]));
    expect(location).toEqual({ WESTERN_REGION: 10, NORTHEAST_OLD_INDUSTRIAL_BASE: 10, POVERTY_COUNTY_OR_SPECIAL_AREA: 10, ELSEWHERE: 0 });
    expect(scored(evaluate({ chinese: { formerChineseNational: true } }), 'chinese')).toEqual({
      status: 'SCORED',
      points: 5,
      band: 'Former Chinese national',
    });
    expect(scored(evaluate({ chinese: {} }), 'chinese')).toEqual({ status: 'NO_BAND', points: 0, band: null });
    expect(scored(evaluate({ distinctions: [] }), 'university-employer')).toEqual({ status: 'NO_BAND', points: 0, band: null });
  });
});

describe('points rules: refusals and bad profiles', () => {
  it("refuses Beijing's 2023 evaluation: maxima and weights only, no points per band", () => {
    expect(refusalOf(beijing, ASOF)).toEqual({
      reason: 'BANDS_NOT_PUBLISHED',
      message:
        "Points scheme 'beijing-two-zones-pr-evaluation-2023' cannot be scored: its source publishes indicators and their maxima but not the points per band (or their bounds), so any score would be a guess",
    });
  });

  it('refuses the national table before its standard is in force (2017-04-01)', () => {
    expect(refusalOf(national, '2017-03-31')).toEqual({
      reason: 'NOT_IN_FORCE',
      message:
        "Points scheme 'foreigners-work-points-2017' is not in force on 2017-03-31: its standard version is in force from 2017-04-01",
    });
    expect(refusalOf(national, '2017-04-01')).toBeNull();
  });

  it('names every problem of a profile by its path', () => {
    expect(
      profileProblems(
        {
          annualSalary: { amount: -1, currency: 'USD' },
          localAverageAnnualSalary: { amount: 100, currency: 'XYZ' },
          workExperienceYears: -2,
          monthsInChinaPerYear: 13,
          birthDate: '2026-06-02',
          chinese: { hskLevel: 10 },
          distinctions: ['PATENTS_OR_IP', 'PATENTS_OR_IP'],
        },
        ASOF,
      ),
    ).toEqual([
      { path: 'annualSalary.amount', message: 'annualSalary.amount must be 0 or more' },
      {
        path: 'annualSalary.currency',
        message:
          "annualSalary.currency is USD: the table's salary bands are in CNY and the hub holds no exchange rates, so give the amount in CNY",
      },
      { path: 'localAverageAnnualSalary.currency', message: "localAverageAnnualSalary.currency 'XYZ' is not an ISO 4217 currency code" },
      { path: 'workExperienceYears', message: 'workExperienceYears must be between 0 and 100' },
      { path: 'monthsInChinaPerYear', message: 'monthsInChinaPerYear must be between 0 and 12' },
      { path: 'birthDate', message: 'birthDate 2026-06-02 is after asOf 2026-06-01' },
      { path: 'chinese.hskLevel', message: 'chinese.hskLevel must be a whole level from 1 to 9' },
      { path: 'distinctions', message: 'distinctions lists an item twice' },
    ]);
    expect(profileProblems({ birthDate: ASOF }, ASOF)).toEqual([]);
  });

  it('refuses a claimed criterion the version lacks, and provisions where none are published', () => {
    expect(evaluatePoints(national, { claimedCriteria: [{ category: 'A', position: 9 }] }, ASOF).problems).toEqual([
      { path: 'claimedCriteria.0', message: "the scheme's standard version has no criterion A9: it has A1, A2, A3, A4, A5, A6" },
    ]);
    expect(evaluatePoints(national, { workJurisdictionChain: [CHONGQING], regionalBonusProvisions: ['talent'] }, ASOF).problems).toEqual([
      {
        path: 'regionalBonusProvisions',
        message: 'the region grants bonus points, but its provisions are not published: no provision can be claimed',
      },
    ]);
  });
});

describe('points rules: a regional rule that publishes its provisions', () => {
  // Test data, not a fact: a region with two provisions, 6 and 7 points, capped at 10.
  const withProvisions: SchemeFacts = {
    ...national,
    regionalBonuses: [
      {
        id: 901,
        jurisdictionId: 70,
        maxPoints: 10,
        provisions: [
          { id: 1, code: 'scarce', points: 6 },
          { id: 2, code: 'key-industry', points: 7 },
        ],
      },
    ],
  };
  it('applies the provisions claimed, along the chain (a city inherits its province), capped at the rule', () => {
    const one = evaluate({ ...full, workJurisdictionChain: [71, 70], regionalBonusProvisions: ['key-industry'] }, withProvisions);
    expect(one.regionalBonus).toEqual({ status: 'APPLIED', bonusId: 901, points: 7, couldAdd: 0, provisionIds: [2] });
    expect(one.total).toBe(65 + 7);
    const both = evaluate({ ...full, workJurisdictionChain: [70], regionalBonusProvisions: ['scarce', 'key-industry'] }, withProvisions);
    expect(both.regionalBonus).toEqual({ status: 'APPLIED', bonusId: 901, points: 10, couldAdd: 0, provisionIds: [1, 2] });
    expect(evaluatePoints(withProvisions, { workJurisdictionChain: [70], regionalBonusProvisions: ['other'] }, ASOF).problems).toEqual([
      { path: 'regionalBonusProvisions', message: "unknown provision 'other': the region's provisions are scarce, key-industry" },
    ]);
  });
});

describe('points rules: properties on random profiles', () => {
  const arbProfile: fc.Arbitrary<PointsProfile> = fc.record(
    {
      annualSalary: fc.double({ min: 0, max: 2_000_000, noNaN: true }).map(cny),
      education: fc.constantFrom(...EDUCATION_LEVELS),
      workExperienceYears: fc.double({ min: 0, max: 60, noNaN: true }),
      monthsInChinaPerYear: fc.double({ min: 0, max: 12, noNaN: true }),
      birthDate: fc
        .date({ min: new Date('1940-01-01'), max: new Date('2026-06-01'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      chinese: fc.record(
        { hskLevel: fc.integer({ min: 1, max: 9 }), formerChineseNational: fc.boolean(), chineseTaughtDegree: fc.boolean() },
        { requiredKeys: [] },
      ),
      workLocation: fc.constantFrom(...WORK_LOCATIONS),
      distinctions: fc.subarray([...DISTINCTIONS]),
      workJurisdictionChain: fc.constantFrom([CHONGQING], [CHONGQING + 1]),
    },
    { requiredKeys: [] },
  );

  it('never scores an indicator above its maximum nor the scheme above 120; maxPossible lies between', () => {
    fc.assert(
      fc.property(arbProfile, (profile) => {
        const e = evaluate(profile);
        for (const r of e.indicators) {
          expect(r.points).toBeGreaterThanOrEqual(0);
          expect(r.points).toBeLessThanOrEqual(r.maxPoints);
        }
        expect(e.total).toBe(e.indicators.reduce((n, r) => n + r.points, 0));
        expect(e.total).toBeLessThanOrEqual(120);
        expect(e.maxPossible).toBeGreaterThanOrEqual(e.total);
        expect(e.maxPossible).toBeLessThanOrEqual(120);
      }),
      { numRuns: 2000 },
    );
  });

  it('adding a missing input never lowers the total and never raises maxPossible', () => {
    fc.assert(
      fc.property(arbProfile, arbProfile, (partial, donor) => {
        const before = evaluate(partial);
        for (const key of Object.keys(donor) as (keyof PointsProfile)[]) {
          if (partial[key] !== undefined || donor[key] === undefined) continue;
          const after = evaluate({ ...partial, [key]: donor[key] });
          expect(after.total).toBeGreaterThanOrEqual(before.total);
          expect(after.maxPossible).toBeLessThanOrEqual(before.maxPossible);
          expect(after.missing.length).toBe(before.missing.length - 1);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('bundle check of band bounds', () => {
  const indicator = (bands: { label: string; from?: number; below?: number }[]) => ({
    code: 'x',
    name: 'x',
    bands: bands.map((b) => ({ ...b, points: 1, matches: [] })),
    children: [],
  });
  it('refuses bounds out of order and overlapping bands, and passes the seeded table', () => {
    expect(bandProblems(indicator([{ label: 'a', from: 5, below: 5 }]))).toEqual(["band 'a' ends (5) at or before it starts (5)"]);
    expect(
      bandProblems(
        indicator([
          { label: 'a', from: 0, below: 6 },
          { label: 'b', from: 5 },
        ]),
      ),
    ).toEqual(["bands 'a' and 'b' overlap"]);
    expect(
      bandProblems(
        indicator([
          { label: 'a', from: 0, below: 5 },
          { label: 'b', from: 5 },
        ]),
      ),
    ).toEqual([]);
    const seed = JSON.parse(readFileSync(new URL('../seeds/10-national.json', import.meta.url), 'utf8'));
    expect(
      seed.pointsSchemes[0].indicators.flatMap((i: Parameters<typeof bandProblems>[0]) =>
        bandProblems({ ...i, bands: i.bands.map((b) => ({ ...b, matches: b.matches ?? [] })) }),
      ),
    ).toEqual([]);
  });
});
