import { asc, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { authorities, jurisdictions, regionGroupMembers, regionGroups } from '../../db/tables/index.ts';
import { manyLoader, oneLoader } from '../../graphql/loader-utils.ts';

export type JurisdictionRow = typeof jurisdictions.$inferSelect;
export type RegionGroupRow = typeof regionGroups.$inferSelect;
export type AuthorityRow = typeof authorities.$inferSelect;

export function createJurisdictionLoaders(db: Db) {
  return {
    jurisdictionById: oneLoader<number, JurisdictionRow>((ids) => db.select().from(jurisdictions).where(inArray(jurisdictions.id, ids)), (r) => r.id),
    jurisdictionByCode: oneLoader<string, JurisdictionRow>((codes) => db.select().from(jurisdictions).where(inArray(jurisdictions.code, codes)), (r) => r.code),
    jurisdictionsByParent: manyLoader<number, JurisdictionRow>(
      (ids) => db.select().from(jurisdictions).where(inArray(jurisdictions.parentId, ids)).orderBy(asc(jurisdictions.code)),
      (r) => r.parentId!,
    ),
    regionGroupById: oneLoader<number, RegionGroupRow>((ids) => db.select().from(regionGroups).where(inArray(regionGroups.id, ids)), (r) => r.id),
    groupMemberIds: manyLoader<number, { groupId: number; jurisdictionId: number }>(
      (ids) => db.select().from(regionGroupMembers).where(inArray(regionGroupMembers.groupId, ids)).orderBy(asc(regionGroupMembers.jurisdictionId)),
      (r) => r.groupId,
    ),
    authorityById: oneLoader<number, AuthorityRow>((ids) => db.select().from(authorities).where(inArray(authorities.id, ids)), (r) => r.id),
    authoritiesByJurisdiction: manyLoader<number, AuthorityRow>(
      (ids) => db.select().from(authorities).where(inArray(authorities.jurisdictionId, ids)).orderBy(asc(authorities.slug)),
      (r) => r.jurisdictionId,
    ),
  };
}
