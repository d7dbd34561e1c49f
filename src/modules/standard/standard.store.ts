import { and, asc, eq, exists, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { NodeStore } from '../../db/batch.ts';
import type { Db } from '../../db/client.ts';
import { anyKey, keyedStore, prepared } from '../../db/prepared.ts';
import {
  pointsBands,
  pointsIndicators,
  pointsSchemes,
  pointsThresholds,
  standardCriteria,
  standards,
  standardVersionCategories,
  standardVersions,
  talentCategories,
} from '../../db/tables/index.ts';
import { inForceOnSql } from '../time/validity.ts';

export type StandardRow = typeof standards.$inferSelect;
export type VersionRow = typeof standardVersions.$inferSelect & { standardSlug: string };
export type CategoryRow = typeof talentCategories.$inferSelect;
export type CriterionRow = typeof standardCriteria.$inferSelect;
export type SchemeRow = typeof pointsSchemes.$inferSelect;
export type IndicatorRow = typeof pointsIndicators.$inferSelect;
export type BandRow = typeof pointsBands.$inferSelect;
export type ThresholdRow = typeof pointsThresholds.$inferSelect;

export const categoryStore = keyedStore('category', talentCategories, talentCategories.code, (c) => c.code);
export const standardStore = keyedStore('standard', standards, standards.slug, (s) => s.slug);
export const schemeStore = keyedStore('scheme', pointsSchemes, pointsSchemes.slug, (s) => s.slug);

const versionColumns = { ...getTableColumns(standardVersions), standardSlug: standards.slug };
const versionsWithKeys = (db: Db) =>
  db.select(versionColumns).from(standardVersions).innerJoin(standards, eq(standards.id, standardVersions.standardId));

/** A version's natural key: its standard's slug and its label. */
export const versionStore: NodeStore<VersionRow> = {
  byIds: async (db, ids) => await prepared(db, 'versionById', () => versionsWithKeys(db).where(anyKey(standardVersions.id)))(ids),
  byKeys: async (db, keys) => {
    const parts = keys.map((k) => JSON.parse(k) as string[]);
    return await prepared(db, 'versionByKey', () =>
      versionsWithKeys(db).where(
        sql`(${standards.slug}, ${standardVersions.label}) IN (SELECT * FROM unnest(${sql.placeholder('slugs')}::text[], ${sql.placeholder('labels')}::text[]))`,
      ),
    )([], { slugs: parts.map((p) => p[0]!), labels: parts.map((p) => p[1]!) });
  },
  keyOf: (v) => JSON.stringify([v.standardSlug, v.label]),
};

/** Every version of these standards, oldest first. */
export async function versionsByStandard(db: Db, standardIds: number[]): Promise<VersionRow[]> {
  return await prepared(db, 'versionsByStandard', () =>
    versionsWithKeys(db).where(anyKey(standardVersions.standardId)).orderBy(asc(standardVersions.validFrom), asc(standardVersions.id)),
  )(standardIds);
}

/** The categories each of these versions confers, by code, each with its version. */
export async function categoriesOfVersions(db: Db, versionIds: number[]): Promise<(CategoryRow & { versionId: number })[]> {
  const rows = await prepared(db, 'categoriesOfVersions', () =>
    db
      .select({ versionId: standardVersionCategories.versionId, category: talentCategories })
      .from(standardVersionCategories)
      .innerJoin(talentCategories, eq(talentCategories.id, standardVersionCategories.categoryId))
      .where(anyKey(standardVersionCategories.versionId))
      .orderBy(asc(talentCategories.code)),
  )(versionIds);
  return rows.map((r) => ({ ...r.category, versionId: r.versionId }));
}

export async function criteriaOfVersions(db: Db, versionIds: number[]): Promise<CriterionRow[]> {
  return await prepared(db, 'criteriaOfVersions', () =>
    db
      .select()
      .from(standardCriteria)
      .where(anyKey(standardCriteria.versionId))
      .orderBy(asc(standardCriteria.categoryId), asc(standardCriteria.position)),
  )(versionIds);
}

export async function schemesOfVersions(db: Db, versionIds: number[]): Promise<SchemeRow[]> {
  return await prepared(db, 'schemesOfVersions', () =>
    db.select().from(pointsSchemes).where(anyKey(pointsSchemes.standardVersionId)).orderBy(asc(pointsSchemes.slug)),
  )(versionIds);
}

export async function indicatorsOfSchemes(db: Db, schemeIds: number[]): Promise<IndicatorRow[]> {
  return await prepared(db, 'indicatorsOfSchemes', () =>
    db
      .select()
      .from(pointsIndicators)
      .where(anyKey(pointsIndicators.schemeId))
      .orderBy(asc(pointsIndicators.position), asc(pointsIndicators.id)),
  )(schemeIds);
}

export async function bandsOfIndicators(db: Db, indicatorIds: number[]): Promise<BandRow[]> {
  return await prepared(db, 'bandsOfIndicators', () =>
    db.select().from(pointsBands).where(anyKey(pointsBands.indicatorId)).orderBy(asc(pointsBands.position)),
  )(indicatorIds);
}

export async function thresholdsOfSchemes(db: Db, schemeIds: number[]): Promise<ThresholdRow[]> {
  return await prepared(db, 'thresholdsOfSchemes', () =>
    db.select().from(pointsThresholds).where(anyKey(pointsThresholds.schemeId)).orderBy(asc(pointsThresholds.minPoints)),
  )(schemeIds);
}

/** Standards by slug: issued by these jurisdictions when given, with a version in force on `day` when given. */
export async function listStandards(
  db: Db,
  filter: { jurisdictionIds?: number[] | undefined; day?: string | undefined },
): Promise<StandardRow[]> {
  const day = filter.day;
  const inForce = day
    ? exists(
        db
          .select({ one: sql`1` })
          .from(standardVersions)
          .where(and(eq(standardVersions.standardId, standards.id), inForceOnSql(standardVersions, day))),
      )
    : undefined;
  return await db
    .select()
    .from(standards)
    .where(and(filter.jurisdictionIds ? inArray(standards.jurisdictionId, filter.jurisdictionIds) : undefined, inForce))
    .orderBy(asc(standards.slug));
}

export async function listTalentCategories(db: Db): Promise<CategoryRow[]> {
  return await db.select().from(talentCategories).orderBy(asc(talentCategories.code));
}

export async function listPointsSchemes(db: Db): Promise<SchemeRow[]> {
  return await db.select().from(pointsSchemes).orderBy(asc(pointsSchemes.slug));
}
