import { and, asc, eq, exists, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { NodeStore } from '../../db/batch.ts';
import type { Db } from '../../db/client.ts';
import { anyKey, keyedStore, prepared, rowsWhereAny } from '../../db/prepared.ts';
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

export const criteriaOfVersions = rowsWhereAny(
  'criteriaOfVersions',
  standardCriteria,
  standardCriteria.versionId,
  asc(standardCriteria.categoryId),
  asc(standardCriteria.position),
);

export const schemesOfVersions = rowsWhereAny('schemesOfVersions', pointsSchemes, pointsSchemes.standardVersionId, asc(pointsSchemes.slug));

export const indicatorsOfSchemes = rowsWhereAny(
  'indicatorsOfSchemes',
  pointsIndicators,
  pointsIndicators.schemeId,
  asc(pointsIndicators.position),
  asc(pointsIndicators.id),
);

export const bandsOfIndicators = rowsWhereAny('bandsOfIndicators', pointsBands, pointsBands.indicatorId, asc(pointsBands.position));

export const thresholdsOfSchemes = rowsWhereAny(
  'thresholdsOfSchemes',
  pointsThresholds,
  pointsThresholds.schemeId,
  asc(pointsThresholds.minPoints),
);

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
