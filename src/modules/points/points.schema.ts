import { decodeGlobalID } from '@pothos/plugin-relay';
import { notFound } from '../../errors.ts';
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { enumOf } from '../../graphql/enums.ts';
import { groupLoader, loadAll } from '../../graphql/nodes.ts';
import { citationsOf, InstrumentRef } from '../instrument/instrument.schema.ts';
import type { InstrumentRow } from '../instrument/instrument.store.ts';
import { JurisdictionRef } from '../jurisdiction/jurisdiction.schema.ts';
import { StatusRecognitionRef, statusRecognitionAnswer } from '../recognition/recognition.schema.ts';
import {
  PointsBandRef,
  PointsIndicatorRef,
  PointsSchemeRef,
  StandardCriterionRef,
  StandardVersionRef,
  TalentCategoryRef,
} from '../standard/standard.schema.ts';
import type { SchemeRow } from '../standard/standard.store.ts';
import {
  DISTINCTIONS,
  EDUCATION_LEVELS,
  type IndicatorResult,
  type MissingInput,
  type RegionalBonusResult,
  WORK_LOCATIONS,
} from './points.rules.ts';
import { type EvaluationAnswer, evaluateProfile, type ProfileInput } from './points.service.ts';
import { bonusesOfSchemes, type ProvisionRow, provisionsOfBonuses, type RegionalBonusRow, sourcesOfBonuses } from './points.store.ts';

const EducationLevelEnum = enumOf(
  'EducationLevel',
  EDUCATION_LEVELS,
  "Education or vocational-skill level, as the points table's education row names them.",
  {
    DOCTORATE: 'Doctorate.',
    TOP_VOCATIONAL_CERTIFICATE: 'Top-level internationally recognised vocational-skill certificate.',
    SENIOR_TECHNICIAN: 'Senior technician (高级技师) or equivalent.',
    MASTER: "Master's degree.",
    TECHNICIAN: 'Technician (技师) or equivalent.',
    BACHELOR: "Bachelor's degree.",
    SENIOR_WORKER: 'Senior worker (高级工) or equivalent.',
    NONE_OF_THESE: 'None of the above: no band of the row, 0 points.',
  },
);

const WorkLocationEnum = enumOf(
  'WorkLocation',
  WORK_LOCATIONS,
  "Where the post is, as the points table's work-location row (工作定向) names the areas.",
  {
    WESTERN_REGION: 'The western region.',
    NORTHEAST_OLD_INDUSTRIAL_BASE: 'The northeast and other old industrial bases.',
    POVERTY_COUNTY_OR_SPECIAL_AREA: 'A national-level poverty county or special area.',
    ELSEWHERE: 'Anywhere else: no band of the row, 0 points.',
  },
);

const DistinctionEnum = enumOf('Distinction', DISTINCTIONS, "An item of the points table's university / employer row.", {
  HIGH_LEVEL_FOREIGN_UNIVERSITY: 'Graduated from a high-level foreign university.',
  FORTUNE_GLOBAL_500: 'Worked for a Fortune Global 500 company.',
  PATENTS_OR_IP: 'Holds patents or other intellectual property.',
  FIVE_CONSECUTIVE_YEARS_IN_CHINA: 'Has worked in China for 5 or more consecutive years.',
});

const IndicatorStatusEnum = enumOf(
  'PointsIndicatorStatus',
  ['SCORED', 'NO_BAND', 'MISSING', 'REGIONAL_BONUS'] as const,
  'How an indicator of an evaluation was scored.',
  {
    SCORED: 'The input falls in a band: its points (capped at the indicator maximum).',
    NO_BAND: 'The input was given but no band holds it (age under 18, education below a bachelor): 0 points.',
    MISSING: 'The profile leaves the input out: 0 points, listed in `missing` with what it could add.',
    REGIONAL_BONUS: "The provincial bonus row, scored by the work jurisdiction's bonus rule: see `regionalBonus`.",
  },
);

const RegionalBonusStatusEnum = enumOf(
  'RegionalBonusStatus',
  ['APPLIED', 'UNKNOWN_AMOUNT', 'NONE_KNOWN', 'WORK_JURISDICTION_MISSING'] as const,
  "What the hub can say about the local bonus row (地方鼓励性加分) for the profile's work jurisdiction.",
  {
    APPLIED:
      "The region's rule publishes its provisions: the points of the provisions claimed, capped at the rule's and the row's maximum.",
    UNKNOWN_AMOUNT:
      'The region grants bonus points but the hub does not know how many (its provisions are not published): 0 counted, up to `couldAdd` more possible.',
    NONE_KNOWN: 'The hub holds no bonus rule for the region: 0 points.',
    WORK_JURISDICTION_MISSING: 'The profile gives no work jurisdiction: the row is missing.',
  },
);

const MoneyInput = builder.inputType('MoneyInput', {
  description: 'An amount of money a year, in a currency (ISO 4217 code).',
  fields: (t) => ({
    amount: t.float({ required: true, description: 'The amount a year, 0 or more.' }),
    currency: t.string({
      required: true,
      description: 'ISO 4217 code. The national table is in CNY and the hub holds no exchange rates: another currency is BAD_USER_INPUT.',
    }),
  }),
});

const ChineseInput = builder.inputType('ChineseProficiencyInput', {
  description: "Chinese proficiency, as the table's Chinese row scores it (the best item counts, not their sum).",
  fields: (t) => ({
    hskLevel: t.int({ description: 'HSK level passed, 1 to 9 (HSK 2.0 has 1–6, HSK 3.0 1–9); the top band is HSK 5 or above.' }),
    formerChineseNational: t.boolean({ description: 'Was a Chinese national.' }),
    chineseTaughtDegree: t.boolean({ description: "Holds a bachelor's degree or higher taught in Chinese." }),
  }),
});

const ClaimedCriterionInput = builder.inputType('ClaimedCriterionInput', {
  description:
    "A criterion of the scheme's standard version the person claims to meet (a direct route): listed to be verified, never scored.",
  fields: (t) => ({
    category: t.string({ required: true, description: 'The category code of the criterion ("A").' }),
    position: t.int({
      required: true,
      description: 'Its position within the category, from 1 (as `StandardVersion.criteria` lists them).',
    }),
  }),
});

const PointsProfileInput = builder.inputType('PointsProfileInput', {
  description:
    'A person to score, each input in its own unit. An input left out is missing: it scores nothing and is listed in `missing` with the points it could add.',
  fields: (t) => ({
    annualSalary: t.field({ type: MoneyInput, description: 'Annual salary paid by the domestic employer, in CNY.' }),
    localAverageAnnualSalary: t.field({
      type: MoneyInput,
      description:
        "The local average annual wage of the previous year, in the salary's currency: only for `salaryMultiple` (the salary routes A3 ≥ 6× and B4 ≥ 4× are criteria, not points).",
    }),
    education: t.field({ type: EducationLevelEnum, description: 'Highest education or vocational-skill level.' }),
    workExperienceYears: t.float({ description: 'Years of relevant work experience (a part year does not reach the next band).' }),
    monthsInChinaPerYear: t.float({ description: 'Months a year the person works in China, 0 to 12.' }),
    birthDate: t.field({ type: 'Date', description: 'Date of birth: the age is counted in completed years on `asOf`, exact to the day.' }),
    chinese: t.field({ type: ChineseInput, description: 'Chinese proficiency.' }),
    workLocation: t.field({ type: WorkLocationEnum, description: 'Where the post is.' }),
    distinctions: t.field({
      type: [DistinctionEnum],
      description: 'Items of the university / employer row the person has; an empty list says "none" (given, 0 points).',
    }),
    workJurisdiction: t.string({
      description:
        'Code of the jurisdiction where the person will work ("CN-CQ"): the regional bonus is that region\'s (or its province\'s).',
    }),
    regionalBonusProvisions: t.stringList({ description: "Codes of the work jurisdiction's bonus provisions the person claims." }),
    claimedCriteria: t.field({ type: [ClaimedCriterionInput], description: 'Direct routes claimed: criteria of the standard version.' }),
  }),
});

const RegionalBonusProvisionRef = builder.objectRef<ProvisionRow>('RegionalBonusProvision').implement({
  description: "One provision of a region's bonus rule and the points it grants.",
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Code within the rule, to claim it in `regionalBonusProvisions`.' }),
    label: t.exposeString('label', { description: 'The provision, in English.' }),
    labelZh: t.exposeString('labelZh', { nullable: true, description: 'The provision, in Chinese.' }),
    points: t.exposeInt('points', { description: 'Points it grants.' }),
  }),
});

const provisionsOf = groupLoader(provisionsOfBonuses, (p) => p.bonusId);
const bonusSourcesOf = groupLoader(sourcesOfBonuses, (s) => s.bonusId);
const bonusesOf = groupLoader(bonusesOfSchemes, (b) => b.schemeId);

async function instrumentsOf(ctx: Context, ids: number[]): Promise<InstrumentRow[]> {
  const rows = (await loadAll(InstrumentRef.getDataloader(ctx), [...new Set(ids)])).filter((r): r is InstrumentRow => r !== null);
  return rows.sort((a, b) => (a.issuedOn ?? '9999').localeCompare(b.issuedOn ?? '9999') || a.id - b.id);
}

const RegionalBonusRef = builder.objectRef<RegionalBonusRow>('RegionalBonus').implement({
  description: "A region's rule for a scheme's local bonus row: it grants bonus points up to `maxPoints` under its provisions.",
  fields: (t) => ({
    jurisdiction: t.field({ type: JurisdictionRef, description: 'The region that grants it.', resolve: (b) => b.jurisdictionId }),
    name: t.exposeString('name', { description: 'English name of the rule.' }),
    nameZh: t.exposeString('nameZh', { nullable: true, description: 'Chinese name of the rule.' }),
    maxPoints: t.exposeInt('maxPoints', { nullable: true, description: 'Most points it grants in all.' }),
    provisionsPublished: t.boolean({
      description: 'False where the hub knows the region grants bonus points but not under which provisions or how many.',
      resolve: async (b, _a, ctx) => (await provisionsOf(ctx).load(b.id)).length > 0,
    }),
    provisions: t.field({
      type: [RegionalBonusProvisionRef],
      description: 'Its provisions, in order; empty where they are not published.',
      resolve: (b, _a, ctx) => provisionsOf(ctx).load(b.id),
    }),
    note: t.exposeString('note', { nullable: true, description: 'Caveats: what the sources do not say.' }),
    sources: t.field({
      type: [InstrumentRef],
      description: 'The documents the rule is known from, oldest first.',
      resolve: async (b, _a, ctx) =>
        instrumentsOf(
          ctx,
          (await bonusSourcesOf(ctx).load(b.id)).map((s) => s.instrumentId),
        ),
    }),
  }),
});

builder.objectField(PointsSchemeRef, 'regionalBonuses', (t) =>
  t.field({
    type: [RegionalBonusRef],
    description: "Regions' rules for the local bonus row, in load order.",
    resolve: (s, _a, ctx) => bonusesOf(ctx).load(s.id),
  }),
);

type ResultShape = { answer: EvaluationAnswer; result: IndicatorResult };
const PointsIndicatorResultRef = builder.objectRef<ResultShape>('PointsIndicatorResult').implement({
  description: 'The points one indicator gives the profile, and the band that matched.',
  fields: (t) => ({
    indicator: t.field({
      type: PointsIndicatorRef,
      description: 'The indicator.',
      resolve: (r) => r.answer.indicators.get(r.result.indicatorId)!,
    }),
    status: t.field({ type: IndicatorStatusEnum, description: 'How it was scored.', resolve: (r) => r.result.status }),
    points: t.int({ description: 'Points given.', resolve: (r) => r.result.points }),
    maxPoints: t.int({ description: 'Most points the indicator gives.', resolve: (r) => r.result.maxPoints }),
    band: t.field({
      type: PointsBandRef,
      nullable: true,
      description: 'The band that gave the points (the best band the input falls in); null when none holds it or the input is missing.',
      resolve: (r) => (r.result.bandId === null ? null : r.answer.bands.get(r.result.bandId)!),
    }),
    value: t.float({
      nullable: true,
      description:
        "The value compared with the bands' bounds, in the indicator's unit (salary in 10,000 CNY, age in completed years, …); null for ticked values.",
      resolve: (r) => r.result.value,
    }),
  }),
});

type MissingShape = { answer: EvaluationAnswer; missing: MissingInput };
const MissingPointsInputRef = builder.objectRef<MissingShape>('MissingPointsInput').implement({
  description: 'An input the profile leaves out: it scored nothing, and could add up to `couldAdd` points.',
  fields: (t) => ({
    indicator: t.field({
      type: PointsIndicatorRef,
      description: 'The indicator it would score.',
      resolve: (m) => m.answer.indicators.get(m.missing.indicatorId)!,
    }),
    input: t.string({ description: 'The field of `PointsProfileInput` that would score it.', resolve: (m) => m.missing.input }),
    couldAdd: t.int({ description: 'The most points it could add.', resolve: (m) => m.missing.couldAdd }),
  }),
});

type ClaimShape = { answer: EvaluationAnswer; criterionId: number };
const DirectRouteClaimRef = builder.objectRef<ClaimShape>('DirectRouteClaim').implement({
  description:
    'A direct route the profile claims: a criterion that confers its category without points once the issuing authority verifies it. Listed, never scored, never folded into `category`.',
  fields: (t) => ({
    criterion: t.field({
      type: StandardCriterionRef,
      description: 'The criterion claimed.',
      resolve: (c) => c.answer.criteria.get(c.criterionId)!,
    }),
    category: t.field({
      type: TalentCategoryRef,
      description: 'The category it would confer.',
      resolve: (c) => c.answer.criteria.get(c.criterionId)!.categoryId,
    }),
    verified: t.boolean({
      description: 'Always false: the hub cannot verify a claim; the issuing authority does.',
      resolve: () => false,
    }),
  }),
});

type BonusShape = { answer: EvaluationAnswer; result: RegionalBonusResult };
const RegionalBonusOutcomeRef = builder.objectRef<BonusShape>('RegionalBonusOutcome').implement({
  description:
    "The local bonus row for the profile's work jurisdiction: applied where a regional rule publishes its provisions, said to be unknown where it does not.",
  fields: (t) => ({
    status: t.field({ type: RegionalBonusStatusEnum, description: 'What the hub can say.', resolve: (b) => b.result.status }),
    jurisdiction: t.field({
      type: JurisdictionRef,
      nullable: true,
      description: "The profile's work jurisdiction; null when not given.",
      resolve: (b) => b.answer.workJurisdictionId,
    }),
    rule: t.field({
      type: RegionalBonusRef,
      nullable: true,
      description: "The regional rule applied or known (the work jurisdiction's own, else its province's); null when none.",
      resolve: (b) => (b.result.bonusId === null ? null : b.answer.bonuses.get(b.result.bonusId)!),
    }),
    points: t.int({ description: 'Points counted in `total`.', resolve: (b) => b.result.points }),
    couldAdd: t.int({
      description:
        'Points the hub could not count but the row could still give (UNKNOWN_AMOUNT, WORK_JURISDICTION_MISSING); counted in `maxPossible`.',
      resolve: (b) => b.result.couldAdd,
    }),
    provisions: t.field({
      type: [RegionalBonusProvisionRef],
      description: 'The provisions applied.',
      resolve: (b) => b.result.provisionIds.map((id) => b.answer.provisions.get(id)!),
    }),
    note: t.string({
      description: 'What the status means for this profile, in words.',
      resolve: (b) => bonusNote(b),
    }),
    sources: t.field({
      type: [InstrumentRef],
      description: "The rule's sources, oldest first.",
      resolve: async (b, _a, ctx) =>
        b.result.bonusId === null
          ? []
          : instrumentsOf(
              ctx,
              (await bonusSourcesOf(ctx).load(b.result.bonusId)).map((s) => s.instrumentId),
            ),
    }),
  }),
});

function bonusNote({ answer, result }: BonusShape): string {
  const rule = result.bonusId === null ? null : answer.bonuses.get(result.bonusId)!;
  switch (result.status) {
    case 'APPLIED':
      return `${rule!.name}: ${result.points} points from the provisions claimed.`;
    case 'UNKNOWN_AMOUNT':
      return `${rule!.name} grants local bonus points (up to ${rule!.maxPoints ?? result.couldAdd}), but its provisions are not published: the hub counts 0 and cannot say how many this profile would get (up to ${result.couldAdd}).${rule!.note ? ` ${rule!.note}` : ''}`;
    case 'NONE_KNOWN':
      return 'The hub holds no local bonus rule for this jurisdiction: 0 points. The scheme lets each province set one; a rule the hub does not hold is not counted.';
    case 'WORK_JURISDICTION_MISSING':
      return 'No work jurisdiction given: the local bonus row is missing (give `workJurisdiction`).';
  }
}

const PointsEvaluationRef = builder.objectRef<EvaluationAnswer>('PointsEvaluation').implement({
  description:
    'A profile scored on a points scheme on a day: points per indicator, the total, the category by the thresholds in force, what is missing and could still be added, the direct routes claimed, and the sources.',
  fields: (t) => ({
    scheme: t.field({ type: PointsSchemeRef, description: 'The scheme scored on.', resolve: (a) => a.scheme }),
    standardVersion: t.field({
      type: StandardVersionRef,
      nullable: true,
      description: 'The standard version in force on `asOf` whose thresholds gave `category`.',
      resolve: (a) => a.version,
    }),
    asOf: t.field({
      type: 'Date',
      description: 'The day of the evaluation (ages and thresholds are taken on it).',
      resolve: (a) => a.asOf,
    }),
    total: t.int({ description: 'Points scored, capped at `maxPoints`.', resolve: (a) => a.evaluation.total }),
    maxPoints: t.int({ description: "The scheme's maximum.", resolve: (a) => a.evaluation.maxPoints }),
    maxPossible: t.int({
      description:
        'The highest total the profile could reach: `total` plus what the missing inputs and an unknown regional bonus could add, capped at `maxPoints`.',
      resolve: (a) => a.evaluation.maxPossible,
    }),
    category: t.field({
      type: TalentCategoryRef,
      nullable: true,
      description:
        "The category the total reaches by the thresholds in force on `asOf` (A ≥ 85, B ≥ 60 in the national table); below every threshold, the version's one category without a threshold (C). Null when the data names none.",
      resolve: (a) => (a.evaluation.categoryId === null ? null : a.categories.get(a.evaluation.categoryId)!),
    }),
    bestPossibleCategory: t.field({
      type: TalentCategoryRef,
      nullable: true,
      description: 'The category `maxPossible` would reach: what the missing inputs could at best make of the profile.',
      resolve: (a) => (a.evaluation.bestPossibleCategoryId === null ? null : a.categories.get(a.evaluation.bestPossibleCategoryId)!),
    }),
    indicators: t.field({
      type: [PointsIndicatorResultRef],
      description: 'Each scoring indicator, in the order of the scheme.',
      resolve: (a) => a.evaluation.indicators.map((result) => ({ answer: a, result })),
    }),
    missing: t.field({
      type: [MissingPointsInputRef],
      description: 'Inputs the profile leaves out, each with the points it could add.',
      resolve: (a) => a.evaluation.missing.map((missing) => ({ answer: a, missing })),
    }),
    directRoutes: t.field({
      type: [DirectRouteClaimRef],
      description: 'Criteria the profile claims, to be verified: they may confer a category directly, never through points.',
      resolve: (a) => a.evaluation.directRouteCriterionIds.map((criterionId) => ({ answer: a, criterionId })),
    }),
    regionalBonus: t.field({
      type: RegionalBonusOutcomeRef,
      nullable: true,
      description: 'The local bonus row for the work jurisdiction; null when the scheme has no such row.',
      resolve: (a) => (a.evaluation.regionalBonus === null ? null : { answer: a, result: a.evaluation.regionalBonus }),
    }),
    salaryMultiple: t.float({
      nullable: true,
      description:
        'The salary over the local average wage, to two decimals, when both are given: the salary routes (A ≥ 6×, B ≥ 4×) are criteria to verify, not points.',
      resolve: (a) => a.evaluation.salaryMultiple,
    }),
    age: t.int({
      nullable: true,
      description: 'Age in completed years on `asOf`, when the birth date is given.',
      resolve: (a) => a.evaluation.age,
    }),
    sources: t.field({
      type: [InstrumentRef],
      description: "The documents the answer rests on: the scheme's sources and the applied or known regional bonus rule's, oldest first.",
      resolve: async (a, _a, ctx) => {
        const bonusId = a.evaluation.regionalBonus?.bonusId ?? null;
        const [scheme, bonus] = await Promise.all([
          citationsOf.scheme(ctx).load(a.scheme.id),
          bonusId === null ? [] : bonusSourcesOf(ctx).load(bonusId),
        ]);
        return instrumentsOf(
          ctx,
          [...scheme, ...bonus].map((c) => c.instrumentId),
        );
      },
    }),
    whereHonoured: t.field({
      type: StatusRecognitionRef,
      nullable: true,
      description:
        "Where the computed `category`, granted in `grantedIn`, is honoured (the `statusRecognition` answer) on `asOf` (default: the evaluation's day). Null when the evaluation names no category.",
      args: {
        grantedIn: t.arg.string({ required: true, description: 'Code of the jurisdiction granting the category ("CN-CQ").' }),
        asOf: t.arg({ type: 'Date', required: false, description: "The day to answer for; default the evaluation's `asOf`." }),
      },
      resolve: async (a, args, ctx) => {
        if (a.evaluation.categoryId === null) return null;
        const code = a.categories.get(a.evaluation.categoryId)!.code;
        return statusRecognitionAnswer(ctx, code, args.grantedIn, args.asOf ?? a.asOf);
      },
    }),
  }),
});

/** A scheme by slug, or by its global ID. */
async function schemeOf(ctx: Context, key: string): Promise<SchemeRow> {
  const loader = PointsSchemeRef.getDataloader(ctx);
  const bySlug = await loader.load(key);
  if (bySlug) return bySlug;
  let decoded: { typename: string; id: string } | null = null;
  try {
    decoded = decodeGlobalID(key);
  } catch {
    decoded = null;
  }
  const byId = decoded?.typename === 'PointsScheme' ? await loader.load(decoded.id) : null;
  if (!byId) throw notFound('points scheme', key);
  return byId;
}

const defined = <T>(v: T | null | undefined): T | undefined => v ?? undefined;

builder.queryFields((t) => ({
  evaluatePoints: t.field({
    type: PointsEvaluationRef,
    description:
      'Scores a profile on a points scheme on `asOf`. An unknown scheme is NOT_FOUND. A scheme whose bands are not published (Beijing\'s 2023 permanent-residence evaluation) or that is not in force on `asOf` is refused as BAD_USER_INPUT with `argument: "scheme"` and `reason` (BANDS_NOT_PUBLISHED, NOT_IN_FORCE), never scored by guesswork. A bad profile (negative salary, birth date after `asOf`, a currency other than CNY, …) is BAD_USER_INPUT with `argument` the path of the first problem and `problems` listing all.',
    args: {
      scheme: t.arg.string({ required: true, description: 'The scheme: its slug ("foreigners-work-points-2017") or its global ID.' }),
      profile: t.arg({ type: PointsProfileInput, required: true, description: 'The person to score.' }),
      asOf: t.arg({
        type: 'Date',
        required: true,
        description: 'The day to score on: ages, and the thresholds in force, are taken on it.',
      }),
    },
    resolve: async (_r, args, ctx) => {
      const scheme = await schemeOf(ctx, args.scheme);
      const p = args.profile;
      const profile: ProfileInput = {
        annualSalary: defined(p.annualSalary),
        localAverageAnnualSalary: defined(p.localAverageAnnualSalary),
        education: defined(p.education),
        workExperienceYears: defined(p.workExperienceYears),
        monthsInChinaPerYear: defined(p.monthsInChinaPerYear),
        birthDate: defined(p.birthDate),
        chinese: p.chinese
          ? {
              hskLevel: defined(p.chinese.hskLevel),
              formerChineseNational: defined(p.chinese.formerChineseNational),
              chineseTaughtDegree: defined(p.chinese.chineseTaughtDegree),
            }
          : undefined,
        workLocation: defined(p.workLocation),
        distinctions: defined(p.distinctions),
        workJurisdiction: defined(p.workJurisdiction),
        regionalBonusProvisions: defined(p.regionalBonusProvisions),
        claimedCriteria: defined(p.claimedCriteria),
      };
      return evaluateProfile(ctx.db, scheme, profile, args.asOf);
    },
  }),
}));
