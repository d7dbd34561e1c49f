import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { anyKey, keyedStore, prepared, rowsWhereAny } from '../../db/prepared.ts';
import { authorities, jurisdictions, regionGroupMembers, regionGroups } from '../../db/tables/index.ts';
import type { JurisdictionFacts, JurisdictionLevel } from './jurisdiction.rules.ts';

/**
 * Every jurisdiction, by id: one statement. NOTE: read whole because the set is fixed and small
 * (the nation, 34 provincial-level divisions and the few cities with their own lists), which
 * answers chains, nationwide reach and codes in one round trip rather than one per level.
 */
export async function allJurisdictions(db: Db): Promise<Map<number, JurisdictionFacts>> {
  const rows = await prepared(db, 'allJurisdictions', () =>
    db
      .select({
        id: jurisdictions.id,
        code: jurisdictions.code,
        level: jurisdictions.level,
        parentId: jurisdictions.parentId,
        mainland: jurisdictions.mainland,
      })
      .from(jurisdictions)
      .orderBy(asc(jurisdictions.code)),
  )([]);
  return new Map(rows.map((r) => [r.id, r]));
}

export type JurisdictionRow = typeof jurisdictions.$inferSelect;
export type RegionGroupRow = typeof regionGroups.$inferSelect;
export type AuthorityRow = typeof authorities.$inferSelect;

export const jurisdictionStore = keyedStore('jurisdiction', jurisdictions, jurisdictions.code, (j) => j.code);
export const regionGroupStore = keyedStore('regionGroup', regionGroups, regionGroups.slug, (g) => g.slug);
export const authorityStore = keyedStore('authority', authorities, authorities.slug, (a) => a.slug);

/** Every jurisdiction (of one level, when given), by code. */
export async function listJurisdictions(db: Db, level?: JurisdictionLevel): Promise<JurisdictionRow[]> {
  return await db
    .select()
    .from(jurisdictions)
    .where(level ? eq(jurisdictions.level, level) : undefined)
    .orderBy(asc(jurisdictions.code));
}

/** The jurisdictions directly below these, by code. */
export const jurisdictionsByParent = rowsWhereAny('jurisdictionsByParent', jurisdictions, jurisdictions.parentId, asc(jurisdictions.code));

export async function listRegionGroups(db: Db): Promise<RegionGroupRow[]> {
  return await db.select().from(regionGroups).orderBy(asc(regionGroups.slug));
}

/** The members of these region groups, by code, each with its group. */
export async function groupMembers(db: Db, groupIds: number[]): Promise<(JurisdictionRow & { groupId: number })[]> {
  const rows = await prepared(db, 'groupMembers', () =>
    db
      .select({ groupId: regionGroupMembers.groupId, jurisdiction: jurisdictions })
      .from(regionGroupMembers)
      .innerJoin(jurisdictions, eq(jurisdictions.id, regionGroupMembers.jurisdictionId))
      .where(anyKey(regionGroupMembers.groupId))
      .orderBy(asc(jurisdictions.code)),
  )(groupIds);
  return rows.map((r) => ({ ...r.jurisdiction, groupId: r.groupId }));
}

/** The issuing bodies of these jurisdictions, by slug. */
export const authoritiesByJurisdiction = rowsWhereAny(
  'authoritiesByJurisdiction',
  authorities,
  authorities.jurisdictionId,
  asc(authorities.slug),
);
