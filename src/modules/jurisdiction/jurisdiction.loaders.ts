import { asc } from 'drizzle-orm';
import { manyLoader, oneLoader } from '../../db/batch.ts';
import type { Db } from '../../db/client.ts';
import { anyKey, prepared } from '../../db/prepared.ts';
import { authorities, jurisdictions, regionGroupMembers, regionGroups } from '../../db/tables/index.ts';

export type JurisdictionRow = typeof jurisdictions.$inferSelect;
export type RegionGroupRow = typeof regionGroups.$inferSelect;
export type AuthorityRow = typeof authorities.$inferSelect;

export function createJurisdictionLoaders(db: Db) {
  return {
    jurisdictionById: oneLoader<number, JurisdictionRow>(
      prepared(db, 'jurisdictionById', () => db.select().from(jurisdictions).where(anyKey(jurisdictions.id))),
      (r) => r.id,
    ),
    jurisdictionByCode: oneLoader<string, JurisdictionRow>(
      prepared(db, 'jurisdictionByCode', () => db.select().from(jurisdictions).where(anyKey(jurisdictions.code))),
      (r) => r.code,
    ),
    jurisdictionsByParent: manyLoader<number, JurisdictionRow>(
      prepared(db, 'jurisdictionsByParent', () =>
        db.select().from(jurisdictions).where(anyKey(jurisdictions.parentId)).orderBy(asc(jurisdictions.code)),
      ),
      (r) => r.parentId!,
    ),
    regionGroupById: oneLoader<number, RegionGroupRow>(
      prepared(db, 'regionGroupById', () => db.select().from(regionGroups).where(anyKey(regionGroups.id))),
      (r) => r.id,
    ),
    groupMemberIds: manyLoader<number, { groupId: number; jurisdictionId: number }>(
      prepared(db, 'groupMemberIds', () =>
        db.select().from(regionGroupMembers).where(anyKey(regionGroupMembers.groupId)).orderBy(asc(regionGroupMembers.jurisdictionId)),
      ),
      (r) => r.groupId,
    ),
    authorityById: oneLoader<number, AuthorityRow>(
      prepared(db, 'authorityById', () => db.select().from(authorities).where(anyKey(authorities.id))),
      (r) => r.id,
    ),
    authoritiesByJurisdiction: manyLoader<number, AuthorityRow>(
      prepared(db, 'authoritiesByJurisdiction', () =>
        db.select().from(authorities).where(anyKey(authorities.jurisdictionId)).orderBy(asc(authorities.slug)),
      ),
      (r) => r.jurisdictionId,
    ),
  };
}
