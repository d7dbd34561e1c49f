// NOTE: the points evaluator as plain functions over plain data: no SQL, no GraphQL. The scheme's
// facts (indicators with structured band bounds, thresholds, the standard version and its
// criteria, regional bonus rules) come from the store; the profile comes typed from the API. The
// rules never parse a band's label: a band is matched by its bounds (`fromValue` inclusive,
// `belowValue` exclusive, in the unit the indicator's `measure` names) or by the ticked values it
// lists (`matches`).

import type { pointsMeasure } from '../../db/tables/index.ts';
import { type Dated, endOf, inForce } from '../time/validity.ts';

export type PointsMeasure = (typeof pointsMeasure.enumValues)[number];

/** Education or vocational-skill level, as the table's education row names them. */
export const EDUCATION_LEVELS = [
  'DOCTORATE',
  'TOP_VOCATIONAL_CERTIFICATE',
  'SENIOR_TECHNICIAN',
  'MASTER',
  'TECHNICIAN',
  'BACHELOR',
  'SENIOR_WORKER',
  'NONE_OF_THESE',
] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

/** Where the post is, as the table's work-location row (工作定向) names the areas. */
export const WORK_LOCATIONS = ['WESTERN_REGION', 'NORTHEAST_OLD_INDUSTRIAL_BASE', 'POVERTY_COUNTY_OR_SPECIAL_AREA', 'ELSEWHERE'] as const;
export type WorkLocation = (typeof WORK_LOCATIONS)[number];

/** The items of the table's university / employer row. */
export const DISTINCTIONS = [
  'HIGH_LEVEL_FOREIGN_UNIVERSITY',
  'FORTUNE_GLOBAL_500',
  'PATENTS_OR_IP',
  'FIVE_CONSECUTIVE_YEARS_IN_CHINA',
] as const;
export type Distinction = (typeof DISTINCTIONS)[number];

/** Ticked values of the Chinese row besides the HSK level. */
export const FORMER_CHINESE_NATIONAL = 'FORMER_CHINESE_NATIONAL';
export const CHINESE_TAUGHT_DEGREE = 'CHINESE_TAUGHT_DEGREE';

/** HSK levels: 1–6 in HSK 2.0, 1–9 in HSK 3.0; the table's top band is "HSK 5 or above". */
export const HSK_LEVELS = { min: 1, max: 9 } as const;

/** The currency the national table's salary bands are written in (10,000 RMB a year). */
export const TABLE_CURRENCY = 'CNY';

export interface Money {
  amount: number;
  currency: string;
}

/** A profile, each input in its own unit; an input left out is missing and scores nothing. */
export interface PointsProfile {
  /** Annual salary paid by the domestic employer. */
  annualSalary?: Money | undefined;
  /** The local average annual wage of the previous year, for the salary multiple (criteria A3 and B4 use 6× and 4×). */
  localAverageAnnualSalary?: Money | undefined;
  education?: EducationLevel | undefined;
  /** Relevant work experience, in years (a part year does not reach the next band). */
  workExperienceYears?: number | undefined;
  /** Months a year the person works in China (0–12). */
  monthsInChinaPerYear?: number | undefined;
  /** YYYY-MM-DD; the age is counted in completed years on `asOf`. */
  birthDate?: string | undefined;
  chinese?:
    | { hskLevel?: number | undefined; formerChineseNational?: boolean | undefined; chineseTaughtDegree?: boolean | undefined }
    | undefined;
  workLocation?: WorkLocation | undefined;
  /** The items of the university / employer row the person has; an empty list is an answer ("none"). */
  distinctions?: readonly Distinction[] | undefined;
  /** Where the person will work, nearest first (the jurisdiction and those above it): the regional bonus is looked up along it. */
  workJurisdictionChain?: readonly number[] | undefined;
  /** Codes of the regional bonus provisions the person claims. */
  regionalBonusProvisions?: readonly string[] | undefined;
  /** Criteria of the scheme's standard version the person claims (direct routes): listed, never scored. */
  claimedCriteria?: readonly { category: string; position: number }[] | undefined;
}

export interface BandFacts {
  id: number;
  position: number;
  points: number | null;
  fromValue: number | null;
  belowValue: number | null;
  matches: readonly string[];
}

export interface IndicatorFacts {
  id: number;
  code: string;
  parentId: number | null;
  maxPoints: number | null;
  measure: PointsMeasure | null;
  bands: readonly BandFacts[];
}

export interface RegionalBonusFacts {
  id: number;
  jurisdictionId: number;
  maxPoints: number | null;
  provisions: readonly { id: number; code: string; points: number }[];
}

export interface SchemeFacts {
  slug: string;
  maxPoints: number | null;
  bandsComplete: boolean;
  /** The standard version the scheme belongs to, with its dates: the thresholds are in force while it is. */
  version: (Dated & { id: number }) | null;
  indicators: readonly IndicatorFacts[];
  thresholds: readonly { categoryId: number; minPoints: number }[];
  /** The categories the version confers (a category without a threshold is what a score below every threshold gives). */
  conferredCategoryIds: readonly number[];
  /** The version's criteria, by category code and position. */
  criteria: readonly { id: number; categoryId: number; categoryCode: string; position: number }[];
  regionalBonuses: readonly RegionalBonusFacts[];
}

/** Why a scheme cannot be scored on a day; null when it can. */
export interface Refusal {
  reason: 'BANDS_NOT_PUBLISHED' | 'NOT_IN_FORCE';
  message: string;
}

export type IndicatorStatus = 'SCORED' | 'NO_BAND' | 'MISSING' | 'REGIONAL_BONUS';

export interface IndicatorResult {
  indicatorId: number;
  status: IndicatorStatus;
  points: number;
  maxPoints: number;
  /** The band that gave the points (the highest-scoring band the input falls in). */
  bandId: number | null;
  /** The value compared with the bands, in the indicator's unit (salary in 10,000 CNY, age in years, …); null for ticked values. */
  value: number | null;
}

export interface MissingInput {
  indicatorId: number;
  /** The profile field that would score it. */
  input: string;
  /** The most points it could add. */
  couldAdd: number;
}

export type RegionalBonusStatus = 'APPLIED' | 'UNKNOWN_AMOUNT' | 'NONE_KNOWN' | 'WORK_JURISDICTION_MISSING';

export interface RegionalBonusResult {
  status: RegionalBonusStatus;
  bonusId: number | null;
  points: number;
  /** The most points still possible from it that the answer could not count (UNKNOWN_AMOUNT, WORK_JURISDICTION_MISSING). */
  couldAdd: number;
  provisionIds: number[];
}

export interface Evaluation {
  total: number;
  maxPossible: number;
  maxPoints: number;
  /** The category the total reaches by the thresholds; null when the data names none. */
  categoryId: number | null;
  /** The category `maxPossible` would reach: what the missing inputs could at best make of it. */
  bestPossibleCategoryId: number | null;
  indicators: IndicatorResult[];
  missing: MissingInput[];
  /** Claimed criteria, in the order claimed: to be verified, never scored. */
  directRouteCriterionIds: number[];
  regionalBonus: RegionalBonusResult | null;
  /** Salary over the local average, when both are given (same currency). */
  salaryMultiple: number | null;
  /** Completed years on `asOf`, when the birth date is given. */
  age: number | null;
}

/** A problem with the profile, named by its path under the `profile` argument. */
export interface ProfileProblem {
  path: string;
  message: string;
}

const MEASURE_INPUT: Record<PointsMeasure, string> = {
  ANNUAL_SALARY_10K_CNY: 'annualSalary',
  WORK_EXPERIENCE_YEARS: 'workExperienceYears',
  MONTHS_IN_CHINA_PER_YEAR: 'monthsInChinaPerYear',
  AGE_YEARS: 'birthDate',
  EDUCATION: 'education',
  CHINESE: 'chinese',
  WORK_LOCATION: 'workLocation',
  DISTINCTIONS: 'distinctions',
  LOCAL_BONUS: 'workJurisdiction',
};

/** The profile field that scores an indicator of this measure. */
export const inputOf = (measure: PointsMeasure): string => MEASURE_INPUT[measure];

/** The indicators that carry points: leaves of the tree (sections only hold them). */
function scoredIndicators(scheme: Pick<SchemeFacts, 'indicators'>): IndicatorFacts[] {
  const parents = new Set(scheme.indicators.map((i) => i.parentId).filter((p): p is number => p !== null));
  return scheme.indicators.filter((i) => !parents.has(i.id));
}

/** Whether a scheme can be scored on `asOf`, and why not. */
export function refusalOf(scheme: SchemeFacts, asOf: string): Refusal | null {
  const unmeasured = scoredIndicators(scheme).filter((i) => i.measure === null || i.maxPoints === null);
  const pointless = scoredIndicators(scheme).filter((i) => i.measure !== 'LOCAL_BONUS' && i.bands.some((b) => b.points === null));
  if (!scheme.bandsComplete || unmeasured.length > 0 || pointless.length > 0) {
    return {
      reason: 'BANDS_NOT_PUBLISHED',
      message: `Points scheme '${scheme.slug}' cannot be scored: its source publishes ${
        unmeasured.length > 0 ? 'indicators and their maxima' : 'bands'
      } but not the points per band (or their bounds), so any score would be a guess`,
    };
  }
  if (scheme.version && !inForce(scheme.version, asOf)) {
    const end = endOf(scheme.version);
    return {
      reason: 'NOT_IN_FORCE',
      message: `Points scheme '${scheme.slug}' is not in force on ${asOf}: its standard version is in force from ${scheme.version.validFrom}${
        end ? ` until ${end} (exclusive)` : ''
      }${scheme.version.status === 'PUBLISHED' ? '' : ', once published'}`,
    };
  }
  return null;
}

/** Completed years between `birthDate` and `day`, exact to the day. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  // NOTE: someone born on 29 February turns a year older on 1 March in a common year: the
  // birthday is reached only once the calendar has passed (2, 29).
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

let currencies: ReadonlySet<string> | null = null;
/** ISO 4217 codes this runtime knows. */
function knownCurrency(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code);
}

/**
 * What is wrong with a profile, each problem with its path. Checked before anything is scored:
 * negative or impossible values, a birth date after `asOf`, an unknown currency, a salary in a
 * currency the table does not use (the hub holds no exchange rates and never guesses one).
 */
export function profileProblems(profile: PointsProfile, asOf: string): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const money = (m: Money | undefined, path: string) => {
    if (!m) return;
    if (!Number.isFinite(m.amount) || m.amount < 0) problems.push({ path: `${path}.amount`, message: `${path}.amount must be 0 or more` });
    if (!/^[A-Z]{3}$/.test(m.currency) || !knownCurrency(m.currency)) {
      problems.push({ path: `${path}.currency`, message: `${path}.currency '${m.currency}' is not an ISO 4217 currency code` });
    } else if (m.currency !== TABLE_CURRENCY) {
      problems.push({
        path: `${path}.currency`,
        message: `${path}.currency is ${m.currency}: the table's salary bands are in ${TABLE_CURRENCY} and the hub holds no exchange rates, so give the amount in ${TABLE_CURRENCY}`,
      });
    }
  };
  money(profile.annualSalary, 'annualSalary');
  money(profile.localAverageAnnualSalary, 'localAverageAnnualSalary');
  if (profile.localAverageAnnualSalary && profile.localAverageAnnualSalary.amount === 0) {
    problems.push({ path: 'localAverageAnnualSalary.amount', message: 'localAverageAnnualSalary.amount must be more than 0' });
  }
  const nonNegative = (v: number | undefined, path: string, max?: number) => {
    if (v === undefined) return;
    if (!Number.isFinite(v) || v < 0 || (max !== undefined && v > max)) {
      problems.push({ path, message: `${path} must be between 0 and ${max ?? 'any number'}` });
    }
  };
  nonNegative(profile.workExperienceYears, 'workExperienceYears', 100);
  nonNegative(profile.monthsInChinaPerYear, 'monthsInChinaPerYear', 12);
  if (profile.birthDate !== undefined && profile.birthDate > asOf) {
    problems.push({ path: 'birthDate', message: `birthDate ${profile.birthDate} is after asOf ${asOf}` });
  }
  const hsk = profile.chinese?.hskLevel;
  if (hsk !== undefined && (!Number.isInteger(hsk) || hsk < HSK_LEVELS.min || hsk > HSK_LEVELS.max)) {
    problems.push({
      path: 'chinese.hskLevel',
      message: `chinese.hskLevel must be a whole level from ${HSK_LEVELS.min} to ${HSK_LEVELS.max}`,
    });
  }
  if (profile.distinctions && new Set(profile.distinctions).size !== profile.distinctions.length) {
    problems.push({ path: 'distinctions', message: 'distinctions lists an item twice' });
  }
  return problems;
}

/** What the profile says for an indicator: a number in its unit and/or ticked values; null when it says nothing (missing). */
function readingOf(measure: PointsMeasure, profile: PointsProfile, asOf: string): { value: number | null; ticks: Set<string> } | null {
  switch (measure) {
    case 'ANNUAL_SALARY_10K_CNY':
      return profile.annualSalary ? { value: profile.annualSalary.amount / 10_000, ticks: new Set() } : null;
    case 'WORK_EXPERIENCE_YEARS':
      return profile.workExperienceYears === undefined ? null : { value: profile.workExperienceYears, ticks: new Set() };
    case 'MONTHS_IN_CHINA_PER_YEAR':
      return profile.monthsInChinaPerYear === undefined ? null : { value: profile.monthsInChinaPerYear, ticks: new Set() };
    case 'AGE_YEARS':
      return profile.birthDate === undefined ? null : { value: ageOn(profile.birthDate, asOf), ticks: new Set() };
    case 'EDUCATION':
      return profile.education === undefined ? null : { value: null, ticks: new Set([profile.education]) };
    case 'CHINESE': {
      const c = profile.chinese;
      if (!c) return null;
      const ticks = new Set<string>();
      if (c.formerChineseNational) ticks.add(FORMER_CHINESE_NATIONAL);
      if (c.chineseTaughtDegree) ticks.add(CHINESE_TAUGHT_DEGREE);
      return { value: c.hskLevel ?? null, ticks };
    }
    case 'WORK_LOCATION':
      return profile.workLocation === undefined ? null : { value: null, ticks: new Set([profile.workLocation]) };
    case 'DISTINCTIONS':
      return profile.distinctions === undefined ? null : { value: null, ticks: new Set(profile.distinctions) };
    case 'LOCAL_BONUS':
      return null;
  }
}

/** Whether a band holds a reading: by its bounds when it has any, or by a ticked value it lists. */
export function bandHolds(
  band: Pick<BandFacts, 'fromValue' | 'belowValue' | 'matches'>,
  reading: { value: number | null; ticks: ReadonlySet<string> },
): boolean {
  const numeric = band.fromValue !== null || band.belowValue !== null;
  if (
    numeric &&
    reading.value !== null &&
    (band.fromValue === null || reading.value >= band.fromValue) &&
    (band.belowValue === null || reading.value < band.belowValue)
  ) {
    return true;
  }
  return band.matches.some((m) => reading.ticks.has(m));
}

/** The category a score reaches: the highest threshold met; below all, the one category the version confers without a threshold. */
function categoryFor(scheme: SchemeFacts, score: number): number | null {
  const met = [...scheme.thresholds].sort((a, b) => b.minPoints - a.minPoints).find((t) => score >= t.minPoints);
  if (met) return met.categoryId;
  // NOTE: the data gives A ≥ 85 and B ≥ 60 and no threshold for C; the standard version confers
  // A, B and C, so C is the category of a score below both. With two or more such categories the
  // data does not say which, and the answer says null rather than choose.
  const unthresholded = scheme.conferredCategoryIds.filter((id) => !scheme.thresholds.some((t) => t.categoryId === id));
  return unthresholded.length === 1 ? unthresholded[0]! : null;
}

function regionalBonusOf(
  scheme: SchemeFacts,
  indicator: IndicatorFacts,
  profile: PointsProfile,
): { result: RegionalBonusResult; problems: ProfileProblem[] } {
  const cap = indicator.maxPoints ?? 0;
  const claimed = profile.regionalBonusProvisions ?? [];
  const chain = profile.workJurisdictionChain;
  if (!chain) {
    const problems =
      claimed.length > 0
        ? [{ path: 'regionalBonusProvisions', message: 'regionalBonusProvisions needs workJurisdiction: a provision belongs to a region' }]
        : [];
    return { result: { status: 'WORK_JURISDICTION_MISSING', bonusId: null, points: 0, couldAdd: cap, provisionIds: [] }, problems };
  }
  // The most local rule along the chain: a city's own, else its province's.
  const rule = chain.map((id) => scheme.regionalBonuses.find((b) => b.jurisdictionId === id)).find((b) => b !== undefined);
  if (!rule || rule.provisions.length === 0) {
    const problems =
      claimed.length > 0
        ? [
            {
              path: 'regionalBonusProvisions',
              message: rule
                ? 'the region grants bonus points, but its provisions are not published: no provision can be claimed'
                : 'the hub holds no regional bonus rule for workJurisdiction: no provision can be claimed',
            },
          ]
        : [];
    const couldAdd = rule ? Math.min(rule.maxPoints ?? cap, cap) : 0;
    return {
      result: { status: rule ? 'UNKNOWN_AMOUNT' : 'NONE_KNOWN', bonusId: rule?.id ?? null, points: 0, couldAdd, provisionIds: [] },
      problems,
    };
  }
  const unknown = claimed.filter((c) => !rule.provisions.some((p) => p.code === c));
  const problems = unknown.map((code) => ({
    path: 'regionalBonusProvisions',
    message: `unknown provision '${code}': the region's provisions are ${rule.provisions.map((p) => p.code).join(', ')}`,
  }));
  const provisions = rule.provisions.filter((p) => claimed.includes(p.code));
  const points = Math.min(
    provisions.reduce((n, p) => n + p.points, 0),
    rule.maxPoints ?? cap,
    cap,
  );
  return { result: { status: 'APPLIED', bonusId: rule.id, points, couldAdd: 0, provisionIds: provisions.map((p) => p.id) }, problems };
}

/**
 * Scores a profile on a scheme on `asOf`. Call `refusalOf` first: a scheme without published
 * bands is never scored. Returns the problems with the profile instead of an evaluation when it
 * has any (the API serves them as BAD_USER_INPUT with their paths).
 */
export function evaluatePoints(
  scheme: SchemeFacts,
  profile: PointsProfile,
  asOf: string,
): { evaluation: Evaluation; problems: [] } | { evaluation: null; problems: ProfileProblem[] } {
  const problems = profileProblems(profile, asOf);
  const criterionIds: number[] = [];
  for (const [i, claim] of (profile.claimedCriteria ?? []).entries()) {
    const criterion = scheme.criteria.find((c) => c.categoryCode === claim.category && c.position === claim.position);
    if (!criterion) {
      problems.push({
        path: `claimedCriteria.${i}`,
        message: `the scheme's standard version has no criterion ${claim.category}${claim.position}: it has ${
          scheme.criteria.map((c) => `${c.categoryCode}${c.position}`).join(', ') || 'none'
        }`,
      });
    } else if (!criterionIds.includes(criterion.id)) {
      criterionIds.push(criterion.id);
    }
  }
  const indicators: IndicatorResult[] = [];
  const missing: MissingInput[] = [];
  let regionalBonus: RegionalBonusResult | null = null;
  for (const indicator of scoredIndicators(scheme)) {
    const measure = indicator.measure!;
    const maxPoints = indicator.maxPoints ?? 0;
    if (measure === 'LOCAL_BONUS') {
      const bonus = regionalBonusOf(scheme, indicator, profile);
      problems.push(...bonus.problems);
      regionalBonus = bonus.result;
      if (bonus.result.status === 'WORK_JURISDICTION_MISSING') {
        missing.push({ indicatorId: indicator.id, input: inputOf(measure), couldAdd: maxPoints });
        indicators.push({ indicatorId: indicator.id, status: 'MISSING', points: 0, maxPoints, bandId: null, value: null });
      } else {
        indicators.push({
          indicatorId: indicator.id,
          status: 'REGIONAL_BONUS',
          points: bonus.result.points,
          maxPoints,
          bandId: null,
          value: null,
        });
      }
      continue;
    }
    const reading = readingOf(measure, profile, asOf);
    if (!reading) {
      missing.push({ indicatorId: indicator.id, input: inputOf(measure), couldAdd: maxPoints });
      indicators.push({ indicatorId: indicator.id, status: 'MISSING', points: 0, maxPoints, bandId: null, value: null });
      continue;
    }
    // Not cumulative within an indicator: the best band it falls in, capped at the indicator's maximum.
    let best: BandFacts | null = null;
    for (const band of indicator.bands) {
      if (bandHolds(band, reading) && (best === null || (band.points ?? 0) > (best.points ?? 0))) best = band;
    }
    indicators.push({
      indicatorId: indicator.id,
      status: best ? 'SCORED' : 'NO_BAND',
      points: Math.min(best?.points ?? 0, maxPoints),
      maxPoints,
      bandId: best?.id ?? null,
      value: reading.value,
    });
  }
  if (problems.length > 0) return { evaluation: null, problems };
  const sumOfMaxima = indicators.reduce((n, r) => n + r.maxPoints, 0);
  const maxTotal = scheme.maxPoints ?? sumOfMaxima;
  const total = Math.min(
    indicators.reduce((n, r) => n + r.points, 0),
    maxTotal,
  );
  const couldAdd = missing.reduce((n, m) => n + m.couldAdd, 0) + (regionalBonus?.status === 'UNKNOWN_AMOUNT' ? regionalBonus.couldAdd : 0);
  const maxPossible = Math.min(total + couldAdd, maxTotal);
  const salary = profile.annualSalary;
  const average = profile.localAverageAnnualSalary;
  return {
    problems: [],
    evaluation: {
      total,
      maxPossible,
      maxPoints: maxTotal,
      categoryId: categoryFor(scheme, total),
      bestPossibleCategoryId: categoryFor(scheme, maxPossible),
      indicators,
      missing,
      directRouteCriterionIds: criterionIds,
      regionalBonus,
      salaryMultiple: salary && average ? Math.round((salary.amount / average.amount) * 100) / 100 : null,
      age: profile.birthDate === undefined ? null : ageOn(profile.birthDate, asOf),
    },
  };
}
