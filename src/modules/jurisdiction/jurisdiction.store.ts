import { asc } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { prepared } from '../../db/prepared.ts';
import { jurisdictions } from '../../db/tables/index.ts';
import type { JurisdictionFacts } from './jurisdiction.rules.ts';

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
