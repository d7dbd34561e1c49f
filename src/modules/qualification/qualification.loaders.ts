import { asc, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { occupations, organisations, qualificationAliases, qualifications } from '../../db/tables/index.ts';
import { manyLoader, oneLoader } from '../../graphql/loader-utils.ts';

export type QualificationRow = typeof qualifications.$inferSelect;
export type OrganisationRow = typeof organisations.$inferSelect;
export type AliasRow = typeof qualificationAliases.$inferSelect;
export type OccupationRow = typeof occupations.$inferSelect;

export function createQualificationLoaders(db: Db) {
  return {
    qualificationById: oneLoader<number, QualificationRow>((ids) => db.select().from(qualifications).where(inArray(qualifications.id, ids)), (r) => r.id),
    qualificationBySlug: oneLoader<string, QualificationRow>((slugs) => db.select().from(qualifications).where(inArray(qualifications.slug, slugs)), (r) => r.slug),
    aliasesByQualification: manyLoader<number, AliasRow>(
      (ids) => db.select().from(qualificationAliases).where(inArray(qualificationAliases.qualificationId, ids)).orderBy(asc(qualificationAliases.id)),
      (r) => r.qualificationId,
    ),
    organisationById: oneLoader<number, OrganisationRow>((ids) => db.select().from(organisations).where(inArray(organisations.id, ids)), (r) => r.id),
    occupationById: oneLoader<number, OccupationRow>((ids) => db.select().from(occupations).where(inArray(occupations.id, ids)), (r) => r.id),
    occupationByCode: oneLoader<string, OccupationRow>((codes) => db.select().from(occupations).where(inArray(occupations.code, codes)), (r) => r.code),
    occupationsByParent: manyLoader<number, OccupationRow>(
      (ids) => db.select().from(occupations).where(inArray(occupations.parentId, ids)).orderBy(asc(occupations.code)),
      (r) => r.parentId!,
    ),
  };
}
