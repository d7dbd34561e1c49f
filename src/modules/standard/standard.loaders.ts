import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  pointsBands, pointsIndicators, pointsSchemes, pointsThresholds, standardCriteria, standards, standardVersionCategories, standardVersions, talentCategories,
} from '../../db/tables/index.ts';
import { manyLoader, oneLoader } from '../../graphql/loader-utils.ts';

export type StandardRow = typeof standards.$inferSelect;
export type VersionRow = typeof standardVersions.$inferSelect;
export type CategoryRow = typeof talentCategories.$inferSelect;
export type CriterionRow = typeof standardCriteria.$inferSelect;
export type SchemeRow = typeof pointsSchemes.$inferSelect;
export type IndicatorRow = typeof pointsIndicators.$inferSelect;
export type BandRow = typeof pointsBands.$inferSelect;
export type ThresholdRow = typeof pointsThresholds.$inferSelect;

export function createStandardLoaders(db: Db) {
  return {
    standardById: oneLoader<number, StandardRow>((ids) => db.select().from(standards).where(inArray(standards.id, ids)), (r) => r.id),
    standardBySlug: oneLoader<string, StandardRow>((slugs) => db.select().from(standards).where(inArray(standards.slug, slugs)), (r) => r.slug),
    versionById: oneLoader<number, VersionRow>((ids) => db.select().from(standardVersions).where(inArray(standardVersions.id, ids)), (r) => r.id),
    versionsByStandard: manyLoader<number, VersionRow>(
      (ids) => db.select().from(standardVersions).where(inArray(standardVersions.standardId, ids)).orderBy(asc(standardVersions.validFrom), asc(standardVersions.id)),
      (r) => r.standardId,
    ),
    categoryById: oneLoader<number, CategoryRow>((ids) => db.select().from(talentCategories).where(inArray(talentCategories.id, ids)), (r) => r.id),
    categoryByCode: oneLoader<string, CategoryRow>((codes) => db.select().from(talentCategories).where(inArray(talentCategories.code, codes)), (r) => r.code),
    categoriesByVersion: manyLoader<number, CategoryRow & { versionId: number }>(
      async (ids) =>
        (await db.select({ versionId: standardVersionCategories.versionId, category: talentCategories }).from(standardVersionCategories)
          .innerJoin(talentCategories, eq(talentCategories.id, standardVersionCategories.categoryId))
          .where(inArray(standardVersionCategories.versionId, ids)).orderBy(asc(talentCategories.code)))
          .map((r) => ({ ...r.category, versionId: r.versionId })),
      (r) => r.versionId,
    ),
    criteriaByVersion: manyLoader<number, CriterionRow>(
      (ids) => db.select().from(standardCriteria).where(inArray(standardCriteria.versionId, ids)).orderBy(asc(standardCriteria.categoryId), asc(standardCriteria.position)),
      (r) => r.versionId,
    ),
    schemeById: oneLoader<number, SchemeRow>((ids) => db.select().from(pointsSchemes).where(inArray(pointsSchemes.id, ids)), (r) => r.id),
    schemesByVersion: manyLoader<number, SchemeRow>(
      (ids) => db.select().from(pointsSchemes).where(inArray(pointsSchemes.standardVersionId, ids)).orderBy(asc(pointsSchemes.slug)),
      (r) => r.standardVersionId!,
    ),
    indicatorsByScheme: manyLoader<number, IndicatorRow>(
      (ids) => db.select().from(pointsIndicators).where(inArray(pointsIndicators.schemeId, ids)).orderBy(asc(pointsIndicators.position), asc(pointsIndicators.id)),
      (r) => r.schemeId,
    ),
    bandsByIndicator: manyLoader<number, BandRow>(
      (ids) => db.select().from(pointsBands).where(inArray(pointsBands.indicatorId, ids)).orderBy(asc(pointsBands.position)),
      (r) => r.indicatorId,
    ),
    thresholdsByScheme: manyLoader<number, ThresholdRow>(
      (ids) => db.select().from(pointsThresholds).where(inArray(pointsThresholds.schemeId, ids)).orderBy(asc(pointsThresholds.minPoints)),
      (r) => r.schemeId,
    ),
  };
}
