// NOTE: rules about where a jurisdiction sits, as plain functions over plain data: no SQL, no
// GraphQL. The jurisdictions are a fixed set of a few dozen rows, read whole by the store.

import type { jurisdictionLevel } from '../../db/tables/index.ts';

export type JurisdictionLevel = (typeof jurisdictionLevel.enumValues)[number];

export interface JurisdictionFacts {
  id: number;
  code: string;
  level: JurisdictionLevel;
  parentId: number | null;
  /** Inside the mainland work-permit system: false for Hong Kong, Macao and Taiwan. */
  mainland: boolean;
}

/** The jurisdiction and those above it, nearest first: CN-GD-SZ, CN-GD, CN. */
export function chainOf<J extends JurisdictionFacts>(j: J, byId: ReadonlyMap<number, J>): J[] {
  const chain = [j];
  for (let up = j.parentId === null ? undefined : byId.get(j.parentId); up; up = up.parentId === null ? undefined : byId.get(up.parentId)) {
    chain.push(up);
  }
  return chain;
}

/**
 * Whose standards apply in `j`, nearest first: its own, its province's for a city, and the
 * national ones, but those only inside the mainland system (never in Hong Kong, Macao, Taiwan).
 */
export function applicableJurisdictions<J extends JurisdictionFacts>(j: J, byId: ReadonlyMap<number, J>): J[] {
  return chainOf(j, byId).filter((c) => c.level !== 'NATIONAL' || j.mainland);
}

/** A national rule ("nationwide") reaches the 31 mainland provincial-level divisions, never a city on its own, never HK, MO or TW. */
export function nationwideReaches(j: Pick<JurisdictionFacts, 'level' | 'mainland'>): boolean {
  return j.level === 'PROVINCIAL' && j.mainland;
}
