import { asc, eq, inArray } from 'drizzle-orm';
import { manyLoader, oneLoader } from '../../db/batch.ts';
import type { Db } from '../../db/client.ts';
import { anyKey, prepared } from '../../db/prepared.ts';
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
    standardById: oneLoader<number, StandardRow>(
      prepared(db, 'standardById', () => db.select().from(standards).where(anyKey(standards.id))),
      (r) => r.id,
    ),
    standardBySlug: oneLoader<string, StandardRow>(
      prepared(db, 'standardBySlug', () => db.select().from(standards).where(anyKey(standards.slug))),
      (r) => r.slug,
    ),
    versionById: oneLoader<number, VersionRow>(
      prepared(db, 'versionById', () => db.select().from(standardVersions).where(anyKey(standardVersions.id))),
      (r) => r.id,
    ),
    versionsByStandard: manyLoader<number, VersionRow>(
      prepared(db, 'versionsByStandard', () =>
        db
          .select()
          .from(standardVersions)
          .where(anyKey(standardVersions.standardId))
          .orderBy(asc(standardVersions.validFrom), asc(standardVersions.id)),
      ),
      (r) => r.standardId,
    ),
    categoryById: oneLoader<number, CategoryRow>(
      prepared(db, 'categoryById', () => db.select().from(talentCategories).where(anyKey(talentCategories.id))),
      (r) => r.id,
    ),
    categoryByCode: oneLoader<string, CategoryRow>(
      prepared(db, 'categoryByCode', () => db.select().from(talentCategories).where(anyKey(talentCategories.code))),
      (r) => r.code,
    ),
    categoriesByVersion: manyLoader<number, CategoryRow & { versionId: number }>(
      async (ids) =>
        (
          await db
            .select({ versionId: standardVersionCategories.versionId, category: talentCategories })
            .from(standardVersionCategories)
            .innerJoin(talentCategories, eq(talentCategories.id, standardVersionCategories.categoryId))
            .where(inArray(standardVersionCategories.versionId, ids))
            .orderBy(asc(talentCategories.code))
        ).map((r) => ({ ...r.category, versionId: r.versionId })),
      (r) => r.versionId,
    ),
    criteriaByVersion: manyLoader<number, CriterionRow>(
      prepared(db, 'criteriaByVersion', () =>
        db
          .select()
          .from(standardCriteria)
          .where(anyKey(standardCriteria.versionId))
          .orderBy(asc(standardCriteria.categoryId), asc(standardCriteria.position)),
      ),
      (r) => r.versionId,
    ),
    schemeById: oneLoader<number, SchemeRow>(
      prepared(db, 'schemeById', () => db.select().from(pointsSchemes).where(anyKey(pointsSchemes.id))),
      (r) => r.id,
    ),
    schemesByVersion: manyLoader<number, SchemeRow>(
      prepared(db, 'schemesByVersion', () =>
        db.select().from(pointsSchemes).where(anyKey(pointsSchemes.standardVersionId)).orderBy(asc(pointsSchemes.slug)),
      ),
      (r) => r.standardVersionId!,
    ),
    indicatorsByScheme: manyLoader<number, IndicatorRow>(
      prepared(db, 'indicatorsByScheme', () =>
        db
          .select()
          .from(pointsIndicators)
          .where(anyKey(pointsIndicators.schemeId))
          .orderBy(asc(pointsIndicators.position), asc(pointsIndicators.id)),
      ),
      (r) => r.schemeId,
    ),
    bandsByIndicator: manyLoader<number, BandRow>(
      prepared(db, 'bandsByIndicator', () =>
        db.select().from(pointsBands).where(anyKey(pointsBands.indicatorId)).orderBy(asc(pointsBands.position)),
      ),
      (r) => r.indicatorId,
    ),
    thresholdsByScheme: manyLoader<number, ThresholdRow>(
      prepared(db, 'thresholdsByScheme', () =>
        db.select().from(pointsThresholds).where(anyKey(pointsThresholds.schemeId)).orderBy(asc(pointsThresholds.minPoints)),
      ),
      (r) => r.schemeId,
    ),
  };
}
