import { asc } from 'drizzle-orm';
import { manyLoader, oneLoader } from '../../db/batch.ts';
import type { Db } from '../../db/client.ts';
import { anyKey, prepared } from '../../db/prepared.ts';
import { occupations, organisations, qualificationAliases, qualifications } from '../../db/tables/index.ts';

export type QualificationRow = typeof qualifications.$inferSelect & {
  /** The issuer, when fetched with the qualification (a catalog page): resolved without a promise. */
  joinedIssuer?: OrganisationRow;
};
export type OrganisationRow = typeof organisations.$inferSelect;
export type AliasRow = typeof qualificationAliases.$inferSelect;
export type OccupationRow = typeof occupations.$inferSelect;

export function createQualificationLoaders(db: Db) {
  return {
    qualificationById: oneLoader<number, QualificationRow>(
      prepared(db, 'qualificationById', () => db.select().from(qualifications).where(anyKey(qualifications.id))),
      (r) => r.id,
    ),
    qualificationBySlug: oneLoader<string, QualificationRow>(
      prepared(db, 'qualificationBySlug', () => db.select().from(qualifications).where(anyKey(qualifications.slug))),
      (r) => r.slug,
    ),
    aliasesByQualification: manyLoader<number, AliasRow>(
      prepared(db, 'aliasesByQualification', () =>
        db.select().from(qualificationAliases).where(anyKey(qualificationAliases.qualificationId)).orderBy(asc(qualificationAliases.id)),
      ),
      (r) => r.qualificationId,
    ),
    organisationById: oneLoader<number, OrganisationRow>(
      prepared(db, 'organisationById', () => db.select().from(organisations).where(anyKey(organisations.id))),
      (r) => r.id,
    ),
    occupationById: oneLoader<number, OccupationRow>(
      prepared(db, 'occupationById', () => db.select().from(occupations).where(anyKey(occupations.id))),
      (r) => r.id,
    ),
    occupationByCode: oneLoader<string, OccupationRow>(
      prepared(db, 'occupationByCode', () => db.select().from(occupations).where(anyKey(occupations.code))),
      (r) => r.code,
    ),
    occupationsByParent: manyLoader<number, OccupationRow>(
      prepared(db, 'occupationsByParent', () =>
        db.select().from(occupations).where(anyKey(occupations.parentId)).orderBy(asc(occupations.code)),
      ),
      (r) => r.parentId!,
    ),
  };
}
