import { pointsMeasure, standardScope } from '../../db/tables/index.ts';
import { builder } from '../../graphql/builder.ts';
import { enumOf } from '../../graphql/enums.ts';
import { compositeParser, groupLoader, loadableNode } from '../../graphql/nodes.ts';
import { BenefitRef, benefitsOf } from '../benefit/benefit.schema.ts';
import { addSourceFields } from '../instrument/instrument.schema.ts';
import { AuthorityRef, JurisdictionRef } from '../jurisdiction/jurisdiction.schema.ts';
import { addValidityFields, asOfArg } from '../time/time.schema.ts';
import { memberInForce } from '../time/validity.ts';
import { standardsApplying } from './standard.service.ts';
import {
  type BandRow,
  bandsOfIndicators,
  type CriterionRow,
  categoriesOfVersions,
  categoryStore,
  criteriaOfVersions,
  type IndicatorRow,
  indicatorsOfSchemes,
  listPointsSchemes,
  listTalentCategories,
  schemeStore,
  schemesOfVersions,
  standardStore,
  type ThresholdRow,
  thresholdsOfSchemes,
  versionStore,
  versionsByStandard,
} from './standard.store.ts';

export const StandardScopeEnum = enumOf('StandardScope', standardScope.enumValues, 'Where a standard applies.', {
  NATIONAL: 'A national standard, in force in every mainland jurisdiction (the 2017 classification standard).',
  NATIONAL_UNIFIED: 'The national unified criteria of 30 Sept 2025, on which nationwide recognition rests.',
  REGIONAL: 'A regional (supplementary) standard, in force in its own jurisdiction.',
});

/** Global ID: the code. */
export const TalentCategoryRef = loadableNode('TalentCategory', categoryStore);
/** Global ID: the slug. */
export const StandardRef = loadableNode('Standard', standardStore);
/** Global ID: the standard's slug and the version's label. */
export const StandardVersionRef = loadableNode('StandardVersion', versionStore, { parse: compositeParser(2, 'StandardVersion') });
/** Global ID: the slug. */
export const PointsSchemeRef = loadableNode('PointsScheme', schemeStore);
export const StandardCriterionRef = builder.objectRef<CriterionRow>('StandardCriterion');
export const PointsIndicatorRef = builder.objectRef<IndicatorRow>('PointsIndicator');
export const PointsBandRef = builder.objectRef<BandRow>('PointsBand');

export const PointsMeasureEnum = enumOf(
  'PointsMeasure',
  pointsMeasure.enumValues,
  "What a points indicator measures, and so which input of `PointsProfileInput` scores it and in which unit its bands' bounds are written.",
  {
    ANNUAL_SALARY_10K_CNY: 'Annual salary paid by the domestic employer; bounds in 10,000 CNY a year (input `annualSalary`, in CNY).',
    WORK_EXPERIENCE_YEARS: 'Relevant work experience; bounds in years (input `workExperienceYears`).',
    MONTHS_IN_CHINA_PER_YEAR: 'Time worked in China each year; bounds in months (input `monthsInChinaPerYear`).',
    AGE_YEARS: 'Age in completed years on `asOf` (input `birthDate`).',
    EDUCATION: 'Education or vocational-skill level, matched by name (input `education`).',
    CHINESE: 'Chinese proficiency: bounds on the HSK level, and ticked values (input `chinese`).',
    WORK_LOCATION: 'Where the post is, matched by name (input `workLocation`).',
    DISTINCTIONS: 'High-level university, Fortune Global 500, IP, 5 years in China, matched by name (input `distinctions`).',
    LOCAL_BONUS: "The provincial 0–10 bonus row: scored only by a region's bonus rule (input `workJurisdiction`).",
  },
);
const PointsThresholdRef = builder.objectRef<ThresholdRow>('PointsThreshold');

/** Every version of a standard, oldest first: its list, the version in force and states read it. */
export const versionsOf = groupLoader(versionsByStandard, (v) => v.standardId);
const categoriesOf = groupLoader(categoriesOfVersions, (c) => c.versionId);
const criteriaOf = groupLoader(criteriaOfVersions, (c) => c.versionId);
const schemesOf = groupLoader(schemesOfVersions, (s) => s.standardVersionId!);
const indicatorsOf = groupLoader(indicatorsOfSchemes, (i) => i.schemeId);
const bandsOf = groupLoader(bandsOfIndicators, (b) => b.indicatorId);
const thresholdsOf = groupLoader(thresholdsOfSchemes, (x) => x.schemeId);

TalentCategoryRef.implement({
  description: 'A category of foreign talent: national A, B, C, or a local designation issued by a regional standard.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'A, B, C, or a local code such as CQ-HQS.' }),
    name: t.exposeString('name', { description: 'English name.' }),
    nameZh: t.exposeString('nameZh', { description: 'Chinese name.' }),
    description: t.exposeString('description', { nullable: true, description: 'What the category means.' }),
    jurisdiction: t.field({
      type: JurisdictionRef,
      description: 'Where the category is defined (CN for A/B/C).',
      resolve: (c) => c.jurisdictionId,
    }),
  }),
});

StandardRef.implement({
  description: 'Criteria that confer a talent category, as a series of versions.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable natural key.' }),
    name: t.exposeString('name', { description: 'English name.' }),
    nameZh: t.exposeString('nameZh', { nullable: true, description: 'Chinese name.' }),
    scope: t.field({ type: StandardScopeEnum, description: 'Where the standard applies.', resolve: (s) => s.scope }),
    jurisdiction: t.field({
      type: JurisdictionRef,
      description: 'The jurisdiction that issued it.',
      resolve: (s) => s.jurisdictionId,
    }),
    versions: t.field({
      type: [StandardVersionRef],
      description: 'Every version, oldest first.',
      resolve: (s, _a, ctx) => versionsOf(ctx).load(s.id),
    }),
    versionInForce: t.field({
      type: StandardVersionRef,
      nullable: true,
      description: 'The version in force on `asOf`; null when none is.',
      args: { asOf: asOfArg('to look at') },
      resolve: async (s, { asOf }, ctx) => memberInForce(await versionsOf(ctx).load(s.id), asOf ?? ctx.today),
    }),
  }),
});

StandardVersionRef.implement({
  description: 'One version of a standard: the categories it confers, its criteria, approval and validity.',
  fields: (t) => ({
    label: t.exposeString('label', { description: 'Version label ("2017", "2025").' }),
    title: t.exposeString('title', { description: 'English title.' }),
    titleZh: t.exposeString('titleZh', { nullable: true, description: 'Chinese title.' }),
    standard: t.field({
      type: StandardRef,
      description: 'The series.',
      resolve: (v) => v.standardId,
    }),
    issuedOn: t.field({ type: 'Date', nullable: true, description: 'Issue date.', resolve: (v) => v.issuedOn }),
    submittedOn: t.field({
      type: 'Date',
      nullable: true,
      description: 'Day it was submitted for approval (regional standards go to MOHRSS / SAFEA).',
      resolve: (v) => v.submittedOn,
    }),
    approvedOn: t.field({ type: 'Date', nullable: true, description: 'Day it was approved.', resolve: (v) => v.approvedOn }),
    approvedBy: t.field({
      type: AuthorityRef,
      nullable: true,
      description: 'The authority that approved it (for a regional standard: the national authority).',
      resolve: (v) => v.approvedById,
    }),
    categories: t.field({
      type: [TalentCategoryRef],
      description: 'The categories this version confers.',
      resolve: (v, _a, ctx) => categoriesOf(ctx).load(v.id),
    }),
    criteria: t.field({
      type: [StandardCriterionRef],
      description: 'The criteria, per category in order.',
      resolve: (v, _a, ctx) => criteriaOf(ctx).load(v.id),
    }),
    benefits: t.field({
      type: [BenefitRef],
      description: 'Benefits of the categories this version confers.',
      resolve: (v, _a, ctx) => benefitsOf.version(ctx).load(v.id),
    }),
    pointsSchemes: t.field({
      type: [PointsSchemeRef],
      description: 'Points schemes that belong to this version.',
      resolve: (v, _a, ctx) => schemesOf(ctx).load(v.id),
    }),
  }),
});
addValidityFields(StandardVersionRef, 'standard version', (v, ctx) => versionsOf(ctx).load(v.standardId));
addSourceFields(StandardVersionRef, 'standard version', 'version', (v) => v.id);

StandardCriterionRef.implement({
  description: 'One criterion of a standard version: meeting any one criterion of a category confers it.',
  fields: (t) => ({
    category: t.field({
      type: TalentCategoryRef,
      description: 'The category the criterion confers.',
      resolve: (c) => c.categoryId,
    }),
    position: t.exposeInt('position', { description: 'Order within the category, from 1.' }),
    text: t.exposeString('text', { description: 'The criterion in English.' }),
    textZh: t.exposeString('textZh', { nullable: true, description: 'The criterion in Chinese.' }),
  }),
});

PointsSchemeRef.implement({
  description:
    "A points table: indicators, bands and thresholds (the national work-permit points, Beijing's permanent-residence evaluation).",
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable natural key.' }),
    name: t.exposeString('name', { description: 'English name.' }),
    nameZh: t.exposeString('nameZh', { nullable: true, description: 'Chinese name.' }),
    maxPoints: t.exposeInt('maxPoints', { nullable: true, description: 'Theoretical maximum score.' }),
    bandsComplete: t.exposeBoolean('bandsComplete', {
      description: 'True when every band of every indicator has published points, so a score can be computed.',
    }),
    note: t.exposeString('note', { nullable: true, description: 'Caveats.' }),
    jurisdiction: t.field({
      type: JurisdictionRef,
      description: 'Where the scheme applies.',
      resolve: (s) => s.jurisdictionId,
    }),
    standardVersion: t.field({
      type: StandardVersionRef,
      nullable: true,
      description: 'The standard version the scheme belongs to.',
      resolve: (s) => s.standardVersionId,
    }),
    indicators: t.field({
      type: [PointsIndicatorRef],
      description: 'Top-level indicators (or weighted sections), in order.',
      resolve: async (s, _a, ctx) => (await indicatorsOf(ctx).load(s.id)).filter((i) => i.parentId === null),
    }),
    thresholds: t.field({
      type: [PointsThresholdRef],
      description: 'Scores that confer a category (A ≥ 85, B ≥ 60).',
      resolve: (s, _a, ctx) => thresholdsOf(ctx).load(s.id),
    }),
  }),
});
addSourceFields(PointsSchemeRef, 'points scheme', 'scheme', (s) => s.id);

PointsIndicatorRef.implement({
  description: 'An indicator of a points scheme (or a weighted section holding indicators).',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Code within the scheme.' }),
    name: t.exposeString('name', { description: 'English name.' }),
    nameZh: t.exposeString('nameZh', { nullable: true, description: 'Chinese name.' }),
    maxPoints: t.exposeInt('maxPoints', { nullable: true, description: 'Most points the indicator gives.' }),
    weightPercent: t.exposeInt('weightPercent', { nullable: true, description: 'Weight of a section in the total, in percent.' }),
    measure: t.field({
      type: PointsMeasureEnum,
      nullable: true,
      description: 'What the indicator measures; null where the hub cannot score it (a section, or bands not published).',
      resolve: (i) => i.measure,
    }),
    position: t.exposeInt('position', { description: 'Order among its siblings, from 1.' }),
    bands: t.field({
      type: [PointsBandRef],
      description: 'The bands of the indicator, in order.',
      resolve: (i, _a, ctx) => bandsOf(ctx).load(i.id),
    }),
    children: t.field({
      type: [PointsIndicatorRef],
      description: 'Indicators inside this one.',
      resolve: async (i, _a, ctx) => (await indicatorsOf(ctx).load(i.schemeId)).filter((c) => c.parentId === i.id),
    }),
  }),
});

PointsBandRef.implement({
  description: 'One band of an indicator and the points it gives.',
  fields: (t) => ({
    position: t.exposeInt('position', { description: 'Order within the indicator, from 1.' }),
    label: t.exposeString('label', { description: 'The band, in English ("[35,45) ten thousand RMB").' }),
    labelZh: t.exposeString('labelZh', { nullable: true, description: 'The band, in Chinese.' }),
    points: t.exposeInt('points', {
      nullable: true,
      description: 'Points for the band; null where the source names the band but not its points.',
    }),
    from: t.exposeFloat('fromValue', {
      nullable: true,
      description:
        "Lowest value in the band (inclusive), in the unit of the indicator's `measure`; null: no lower bound, or a band of ticked values.",
    }),
    below: t.exposeFloat('belowValue', {
      nullable: true,
      description: 'First value above the band (exclusive); null: no upper bound, or a band of ticked values.',
    }),
    matches: t.exposeStringList('matches', {
      description:
        'Ticked profile values that fall in the band (EDUCATION: DOCTORATE, MASTER, …; CHINESE: FORMER_CHINESE_NATIONAL, CHINESE_TAUGHT_DEGREE; …).',
    }),
  }),
});

PointsThresholdRef.implement({
  description: 'The score from which a scheme confers a category.',
  fields: (t) => ({
    category: t.field({
      type: TalentCategoryRef,
      description: 'The category conferred.',
      resolve: (x) => x.categoryId,
    }),
    minPoints: t.exposeInt('minPoints', { description: 'Lowest score that confers the category (inclusive).' }),
  }),
});

builder.queryFields((t) => ({
  standard: t.field({
    type: StandardRef,
    nullable: true,
    description: 'A standard by slug; null when none has that slug.',
    args: { slug: t.arg.string({ required: true, description: 'The standard slug.' }) },
    resolve: (_r, { slug }) => slug,
  }),
  standards: t.field({
    type: [StandardRef],
    description:
      "Standards in force on `asOf`; every standard, of any date, when `asOf` is omitted. With `jurisdiction`: the standards that apply there (its own, its province's, and the national ones for a mainland jurisdiction). An unknown jurisdiction code is a NOT_FOUND error.",
    args: {
      jurisdiction: t.arg.string({ required: false, description: 'Only standards that apply in the jurisdiction with this code.' }),
      asOf: t.arg({ type: 'Date', required: false, description: 'Only standards with a published version in force on this day.' }),
    },
    resolve: (_r, args, ctx) => standardsApplying(ctx.db, args.jurisdiction ?? undefined, args.asOf ?? undefined),
  }),
  talentCategory: t.field({
    type: TalentCategoryRef,
    nullable: true,
    description: 'A talent category by code ("A", "CQ-HQS"); null when none has that code.',
    args: { code: t.arg.string({ required: true, description: 'The category code.' }) },
    resolve: (_r, { code }) => code,
  }),
  talentCategories: t.field({
    type: [TalentCategoryRef],
    description: 'Every talent category, by code.',
    resolve: (_r, _a, ctx) => listTalentCategories(ctx.db),
  }),
  pointsSchemes: t.field({
    type: [PointsSchemeRef],
    description: 'Every points scheme, by slug.',
    resolve: (_r, _a, ctx) => listPointsSchemes(ctx.db),
  }),
}));
