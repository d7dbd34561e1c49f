import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  unique,
} from 'drizzle-orm/pg-core';
import { day, lifecycleStatus, precision } from './common.ts';
import { instruments, verifiedColumn } from './instruments.ts';
import { authorities, jurisdictions } from './jurisdictions.ts';

export const standardScope = pgEnum('standard_scope', ['NATIONAL', 'NATIONAL_UNIFIED', 'REGIONAL']);

/**
 * What a points indicator measures, so an evaluator can read the profile's input for it: a
 * number (in the unit the name gives) compared with the bands' bounds, or a set of ticked
 * values compared with the bands' `matches`. LOCAL_BONUS is the provincial 0–10 row, scored only
 * by a regional bonus rule of the scheme.
 */
export const pointsMeasure = pgEnum('points_measure', [
  'ANNUAL_SALARY_10K_CNY',
  'WORK_EXPERIENCE_YEARS',
  'MONTHS_IN_CHINA_PER_YEAR',
  'AGE_YEARS',
  'EDUCATION',
  'CHINESE',
  'WORK_LOCATION',
  'DISTINCTIONS',
  'LOCAL_BONUS',
]);

export const talentCategories = pgTable('talent_categories', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  code: text('code').notNull().unique('talent_categories_code_key'),
  name: text('name').notNull(),
  nameZh: text('name_zh').notNull(),
  description: text('description'),
  jurisdictionId: integer('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
});

export const standards = pgTable('standards', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  slug: text('slug').notNull().unique('standards_slug_key'),
  name: text('name').notNull(),
  nameZh: text('name_zh'),
  jurisdictionId: integer('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  scope: standardScope('scope').notNull(),
});

export const standardVersions = pgTable(
  'standard_versions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    standardId: integer('standard_id')
      .notNull()
      .references(() => standards.id),
    label: text('label').notNull(),
    title: text('title').notNull(),
    titleZh: text('title_zh'),
    status: lifecycleStatus('status').notNull(),
    issuedOn: day('issued_on'),
    issuedOnPrecision: precision('issued_on_precision'),
    validFrom: day('valid_from').notNull(),
    validFromPrecision: precision('valid_from_precision'),
    validTo: day('valid_to'),
    validToPrecision: precision('valid_to_precision'),
    repealedOn: day('repealed_on'),
    repealedBy: integer('repealed_by').references(() => instruments.id),
    submittedOn: day('submitted_on'),
    approvedOn: day('approved_on'),
    approvedById: integer('approved_by').references(() => authorities.id),
    verified: verifiedColumn(),
    note: text('note'),
  },
  (t) => [
    unique('standard_versions_standard_label_key').on(t.standardId, t.label),
    check('standard_versions_valid_range', sql`${t.validTo} IS NULL OR ${t.validTo} > ${t.validFrom}`),
    check('standard_versions_repeal_after_start', sql`${t.repealedOn} IS NULL OR ${t.repealedOn} >= ${t.validFrom}`),
    check('standard_versions_repeal_has_instrument', sql`(${t.repealedOn} IS NULL) = (${t.repealedBy} IS NULL)`),
    check(
      'standard_versions_approval_order',
      sql`${t.approvedOn} IS NULL OR ${t.submittedOn} IS NULL OR ${t.approvedOn} >= ${t.submittedOn}`,
    ),
    index('standard_versions_standard_from_idx').on(t.standardId, t.validFrom),
  ],
);

export const standardVersionCategories = pgTable(
  'standard_version_categories',
  {
    versionId: integer('version_id')
      .notNull()
      .references(() => standardVersions.id, { onDelete: 'cascade' }),
    categoryId: integer('category_id')
      .notNull()
      .references(() => talentCategories.id),
  },
  (t) => [
    primaryKey({ name: 'standard_version_categories_pkey', columns: [t.versionId, t.categoryId] }),
    index('standard_version_categories_category_idx').on(t.categoryId),
  ],
);

export const standardCriteria = pgTable(
  'standard_criteria',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    versionId: integer('version_id')
      .notNull()
      .references(() => standardVersions.id, { onDelete: 'cascade' }),
    categoryId: integer('category_id')
      .notNull()
      .references(() => talentCategories.id),
    position: integer('position').notNull(),
    text: text('text').notNull(),
    textZh: text('text_zh'),
  },
  (t) => [unique('standard_criteria_version_category_position_key').on(t.versionId, t.categoryId, t.position)],
);

export const standardVersionSources = pgTable(
  'standard_version_sources',
  {
    versionId: integer('version_id')
      .notNull()
      .references(() => standardVersions.id, { onDelete: 'cascade' }),
    instrumentId: integer('instrument_id')
      .notNull()
      .references(() => instruments.id),
    note: text('note'),
  },
  (t) => [
    primaryKey({ name: 'standard_version_sources_pkey', columns: [t.versionId, t.instrumentId] }),
    index('standard_version_sources_instrument_idx').on(t.instrumentId),
  ],
);

export const pointsSchemes = pgTable('points_schemes', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  slug: text('slug').notNull().unique('points_schemes_slug_key'),
  name: text('name').notNull(),
  nameZh: text('name_zh'),
  jurisdictionId: integer('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  standardVersionId: integer('standard_version_id').references(() => standardVersions.id),
  maxPoints: integer('max_points'),
  /** True when every band of every indicator is published, so a score can be computed. */
  bandsComplete: boolean('bands_complete').notNull().default(false),
  note: text('note'),
});

export const pointsSchemeSources = pgTable(
  'points_scheme_sources',
  {
    schemeId: integer('scheme_id')
      .notNull()
      .references(() => pointsSchemes.id, { onDelete: 'cascade' }),
    instrumentId: integer('instrument_id')
      .notNull()
      .references(() => instruments.id),
    note: text('note'),
  },
  (t) => [primaryKey({ name: 'points_scheme_sources_pkey', columns: [t.schemeId, t.instrumentId] })],
);

export const pointsIndicators = pgTable(
  'points_indicators',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    schemeId: integer('scheme_id')
      .notNull()
      .references(() => pointsSchemes.id, { onDelete: 'cascade' }),
    parentId: integer('parent_id').references((): AnyPgColumn => pointsIndicators.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameZh: text('name_zh'),
    maxPoints: integer('max_points'),
    /** Weight of a section in the total, in percent (Beijing: individual 70, enterprise 30). */
    weightPercent: integer('weight_percent'),
    /** What the indicator measures; null where the hub cannot read a profile for it (bands not published). */
    measure: pointsMeasure('measure'),
    position: integer('position').notNull(),
  },
  (t) => [
    unique('points_indicators_scheme_code_key').on(t.schemeId, t.code),
    check('points_indicators_weight_range', sql`${t.weightPercent} IS NULL OR ${t.weightPercent} BETWEEN 0 AND 100`),
  ],
);

export const pointsBands = pgTable(
  'points_bands',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    indicatorId: integer('indicator_id')
      .notNull()
      .references(() => pointsIndicators.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    label: text('label').notNull(),
    labelZh: text('label_zh'),
    /** Points for the band; null where the source names the band but not its points. */
    points: integer('points'),
    /** Lowest value in the band (inclusive), in the indicator's unit; null: no lower bound or not a numeric band. */
    fromValue: doublePrecision('from_value'),
    /** First value above the band (exclusive); null: no upper bound or not a numeric band. */
    belowValue: doublePrecision('below_value'),
    /** Ticked values (EDUCATION, CHINESE, …) that fall in the band, whatever the numeric bounds. */
    matches: text('matches').array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [
    unique('points_bands_indicator_position_key').on(t.indicatorId, t.position),
    check('points_bands_bounds_order', sql`${t.fromValue} IS NULL OR ${t.belowValue} IS NULL OR ${t.belowValue} > ${t.fromValue}`),
  ],
);

/**
 * A region's rule for the scheme's local bonus row (地方鼓励性加分): the region grants bonus
 * points, up to `maxPoints`, by its provisions. A rule without provisions says the region grants
 * them but the hub does not know how many (Chongqing's 8 provisions are not published).
 */
export const pointsRegionalBonuses = pgTable(
  'points_regional_bonuses',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    schemeId: integer('scheme_id')
      .notNull()
      .references(() => pointsSchemes.id, { onDelete: 'cascade' }),
    jurisdictionId: integer('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    name: text('name').notNull(),
    nameZh: text('name_zh'),
    maxPoints: integer('max_points'),
    note: text('note'),
  },
  (t) => [unique('points_regional_bonuses_scheme_jurisdiction_key').on(t.schemeId, t.jurisdictionId)],
);

export const pointsRegionalBonusProvisions = pgTable(
  'points_regional_bonus_provisions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    bonusId: integer('bonus_id')
      .notNull()
      .references(() => pointsRegionalBonuses.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    code: text('code').notNull(),
    label: text('label').notNull(),
    labelZh: text('label_zh'),
    points: integer('points').notNull(),
  },
  (t) => [
    unique('points_regional_bonus_provisions_bonus_code_key').on(t.bonusId, t.code),
    unique('points_regional_bonus_provisions_bonus_position_key').on(t.bonusId, t.position),
    check('points_regional_bonus_provisions_points', sql`${t.points} >= 0`),
  ],
);

export const pointsRegionalBonusSources = pgTable(
  'points_regional_bonus_sources',
  {
    bonusId: integer('bonus_id')
      .notNull()
      .references(() => pointsRegionalBonuses.id, { onDelete: 'cascade' }),
    instrumentId: integer('instrument_id')
      .notNull()
      .references(() => instruments.id),
    note: text('note'),
  },
  (t) => [primaryKey({ name: 'points_regional_bonus_sources_pkey', columns: [t.bonusId, t.instrumentId] })],
);

export const pointsThresholds = pgTable(
  'points_thresholds',
  {
    schemeId: integer('scheme_id')
      .notNull()
      .references(() => pointsSchemes.id, { onDelete: 'cascade' }),
    categoryId: integer('category_id')
      .notNull()
      .references(() => talentCategories.id),
    minPoints: integer('min_points').notNull(),
  },
  (t) => [primaryKey({ name: 'points_thresholds_pkey', columns: [t.schemeId, t.categoryId] })],
);
